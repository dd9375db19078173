import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { onMessage, removeAllListeners } from '../../lib/messages';
import { call, CallError } from '../../lib/content/messaging';
import type { PageContext } from '../../lib/adapters/page-context';

const page: PageContext = { site: 'gmail', kind: 'email-thread', emails: ['taro@acme.example'] };

afterEach(() => {
  removeAllListeners();
  fakeBrowser.reset();
});

// The content script's lightweight call() must speak the wire format of @webext-core/messaging,
// which the background's handlers are registered with.
describe('content script call()', () => {
  it('is answered by an onMessage handler of lib/messages', async () => {
    let received: unknown;
    onMessage('getBadge', ({ data }) => {
      received = data;
      return { ok: true, value: { state: 'unknown', email: data.emails[0]! } };
    });
    await expect(call('getBadge', page)).resolves.toEqual({ state: 'unknown', email: 'taro@acme.example' });
    expect(received).toEqual(page);
  });

  it('throws the protocol error the background answered with', async () => {
    onMessage('getBadge', () => ({ ok: false, error: { code: 'validation_failed', message: 'bad page' } }));
    const error = await call('getBadge', page).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallError);
    expect(error).toMatchObject({ code: 'validation_failed', message: 'bad page' });
  });

  it('throws when the handler itself failed', async () => {
    onMessage('getBadge', async () => {
      throw new Error('boom');
    });
    await expect(call('getBadge', page)).rejects.toMatchObject({ code: 'no_reply' });
  });
});
