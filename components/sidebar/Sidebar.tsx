import { useState } from 'react';
import type { PageContext } from '../../lib/adapters/page-context';
import { useT } from '../../lib/i18n';
import { errorCode, useLeadContext } from '../../lib/ui/queries';
import { useSidebarSync } from '../../lib/ui/live-sync';
import { Spinner, StatePanel } from '../ui/States';
import { LeadView } from './LeadView';
import { UnknownPersonView } from './UnknownPersonView';
import { SyncFooter } from './SyncFooter';
import { openOptions } from './open-options';

export function Sidebar({ ctx }: { ctx: PageContext | null }) {
  const t = useT();
  const query = useLeadContext(ctx);
  // Synced on open once the first view is read, then live while on screen (lib/ui/live-sync.ts).
  useSidebarSync({ ready: ctx === null || !query.isPending, live: ctx !== null });
  /** A message about the last action that outlives the view it came from (e.g. tag → lead view). */
  const [notice, setNotice] = useState<string | null>(null);

  let body;
  if (!ctx) {
    body = (
      <StatePanel title={t('empty.noContext.title')}>
        <p>{t('empty.noContext.body')}</p>
      </StatePanel>
    );
  } else if (query.isPending) {
    body = <Spinner label={t('common.loading')} />;
  } else if (query.isError) {
    const code = errorCode(query.error);
    const retry = (
      <button type="button" className="aun-button" onClick={() => void query.refetch()}>
        {t('common.retry')}
      </button>
    );
    body =
      code === 'offline' ? (
        <StatePanel tone="warning" title={t('error.offline.title')} action={retry}>
          <p>{t('error.offline.body')}</p>
        </StatePanel>
      ) : code === 'not_found' ? (
        <StatePanel tone="warning" title={t('error.notFound.title')} action={retry}>
          <p>{t('error.notFound.body')}</p>
        </StatePanel>
      ) : code === 'unauthorized' ? (
        <StatePanel
          tone="error"
          title={t('error.unauthorized.title')}
          action={
            <button type="button" className="aun-button" onClick={openOptions}>
              {t('common.openSettings')}
            </button>
          }
        >
          <p>{t('error.unauthorized.body')}</p>
        </StatePanel>
      ) : (
        <StatePanel tone="error" title={t('error.generic.title')} action={retry}>
          <p>{t('error.generic.body')}</p>
        </StatePanel>
      );
  } else if (query.data.lead) {
    body = <LeadView ctx={ctx} data={query.data} lead={query.data.lead} notice={notice} setNotice={setNotice} />;
  } else if (query.data.email) {
    body = <UnknownPersonView ctx={ctx} data={query.data} email={query.data.email} setNotice={setNotice} />;
  } else {
    body = (
      <StatePanel tone="warning" title={t('error.noEmail.title')}>
        <p>{t('error.noEmail.body')}</p>
      </StatePanel>
    );
  }

  return (
    <div className="aun-sidebar">
      <header className="aun-topbar">
        <span className="aun-brand" aria-hidden="true">
          阿吽
        </span>
        <h1 className="aun-title">{t('app.sidebarTitle')}</h1>
      </header>
      <main className="aun-main" aria-busy={ctx !== null && query.isFetching}>
        {body}
      </main>
      <SyncFooter />
    </div>
  );
}
