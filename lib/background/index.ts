import { browser } from 'wxt/browser';
import { getDb, type AunDatabase } from '../db/database';
import { Requests } from '../message-schemas';
import { onMessage, type RequestName } from '../messages';
import { SyncEngine } from '../sync/engine';
import { createHandlers, dispatch } from './handlers';
import { currentUser, loadSettings } from './settings';
import { openLead, refreshAttention } from './attention';
import { signedInUser } from './signed-in';
import { invalidateReviewCache } from './review';
import { DATA_CHANGED } from '../content/messages-from-background';
import { syncRegisteredCustomHosts } from '../custom-hosts';

export const SYNC_ALARM = 'aun-sync';
/** Chrome's minimum alarm period is 30 s. */
const SYNC_PERIOD_MINUTES = 0.5;
const MUTATION_DEBOUNCE_MS = 1500;
/** At most one page-visit sync per this interval: a rep clicking through records stays fresh cheaply. */
const PAGE_VISIT_SYNC_MS = 10_000;

/** Content scripts re-ask for their badge, and open extension pages (the sidebar) re-read, when synced data changed under them. */
async function tellTabsDataChanged(): Promise<void> {
  // Extension pages (sidebar in a drawer or side panel, popup, review); none open rejects.
  void Promise.resolve()
    .then(() => browser.runtime.sendMessage({ type: DATA_CHANGED }))
    .catch(() => undefined);
  const tabs = await browser.tabs.query({});
  // Tabs without our content script reject the message (some browsers throw at once); that is expected.
  const tell = (tabId: number) => Promise.resolve().then(() => browser.tabs.sendMessage(tabId, { type: DATA_CHANGED }));
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : tell(tab.id).catch(() => undefined))));
}

export interface BackgroundOptions {
  /** Tests pass their own database and network; the worker uses the shared ones. */
  db?: AunDatabase;
  fetch?: typeof fetch;
}

/**
 * Wire the background service worker. Called synchronously at the top level of the
 * background entrypoint: MV3 only delivers events to listeners registered in the first turn.
 */
export function setupBackground(options: BackgroundOptions = {}): { db: AunDatabase; engine: SyncEngine } {
  const db = options.db ?? getDb();
  const engine = new SyncEngine({
    db,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    connection: async () => {
      const s = await loadSettings();
      return s.serverUrl && s.token ? { serverUrl: s.serverUrl, token: s.token } : null;
    },
    userId: async () => currentUser(await loadSettings()).id,
    afterSync: async ({ changed }) => {
      if (changed) {
        invalidateReviewCache(db);
        // Telling tabs may fail; the badge and notifications below must still update.
        await tellTabsDataChanged().catch(() => undefined);
      }
      const s = await loadSettings();
      const locale = s.language === 'auto' ? (navigator.language.startsWith('ja') ? 'ja' : 'en') : s.language;
      await refreshAttention(db, await signedInUser(db, s), { enabled: s.notifications, warnAt: s.slaWarnAt, quiet: s.quietHours }, Date.now(), locale);
    },
  });

  let debounce: ReturnType<typeof setTimeout> | undefined;
  let lastPageSync = 0;
  const handlers = createHandlers({
    db,
    engine,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onMutation: () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void engine.sync('mutation'), MUTATION_DEBOUNCE_MS);
    },
    onPageVisit: () => {
      if (Date.now() - lastPageSync < PAGE_VISIT_SYNC_MS) return;
      lastPageSync = Date.now();
      void engine.sync('page');
    },
  });

  for (const name of Object.keys(Requests) as RequestName[]) {
    onMessage(name, ({ data }) => dispatch(handlers, name, data) as never);
  }

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void engine.sync('alarm');
  });
  // Alarms may not survive a browser restart or an update: re-create them whenever we start.
  const ensureAlarm = async () => {
    if (!(await browser.alarms.get(SYNC_ALARM))) await browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
  };
  browser.runtime.onStartup.addListener(() => void ensureAlarm().then(() => engine.sync('startup')));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    void ensureAlarm();
    // First install: the options page welcomes and explains local-only mode and how to connect.
    if (reason === 'install') void Promise.resolve(browser.runtime.openOptionsPage()).catch(() => undefined);
  });
  // Dynamically registered content scripts for custom CRM hosts can be dropped on update, and a
  // host permission the user revoked must take its script with it.
  browser.runtime.onStartup.addListener(() => void syncRegisteredCustomHosts());
  browser.runtime.onInstalled.addListener(() => void syncRegisteredCustomHosts());
  browser.permissions.onRemoved.addListener(() => void syncRegisteredCustomHosts());
  void ensureAlarm();
  globalThis.addEventListener?.('online', () => void engine.sync('online'));
  browser.notifications.onClicked.addListener((notificationId) => {
    // Ids are aun:<kind>:<handoffId>.
    const handoffId = notificationId.split(':')[2];
    if (!handoffId) return;
    void db.handoffs.get(handoffId).then((h) => h && openLead(db, h.leadId));
    void browser.notifications.clear(notificationId);
  });
  return { db, engine };
}
