/**
 * Re-detection: on SPA navigation (`wxt:locationchange`) and on DOM changes, coalesced so a busy page
 * (Gmail mutates all the time) costs at most one detection per `delayMs`. `onChange` runs only when
 * the detected context differs from the last one.
 */
import type { PageContext } from '../adapters/page-context';

/** The part of WXT's ContentScriptContext the watcher needs (so tests can pass a stand-in). */
export interface WatchContext {
  readonly isValid: boolean;
  onInvalidated(cb: () => void): () => void;
  addEventListener(target: Window, type: 'wxt:locationchange', handler: () => void): void;
}

export interface WatchOptions {
  ctx: WatchContext;
  detect(): PageContext | null;
  onChange(page: PageContext | null): void;
  /** Where the person's data renders; document.body by default. */
  root?: Node;
  delayMs?: number;
}

export interface PageWatcher {
  /** Detect now (the first detection, tests). */
  check(): void;
  stop(): void;
}

// Text and the attributes addresses live in; not class/style, which pages churn constantly.
const OBSERVE: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['href', 'email', 'title', 'value', 'hidden', 'aria-hidden'],
};

export function watchPage(options: WatchOptions): PageWatcher {
  const { ctx, delayMs = 300 } = options;
  const doc = (options.root?.ownerDocument ?? document) as Document;
  const root = options.root ?? doc.body ?? doc.documentElement;
  let lastKey = 'null'; // a page without a person needs no call
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const check = () => {
    timer = undefined;
    if (stopped || !ctx.isValid) return;
    const page = options.detect();
    const key = JSON.stringify(page);
    if (key === lastKey) return;
    lastKey = key;
    options.onChange(page);
  };
  // Throttle, not debounce: a page that never stops mutating must still be re-detected.
  const schedule = () => {
    if (timer === undefined && !stopped) timer = setTimeout(check, delayMs);
  };

  const observer = new MutationObserver(schedule);
  observer.observe(root, OBSERVE);
  ctx.addEventListener(window, 'wxt:locationchange', schedule);

  const stop = () => {
    stopped = true;
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  ctx.onInvalidated(stop);
  return { check, stop };
}
