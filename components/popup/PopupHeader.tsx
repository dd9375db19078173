import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { queryKeys, useSyncStatus } from '../../lib/ui/queries';
import { describeSync } from '../../lib/ui/sync-line';
import { useNow } from '../../lib/ui/use-now';
import { openOptions, openOptionsAt } from '../sidebar/open-options';
import { openReview, reviewUrl } from './navigation';
import { useRefreshPopup } from './queries';

/** Title, links to the review dashboard and the settings, and the sync state with a refresh button. */
export function PopupHeader({ title }: { title: string }) {
  const t = useT();
  return (
    <header className="aun-popup-head">
      <div className="aun-popup-titlebar">
        <span className="aun-brand" aria-hidden="true">
          阿吽
        </span>
        <h1 className="aun-title">{title}</h1>
        <nav className="aun-popup-nav" aria-label={t('popup.nav')}>
          <a
            className="aun-link"
            href={reviewUrl()}
            target="_blank"
            rel="noreferrer"
            onClick={(event) => {
              event.preventDefault();
              openReview();
            }}
          >
            {t('popup.review')}
          </a>
          <button type="button" className="aun-link" onClick={openOptions}>
            {t('popup.settings')}
          </button>
        </nav>
      </div>
      <SyncLine />
    </header>
  );
}

function SyncLine() {
  const t = useT();
  const status = useSyncStatus();
  const client = useQueryClient();
  const refresh = useRefreshPopup();
  const now = useNow(30_000);
  const [syncing, setSyncing] = useState(false);
  const s = status.data;

  const syncNow = async () => {
    setSyncing(true);
    try {
      client.setQueryData(queryKeys.syncStatus, await call('syncNow', { reason: 'popup' }));
    } catch {
      // The status line shows what went wrong after the re-read below.
    } finally {
      await refresh();
      setSyncing(false);
    }
  };

  const described = s ? describeSync(s, t, now) : null;
  const line = syncing ? t('sync.syncing') : described ? described.text : status.isError ? t('sync.unknown') : t('common.loading');
  const tone = syncing ? '' : (described?.tone ?? '');
  const needsSettings = !syncing && !!described?.needsSettings;

  return (
    <div className="aun-popup-sync" aria-label={t('sync.label')} role="group">
      <p className={`aun-sync-line ${tone}`} role="status">
        {line}
        {s && s.pending > 0 ? <span className="aun-chip">{t('sync.pending', { n: s.pending })}</span> : null}
      </p>
      {s && s.rejected.length > 0 ? (
        <p className="aun-sync-line aun-danger aun-popup-rejected">
          {t('popup.refused', { n: s.rejected.length })}{' '}
          <button type="button" className="aun-link" onClick={() => openOptionsAt('sync')}>
            {t('popup.refusedSee')}
          </button>
        </p>
      ) : null}
      <div className="aun-button-row">
        {needsSettings ? (
          <button type="button" className="aun-link" onClick={openOptions}>
            {t('common.openSettings')}
          </button>
        ) : null}
        <button type="button" className="aun-button aun-popup-refresh" onClick={() => void syncNow()} disabled={syncing} aria-busy={syncing}>
          <span aria-hidden="true">↻ </span>
          {t('popup.refresh')}
        </button>
      </div>
    </div>
  );
}
