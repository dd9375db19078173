import { useId, useState } from 'react';
import type { LeadDefinition } from '../../lib/domain/definition';
import { HANDOFF_STATUS_LABELS } from '../../lib/domain/labels';
import { localized, useT } from '../../lib/i18n';
import type { QueueItem } from '../../lib/messages';
import { formatRelative } from '../../lib/ui/format';
import { newId, nowIso } from '../../lib/ui/ids';
import { useLeadContext } from '../../lib/ui/queries';
import { useNow } from '../../lib/ui/use-now';
import { RehandDialog } from './RehandDialog';
import { DueLabel, OpenButton, RowHead, displayNameOf } from './RowParts';
import { leadContextFor, usePopupMutate } from './queries';
import type { RowActions } from './types';

/** Where a rejected lead stands now: still with marketing, sent back to nurture, or handed over again. */
type Afterwards = 'open' | 'recycled' | 'rehanded' | 'closed' | 'loading';

/**
 * A lead I handed over: its status and, when rejected, the reason and note. A rejected lead can be
 * recycled to nurture (marketing owns it again) or handed over again after fixes, as a new handoff.
 */
export function HandedOverRow({
  item,
  newerExists,
  definition,
  targetName,
  actions,
}: {
  item: QueueItem;
  /** A newer handoff of the same lead is in my list: this one is history. */
  newerExists: boolean;
  definition: LeadDefinition | undefined;
  targetName: (item: QueueItem) => string;
  actions: RowActions;
}) {
  const t = useT();
  const now = useNow(30_000);
  const headingId = useId();
  const h = item.handoff;
  const rejected = h.status === 'rejected';
  const name = displayNameOf(item, t('popup.unknownLead'));
  const afterwards = useAfterwards(item, rejected && !newerExists && !!item.email);
  const state: Afterwards = newerExists ? 'rehanded' : afterwards;
  const reason = h.decision?.reasonCode ? definition?.rejectionReasons.find((r) => r.code === h.decision!.reasonCode) : undefined;
  const mutate = usePopupMutate();
  const [rehanding, setRehanding] = useState(false);

  const recycle = async () => {
    try {
      const localId = await mutate.mutateAsync({ call: { name: 'lead.upsert', args: { lead: { id: item.leadId, email: item.email, stage: 'recycled' } } }, holdMs: 10_000 });
      actions.onHeld(localId, t('popup.recycled', { name }));
    } catch {
      actions.onError(t('error.actionFailed'));
    }
  };

  const rehand = async (note: string, checkedItemIds: string[]) => {
    const target = h.toUserId ?? h.decision?.by;
    try {
      await mutate.mutateAsync({
        call: {
          name: 'handoff.create',
          args: {
            id: newId(),
            leadId: item.leadId,
            stageId: h.stageId,
            ...(target ? { toUserId: target } : h.toQueueId ? { toQueueId: h.toQueueId } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
            checkedItemIds,
            createdAt: nowIso(),
          },
        },
      });
      setRehanding(false);
      actions.onDone(t('popup.rehanded', { name, target: targetName(item) }));
    } catch {
      setRehanding(false);
      actions.onError(t('error.actionFailed'));
    }
  };

  return (
    <li className="aun-qrow" aria-labelledby={headingId}>
      <RowHead
        item={item}
        headingId={headingId}
        aside={<span className={`aun-chip aun-status-${h.status}`}>{localized(HANDOFF_STATUS_LABELS[h.status], t.locale)}</span>}
      />
      <p className="aun-qrow-line">
        <span>{t('popup.handedTo', { target: targetName(item), when: formatRelative(h.createdAt, now, t.locale) })}</span>
        {h.status === 'pending' ? <DueLabel dueInMs={item.dueInMs} /> : null}
      </p>
      {rejected ? (
        <div className="aun-qrow-reason">
          <p>
            <span className="aun-muted">{t('popup.reason')}</span> {reason ? localized(reason.label, t.locale) : (h.decision?.reasonCode ?? t('popup.noReason'))}
          </p>
          {h.decision?.note ? (
            <blockquote className="aun-note" aria-label={t('popup.rejectNote')}>
              {h.decision.note}
            </blockquote>
          ) : null}
          {state === 'recycled' ? <p className="aun-muted">{t('popup.state.recycled')}</p> : null}
          {state === 'rehanded' ? <p className="aun-muted">{t('popup.state.rehanded')}</p> : null}
        </div>
      ) : null}
      <div className="aun-button-row aun-qrow-actions">
        <OpenButton item={item} onError={actions.onError} />
        {rejected && state === 'open' ? (
          <>
            <button type="button" className="aun-button aun-button-primary" disabled={mutate.isPending} aria-label={t('popup.rehandFor', { name })} onClick={() => setRehanding(true)}>
              {t('popup.rehand')}
            </button>
            <button type="button" className="aun-button" disabled={mutate.isPending} aria-label={t('popup.recycleFor', { name })} onClick={() => void recycle()}>
              {t('popup.recycle')}
            </button>
          </>
        ) : null}
      </div>
      {rehanding ? (
        <RehandDialog
          item={item}
          definition={definition}
          target={targetName(item)}
          busy={mutate.isPending}
          onCancel={() => setRehanding(false)}
          onSubmit={(note, checked) => void rehand(note, checked)}
        />
      ) : null}
    </li>
  );
}

/**
 * What happened to a rejected lead since: the lead's stage and newest handoff, read only for
 * rejected rows that are still the newest in the list. Unknown (an error) counts as open.
 */
function useAfterwards(item: QueueItem, enabled: boolean): Afterwards {
  const ctx = useLeadContext(enabled ? leadContextFor(item.email) : null);
  if (!enabled) return 'open';
  if (ctx.isPending) return 'loading';
  const data = ctx.data;
  if (!data?.lead) return 'open';
  if (data.handoff && data.handoff.id !== item.handoff.id) return 'rehanded';
  if (data.lead.stage === 'recycled') return 'recycled';
  if (['won', 'lost', 'disqualified'].includes(data.lead.stage)) return 'closed';
  return 'open';
}
