import { useId } from 'react';
import { useT } from '../../lib/i18n';
import { usePopupMutate } from './queries';
import type { RowActions } from './types';

/**
 * "I'm away": round-robin and rule-based routing skip people who are away, so a rep on leave or at
 * an all-day event does not collect handoffs nobody answers. The server keeps the flag (user.setAway).
 */
export function AwayToggle({ away, actions }: { away: boolean; actions: Pick<RowActions, 'onDone' | 'onError'> }) {
  const t = useT();
  const hintId = useId();
  const setAway = usePopupMutate();
  // While the change is on its way, show what was asked for.
  const checked = setAway.isPending ? !away : away;
  const toggle = (next: boolean) =>
    setAway.mutate(
      { call: { name: 'user.setAway', args: { away: next } } },
      {
        onSuccess: () => actions.onDone(t(next ? 'popup.away.on' : 'popup.away.off')),
        onError: () => actions.onError(t('popup.away.failed')),
      },
    );
  return (
    <div className="aun-popup-away">
      <label>
        <input type="checkbox" checked={checked} disabled={setAway.isPending} aria-describedby={hintId} onChange={(e) => toggle(e.target.checked)} />
        {t('popup.away.label')}
      </label>
      <p id={hintId} className="aun-muted">
        {t('popup.away.hint')}
      </p>
    </div>
  );
}
