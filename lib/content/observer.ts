/**
 * Re-detection: on SPA navigation (`wxt:locationchange`) and on DOM changes. The first change after
 * a quiet spell is detected in the next task (a burst of mutations in one task is one detection),
 * so a person appearing shows their badge at once; while the page keeps mutating (Gmail does all
 * the time) detections are spaced so they take at most `maxShare` of the page's main thread,
 * measured on the page itself, and never closer than `minGapMs`. `onChange` runs only when the
 * detected context differs from the last one.
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
  /** The least time between two detections (ms). */
  minGapMs?: number;
  /** The largest share of the main thread detection may take on a page that never stops mutating. */
  maxShare?: number;
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
  // A frame apart at least; 5 %: a 1 ms detection runs at most every 20 ms, a 10 ms one every 200 ms.
  const { ctx, minGapMs = 16, maxShare = 0.05 } = options;
  const doc = (options.root?.ownerDocument ?? document) as Document;
  const root = options.root ?? doc.body ?? doc.documentElement;
  let lastKey = 'null'; // a page without a person needs no call
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let lastStarted = -Infinity;
  let gap = minGapMs;

  const check = () => {
    timer = undefined;
    if (stopped || !ctx.isValid) return;
    const started = performance.now();
    lastStarted = started;
    const page = options.detect();
    const key = JSON.stringify(page);
    gap = Math.max(minGapMs, (performance.now() - started) / maxShare);
    if (key === lastKey) return;
    lastKey = key;
    options.onChange(page);
  };
  // Throttle, not debounce: a page that never stops mutating must still be re-detected.
  const schedule = () => {
    if (timer === undefined && !stopped) timer = setTimeout(check, Math.max(0, lastStarted + gap - performance.now()));
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
