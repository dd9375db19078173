import { useId, useState } from 'react';
import { stageById, type LeadDefinition } from '../../lib/domain/definition';
import { useT } from '../../lib/i18n';
import type { QueueItem } from '../../lib/messages';
import { nowIso } from '../../lib/ui/ids';
import { DecisionDialog, MissingItemsDialog } from '../sidebar/DecisionDialog';
import { DueLabel, OpenButton, RowHead, displayNameOf } from './RowParts';
import { usePopupMutate } from './queries';
import type { RowActions } from './types';

/**
 * A handoff waiting for me: Open, quick Accept (held 10 s for undo) and Reject with a reason;
 * an unclaimed one in my queue shows Take instead, which assigns it to me and starts the SLA.
 */
export function SalesRow({
  item,
  canDecide,
  definition,
  queueName,
  actions,
}: {
  item: QueueItem;
  canDecide: boolean;
  definition: LeadDefinition | undefined;
  queueName: (id: string) => string;
  actions: RowActions;
}) {
  const t = useT();
  const headingId = useId();
  const mutate = usePopupMutate();
  const [open, setOpen] = useState<null | 'confirmAccept' | 'reject'>(null);
  const h = item.handoff;
  const unclaimed = !h.toUserId && !!h.toQueueId;
  const name = displayNameOf(item, t('popup.unknownLead'));
  const stage = definition ? stageById(definition, h.stageId) : undefined;
  const missing = (stage?.checklist ?? []).filter((i) => i.required && !h.checklist[i.id]?.checked);

  const accept = async () => {
    setOpen(null);
    try {
      const localId = await mutate.mutateAsync({ call: { name: 'handoff.decide', args: { handoffId: h.id, kind: 'accept', at: nowIso() } }, holdMs: 10_000 });
      actions.onHeld(localId, t('popup.accepted', { name }));
    } catch {
      actions.onError(t('error.actionFailed'));
    }
  };

  const reject = async (reasonCode: string | undefined, note: string) => {
    try {
      await mutate.mutateAsync({
        call: {
          name: 'handoff.decide',
          args: { handoffId: h.id, kind: 'reject', at: nowIso(), ...(reasonCode ? { reasonCode } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
        },
      });
      setOpen(null);
      actions.onDone(t('popup.rejected', { name }));
    } catch {
      setOpen(null);
      actions.onError(t('error.actionFailed'));
    }
  };

  const claim = async () => {
    try {
      await mutate.mutateAsync({ call: { name: 'handoff.claim', args: { handoffId: h.id, at: nowIso() } } });
      actions.onDone(t('claim.done'));
    } catch {
      actions.onError(t('error.actionFailed'));
    }
  };

  return (
    <li className={`aun-qrow ${item.overdue ? 'aun-qrow-late' : ''}`} aria-labelledby={headingId}>
      <RowHead
        item={item}
        headingId={headingId}
        aside={
          unclaimed ? (
            <span className="aun-qrow-due">{t('popup.inQueue', { queue: queueName(h.toQueueId!) })}</span>
          ) : (
            <DueLabel dueInMs={item.dueInMs} />
          )
        }
      />
      <div className="aun-button-row aun-qrow-actions">
        <OpenButton item={item} onError={actions.onError} />
        {unclaimed ? (
          <button type="button" className="aun-button aun-button-primary" disabled={mutate.isPending} aria-label={t('popup.claimFor', { name })} onClick={() => void claim()}>
            {t('popup.claim')}
          </button>
        ) : canDecide ? (
          <>
            <button
              type="button"
              className="aun-button aun-button-primary"
              disabled={mutate.isPending}
              aria-label={t('popup.acceptFor', { name })}
              onClick={() => (missing.length > 0 ? setOpen('confirmAccept') : void accept())}
            >
              {t('actions.accept')}
            </button>
            <button
              type="button"
              className="aun-button aun-button-danger"
              disabled={mutate.isPending || !definition}
              aria-label={t('popup.rejectFor', { name })}
              onClick={() => setOpen('reject')}
            >
              {t('actions.reject')}
            </button>
          </>
        ) : null}
      </div>
      {open === 'confirmAccept' ? <MissingItemsDialog missing={missing} onCancel={() => setOpen(null)} onAccept={() => void accept()} /> : null}
      {open === 'reject' && definition ? (
        <DecisionDialog kind="reject" definition={definition} busy={mutate.isPending} onCancel={() => setOpen(null)} onSubmit={(code, note) => void reject(code, note)} />
      ) : null}
    </li>
  );
}
