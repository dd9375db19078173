/**
 * The page UI: the badge and the drawer, rendered into a container (in the content script, the body
 * of a WXT shadow root, so page styles and keyboard shortcuts stay out). No React: size budget.
 */
import type { PageContext } from '../adapters/page-context';
import type { BadgeInfo } from '../messages';
import { createBadgeButton, renderBadge } from './badge';
import { createDrawer } from './drawer';
import { strings, type Lang } from './i18n';

export interface PageUi {
  /** What the page shows now, and the background's badge for it. */
  update(page: PageContext | null, badge: BadgeInfo): void;
  open(): void;
  close(): void;
  readonly isOpen: boolean;
  destroy(): void;
}

export interface PageUiOptions {
  sidebarUrl: string;
  lang: Lang;
  /** The user opened or closed the drawer (remembered per site). */
  onToggle?(open: boolean): void;
  /** Load the sidebar in the hidden drawer once a person shows (the content script does; tests choose). */
  preload?: boolean;
}

/** Run `task` when the page is idle (at the latest after 2 s); returns a cancel function. */
function whenIdle(win: Window | null, task: () => void): () => void {
  if (win?.requestIdleCallback) {
    const handle = win.requestIdleCallback(task, { timeout: 2000 });
    return () => win.cancelIdleCallback(handle);
  }
  const timer = setTimeout(task, 200);
  return () => clearTimeout(timer);
}

export function createPageUi(container: HTMLElement, options: PageUiOptions): PageUi {
  const doc = container.ownerDocument;
  const t = strings(options.lang);
  const root = doc.createElement('div');
  root.className = 'aun';
  const button = createBadgeButton(doc);
  const drawer = createDrawer(doc, { sidebarUrl: options.sidebarUrl, title: t.drawer, onCloseRequest: () => setOpen(false, true) });
  button.setAttribute('aria-controls', drawer.element.id);
  root.append(button, drawer.element);
  container.append(root);

  let page: PageContext | null = null;
  // Once the page shows a person, the sidebar loads in the hidden drawer when the page is idle, so a
  // click on the badge only shows it. Once loaded, the frame follows the context like an open one.
  let preloadTask: (() => void) | null = null;
  const schedulePreload = () => {
    if (preloadTask || drawer.hasFrame || !options.preload) return;
    preloadTask = whenIdle(doc.defaultView, () => {
      preloadTask = null;
      if (page && !drawer.hasFrame) drawer.preload(page);
    });
  };
  let badge: BadgeInfo = { state: 'none' };
  // What the user (or the remembered per-site state) wants; the drawer shows only while there is a person.
  let wantOpen = false;

  const render = () => {
    root.dataset.open = String(drawer.isOpen);
    renderBadge(button, badge, drawer.isOpen, t);
  };
  function setOpen(open: boolean, byUser: boolean): void {
    wantOpen = open;
    if (open && page) drawer.open(page);
    if (!open) drawer.close();
    render();
    if (byUser) {
      options.onToggle?.(open);
      if (!open) button.focus();
    }
  }

  button.addEventListener('click', () => setOpen(!drawer.isOpen, true));
  // Esc while focus is on the badge or in the drawer host closes it.
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && drawer.isOpen) {
      event.preventDefault();
      setOpen(false, true);
    }
  });

  return {
    update(next, info) {
      page = next;
      badge = next ? info : { state: 'none' };
      // Leaving the person (e.g. for a list view) hides the drawer without forgetting that it was open.
      if (!next) drawer.close();
      if (next && wantOpen && !drawer.isOpen) drawer.open(next);
      else drawer.update(next);
      if (next) schedulePreload();
      render();
    },
    open: () => setOpen(true, false),
    close: () => setOpen(false, false),
    get isOpen() {
      return drawer.isOpen;
    },
    destroy() {
      preloadTask?.();
      drawer.destroy();
      root.remove();
    },
  };
}
