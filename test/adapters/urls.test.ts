// refined-github style: every adapter accepts its own corpus and rejects every other adapter's.
import { describe, expect, it } from 'vitest';
import { ADAPTERS, adapterForHost, detectPage } from '../../lib/adapters';
import { ACCEPTED, REJECTED_BY_ALL } from './corpus';

const blank = () => document.implementation.createHTMLDocument('');

describe.each(ADAPTERS.map((a) => [a.site, a] as const))('%s', (site, adapter) => {
  for (const [owner, urls] of Object.entries(ACCEPTED)) {
    const mine = owner === site;
    it.each(urls)(`${mine ? 'accepts' : 'rejects'} ${owner} URL %s`, (href) => {
      expect(adapter.matchesUrl(new URL(href))).toBe(mine);
      if (!mine) expect(adapter.detect(new URL(href), blank())).toBeNull();
    });
  }

  it.each(REJECTED_BY_ALL)('rejects %s', (href) => {
    expect(adapter.matchesUrl(new URL(href))).toBe(false);
    expect(adapter.detect(new URL(href), blank())).toBeNull();
  });
});

describe('adapterForHost', () => {
  it.each(Object.entries(ACCEPTED).flatMap(([site, urls]) => urls.map((u) => [site, u])))('picks %s for %s', (site, href) => {
    expect(adapterForHost(new URL(href).hostname)?.site).toBe(site);
  });

  it('picks nothing for an unknown host, and detectPage needs a custom host entry there', () => {
    const url = new URL('https://crm.example.co.jp/customers/42');
    expect(adapterForHost(url.hostname)).toBeNull();
    expect(detectPage(url, blank())).toBeNull();
  });
});

describe('custom host mapped to a site adapter', () => {
  it('matches the path shape on any host', () => {
    const url = new URL('https://crm.example.co.jp/lightning/r/Lead/00Q5g00000AbCdEEAV/view');
    const salesforce = ADAPTERS.find((a) => a.site === 'salesforce')!;
    expect(salesforce.matchesUrl(url)).toBe(false);
    expect(salesforce.matchesUrl(url, true)).toBe(true);
    expect(detectPage(url, blank(), { id: '1', pattern: 'https://crm.example.co.jp/*', adapter: 'salesforce' })?.crmRecord).toEqual({
      system: 'salesforce',
      objectType: 'Lead',
      recordId: '00Q5g00000AbCdEEAV',
      url: 'https://crm.example.co.jp/lightning/r/Lead/00Q5g00000AbCdEEAV/view',
    });
  });
});
