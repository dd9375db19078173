import { browser } from 'wxt/browser';

/** Open the options page (from the drawer iframe or the side panel). */
export function openOptions(): void {
  try {
    void Promise.resolve(browser.runtime.openOptionsPage()).catch(() => undefined);
  } catch {
    // Not available (tests, unusual hosts): nothing else to do.
  }
}

/** Open the options page at one of its sections (e.g. `sync`), in a tab. */
export function openOptionsAt(section: string): void {
  try {
    const url = (browser.runtime.getURL as (path: string) => string)(`/options.html#${section}`);
    void Promise.resolve(browser.tabs.create({ url })).catch(openOptions);
  } catch {
    openOptions();
  }
}
