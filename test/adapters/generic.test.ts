import { describe, expect, it } from 'vitest';
import { detectPage } from '../../lib/adapters';
import { findCustomHost, normalisePattern, patternMatches, patternProblem } from '../../lib/adapters/custom-host';
import { detect, isValidSelector } from '../../lib/adapters/generic';
import { loadFixture } from '../fixtures/load';
import { expectValid } from './expect-context';

const URL_ = new URL('https://crm.example.co.jp/customers/42');

describe('generic adapter', () => {
  it('takes the visible mailto links without a selector', () => {
    const ctx = expectValid(detect(URL_, loadFixture('generic/custom-crm.html')));
    expect(ctx).toEqual({ site: 'generic', kind: 'crm-record', emails: ['rep@our.example', 'support@crm.example'] });
  });

  it('takes only what the user’s selector picks out', () => {
    const ctx = detect(URL_, loadFixture('generic/custom-crm.html'), '.contact-email');
    expect(ctx?.emails).toEqual(['taro.yamada@acme.example']);
  });

  it('finds nothing with an invalid selector rather than throwing', () => {
    expect(detect(URL_, loadFixture('generic/custom-crm.html'), 'dd[')?.emails).toEqual([]);
    expect(isValidSelector('dd[')).toBe(false);
    expect(isValidSelector('.contact-email')).toBe(true);
  });

  it('is what detectPage uses on a custom host configured for it', () => {
    const doc = loadFixture('generic/custom-crm.html');
    const stored = [
      { id: '1', pattern: 'https://other.example/*', adapter: 'generic' },
      { id: '2', pattern: 'https://crm.example.co.jp/*', adapter: 'generic', selector: '.contact-email' },
    ];
    const config = findCustomHost(stored, URL_);
    expect(config?.id).toBe('2');
    expect(detectPage(URL_, doc, config)?.emails).toEqual(['taro.yamada@acme.example']);
  });
});

describe('custom host patterns', () => {
  it.each(['<all_urls>', '*://*/*', 'https://*/*', 'http://*/*', 'https://*', 'https://*.com/*', 'https://*.co.jp/*'])('refuses the too-broad %s', (p) => {
    expect(patternProblem(p)).toBe('too-broad');
  });

  it.each(['file:///etc/*', 'ftp://crm.example/*', 'chrome://settings/*'])('refuses the non-http %s', (p) => {
    expect(patternProblem(p)).toBe('not-http');
  });

  it.each(['https://crm.example.co.jp', 'https://cr*m.example/*', 'https://crm.example.co.jp:99999999/*'])('refuses the malformed %s', (p) => {
    expect(patternProblem(p)).toBe('invalid');
  });

  it.each(['https://crm.example.co.jp/*', 'https://*.my-crm.example/*', 'http://localhost:8080/crm/*'])('accepts %s', (p) => {
    expect(patternProblem(p)).toBeNull();
  });

  it('normalises what the user typed', () => {
    expect(normalisePattern(' crm.example.co.jp ')).toBe('https://crm.example.co.jp/*');
    expect(normalisePattern('HTTPS://CRM.Example.co.jp')).toBe('https://crm.example.co.jp/*');
    expect(normalisePattern('https://*.my-crm.example/app/*')).toBe('https://*.my-crm.example/app/*');
  });

  it('matches URLs as the browser would', () => {
    expect(patternMatches('https://*.my-crm.example/*', new URL('https://eu.my-crm.example/x'))).toBe(true);
    expect(patternMatches('https://*.my-crm.example/*', new URL('https://my-crm.example/'))).toBe(true);
    expect(patternMatches('https://*.my-crm.example/*', new URL('https://my-crm.example.evil.com/'))).toBe(false);
    expect(patternMatches('https://*.my-crm.example/*', new URL('https://evilmy-crm.example/'))).toBe(false);
    expect(patternMatches('https://crm.example.co.jp/app/*', new URL('https://crm.example.co.jp/other'))).toBe(false);
    expect(patternMatches('https://crm.example.co.jp/*', new URL('http://crm.example.co.jp/'))).toBe(false);
  });

  it('skips malformed stored entries', () => {
    expect(findCustomHost([{ id: 1, pattern: 'https://crm.example.co.jp/*', adapter: 'generic' }], URL_)).toBeNull();
    expect(findCustomHost([{ id: '1', pattern: 'https://crm.example.co.jp/*', adapter: 'nope' }], URL_)).toBeNull();
    expect(findCustomHost('junk', URL_)).toBeNull();
  });
});
