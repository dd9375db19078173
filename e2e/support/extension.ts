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

/**
 * Let the extension have `pattern` without Chromium's permission dialog, which is browser UI that
 * Playwright cannot click (in headless Chromium a `permissions.request` that shows it never settles).
 * Chromium skips the dialog for a permission the user has already granted at run time
 * (permissions_api.cc: "We don't prompt for already-granted permissions"), so this records the
 * grant the way chrome://extensions' site-access settings do, through their
 * `developerPrivate.addHostPermission`. It does not make the permission active:
 * `permissions.contains` stays false and nothing runs there until the extension itself calls
 * `permissions.request`, which then resolves true and activates it.
 */
export async function grantInBrowserSettings(profile: Profile, pattern: string): Promise<void> {
  const page = await profile.context.newPage();
  try {
    await page.goto(`chrome://extensions/?id=${profile.extensionId}`);
    await page.evaluate(`chrome.developerPrivate.addHostPermission(${JSON.stringify(profile.extensionId)}, ${JSON.stringify(pattern)})`);
  } finally {
    await page.close();
  }
}

/** Whether the extension holds a host permission now (asked in its service worker). */
export function hasHostPermission(profile: Profile, pattern: string): Promise<boolean> {
  return profile.worker.evaluate(`chrome.permissions.contains({ origins: [${JSON.stringify(pattern)}] })`) as Promise<boolean>;
}
