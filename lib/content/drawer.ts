/**
 * The drawer: `sidebar.html` in an iframe along the right edge, over the page (380 px, full height).
 *
 * Handing the context to the sidebar (see lib/adapters/drawer-context.ts for the helpers):
 * - the frame opens at `sidebar.html#ctx=<encodeURIComponent(JSON)>` (a reload keeps it), on the
 *   first open or earlier, preloaded hidden once the page shows a person (lib/content/ui.ts);
 * - on re-detection, and after every (re)load of the frame, the content script posts
 *   `{type: 'aun:context', ctx}` to the frame, targeted at the extension's origin;
 * - the sidebar can ask to close with `parent.postMessage({type: 'aun:close'}, '*')`, accepted only
 *   from this frame's window (Esc inside the frame never reaches the page's document).
 *
 * Open/closed is remembered per site in `browser.storage.local` under `drawer:<site>`.
 */
import { DRAWER_CLOSE_MESSAGE, DRAWER_CONTEXT_MESSAGE, encodeDrawerContext } from '../adapters/drawer-context';
import type { PageContext } from '../adapters/page-context';
import type { Site } from '../adapters/sites';

export const drawerKey = (site: Site): string => `drawer:${site}`;

export interface Drawer {
  readonly element: HTMLElement;
  readonly isOpen: boolean;
  /** Show the drawer for `ctx` (the frame is created on first open or preload, then kept so the sidebar keeps its state). */
  open(ctx: PageContext): void;
  /**
   * Load the sidebar for `ctx` in the still hidden drawer, so that a later open only has to show
   * it: loading the frame with React is most of a first open's time (docs/performance.md, item 3).
   */
  preload(ctx: PageContext): void;
  /** Whether the sidebar's frame exists (opened or preloaded). */
  readonly hasFrame: boolean;
  close(): void;
  /** The page's context changed: tell the sidebar if the frame exists. */
  update(ctx: PageContext | null): void;
  destroy(): void;
}

export interface DrawerOptions {
  /** `browser.runtime.getURL('/sidebar.html')`. */
  sidebarUrl: string;
  title: string;
  /** The sidebar asked to close. */
  onCloseRequest(): void;
}

/** `chrome-extension://id/sidebar.html` → `chrome-extension://id` (URL#origin is "null" for such schemes in some engines). */
export function originOf(url: string): string {
  const m = /^([a-z-]+:\/\/[^/]+)/i.exec(url);
  return m ? m[1]! : url;
}

export function createDrawer(doc: Document, options: DrawerOptions): Drawer {
  const element = doc.createElement('section');
  element.className = 'drawer';
  element.id = 'aun-drawer';
  element.setAttribute('aria-label', options.title);
  element.hidden = true;
  const origin = originOf(options.sidebarUrl);
  const win = doc.defaultView;
  let frame: HTMLIFrameElement | null = null;
  let latest: PageContext | null = null;

  const post = () => {
    try {
      frame?.contentWindow?.postMessage({ type: DRAWER_CONTEXT_MESSAGE, ctx: latest }, origin);
    } catch {
      // the frame is navigating; its load handler posts again
    }
  };
  const onMessage = (event: MessageEvent) => {
    // Only our frame may close the drawer; the page shares this window and could post anything.
    if (!frame || event.source !== frame.contentWindow) return;
    if ((event.data as { type?: unknown } | null)?.type === DRAWER_CLOSE_MESSAGE) options.onCloseRequest();
  };
  win?.addEventListener('message', onMessage);
  /** Point the sidebar at `ctx`: create its frame at `#ctx=…` the first time, else post it. */
  const show = (ctx: PageContext) => {
    latest = ctx;
    if (frame) return post();
    frame = doc.createElement('iframe');
    frame.title = options.title;
    // The sidebar may have been opened before its listener was ready: re-send on every load.
    frame.addEventListener('load', post);
    frame.src = options.sidebarUrl + encodeDrawerContext(ctx);
    element.append(frame);
  };

  return {
    element,
    get isOpen() {
      return !element.hidden;
    },
    get hasFrame() {
      return frame !== null;
    },
    open(ctx) {
      show(ctx);
      element.hidden = false;
    },
    preload(ctx) {
      if (!frame) show(ctx);
    },
    close() {
      element.hidden = true;
    },
    update(ctx) {
      latest = ctx;
      if (frame) post();
    },
    destroy() {
      win?.removeEventListener('message', onMessage);
      element.remove();
      frame = null;
    },
  };
}
