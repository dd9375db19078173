import { launchProfile, type Profile } from '../../e2e/support/chromium';
import { openExtensionPage } from '../../e2e/support/extension';
import type { BenchContext } from './context';

/** Reads the replica's sync progress inside the service worker (the only owner of the database). */
const READ_PROGRESS = `new Promise((resolve) => {
  const open = indexedDB.open('aun');
  open.onerror = () => resolve(null);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('meta')) { db.close(); resolve(null); return; }
    const tx = db.transaction(['meta', 'leads', 'regradeQueue'], 'readonly');
    const state = tx.objectStore('meta').get('syncState');
    const leads = tx.objectStore('leads').count();
    const queued = tx.objectStore('regradeQueue').count();
    tx.oncomplete = () => {
      db.close();
      resolve({ lastSyncedAt: state.result?.value?.lastSyncedAt ?? null, state: state.result?.value?.state ?? null, leads: leads.result, queued: queued.result });
    };
  };
})`;

export interface SyncProgress {
  lastSyncedAt: string | null;
  state: string | null;
  leads: number;
  queued: number;
}

export function readSyncProgress(profile: Profile): Promise<SyncProgress | null> {
  return profile.worker.evaluate(READ_PROGRESS) as Promise<SyncProgress | null>;
}

/** Save the connection in the options page, as a person does; saving starts the first sync. */
export async function saveConnection(profile: Profile, serverUrl: string, token: string): Promise<void> {
  const page = await openExtensionPage(profile, 'options.html');
  await page.getByLabel(/^(Server URL|サーバーURL)$/).fill(serverUrl);
  await page.getByLabel(/^(Access token|アクセストークン)$/).fill(token);
  await page.getByRole('button', { name: /^(Save|保存)$/ }).first().click();
  await page.getByText(/^(Saved\.|保存しました。)$/).waitFor();
  await page.close();
}

/** Wait until the first sync has completed and every lead is graded. */
export async function waitForInitialSync(profile: Profile, expectedLeads: number, timeoutMs: number): Promise<SyncProgress> {
  const deadline = Date.now() + timeoutMs;
  let last: SyncProgress | null = null;
  while (Date.now() < deadline) {
    last = await readSyncProgress(profile).catch(() => null);
    if (last?.lastSyncedAt && last.leads >= expectedLeads && last.queued === 0) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
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
