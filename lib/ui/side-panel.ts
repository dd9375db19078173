import { browser } from 'wxt/browser';
import { encodeDrawerContext } from '../adapters/drawer-context';
import type { PageContext } from '../adapters/page-context';

/** The side-panel APIs we use, which WXT's browser types may not list: Chrome's sidePanel, Firefox's sidebarAction. */
interface SidePanelApis {
  sidePanel?: { setOptions(o: { path: string }): Promise<void>; open(o: { windowId: number }): Promise<void> };
  sidebarAction?: { setPanel(o: { panel: string | null }): Promise<void>; open(): Promise<void> };
  windows: { getCurrent(): Promise<{ id?: number }> };
}
const apis = () => browser as unknown as SidePanelApis;

const SIDEBAR_PATH = 'sidebar.html';

/**
 * Show a context (a lead without a CRM record, say) in the browser's side panel. Browsers open the
 * panel only in answer to a click, so call this from the click handler itself, before any other
 * await. The panel then stays on that context until "Follow the active tab" (`followActiveTab`).
 * Resolves once the panel is open; null where the browser has no side panel for extensions.
 */
export function openContextInSidePanel(ctx: PageContext): Promise<void> | null {
  const { sidePanel, sidebarAction, windows } = apis();
  const path = `${SIDEBAR_PATH}${encodeDrawerContext(ctx)}`;
  try {
    if (sidePanel?.open) {
      const set = sidePanel.setOptions({ path });
      const open = windows.getCurrent().then((w) => {
        if (w.id === undefined) throw new Error('no current window');
        return sidePanel.open({ windowId: w.id });
      });
      return Promise.all([set, open]).then(() => undefined);
    }
    if (sidebarAction?.open) {
      // Firefox wants open() in the same tick as the click, before anything resolves.
      const set = sidebarAction.setPanel({ panel: browser.runtime.getURL(`/${path}` as '/sidebar.html') });
      return Promise.all([set, sidebarAction.open()]).then(() => undefined);
    }
  } catch {
    // An API that exists but cannot be used here: fall back to a tab.
  }
  return null;
}

/** Back to the side panel's default page, which follows the person on the active tab. */
export async function followActiveTab(): Promise<void> {
  const { sidePanel, sidebarAction } = apis();
  if (sidePanel?.setOptions) await sidePanel.setOptions({ path: SIDEBAR_PATH });
  else if (sidebarAction?.setPanel) await sidebarAction.setPanel({ panel: null });
}
