import { useState } from 'react';
import { call } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { Dialog } from '../ui/Dialog';
import { StatePanel } from '../ui/States';
import { downloadText } from './DataSection';

/**
 * The new server or token is another workspace, user or server, and changes made here have not
 * been sent yet: switching would lose them. Offer to export them, or to discard them on purpose.
 */
export function SwitchBlocked({ pending, busy, onDiscard }: { pending: number; busy: boolean; onDiscard: () => void }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [exported, setExported] = useState<string | null>(null);

  const exportData = async () => {
    try {
      const { fileName, json } = await call('exportLocalData', {});
      downloadText(fileName, json);
      setExported(t('options.exported', { file: fileName }));
    } catch {
      setExported(t('error.actionFailed'));
    }
  };

  return (
    <StatePanel
      tone="warning"
      title={t('options.switch.title')}
      action={
        <div className="aun-button-row">
          <button type="button" className="aun-button" onClick={() => void exportData()} disabled={busy}>
            {t('options.export')}
          </button>
          <button type="button" className="aun-button aun-button-danger" onClick={() => setConfirming(true)} disabled={busy}>
            {t('options.switch.discard', { n: pending })}
          </button>
        </div>
      }
    >
      <p>{t('options.switch.body', { n: pending })}</p>
      {exported ? <p role="status">{exported}</p> : null}
      {confirming ? (
        <Dialog title={t('options.switch.confirmTitle')} description={t('options.switch.confirmBody', { n: pending })} onCancel={() => setConfirming(false)}>
          <div className="aun-button-row">
            <button type="button" className="aun-button" onClick={() => setConfirming(false)} data-autofocus>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="aun-button aun-button-danger"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                onDiscard();
              }}
            >
              {t('options.switch.confirm')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </StatePanel>
  );
}
