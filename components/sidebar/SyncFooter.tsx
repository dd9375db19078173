import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { formatRelative } from '../../lib/ui/format';
import { queryKeys, useSyncStatus } from '../../lib/ui/queries';
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

  let line: string;
  let tone = '';
  if (!s) line = status.isError ? t('sync.unknown') : t('common.loading');
  else if (s.mode === 'local-only') line = t('sync.localOnly');
  else if (s.state === 'token-rejected') {
    line = t('sync.tokenRejected');
    tone = 'aun-danger';
  } else if (s.state === 'offline') {
    line = t('sync.offline');
    tone = 'aun-warn';
  } else if (s.state === 'syncing') line = t('sync.syncing');
  else if (s.state === 'error') {
    line = t('sync.error', { message: s.lastError?.message ?? '' });
    tone = 'aun-danger';
  } else line = s.lastSyncedAt ? t('sync.lastSynced', { when: formatRelative(s.lastSyncedAt, now, t.locale) }) : t('sync.never');

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
        {s?.state === 'token-rejected' || s?.mode === 'local-only' || s?.state === 'error' ? (
          <button type="button" className="aun-link" onClick={openOptions}>
            {t('common.openSettings')}
          </button>
        ) : null}
      </div>
    </footer>
  );
}
