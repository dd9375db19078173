import { describe, expect, it } from 'vitest';
import { detect, parseRecordUrl } from '../../lib/adapters/salesforce';
import { loadFixture } from '../fixtures/load';
import { expectNoPerson, expectValid } from './expect-context';

const LEAD = new URL('https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEEAV/view');

describe('salesforce', () => {
  it('reads the active Lightning record, not the hidden tab of an earlier one', () => {
    const ctx = expectValid(detect(LEAD, loadFixture('salesforce/lightning-lead.html')));
    expect(ctx).toEqual({
      site: 'salesforce',
      kind: 'crm-record',
      emails: ['taro.yamada@acme.example'],
      name: 'Taro Yamada',
      company: 'Acme KK',
      crmRecord: { system: 'salesforce', objectType: 'Lead', recordId: '00Q5g00000AbCdEEAV', url: LEAD.href },
    });
  });

  it('finds the person once the record layout renders after navigation', () => {
    const doc = loadFixture('salesforce/lightning-lead-loading.html');
    expect(detect(LEAD, doc)?.emails).toEqual([]);
    doc.querySelector('slot[name="primaryField"]')!.innerHTML = '<lightning-formatted-name>Taro Yamada</lightning-formatted-name>';
    doc.querySelector('#details')!.innerHTML =
      '<records-record-layout-item field-label="Email"><lightning-formatted-email><a href="mailto:taro@acme.example">taro@acme.example</a></lightning-formatted-email></records-record-layout-item>';
    expect(detect(LEAD, doc)).toMatchObject({ emails: ['taro@acme.example'], name: 'Taro Yamada' });
  });

  it('finds no person on a list view', () => {
    const doc = loadFixture('salesforce/lightning-list.html');
    expect(detect(new URL('https://acme.lightning.force.com/lightning/o/Lead/list?filterName=Recent'), doc)).toBeNull();
  });

  it('reads a Classic contact by its labelled fields; the key prefix gives the object', () => {
    const url = new URL('https://acme.my.salesforce.com/0035g00000XyZaB');
    const ctx = expectValid(detect(url, loadFixture('salesforce/classic-contact.html')));
    expect(ctx).toMatchObject({
      emails: ['hanako.suzuki@example.co.jp'],
      name: 'Hanako Suzuki',
      company: 'Example Trading',
      crmRecord: { objectType: 'Contact', recordId: '0035g00000XyZaB', url: 'https://acme.my.salesforce.com/0035g00000XyZaB' },
    });
  });

  it('finds no person on a Classic list view or the Leads tab home', () => {
    const doc = loadFixture('salesforce/classic-list.html');
    expectNoPerson(new URL('https://acme.my.salesforce.com/00Q?fcf=00B5g00000XyZaB'), doc, detect);
    expectNoPerson(new URL('https://acme.my.salesforce.com/00Q/o'), doc, detect);
  });

  it('reads a Classic account as the company, not the contacts in its related list', () => {
    const url = new URL('https://acme.my.salesforce.com/0015g00000XyZaB');
    const ctx = expectValid(detect(url, loadFixture('salesforce/classic-account.html')));
    expect(ctx).toEqual({
      site: 'salesforce',
      kind: 'crm-record',
      emails: [],
      company: 'Example Trading',
      crmRecord: { system: 'salesforce', objectType: 'Account', recordId: '0015g00000XyZaB', url: url.href },
    });
  });

  it('treats an Account header as the company, with no person email', () => {
    const doc = loadFixture('salesforce/lightning-lead.html');
    const ctx = detect(new URL('https://acme.lightning.force.com/lightning/r/Account/0015g00000XyZaBAAV/view'), doc);
    expect(ctx).toMatchObject({ emails: [], company: 'Acme KK' });
    expect(ctx?.name).toBeUndefined();
  });

  it('parses the object from Classic key prefixes', () => {
    expect(parseRecordUrl(new URL('https://acme.my.salesforce.com/00Q5g00000AbCdEEAV'))).toEqual({ objectType: 'Lead', recordId: '00Q5g00000AbCdEEAV' });
    expect(parseRecordUrl(new URL('https://acme.my.salesforce.com/0065g00000AbCdE'))?.objectType).toBe('Opportunity');
  });
});
