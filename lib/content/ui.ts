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
      render();
    },
    open: () => setOpen(true, false),
    close: () => setOpen(false, false),
    get isOpen() {
      return drawer.isOpen;
    },
    destroy() {
      drawer.destroy();
      root.remove();
    },
  };
}
