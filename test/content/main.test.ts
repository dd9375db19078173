import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CUSTOM_HOSTS_KEY } from '../../lib/adapters/custom-host';
import { main } from '../../lib/content/main';
import type { BadgeInfo } from '../../lib/messages';
import { loadFixture } from '../fixtures/load';

interface Sent {
  type: string;
  data: { site: string; emails: string[] };
}

let sent: Sent[];
let answer: (data: Sent['data']) => BadgeInfo;
/** The language saved in the options page; null: the background gives no settings. */
let language: 'auto' | 'ja' | 'en' | null;
let settingsAsked: number;
let ctx: ContentScriptContext;

function setPage(url: string, fixture: string) {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
  loadFixture(fixture);
}

/** The badge button inside our (closed, so opened for the test) shadow root. */
const badge = () => document.querySelector('aun-page-ui')?.shadowRoot?.querySelector('button') ?? null;

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  answer = (data) => ({ state: 'unknown', email: data.emails[0]! });
  language = 'auto';
  settingsAsked = 0;
  // The background, answering in @webext-core/messaging's wire format.
  fakeBrowser.runtime.onMessage.addListener(((message: Sent) => {
    if (message.type === 'getSettings') {
      settingsAsked++;
      return Promise.resolve(
        language === null
          ? { res: { ok: false, error: { code: 'internal', message: 'not ready' } } }
          : { res: { ok: true, value: { language, serverUrl: null, hasToken: false, notifications: true } } },
      );
    }
    sent.push(message);
    return Promise.resolve({ res: { ok: true, value: answer(message.data) } });
  }) as never);
  const attach = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init) {
    return attach.call(this, { ...init, mode: 'open' });
  });
  ctx = new ContentScriptContext('crm');
});

afterEach(() => {
  ctx.abort();
  vi.restoreAllMocks();
});

describe('content script', () => {
  it('on a custom host with the generic adapter: detects, asks for the badge, shows it, follows DOM changes', async () => {
    setPage('https://crm.example.co.jp/customers/42', 'generic/custom-crm.html');
    await fakeBrowser.storage.local.set({
      [CUSTOM_HOSTS_KEY]: [{ id: '1', pattern: 'https://crm.example.co.jp/*', adapter: 'generic', selector: '.contact-email' }],
    });

    await main(ctx);
    await vi.waitFor(() => expect(badge()?.textContent).toBe('+'));
    expect(sent).toEqual([
      expect.objectContaining({ type: 'getBadge', data: { site: 'generic', kind: 'crm-record', emails: ['taro.yamada@acme.example'] } }),
    ]);

    // The page shows someone else: one new request, once the observer's delay has passed.
    answer = () => ({ state: 'known', leadId: 'l1', grade: 'C3', mqlReady: false, pendingHandoff: false });
    document.querySelector('.contact-email')!.textContent = 'hanako@acme.example';
    await vi.waitFor(() => expect(badge()?.textContent).toBe('C3'));
    expect(sent.map((m) => m.data.emails)).toEqual([['taro.yamada@acme.example'], ['hanako@acme.example']]);

    // Unrelated DOM churn: the same person, no request.
    document.body.append(document.createElement('div'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sent).toHaveLength(2);
  });

  it('on Gmail: shows the grade of a known sender', async () => {
    setPage('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmwnjZhZrWqfTnJvqrfm', 'gmail/thread.html');
    answer = () => ({ state: 'known', leadId: 'l1', grade: 'A2', mqlReady: true, pendingHandoff: false });
    await main(ctx);
    await vi.waitFor(() => expect(badge()?.textContent).toBe('A2'));
    expect(badge()?.getAttribute('aria-label')).toMatch(/^Aun: lead grade A2 \(MQL ready\) — open sidebar$/);
    expect(sent[0]?.data.emails).toEqual(['taro@acme.example', 'hanako@acme.example']);
  });

  it('adds nothing to a page without a person and asks nothing', async () => {
    setPage('https://mail.google.com/mail/u/0/#inbox', 'gmail/inbox.html');
    await main(ctx);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.querySelector('aun-page-ui')).toBeNull();
    expect(sent).toEqual([]);
    expect(settingsAsked).toBe(0);
  });

  it('does nothing on a host that is neither known nor added', async () => {
    setPage('https://crm.example.co.jp/customers/42', 'generic/custom-crm.html');
    await main(ctx);
    document.body.append(document.createElement('div'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(document.querySelector('aun-page-ui')).toBeNull();
    expect(sent).toEqual([]);
  });

  it('stops cleanly when its context is invalidated (extension updated or reloaded)', async () => {
    setPage('https://crm.example.co.jp/customers/42', 'generic/custom-crm.html');
    await fakeBrowser.storage.local.set({ [CUSTOM_HOSTS_KEY]: [{ id: '1', pattern: 'https://crm.example.co.jp/*', adapter: 'generic' }] });
    await main(ctx);
    await vi.waitFor(() => expect(badge()).not.toBeNull());

    ctx.abort();
    expect(document.querySelector('aun-page-ui')).toBeNull();
    document.querySelector('.contact-card')!.insertAdjacentHTML('beforeend', '<a href="mailto:new@acme.example">new</a>');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sent).toHaveLength(1);
  });

  describe('speaks the language chosen in the options page', () => {
    const KNOWN: BadgeInfo = { state: 'known', leadId: 'l1', grade: 'B2', mqlReady: false, pendingHandoff: true };
    const gmailThread = async () => {
      setPage('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmwnjZhZrWqfTnJvqrfm', 'gmail/thread.html');
      answer = () => KNOWN;
      await main(ctx);
      await vi.waitFor(() => expect(badge()?.textContent).toBe('B2'));
      return badge()!.getAttribute('aria-label');
    };
    const browserLanguage = (lang: string) => vi.spyOn(navigator, 'language', 'get').mockReturnValue(lang);

    it('Japanese when chosen, in an English browser', async () => {
      browserLanguage('en-US');
      language = 'ja';
      expect(await gmailThread()).toBe('Aun: リードグレード B2 (引き継ぎ待ち) — サイドバーを開く');
      expect(document.querySelector('aun-page-ui')!.shadowRoot!.querySelector('#aun-drawer')!.getAttribute('aria-label')).toBe('Aun サイドバー');
      expect(settingsAsked).toBe(1);
    });

    it('English when chosen, in a Japanese browser', async () => {
      browserLanguage('ja-JP');
      language = 'en';
      expect(await gmailThread()).toBe('Aun: lead grade B2 (handoff pending) — open sidebar');
    });

    it("the browser's language on 'auto', or when the background cannot say", async () => {
      browserLanguage('ja-JP');
      expect(await gmailThread()).toMatch(/^Aun: リードグレード B2/);
      ctx.abort();
      ctx = new ContentScriptContext('crm');
      language = null;
      browserLanguage('en-GB');
      expect(await gmailThread()).toMatch(/^Aun: lead grade B2/);
    });
  });
});
