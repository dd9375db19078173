/**
 * `call()` for the content script, without @webext-core/messaging: that library bundles
 * webextension-polyfill and an error serialiser (~5 KB gzip), a third of the 12 KB budget.
 * Same wire format, so the background's `onMessage` handlers (lib/messages.ts) answer it unchanged:
 * request `{id, type, data, timestamp}`, reply `{res: Reply<T>}` or `{err}`.
 * Only types come from lib/messages.ts: importing a value would pull the library back in.
 */
import { browser } from 'wxt/browser';
import type { Reply, RequestName, RequestOf, Responses } from '../messages';

export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

let nextId = Math.floor(Math.random() * 10_000);

export async function call<N extends RequestName>(name: N, data: RequestOf<N>): Promise<Responses[N]> {
  const message = { id: nextId++, type: name, data, timestamp: Date.now() };
  const reply = (await browser.runtime.sendMessage(message)) as { res?: Reply<Responses[N]>; err?: unknown } | undefined;
  if (!reply || reply.err != null || !reply.res) throw new CallError('no_reply', `No reply to ${name}`);
  if (!reply.res.ok) throw new CallError(reply.res.error.code, reply.res.error.message);
  return reply.res.value;
}
