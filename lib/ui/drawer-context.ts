/**
 * The page context the sidebar is about, from the drawer: `#ctx=…` in the URL when the frame
 * opens, then `{type: 'aun:context', ctx}` messages from the parent page when it re-detects.
 * Both channels can be forged by the page, so every context is validated with the zod schema
 * and only ever used as data (the background validates each request again).
 */
import { useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { call } from '../messages';
import { PageContext } from '../adapters/page-context';
import { decodeDrawerContext, DRAWER_CLOSE_MESSAGE, isDrawerContextMessage } from '../adapters/drawer-context';

export function parsePageContext(raw: unknown): PageContext | null {
  const parsed = PageContext.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function contextFromHash(hash: string): PageContext | null {
  return parsePageContext(decodeDrawerContext(hash));
}

/** Whether the sidebar runs inside the in-page drawer (an iframe) rather than a side panel. */
export function inDrawer(win: Window = window): boolean {
  try {
    return win.parent !== win;
  } catch {
    return true;
  }
}

/** Ask the content script to close the drawer (it only accepts this from its own iframe). */
export function requestDrawerClose(win: Window = window): void {
  if (inDrawer(win)) win.parent.postMessage({ type: DRAWER_CLOSE_MESSAGE }, '*');
}

export interface DrawerContextStore {
  /** The latest context: from a message once one arrived, else from the URL hash. */
  get(): PageContext | null;
  subscribe(onChange: () => void): () => void;
  /** Remove the listeners and forget this window's store (tests; a page never needs it). */
  stop(): void;
}

const stores = new WeakMap<Window, DrawerContextStore>();

/**
 * Start following the drawer's context for `win`, once per window. The sidebar entry calls this at
 * its top level, before React renders: the content script posts the latest context on the frame's
 * `load`, which can come before React's first effect, and a listener added in an effect would miss
 * it and leave the sidebar on the older `#ctx` context.
 */
export function listenForDrawerContext(win: Window = window): DrawerContextStore {
  const existing = stores.get(win);
  if (existing) return existing;
  let hash = win.location.hash;
  let current = contextFromHash(hash);
  const listeners = new Set<() => void>();
  const set = (next: PageContext | null) => {
    current = next;
    for (const listener of listeners) listener();
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== win.parent) return;
    if (!isDrawerContextMessage(event.data)) return;
    if (event.data.ctx === null) return set(null);
    // A forged or malformed context is ignored; the sidebar keeps the one it shows.
    const next = parsePageContext(event.data.ctx);
    if (next) set(next);
  };
  // Only a new hash replaces the context: a hashchange event still queued from before this store
  // started must not undo a message that arrived since.
  const onHash = () => {
    if (win.location.hash === hash) return;
    hash = win.location.hash;
    set(contextFromHash(hash));
  };
  win.addEventListener('message', onMessage);
  win.addEventListener('hashchange', onHash);
  const store: DrawerContextStore = {
    get: () => current,
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    stop() {
      win.removeEventListener('message', onMessage);
      win.removeEventListener('hashchange', onHash);
      listeners.clear();
      stores.delete(win);
    },
  };
  stores.set(win, store);
  return store;
}

/** The current drawer context; null in a side panel or when the page shows no person. */
export function useDrawerContext(win: Window = window): PageContext | null {
  const store = listenForDrawerContext(win);
  return useSyncExternalStore(store.subscribe, store.get);
}

/** How often the side panel asks who is on the active tab (it gets no drawer messages). */
const SIDE_PANEL_POLL_MS = 2000;

/**
 * The page context wherever the sidebar runs: the drawer's (hash and messages), or, as a side
 * panel, the person on the active tab, asked of the background and followed as the tab changes.
 */
export function usePageContext(win: Window = window): PageContext | null {
  const drawer = useDrawerContext(win);
  const sidePanel = !inDrawer(win);
  const activeTab = useQuery({
    queryKey: ['activeTabContext'],
    queryFn: () => call('getActiveTabContext', {}),
    enabled: sidePanel,
    refetchInterval: SIDE_PANEL_POLL_MS,
    refetchOnWindowFocus: true,
  });
  return sidePanel ? (drawer ?? activeTab.data ?? null) : drawer;
}
