import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/adapters/zoho';
import { loadFixture } from '../fixtures/load';
import { expectNoPerson, expectValid } from './expect-context';

const LEAD = new URL('https://crm.zoho.jp/crm/org90001234567/tab/Leads/4876876000000323001');

describe('zoho', () => {
  it('reads a lead detail view', () => {
    const ctx = expectValid(detect(LEAD, loadFixture('zoho/lead.html')));
    expect(ctx).toEqual({
      site: 'zoho',
      kind: 'crm-record',
      emails: ['taro@acme.example'],
      name: 'Mr. Taro Yamada',
      company: 'Acme KK',
      crmRecord: { system: 'zoho', objectType: 'Leads', recordId: '4876876000000323001', url: LEAD.href },
    });
  });

  it('finds no person on a list view, though every row shows an email', () => {
    const url = new URL('https://crm.zoho.jp/crm/org90001234567/tab/Leads/custom-view/4876876000000087501/list');
    expectNoPerson(url, loadFixture('zoho/leads-list.html'), detect);
  });

  it('finds the person once the detail view renders after navigation, not the hidden list it came from', () => {
    const doc = loadFixture('zoho/lead-loading.html');
    const loading = expectValid(detect(LEAD, doc));
    expect(loading.emails).toEqual([]);
    expect(loading.name).toBeUndefined();
    doc.querySelector('#dv_title')!.textContent = 'Mr. Taro Yamada';
    doc.querySelector('#dv_fields')!.innerHTML =
      '<div class="dvrow"><span class="dvLeftPanel_label">Company</span><span id="value_Company" data-zcqa="value_Company">Acme KK</span></div>' +
      '<div class="dvrow"><span class="dvLeftPanel_label">Email</span><span id="value_Email" data-zcqa="value_Email"><a href="mailto:taro@acme.example">taro@acme.example</a></span></div>';
    expect(detect(LEAD, doc)).toMatchObject({ emails: ['taro@acme.example'], name: 'Mr. Taro Yamada', company: 'Acme KK' });
  });
});
