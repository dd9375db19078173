import { useId } from 'react';
import { useT } from '../../lib/i18n';
import type { QueueItem } from '../../lib/messages';
import { DueLabel, OpenButton, RowHead } from './RowParts';
import type { RowActions } from './types';

/** A team handoff past its SLA, for a manager: who owns it and how late it is. */
export function OverdueRow({ item, owner, actions }: { item: QueueItem; owner: string; actions: RowActions }) {
  const headingId = useId();
  return (
    <li className="aun-qrow aun-qrow-late" aria-labelledby={headingId}>
      <RowHead item={item} headingId={headingId} aside={<DueLabel dueInMs={item.dueInMs} />} />
      <p className="aun-qrow-line">{owner}</p>
      <div className="aun-button-row aun-qrow-actions">
        <OpenButton item={item} onError={actions.onError} />
      </div>
    </li>
  );
}

export function useOwnerText() {
  const t = useT();
  return (item: QueueItem, userName: (id: string) => string, queueName: (id: string) => string) =>
    item.handoff.toUserId
      ? t('popup.owner', { who: userName(item.handoff.toUserId) })
      : item.handoff.toQueueId
        ? t('popup.unclaimedIn', { queue: queueName(item.handoff.toQueueId) })
        : t('handoff.unrouted');
}
