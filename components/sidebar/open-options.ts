import { browser } from 'wxt/browser';

/** Open the options page (from the drawer iframe or the side panel). */
export function openOptions(): void {
  try {
    void Promise.resolve(browser.runtime.openOptionsPage()).catch(() => undefined);
  } catch {
    // Not available (tests, unusual hosts): nothing else to do.
  }
}
