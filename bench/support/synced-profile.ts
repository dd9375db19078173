import { launchProfile, type Profile } from '../../e2e/support/chromium';
import { openExtensionPage } from '../../e2e/support/extension';
import type { BenchContext } from './context';

/**
 * Reads the replica's sync progress inside the service worker (the only owner of the database).
 * Counting a store walks it, so the counts are taken only once a sync has completed: polling must
 * not slow the sync it watches.
 */
const READ_PROGRESS = `new Promise((resolve) => {
  const open = indexedDB.open('aun');
  open.onerror = () => resolve(null);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('meta')) { db.close(); resolve(null); return; }
    const first = db.transaction(['meta'], 'readonly').objectStore('meta').get('syncState');
    first.onsuccess = () => {
      const value = first.result?.value ?? null;
      const base = { lastSyncedAt: value?.lastSyncedAt ?? null, state: value?.state ?? null, leads: 0, queued: -1 };
      if (!base.lastSyncedAt) { db.close(); resolve(base); return; }
      const tx = db.transaction(['leads', 'regradeQueue'], 'readonly');
      const leads = tx.objectStore('leads').count();
      const queued = tx.objectStore('regradeQueue').count();
      tx.oncomplete = () => { db.close(); resolve({ ...base, leads: leads.result, queued: queued.result }); };
    };
    first.onerror = () => { db.close(); resolve(null); };
  };
})`;

/** Rows in each replicated store of the replica, read in the service worker. */
export function countReplicaRows(profile: Profile): Promise<Record<string, number>> {
  return profile.worker.evaluate(`new Promise((resolve, reject) => {
    const stores = ['leads', 'touches', 'handoffs', 'outcomes', 'definitions', 'users', 'queues'];
    const open = indexedDB.open('aun');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(stores, 'readonly');
      const out = {};
      for (const name of stores) { const r = tx.objectStore(name).count(); r.onsuccess = () => { out[name] = r.result; }; }
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    };
  })`) as Promise<Record<string, number>>;
}

export interface SyncProgress {
  lastSyncedAt: string | null;
  state: string | null;
  leads: number;
  queued: number;
}

export function readSyncProgress(profile: Profile): Promise<SyncProgress | null> {
  return profile.worker.evaluate(READ_PROGRESS) as Promise<SyncProgress | null>;
}

/**
 * Fill the connection form in the options page, as a person does, and return the Save click:
 * saving starts the first sync, so a caller can time from that instant.
 */
export async function fillConnection(profile: Profile, serverUrl: string, token: string): Promise<{ save(): Promise<void> }> {
  const page = await openExtensionPage(profile, 'options.html');
  await page.getByLabel(/^(Server URL|サーバーURL)$/).fill(serverUrl);
  await page.getByLabel(/^(Access token|アクセストークン)$/).fill(token);
  return {
    async save() {
      await page.getByRole('button', { name: /^(Save|保存)$/ }).first().click();
      await page.getByText(/^(Saved\.|保存しました。)$/).waitFor();
      await page.close();
    },
  };
}

/** Save the connection in the options page, as a person does; saving starts the first sync. */
export async function saveConnection(profile: Profile, serverUrl: string, token: string): Promise<void> {
  await (await fillConnection(profile, serverUrl, token)).save();
}

/** Wait until the first sync has completed and every lead is graded. */
export async function waitForInitialSync(profile: Profile, expectedLeads: number, timeoutMs: number, pollMs = 200): Promise<SyncProgress> {
  const deadline = Date.now() + timeoutMs;
  let last: SyncProgress | null = null;
  while (Date.now() < deadline) {
    last = await readSyncProgress(profile).catch(() => null);
    if (last?.lastSyncedAt && last.leads >= expectedLeads && last.queued === 0) return last;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`the initial sync did not finish in ${timeoutMs / 1000} s (last seen: ${JSON.stringify(last)})`);
}

/** A fresh profile synced to the reference server as the sales rep. */
export async function syncProfileToReference(context: BenchContext): Promise<{ profile: Profile; close(): Promise<void> }> {
  const server = await context.referenceServer();
  const profile = await launchProfile();
  await saveConnection(profile, server.url, server.seed.sales.token);
  await waitForInitialSync(profile, server.counts.leads, 20 * 60_000);
  return { profile, close: () => profile.close() };
}
