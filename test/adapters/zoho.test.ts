import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/adapters/zoho';
import { loadFixture } from '../fixtures/load';
import { expectValid } from './expect-context';

describe('zoho', () => {
  it('reads a lead detail view', () => {
    const url = new URL('https://crm.zoho.jp/crm/org90001234567/tab/Leads/4876876000000323001');
    const ctx = expectValid(detect(url, loadFixture('zoho/lead.html')));
    expect(ctx).toEqual({
      site: 'zoho',
      kind: 'crm-record',
      emails: ['taro@acme.example'],
      name: 'Mr. Taro Yamada',
      company: 'Acme KK',
      crmRecord: { system: 'zoho', objectType: 'Leads', recordId: '4876876000000323001', url: url.href },
    });
  });

  it('finds no person on a list view', () => {
    const url = new URL('https://crm.zoho.jp/crm/org90001234567/tab/Leads/custom-view/4876876000000087501/list');
    expect(detect(url, loadFixture('zoho/lead.html'))).toBeNull();
  });
});
