import { stageById } from '../../lib/domain/definition';
import type { Handoff } from '../../lib/domain/handoff';
import { DECISION_KIND_LABELS, HANDOFF_STATUS_LABELS } from '../../lib/domain/labels';
import type { LeadContext } from '../../lib/messages';
import { localized, useT } from '../../lib/i18n';
import { formatDateTime } from '../../lib/ui/format';
import { queueName, userName, type Permissions } from '../../lib/ui/people';
import { SlaClockView } from './SlaClockView';
import { HandoffChecklist } from './HandoffChecklist';
import { SalesActions } from './SalesActions';

export function HandoffPanel({
  data,
  handoff,
  perms,
  onHeld,
  setNotice,
}: {
  data: LeadContext;
  handoff: Handoff;
  perms: Permissions;
  onHeld: (localId: number, message: string) => void;
  setNotice: (notice: string | null) => void;
}) {
  const t = useT();
  const definition = data.handoffDefinition ?? data.definition;
  const stage = stageById(definition, handoff.stageId);
  const pending = handoff.status === 'pending';
  const target = handoff.toUserId ? userName(data, handoff.toUserId) : handoff.toQueueId ? queueName(data, handoff.toQueueId) : t('handoff.unrouted');
  const decision = handoff.decision;
  const reason = decision?.reasonCode ? definition.rejectionReasons.find((r) => r.code === decision.reasonCode) : undefined;

  return (
    <section className="aun-card aun-handoff" aria-labelledby="aun-handoff-title">
      <div className="aun-section-head">
        <h2 id="aun-handoff-title">{t('handoff.title')}</h2>
        <span className={`aun-chip aun-status-${handoff.status}`}>{localized(HANDOFF_STATUS_LABELS[handoff.status], t.locale)}</span>
      </div>
      <dl className="aun-facts">
        {stage ? (
          <>
            <dt>{t('handoff.stage')}</dt>
            <dd>{localized(stage.label, t.locale)}</dd>
          </>
        ) : null}
        <dt>{t('handoff.from')}</dt>
        <dd>{userName(data, handoff.fromUserId)}</dd>
        <dt>{t('handoff.to')}</dt>
        <dd>{target}</dd>
      </dl>
      {handoff.note ? (
        <blockquote className="aun-note" aria-label={t('handoff.note')}>
          {handoff.note}
        </blockquote>
      ) : null}
      <SlaClockView handoff={handoff} slaHours={stage?.slaHours} />
      {decision ? (
        <p className="aun-decision">
          {t('handoff.decided', {
            what: localized(DECISION_KIND_LABELS[decision.kind], t.locale),
            who: userName(data, decision.by),
            when: formatDateTime(decision.at, t.locale),
          })}
          {reason ? ` · ${localized(reason.label, t.locale)}` : ''}
          {decision.note ? ` · ${decision.note}` : ''}
        </p>
      ) : null}
      {stage && stage.checklist.length > 0 ? (
        <HandoffChecklist data={data} handoff={handoff} items={stage.checklist} editable={pending && (perms.decide || perms.handOff)} />
      ) : null}
      {pending && perms.decide ? (
        <SalesActions handoff={handoff} definition={definition} stage={stage} onHeld={onHeld} setNotice={setNotice} />
      ) : null}
    </section>
  );
}
