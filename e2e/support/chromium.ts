import { existsSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');

/** The Chromium to drive: CHROME_PATH, else Debian's. Fails loudly, never skips. */
export function chromePath(): string {
  const candidate = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) {
    throw new Error(
      `Chromium not found at ${candidate}. The end-to-end tests need a real Chromium: install Debian's package ` +
        `with "apt-get install -y chromium" (or set CHROME_PATH to a Chromium binary). .ci/run installs it when missing.`,
    );
  }
  return candidate;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Build the extension when the output is missing or older than its sources. */
export function ensureBuilt(): void {
  const manifest = join(EXTENSION_DIR, 'manifest.json');
  const sources = Math.max(...['entrypoints', 'lib', 'components', 'public'].filter((d) => existsSync(join(ROOT, d))).map((d) => newestMtime(join(ROOT, d))));
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= sources) return;
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

export interface Profile {
  /** Whether installing the extension opened its welcome page (closed again before the test starts). */
  welcomed: boolean;
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

/** A fresh browser profile with the built extension loaded (headless unless asked otherwise). */
export async function launchProfile(options: { hostRules?: string[]; headless?: boolean; locale?: string } = {}): Promise<Profile> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'aun-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromePath(),
    headless: options.headless ?? true,
    viewport: { width: 1400, height: 900 },
    locale: options.locale ?? 'en-US',
    ignoreHTTPSErrors: true,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The UI language of the browser, which the extension follows.
      `--lang=${options.locale ?? 'en-US'}`,
      ...(options.hostRules?.length ? [`--host-resolver-rules=${options.hostRules.join(', ')}`] : []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  const welcomed = await closeWelcomePage(context, extensionId);
  return {
    welcomed,
    context,
    worker,
    extensionId,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh profile installs the extension, which opens its welcome page (options.html) in a tab.
 * Close it once it is there, so a test's own options page does not race it.
 */
async function closeWelcomePage(context: BrowserContext, extensionId: string): Promise<boolean> {
  const isWelcome = (url: string) => url.startsWith(`chrome-extension://${extensionId}/options.html`);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const welcome = context.pages().find((p) => isWelcome(p.url()));
    if (welcome) {
      await welcome.close();
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

