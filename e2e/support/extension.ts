import type { Page } from 'playwright-core';
import type { Profile } from './chromium';

/** Open an extension page of this profile (options.html, review.html, popup.html, …). */
export async function openExtensionPage(profile: Profile, path: string): Promise<Page> {
  const page = await profile.context.newPage();
  await page.goto(`chrome-extension://${profile.extensionId}/${path}`);
  return page;
}

/** Connect the extension to the sync server through the options page, as a person does (en or ja UI). */
export async function connect(profile: Profile, serverUrl: string, token: string): Promise<void> {
  const page = await openExtensionPage(profile, 'options.html');
  await page.getByLabel(/^(Server URL|サーバーURL)$/).fill(serverUrl);
  await page.getByLabel(/^(Access token|アクセストークン)$/).fill(token);
  await page.getByRole('button', { name: /^(Test connection|接続テスト)$/ }).click();
  await page.getByText(/^Connected as |として接続しました。$/).waitFor();
  // The first Save on the page is the connection's (quiet hours have their own).
  await page.getByRole('button', { name: /^(Save|保存)$/ }).first().click();
  await page.getByText(/^(Saved\.|保存しました。)$/).waitFor();
  // Saving a new connection starts a sync; wait for it so the replica holds the workspace.
  await page.getByText(/^Synced |に同期$/).first().waitFor({ timeout: 30_000 });
  await page.close();
}

/** Wait until the profile's outbox is empty: everything it did has reached the server. */
export async function waitForOutboxEmpty(profile: Profile, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pending = (await profile.worker.evaluate(
      `new Promise((resolve) => {
        const open = indexedDB.open('aun');
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('outbox').objectStore('outbox').count();
          count.onsuccess = () => { resolve(count.result); db.close(); };
        };
        open.onerror = () => resolve(-1);
      })`,
    )) as number;
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the outbox did not drain');
}
