/**
 * The page context the sidebar is about, from the drawer: `#ctx=…` in the URL when the frame
 * opens, then `{type: 'aun:context', ctx}` messages from the parent page when it re-detects.
 * Both channels can be forged by the page, so every context is validated with the zod schema
 * and only ever used as data (the background validates each request again).
 */
import { useEffect, useState } from 'react';
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

/** The current page context; null in a side panel or when the page shows no person. */
export function useDrawerContext(win: Window = window): PageContext | null {
  const [ctx, setCtx] = useState<PageContext | null>(() => contextFromHash(win.location.hash));

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== win.parent) return;
      if (!isDrawerContextMessage(event.data)) return;
      if (event.data.ctx === null) {
        setCtx(null);
        return;
      }
      const next = parsePageContext(event.data.ctx);
      if (next) setCtx(next);
    };
    const onHash = () => setCtx(contextFromHash(win.location.hash));
    win.addEventListener('message', onMessage);
    win.addEventListener('hashchange', onHash);
    return () => {
      win.removeEventListener('message', onMessage);
      win.removeEventListener('hashchange', onHash);
    };
  }, [win]);

  return ctx;
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
