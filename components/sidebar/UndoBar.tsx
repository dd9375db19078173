import { useEffect, useState } from 'react';
import { useT } from '../../lib/i18n';
import type { HeldAction } from './LeadView';

/** "Accepted — Undo (9 s)": counts down the hold and disappears when it ends. */
export function UndoBar({ held, onUndo, onExpire }: { held: HeldAction; onUndo: () => void; onExpire: () => void }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  const seconds = Math.max(0, Math.ceil((held.until - now) / 1000));

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (seconds === 0) onExpire();
  }, [seconds, onExpire]);

  return (
    <div className="aun-undo">
      <span role="status">{held.message}</span>
      <button type="button" className="aun-button" onClick={onUndo}>
        {t('undo.button', { s: seconds })}
      </button>
    </div>
  );
}
