import { useEffect, useId, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { call } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { formatDateTime } from '../../lib/ui/format';
import { queryKeys, useSyncStatus } from '../../lib/ui/queries';
import { describeSync } from '../../lib/ui/sync-line';
import { RejectedList } from './RejectedList';
import { useNow } from '../../lib/ui/use-now';

/** The section's anchor: options.html#sync. */
export const SYNC_SECTION = 'sync';

export function SyncStatusSection() {
  const t = useT();
  const id = useId();
  const client = useQueryClient();
  const status = useSyncStatus();
  const now = useNow(30_000);
  const [busy, setBusy] = useState(false);
  const s = status.data;
  const ref = useRef<HTMLElement>(null);

  // The popup links here (options.html#sync) when the server refused changes.
  useEffect(() => {
    if (location.hash === `#${SYNC_SECTION}`) ref.current?.scrollIntoView?.({ block: 'start' });
  }, []);

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
    <section className="aun-card" id={SYNC_SECTION} ref={ref} aria-labelledby={`${id}-title`}>
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
        </dl>
      )}
      {s && s.rejected.length > 0 ? <RejectedList rejected={s.rejected} /> : null}
      {s?.mode === 'server' ? (
        <button type="button" className="aun-button" onClick={() => void syncNow()} disabled={busy}>
          {t('sync.now')}
        </button>
      ) : null}
    </section>
  );
}
