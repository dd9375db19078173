import type { Handoff } from '../../lib/domain/handoff';
import { useT } from '../../lib/i18n';
import { formatDuration } from '../../lib/ui/format';
import { slaClock } from '../../lib/ui/sla';
import { useNow } from '../../lib/ui/use-now';

/** Time since handoff, due-in or overdue, and routing delay apart from response delay. Ticks every 30 s. */
export function SlaClockView({ handoff, slaHours }: { handoff: Handoff; slaHours: number | undefined }) {
  const t = useT();
  const now = useNow(30_000);
  const clock = slaClock(handoff, now);
  const d = (ms: number) => formatDuration(ms, t.locale);

  let due: string | null = null;
  if (clock.dueInMs !== null) {
    if (clock.decided) due = clock.overdue ? t('sla.decidedLate', { d: d(clock.dueInMs) }) : t('sla.decidedInTime');
    else due = clock.overdue ? t('sla.overdue', { d: d(clock.dueInMs) }) : t('sla.dueIn', { d: d(clock.dueInMs) });
  } else if (!clock.decided && handoff.toQueueId && !handoff.assignedAt) {
    due = t('sla.startsWhenAssigned');
  }

  return (
    <div className={`aun-sla ${clock.overdue && !clock.decided ? 'aun-sla-overdue' : ''}`} aria-label={t('sla.section')} role="group">
      {due ? <p className={`aun-sla-due ${clock.overdue ? 'aun-danger' : ''}`}>{due}</p> : null}
      <dl className="aun-facts aun-sla-facts">
        <dt>{t('sla.sinceHandoff')}</dt>
        <dd>{d(clock.sinceHandoffMs)}</dd>
        <dt>{t('sla.routing')}</dt>
        <dd>
          {clock.routingDelayMs !== null
            ? d(clock.routingDelayMs)
            : clock.unassignedForMs !== null
              ? t('sla.unassignedFor', { d: d(clock.unassignedForMs) })
              : '—'}
        </dd>
        <dt>{t('sla.response')}</dt>
        <dd>{clock.responseDelayMs !== null ? (clock.decided ? d(clock.responseDelayMs) : t('sla.waiting', { d: d(clock.responseDelayMs) })) : '—'}</dd>
        {slaHours !== undefined ? (
          <>
            <dt>{t('sla.target')}</dt>
            <dd>{t('sla.hours', { h: slaHours })}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
