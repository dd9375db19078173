import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { call, type MyQueue, type QueueItem } from '../../lib/messages';
import { I18nProvider, resolveLocale, useT } from '../../lib/i18n';
import { can } from '../../lib/domain/user';
import { createQueryClient, errorCode, useSettings } from '../../lib/ui/queries';
import { userName as nameOfUser, queueName as nameOfQueue } from '../../lib/ui/people';
import type { HeldAction } from '../sidebar/LeadView';
import { UndoBar } from '../sidebar/UndoBar';
import { openOptions } from '../sidebar/open-options';
import { Spinner, StatePanel } from '../ui/States';
import { AwayToggle } from './AwayToggle';
import { HandedOverRow } from './HandedOverRow';
import { OverdueRow, useOwnerText } from './OverdueRow';
import { PopupHeader } from './PopupHeader';
import { SalesRow } from './SalesRow';
import { useMyQueue, useRefreshPopup, useWorkspace } from './queries';
import type { RowActions } from './types';

/** The toolbar popup: what needs me now, by role — a rep's queue, a marketer's handoffs, a manager's overdue ones. */
export function PopupApp({ queryClient }: { queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <PopupWithLanguage />
    </QueryClientProvider>
  );
}

function PopupWithLanguage() {
  const settings = useSettings();
  const locale = resolveLocale(settings.data?.language);
  const refresh = useRefreshPopup();
  const synced = useRef(false);

  // Opening the popup asks for a fresh sync (fire-and-forget) and re-reads once it is done.
  useEffect(() => {
    if (synced.current) return;
    synced.current = true;
    call('syncNow', { reason: 'popup' })
      .then(refresh)
      .catch(() => undefined);
  }, [refresh]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  return (
    <I18nProvider locale={locale}>
      <Popup />
    </I18nProvider>
  );
}

type Notice = { text: string; tone: 'ok' | 'error' };

function Popup() {
  const t = useT();
  const queue = useMyQueue();
  const refresh = useRefreshPopup();
  const rootRef = useRef<HTMLDivElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const [held, setHeld] = useState<HeldAction | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const actions: RowActions = useMemo(
    () => ({
      onHeld: (localId, message) => {
        setNotice(null);
        setHeld({ localId, until: Date.now() + 10_000, message });
      },
      onDone: (text) => setNotice({ text, tone: 'ok' }),
      onError: (text) => setNotice({ text, tone: 'error' }),
    }),
    [],
  );

  // The row acted on usually leaves the list: keep keyboard focus somewhere sensible.
  useEffect(() => {
    if (held) rootRef.current?.querySelector<HTMLElement>('.aun-undo button')?.focus();
  }, [held]);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const undo = async (localId: number) => {
    setHeld(null);
    try {
      const { undone } = await call('undoMutation', { localId });
      setNotice({ text: undone ? t('popup.undone') : t('undo.tooLate'), tone: undone ? 'ok' : 'error' });
    } catch {
      setNotice({ text: t('popup.undoFailed'), tone: 'error' });
    }
    await refresh();
  };
  const expire = useCallback(() => setHeld(null), []);

  const role = queue.data?.role;
  const title = role === 'marketer' ? t('popup.title.marketer') : role === 'manager' || role === 'admin' ? t('popup.title.manager') : t('popup.title.sales');

  return (
    <div className="aun-popup" ref={rootRef}>
      <PopupHeader title={title} />
      <main className="aun-main aun-popup-main">
        {notice ? (
          <div ref={noticeRef} tabIndex={-1} className={`aun-notice ${notice.tone === 'error' ? 'aun-notice-error' : ''}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
            <span>{notice.text}</span>
            <button type="button" className="aun-link" onClick={() => setNotice(null)}>
              {t('common.dismiss')}
            </button>
          </div>
        ) : null}
        {held ? <UndoBar held={held} onUndo={() => void undo(held.localId)} onExpire={expire} /> : null}
        {queue.isPending ? (
          <Spinner label={t('common.loading')} />
        ) : queue.isError ? (
          <QueueError code={errorCode(queue.error)} onRetry={() => void queue.refetch()} />
        ) : (
          <Lists queue={queue.data} actions={actions} />
        )}
      </main>
    </div>
  );
}

function QueueError({ code, onRetry }: { code: string | null; onRetry: () => void }) {
  const t = useT();
  const retry = (
    <button type="button" className="aun-button" onClick={onRetry}>
      {t('common.retry')}
    </button>
  );
  if (code === 'offline')
    return (
      <StatePanel tone="warning" title={t('error.offline.title')} action={retry}>
        <p>{t('error.offline.body')}</p>
      </StatePanel>
    );
  if (code === 'unauthorized')
    return (
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
    );
  return (
    <StatePanel tone="error" title={t('error.generic.title')} action={retry}>
      <p>{t('popup.error.body')}</p>
    </StatePanel>
  );
}

/** The sections for my role, each in the order the background gives (soonest due / most overdue / newest first). */
function Lists({ queue, actions }: { queue: MyQueue; actions: RowActions }) {
  const t = useT();
  const workspace = useWorkspace();
  const ownerText = useOwnerText();
  const ws = workspace.data;
  const definition = ws?.definition;
  const userName = (id: string) => (ws ? nameOfUser(ws, id) : id);
  const queueName = (id: string) => (ws ? nameOfQueue(ws, id) : id);
  const targetName = (item: QueueItem) =>
    item.handoff.toUserId ? userName(item.handoff.toUserId) : item.handoff.toQueueId ? queueName(item.handoff.toQueueId) : t('handoff.unrouted');
  const canDecide = can.decideHandoff(queue.role);
  const settings = useSettings();

  if (!can.useApp(queue.role))
    return (
      <StatePanel title={t('popup.integration.title')}>
        <p>{t('popup.integration.body')}</p>
      </StatePanel>
    );

  const assigned = (
    <Section key="assigned" title={t('popup.section.queue')} count={queue.assigned.length} empty={<Empty title={t('popup.empty.queue.title')} body={t('popup.empty.queue.body')} />}>
      {queue.assigned.map((item) => (
        <SalesRow key={item.handoff.id} item={item} canDecide={canDecide} definition={definition} queueName={queueName} actions={actions} />
      ))}
    </Section>
  );
  const newest = new Map<string, string>();
  for (const item of queue.handedOver) {
    const seen = newest.get(item.leadId);
    if (!seen || seen < item.handoff.createdAt) newest.set(item.leadId, item.handoff.createdAt);
  }
  const handedOver = (
    <Section
      key="handedOver"
      title={t('popup.section.handedOver')}
      count={queue.handedOver.length}
      empty={<Empty title={t('popup.empty.handedOver.title')} body={t('popup.empty.handedOver.body')} />}
    >
      {queue.handedOver.map((item) => (
        <HandedOverRow
          key={item.handoff.id}
          item={item}
          newerExists={(newest.get(item.leadId) ?? '') > item.handoff.createdAt}
          definition={definition}
          targetName={targetName}
          actions={actions}
        />
      ))}
    </Section>
  );
  const overdue = (
    <Section key="overdue" title={t('popup.section.overdue')} count={queue.overdue.length} empty={<Empty title={t('popup.empty.overdue.title')} body={t('popup.empty.overdue.body')} />}>
      {queue.overdue.map((item) => (
        <OverdueRow key={item.handoff.id} item={item} owner={ownerText(item, userName, queueName)} actions={actions} />
      ))}
    </Section>
  );

  // The role's own list first (with its empty state), then anything else that concerns me.
  // Routing (round-robin, rules) can assign handoffs to anyone who decides them: let them step away.
  // Only a server routes handoffs: in local-only mode there is nobody to skip me for.
  const away = canDecide && settings.data?.serverUrl ? <AwayToggle key="away" away={queue.away} actions={actions} /> : null;
  const sections: ReactNode[] =
    queue.role === 'marketer'
      ? [handedOver, queue.assigned.length > 0 ? assigned : null]
      : queue.role === 'manager' || queue.role === 'admin'
        ? [overdue, queue.assigned.length > 0 ? assigned : null, queue.handedOver.length > 0 ? handedOver : null]
        : [assigned, queue.handedOver.length > 0 ? handedOver : null];
  return (
    <>
      {away}
      {sections}
    </>
  );
}

function Section({ title, count, empty, children }: { title: string; count: number; empty: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <section className="aun-popup-section" aria-labelledby={id}>
      <h2 id={id} className="aun-popup-section-title">
        {title}{' '}
        <span className="aun-chip">
          {count}
        </span>
      </h2>
      {count === 0 ? (
        empty
      ) : (
        <ul className="aun-qlist" role="list" aria-labelledby={id}>
          {children}
        </ul>
      )}
    </section>
  );
}

function Empty({ title, body }: { title: string; body: string }) {
  return (
    <StatePanel title={title}>
      <p>{body}</p>
    </StatePanel>
  );
}
