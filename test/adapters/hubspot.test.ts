import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/adapters/hubspot';
import { loadFixture } from '../fixtures/load';
import { expectValid } from './expect-context';

const CONTACT = new URL('https://app-eu1.hubspot.com/contacts/4812345/record/0-1/901');

describe('hubspot', () => {
  it('reads the contact highlight, not the nav or the timeline', () => {
    const ctx = expectValid(detect(CONTACT, loadFixture('hubspot/contact.html')));
    expect(ctx).toEqual({
      site: 'hubspot',
      kind: 'crm-record',
      emails: ['taro@acme.example'],
      name: 'Taro Yamada',
      company: 'Acme KK',
      crmRecord: { system: 'hubspot', objectType: 'contact', recordId: '901', url: 'https://app-eu1.hubspot.com/contacts/4812345/record/0-1/901' },
    });
  });

  it('finds the person once the sidebar renders', () => {
    const doc = loadFixture('hubspot/contact-loading.html');
    expect(detect(CONTACT, doc)?.emails).toEqual([]);
    doc.querySelector('#sidebar')!.innerHTML =
      '<h2 data-selenium-test="highlightTitle">Taro Yamada</h2><div data-selenium-test="contact-highlight-details"><a href="mailto:taro@acme.example">taro@acme.example</a></div>';
    expect(detect(CONTACT, doc)).toMatchObject({ emails: ['taro@acme.example'], name: 'Taro Yamada' });
  });

  it('finds no person on the contacts list', () => {
    const doc = loadFixture('hubspot/contacts-list.html');
    expect(detect(new URL('https://app.hubspot.com/contacts/4812345/objects/0-1/views/all/list'), doc)).toBeNull();
  });

  it('reads the legacy /contact/{id} URL too', () => {
    const ctx = detect(new URL('https://app.hubspot.com/contacts/4812345/contact/901'), loadFixture('hubspot/contact.html'));
    expect(ctx?.crmRecord?.url).toBe('https://app.hubspot.com/contacts/4812345/record/0-1/901');
  });
});
