import { useState } from 'react';
import { z } from 'zod';
import { DECISION_KIND_LABELS } from '../../lib/domain/labels';
import { call, type LeadContext } from '../../lib/messages';
import { localized, useT } from '../../lib/i18n';
import { formatDateTime } from '../../lib/ui/format';
import { userName } from '../../lib/ui/people';
import { useInvalidateLeadData } from '../../lib/ui/queries';

/** What the server says won, e.g. `already_decided` → details.decision. Tolerant: unknown shapes show the message only. */
const DecisionDetails = z.object({
  decision: z.object({
    kind: z.enum(['accept', 'reject', 'recycle']),
    by: z.string().optional(),
    at: z.string().optional(),
    reasonCode: z.string().optional(),
    note: z.string().optional(),
  }),
});

/** A change of ours the server refused: who did what, when; never overwritten silently. */
export function ConflictBanner({ data, conflict }: { data: LeadContext; conflict: NonNullable<LeadContext['conflict']> }) {
  const t = useT();
  const invalidate = useInvalidateLeadData();
  const [busy, setBusy] = useState(false);
  const parsed = DecisionDetails.safeParse(conflict.details);
  const decision = parsed.success ? parsed.data.decision : null;
  const definition = data.handoffDefinition ?? data.definition;
  const reason = decision?.reasonCode ? definition.rejectionReasons.find((r) => r.code === decision.reasonCode) : undefined;

  const dismiss = async () => {
    setBusy(true);
    try {
      await call('dismissRejected', { localId: conflict.localId });
    } finally {
      setBusy(false);
      await invalidate();
    }
  };

  return (
    <section className="aun-card aun-conflict" role="alert" aria-labelledby="aun-conflict-title">
      <h2 id="aun-conflict-title">{conflict.code === 'already_decided' ? t('conflict.decidedTitle') : t('conflict.title')}</h2>
      {decision ? (
        <p>
          {t('conflict.decidedBody', {
            who: decision.by ? userName(data, decision.by) : t('conflict.someone'),
            what: localized(DECISION_KIND_LABELS[decision.kind], t.locale),
            when: decision.at ? formatDateTime(decision.at, t.locale) : '—',
          })}
          {reason ? ` (${localized(reason.label, t.locale)})` : decision.reasonCode ? ` (${decision.reasonCode})` : ''}
        </p>
      ) : (
        <p>{t('conflict.body', { code: conflict.code })}</p>
      )}
      <p className="aun-muted">{conflict.message}</p>
      <p>{t('conflict.notApplied')}</p>
      <button type="button" className="aun-button" onClick={() => void dismiss()} disabled={busy}>
        {t('conflict.dismiss')}
      </button>
    </section>
  );
}
