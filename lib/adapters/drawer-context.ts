/**
 * How the content script hands the page context to the sidebar in the drawer iframe.
 *
 * 1. On open: `sidebar.html#ctx=<encodeURIComponent(JSON)>`, so a reload of the frame keeps it.
 * 2. On re-detection while open: `iframe.contentWindow.postMessage({type: 'aun:context', ctx}, extensionOrigin)`
 *    (ctx may be null: the page no longer shows a person).
 * 3. The sidebar may ask to be closed (e.g. Esc pressed inside it, where the content script can't
 *    see the key): `parent.postMessage({type: 'aun:close'}, '*')`. The content script only accepts it
 *    from its own iframe (`event.source === iframe.contentWindow`).
 *
 * The page can see and post to the frame too, so the sidebar must treat a context from either channel
 * as untrusted input: validate it with `PageContext.safeParse` (lib/adapters/page-context.ts); the
 * background validates every request again. Zod-free here because the content script imports it.
 */
import type { PageContext } from './page-context';

export const DRAWER_CONTEXT_MESSAGE = 'aun:context';
export const DRAWER_CLOSE_MESSAGE = 'aun:close';

export interface DrawerContextMessage {
  type: typeof DRAWER_CONTEXT_MESSAGE;
  ctx: PageContext | null;
}

/** The URL hash carrying a context: `#ctx=…`. */
export function encodeDrawerContext(ctx: PageContext): string {
  return `#ctx=${encodeURIComponent(JSON.stringify(ctx))}`;
}

/**
 * The context in a hash (`location.hash`), as parsed JSON — still unvalidated, or null when absent
 * or malformed. Validate with `PageContext.safeParse` before use.
 */
export function decodeDrawerContext(hash: string): unknown {
  const m = /(?:^#|&)ctx=([^&]*)/.exec(hash);
  if (!m) return null;
  try {
    return JSON.parse(decodeURIComponent(m[1]!)) as unknown;
  } catch {
    return null;
  }
}

/** Whether a `message` event's data is a context update (shape only; validate `ctx` before use). */
export function isDrawerContextMessage(data: unknown): data is DrawerContextMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === DRAWER_CONTEXT_MESSAGE;
}
