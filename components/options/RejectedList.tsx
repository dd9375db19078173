import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { DECISION_KIND_LABELS } from '../../lib/domain/labels';
import { call, type RejectedMutation } from '../../lib/messages';
import { localized, useT, type MessageKey, type Translator } from '../../lib/i18n';
import { formatDateTime } from '../../lib/ui/format';
import { queryKeys } from '../../lib/ui/queries';

const WHAT: Record<RejectedMutation['name'], MessageKey> = {
  'lead.upsert': 'rejected.lead.upsert',
  'lead.linkCrm': 'rejected.lead.linkCrm',
  'lead.erase': 'rejected.lead.erase',
  'touch.add': 'rejected.touch.add',
  'handoff.create': 'rejected.handoff.create',
  'handoff.checkItem': 'rejected.handoff.checkItem',
  'handoff.claim': 'rejected.handoff.claim',
  'handoff.decide': 'rejected.handoff.decide',
  'outcome.record': 'rejected.outcome.record',
  'definition.publish': 'rejected.definition.publish',
  'user.setAway': 'rejected.user.setAway',
};

/** What the refused change was, in the user's words. */
export function rejectedWhat(r: RejectedMutation, t: Translator): string {
  return t(WHAT[r.name], { kind: r.decision ? localized(DECISION_KIND_LABELS[r.decision], t.locale) : '—' });
}

/**
 * Every change the server refused, lead or not (a definition publish, an away status, a decision
 * someone else made first): what it was, the code and message, when, and a Dismiss button.
 */
export function RejectedList({ rejected }: { rejected: RejectedMutation[] }) {
  const t = useT();
  const client = useQueryClient();
  const [busy, setBusy] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const newestFirst = [...rejected].sort((a, b) => b.at.localeCompare(a.at) || b.localId - a.localId);

  const dismiss = async (localId: number) => {
    setBusy(localId);
    setFailed(false);
    try {
      await call('dismissRejected', { localId });
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
      await Promise.all([client.invalidateQueries({ queryKey: queryKeys.syncStatus }), client.invalidateQueries({ queryKey: queryKeys.allLeadContexts })]);
    }
  };

  return (
    <div className="aun-rejected">
      <h3>{t('options.sync.rejected')}</h3>
      <p className="aun-muted">{t('options.sync.rejectedHelp')}</p>
      {failed ? (
        <p className="aun-error" role="alert">
          {t('options.sync.dismissFailed')}
        </p>
      ) : null}
      <ul className="aun-rejected-list" aria-label={t('options.sync.rejected')}>
        {newestFirst.map((r) => {
          const what = rejectedWhat(r, t);
          return (
            <li key={r.localId} aria-label={what}>
              <strong>{what}</strong>
              <p>{r.error.message}</p>
              <p className="aun-muted">
                {t('options.sync.rejectedAt', { when: formatDateTime(r.at, t.locale) })} · {t('options.sync.rejectedCode')} <code>{r.error.code}</code>
              </p>
              <div className="aun-button-row">
                {r.leadId ? (
                  <button type="button" className="aun-link" onClick={() => void call('openLead', { leadId: r.leadId! }).catch(() => undefined)}>
                    {t('options.sync.openLead')}
                  </button>
                ) : null}
                <button type="button" className="aun-button" aria-label={t('options.sync.dismissFor', { what })} disabled={busy === r.localId} onClick={() => void dismiss(r.localId)}>
                  {t('options.sync.dismiss')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
