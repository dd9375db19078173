import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { queryKeys, useSyncStatus } from '../../lib/ui/queries';
import { describeSync } from '../../lib/ui/sync-line';
import { useNow } from '../../lib/ui/use-now';
import { openOptions } from './open-options';

/** Last synced, pending changes, the last error; a rejected token links to the options page. */
export function SyncFooter() {
  const t = useT();
  const status = useSyncStatus();
  const client = useQueryClient();
  const now = useNow(30_000);
  const [syncing, setSyncing] = useState(false);
  const s = status.data;

  const syncNow = async () => {
    setSyncing(true);
    try {
      const next = await call('syncNow', { reason: 'manual' });
      client.setQueryData(queryKeys.syncStatus, next);
      await client.invalidateQueries({ queryKey: queryKeys.allLeadContexts });
    } catch {
      await status.refetch();
    } finally {
      setSyncing(false);
    }
  };

  const described = s ? describeSync(s, t, now) : null;
  const line = described ? described.text : status.isError ? t('sync.unknown') : t('common.loading');
  const tone = described?.tone ?? '';

  return (
    <footer className="aun-footer" aria-label={t('sync.label')}>
      <p className={`aun-sync-line ${tone}`} role="status">
        {line}
        {s && s.pending > 0 ? <span className="aun-chip">{t('sync.pending', { n: s.pending })}</span> : null}
        {s && s.rejected.length > 0 ? <span className="aun-chip aun-chip-bad">{t('sync.rejected', { n: s.rejected.length })}</span> : null}
      </p>
      <div className="aun-button-row">
        {s?.mode === 'server' ? (
          <button type="button" className="aun-link" onClick={() => void syncNow()} disabled={syncing}>
            {t('sync.now')}
          </button>
        ) : null}
        {described?.needsSettings ? (
          <button type="button" className="aun-link" onClick={openOptions}>
            {t('common.openSettings')}
          </button>
        ) : null}
      </div>
    </footer>
  );
}
