import { describe, expect, it } from 'vitest';
import { emailFrom, guessCompany, splitName } from '../../lib/ui/guess-company';
import { formatDuration, formatMoney, formatRelative, parseAmount } from '../../lib/ui/format';
import { inboundEmailExternalId, timestampFrom, touchIdFor } from '../../lib/ui/ids';
import { slaClock } from '../../lib/ui/sla';
import { contextFromHash, parsePageContext } from '../../lib/ui/drawer-context';
import { encodeDrawerContext } from '../../lib/adapters/drawer-context';
import { emailContext } from './fake-background';

describe('guessCompany', () => {
  it('maps free mail to nothing', () => {
    for (const email of ['taro@gmail.com', 'hanako@yahoo.co.jp', 'a@docomo.ne.jp', 'b@icloud.com', 'c@outlook.jp', 'd@i.softbank.jp']) {
      expect(guessCompany(email), email).toBeUndefined();
    }
  });

  it('names the company from a corporate domain', () => {
    expect(guessCompany('taro@acme.co.jp')).toBe('Acme');
    expect(guessCompany('taro@mail.acme.co.jp')).toBe('Acme');
    expect(guessCompany('jane@blue-ocean.com')).toBe('Blue Ocean');
    expect(guessCompany('jane@globex.com.au')).toBe('Globex');
    expect(guessCompany('ken@sales.initech.jp')).toBe('Initech');
    expect(guessCompany('x@u-tokyo.ac.jp')).toBe('U Tokyo');
    expect(guessCompany('not-an-email')).toBeUndefined();
  });

  it('prefers a company named in the display name', () => {
    expect(guessCompany('taro@gmail.com', '山田 太郎（株式会社アクメ）')).toBe('株式会社アクメ');
    expect(guessCompany('jane@globex.com', 'Jane Doe | Globex Inc.')).toBe('Globex Inc.');
    expect(guessCompany('taro@acme.co.jp', '山田 太郎')).toBe('Acme');
  });
});

describe('splitName / emailFrom', () => {
  it('splits Japanese names family-first and Latin names given-first', () => {
    expect(splitName('山田 太郎')).toEqual({ family: '山田', given: '太郎' });
    expect(splitName('山田　太郎')).toEqual({ family: '山田', given: '太郎' });
    expect(splitName('山田太郎')).toEqual({ family: '山田太郎' });
    expect(splitName('Jane Doe')).toEqual({ given: 'Jane', family: 'Doe' });
    expect(splitName('Doe, Jane')).toEqual({ family: 'Doe', given: 'Jane' });
    expect(splitName('山田 太郎（株式会社アクメ）')).toEqual({ family: '山田', given: '太郎' });
    expect(splitName(undefined)).toEqual({});
    expect(splitName('taro@acme.co.jp')).toEqual({});
  });

  it('reads an address from a From header', () => {
    expect(emailFrom('山田 太郎 <Taro@Acme.co.jp>')).toBe('taro@acme.co.jp');
    expect(emailFrom('taro@acme.co.jp')).toBe('taro@acme.co.jp');
    expect(emailFrom('nobody')).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats yen per language', () => {
    expect(formatMoney(1_200_000, 'JPY', 'ja')).toBe('￥1,200,000');
    expect(formatMoney(1_200_000, 'JPY', 'en')).toBe('¥1,200,000');
    expect(formatMoney(1500, 'USD', 'en')).toBe('$1,500.00');
  });

  it('parses amounts people type', () => {
    expect(parseAmount('1,200,000')).toBe(1_200_000);
    expect(parseAmount('１２０００００')).toBe(1_200_000);
    expect(parseAmount('￥1,200,000')).toBe(1_200_000);
    expect(parseAmount('1200000円')).toBe(1_200_000);
    expect(parseAmount('12.5')).toBe(12.5);
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
    expect(parseAmount('abc')).toBeNull();
  });

  it('formats durations and relative times', () => {
    const H = 3_600_000;
    expect(formatDuration(26 * H, 'en')).toBe('1 d 2 h');
    expect(formatDuration(26 * H, 'ja')).toBe('1日2時間');
    expect(formatDuration(90 * 60_000, 'en')).toBe('1 h 30 min');
    expect(formatDuration(-5 * 60_000, 'ja')).toBe('5分');
    const now = Date.parse('2026-03-02T12:00:00.000Z');
    expect(formatRelative('2026-03-02T09:00:00.000Z', now, 'en')).toBe('3 hours ago');
    expect(formatRelative('2026-03-02T09:00:00.000Z', now, 'ja')).toBe('3 時間前');
  });
});

describe('ids', () => {
  it('gives the same touch for the same thread, and a subject-based id without one', () => {
    const a = inboundEmailExternalId({ threadId: 'abc', subject: 'x', from: 'a@b.co' });
    expect(a).toBe('thread:abc');
    const b1 = inboundEmailExternalId({ subject: ' 見積依頼 ', from: 'A@b.co' });
    const b2 = inboundEmailExternalId({ subject: '見積依頼', from: 'a@b.co' });
    expect(b1).toBe(b2);
    expect(b1).not.toBe(inboundEmailExternalId({ subject: '別件', from: 'a@b.co' }));
    expect(touchIdFor('ld_1', a)).toBe(touchIdFor('ld_1', a));
    expect(touchIdFor('ld_1', a)).toMatch(/^[A-Za-z0-9_:.-]{1,64}$/);
  });

  it('reads mail dates, falling back to now', () => {
    expect(timestampFrom('Mon, 2 Mar 2026 10:23:00 +0900')).toBe('2026-03-02T01:23:00.000Z');
    expect(timestampFrom('2026年3月2日', () => 'NOW')).toBe('NOW');
    expect(timestampFrom(undefined, () => 'NOW')).toBe('NOW');
  });
});

describe('slaClock', () => {
  const H = 3_600_000;
  const t0 = Date.parse('2026-03-02T00:00:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();

  it('separates routing delay from response delay', () => {
    const clock = slaClock({ status: 'pending', createdAt: iso(t0), assignedAt: iso(t0 + 2 * H), dueAt: iso(t0 + 26 * H) }, t0 + 5 * H);
    expect(clock).toMatchObject({ sinceHandoffMs: 5 * H, routingDelayMs: 2 * H, responseDelayMs: 3 * H, dueInMs: 21 * H, overdue: false, decided: false });
  });

  it('counts an unassigned queue handoff as waiting, and a decision stops the clock', () => {
    expect(slaClock({ status: 'pending', createdAt: iso(t0) }, t0 + H)).toMatchObject({ routingDelayMs: null, unassignedForMs: H, responseDelayMs: null, dueInMs: null });
    const decided = slaClock(
      { status: 'accepted', createdAt: iso(t0), assignedAt: iso(t0), dueAt: iso(t0 + 24 * H), decision: { kind: 'accept', by: 'u', at: iso(t0 + 30 * H) } },
      t0 + 50 * H,
    );
    expect(decided).toMatchObject({ responseDelayMs: 30 * H, dueInMs: -6 * H, overdue: true, decided: true });
  });
});

describe('drawer context', () => {
  it('decodes and validates the #ctx hash', () => {
    const ctx = emailContext('taro@acme.co.jp');
    expect(contextFromHash(encodeDrawerContext(ctx))).toEqual(ctx);
    expect(contextFromHash('#ctx=%7Bbroken')).toBeNull();
    expect(contextFromHash('')).toBeNull();
    expect(parsePageContext({ site: 'evil.example', kind: 'crm-record', emails: [] })).toBeNull();
  });
});
