import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { call } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { useSyncStatus } from '../../lib/ui/queries';
import { Dialog } from '../ui/Dialog';

/** Save text as a file through a Blob link (no downloads permission needed). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function DataSection() {
  const t = useT();
  const id = useId();
  const client = useQueryClient();
  const status = useSyncStatus();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<null | 'export' | 'signOut'>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const exportData = async () => {
    setBusy('export');
    setMessage(null);
    try {
      const { fileName, json } = await call('exportLocalData', {});
      downloadText(fileName, json);
      setMessage({ tone: 'ok', text: t('options.exported', { file: fileName }) });
    } catch {
      setMessage({ tone: 'error', text: t('error.actionFailed') });
    } finally {
      setBusy(null);
    }
  };

  const signOut = async () => {
    setBusy('signOut');
    setMessage(null);
    try {
      await call('signOut', { confirm: true });
      setConfirming(false);
      await client.invalidateQueries();
      setMessage({ tone: 'ok', text: t('options.signedOut') });
    } catch {
      setConfirming(false);
      setMessage({ tone: 'error', text: t('error.actionFailed') });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="aun-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('options.data.title')}</h2>
      <p className="aun-muted">{t('options.exportHelp')}</p>
      <button type="button" className="aun-button" onClick={() => void exportData()} disabled={busy !== null}>
        {t('options.export')}
      </button>
      <p className="aun-muted">{t('options.signOutHelp')}</p>
      <button type="button" className="aun-button aun-button-danger" onClick={() => setConfirming(true)} disabled={busy !== null}>
        {t('options.signOut')}
      </button>
      <div aria-live="polite">
        {message ? (
          <p className={message.tone === 'ok' ? 'aun-ok' : 'aun-error'} role={message.tone === 'ok' ? 'status' : 'alert'}>
            {message.text}
          </p>
        ) : null}
      </div>
      {confirming ? (
        <Dialog
          title={t('options.signOut.confirmTitle')}
          description={t('options.signOut.confirmBody', { pending: status.data?.pending ?? 0 })}
          onCancel={() => setConfirming(false)}
        >
          <div className="aun-button-row">
            <button type="button" className="aun-button" onClick={() => setConfirming(false)} data-autofocus>
              {t('common.cancel')}
            </button>
            <button type="button" className="aun-button aun-button-danger" onClick={() => void signOut()} disabled={busy !== null}>
              {t('options.signOut.confirm')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
