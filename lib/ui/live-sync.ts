/**
 * Keeping an open sidebar fresh. The 30 s alarm alone would show a decision made elsewhere (a
 * handoff accepted on another machine) up to half a minute late, and the open lead's re-read
 * another 15 s after that. So:
 * - one sync when the sidebar is first on screen, once its first view is read (it must not compete
 *   with that read; a drawer preloaded hidden waits until it is shown);
 * - while it is on screen and shows a person, a sync every LIVE_SYNC_MS ('live': it respects
 *   backoff and a rejected token like the alarm, so a failing server is not asked every few
 *   seconds). Off screen (drawer closed, tab hidden) it stops, and the worker may sleep;
 * - whenever the background says synced data changed, the open views re-read at once;
 * - off screen, React Query's 15 s re-reads pause too, so a hidden drawer asks nothing.
 */
import { useEffect, useRef, useState } from 'react';
import { focusManager, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { browser } from 'wxt/browser';
import { call } from '../messages';
import { DATA_CHANGED } from '../content/messages-from-background';
import { queryKeys } from './queries';
import { LIVE_SYNC_MS } from './live-sync-interval';

export { LIVE_SYNC_MS };

function rereadLeadData(client: QueryClient): Promise<unknown> {
  return Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.allLeadContexts }),
    client.invalidateQueries({ queryKey: queryKeys.allTouches }),
    client.invalidateQueries({ queryKey: queryKeys.syncStatus }),
  ]);
}

/** Whether this document is on screen: its tab (or panel) shown and, in the drawer, the drawer open. */
export function useOnScreen(doc: Document = document): boolean {
  const [visible, setVisible] = useState(() => doc.visibilityState !== 'hidden');
  // In the drawer, a closed (or preloaded) drawer hides the frame (display: none): nothing of it
  // intersects the viewport. Unknown until the observer's first report, which comes at once.
  const [intersecting, setIntersecting] = useState(() => !doc.defaultView?.IntersectionObserver);
  useEffect(() => {
    const onVisibility = () => setVisible(doc.visibilityState !== 'hidden');
    doc.addEventListener('visibilitychange', onVisibility);
    const View = doc.defaultView?.IntersectionObserver;
    const observer = View ? new View((entries) => setIntersecting(entries.at(-1)?.isIntersecting ?? true)) : null;
    observer?.observe(doc.documentElement);
    return () => {
      doc.removeEventListener('visibilitychange', onVisibility);
      observer?.disconnect();
    };
  }, [doc]);
  return visible && intersecting;
}

export function useSidebarSync({ ready, live }: { ready: boolean; live: boolean }): void {
  const client = useQueryClient();
  const opened = useRef(false);
  const onScreen = useOnScreen();

  // React Query's periodic re-reads pause only when the document is hidden, and a closed or
  // preloaded drawer's frame is not: off screen, count as unfocused (showing it again re-reads).
  useEffect(() => {
    focusManager.setFocused(onScreen ? undefined : false);
  }, [onScreen]);

  useEffect(() => {
    // A drawer preloaded while still hidden syncs when it is first shown, not before.
    if (!ready || !onScreen || opened.current) return;
    opened.current = true;
    call('syncNow', { reason: 'sidebar' })
      .then(() => rereadLeadData(client))
      .catch(() => undefined);
  }, [ready, onScreen, client]);

  useEffect(() => {
    if (!ready || !live || !onScreen) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const next = () => {
      timer = setTimeout(() => {
        // One at a time: the next waits for this one, however slow the server.
        void call('syncNow', { reason: 'live' })
          .catch(() => undefined)
          .finally(() => {
            if (!stopped) next();
          });
      }, LIVE_SYNC_MS);
    };
    next();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [ready, live, onScreen]);

  useEffect(() => {
    const onMessage = (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type === DATA_CHANGED) void rereadLeadData(client);
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [client]);
}
