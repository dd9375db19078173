import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { call } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { formatDateTime } from '../../lib/ui/format';
import { queryKeys, useSyncStatus } from '../../lib/ui/queries';
import { describeSync } from '../../lib/ui/sync-line';
import { useNow } from '../../lib/ui/use-now';

export function SyncStatusSection() {
  const t = useT();
  const id = useId();
  const client = useQueryClient();
  const status = useSyncStatus();
  const now = useNow(30_000);
  const [busy, setBusy] = useState(false);
  const s = status.data;

  const syncNow = async () => {
    setBusy(true);
    try {
      client.setQueryData(queryKeys.syncStatus, await call('syncNow', { reason: 'manual' }));
    } catch {
      await status.refetch();
    } finally {
      setBusy(false);
    }
  };

  const described = s ? describeSync(s, t, now) : null;

  return (
    <section className="aun-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('options.sync.title')}</h2>
      {!s ? (
        <p className="aun-muted">{status.isError ? t('sync.unknown') : t('common.loading')}</p>
      ) : (
        <dl className="aun-facts">
          <dt>{t('options.sync.state')}</dt>
          <dd role="status" className={described?.tone}>
            {described?.text}
          </dd>
          {s.lastSyncedAt ? (
            <>
              <dt>{t('options.sync.lastSynced')}</dt>
              <dd>{formatDateTime(s.lastSyncedAt, t.locale)}</dd>
            </>
          ) : null}
          <dt>{t('options.sync.pending')}</dt>
          <dd>{s.pending}</dd>
          {s.lastError ? (
            <>
              <dt>{t('options.sync.lastError')}</dt>
              <dd>{s.lastError.message}</dd>
            </>
          ) : null}
          {s.rejected.length > 0 ? (
            <>
              <dt>{t('options.sync.rejected')}</dt>
              <dd>{s.rejected.length}</dd>
            </>
          ) : null}
        </dl>
      )}
      {s?.mode === 'server' ? (
        <button type="button" className="aun-button" onClick={() => void syncNow()} disabled={busy}>
          {t('sync.now')}
        </button>
      ) : null}
    </section>
  );
}
