import { useState } from 'react';
import type { HandoffStage, LeadDefinition } from '../../lib/domain/definition';
import type { Handoff } from '../../lib/domain/handoff';
import { useT } from '../../lib/i18n';
import { nowIso } from '../../lib/ui/ids';
import { useMutate } from '../../lib/ui/queries';
import { DecisionDialog, MissingItemsDialog } from './DecisionDialog';

type Open = null | 'confirmAccept' | 'reject' | 'recycle';

/** Accept (held 10 s for undo), Reject with a required reason, Recycle to nurture. */
export function SalesActions({
  handoff,
  definition,
  stage,
  onHeld,
  setNotice,
}: {
  handoff: Handoff;
  definition: LeadDefinition;
  stage: HandoffStage | undefined;
  onHeld: (localId: number, message: string) => void;
  setNotice: (notice: string | null) => void;
}) {
  const t = useT();
  const mutate = useMutate();
  const [open, setOpen] = useState<Open>(null);
  const [error, setError] = useState<string | null>(null);
  const missing = (stage?.checklist ?? []).filter((item) => item.required && !handoff.checklist[item.id]?.checked);

  const accept = async () => {
    setOpen(null);
    setError(null);
    try {
      const [localId] = await mutate.mutateAsync({
        calls: [{ name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'accept', at: nowIso() } }],
        holdMs: 10_000,
      });
      if (localId !== undefined) onHeld(localId, t('accept.done'));
    } catch {
      setError(t('error.actionFailed'));
    }
  };

  const decide = async (kind: 'reject' | 'recycle', reasonCode: string | undefined, note: string) => {
    setError(null);
    try {
      await mutate.mutateAsync({
        calls: [
          {
            name: 'handoff.decide',
            args: { handoffId: handoff.id, kind, at: nowIso(), ...(reasonCode ? { reasonCode } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
          },
        ],
      });
      setOpen(null);
      setNotice(kind === 'reject' ? t('reject.done') : t('recycle.done'));
    } catch {
      setError(t('error.actionFailed'));
      setOpen(null);
    }
  };

  // A handoff waiting in a queue: take it first, which starts the SLA clock for you.
  const claim = async () => {
    setError(null);
    try {
      await mutate.mutateAsync({ calls: [{ name: 'handoff.claim', args: { handoffId: handoff.id, at: nowIso() } }] });
      setNotice(t('claim.done'));
    } catch {
      setError(t('error.actionFailed'));
    }
  };

  return (
    <div className="aun-actions" role="group" aria-label={t('actions.label')}>
      <div className="aun-button-row">
        {!handoff.toUserId && handoff.toQueueId ? (
          <button type="button" className="aun-button" disabled={mutate.isPending} onClick={() => void claim()}>
            {t('actions.claim')}
          </button>
        ) : null}
        <button
          type="button"
          className="aun-button aun-button-primary"
          disabled={mutate.isPending}
          onClick={() => (missing.length > 0 ? setOpen('confirmAccept') : void accept())}
        >
          {t('actions.accept')}
        </button>
        <button type="button" className="aun-button aun-button-danger" disabled={mutate.isPending} onClick={() => setOpen('reject')}>
          {t('actions.reject')}
        </button>
        <button type="button" className="aun-button" disabled={mutate.isPending} onClick={() => setOpen('recycle')}>
          {t('actions.recycle')}
        </button>
      </div>
      {error ? (
        <p role="alert" className="aun-error">
          {error}
        </p>
      ) : null}
      {open === 'confirmAccept' ? <MissingItemsDialog missing={missing} onCancel={() => setOpen(null)} onAccept={() => void accept()} /> : null}
      {open === 'reject' || open === 'recycle' ? (
        <DecisionDialog
          kind={open}
          definition={definition}
          busy={mutate.isPending}
          onCancel={() => setOpen(null)}
          onSubmit={(reasonCode, note) => void decide(open, reasonCode, note)}
        />
      ) : null}
    </div>
  );
}
