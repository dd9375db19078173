import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/adapters/pipedrive';
import { loadFixture } from '../fixtures/load';
import { expectValid } from './expect-context';

describe('pipedrive', () => {
  it('reads a person by its labelled fields, not the help link', () => {
    const url = new URL('https://acme.pipedrive.com/person/1234');
    const ctx = expectValid(detect(url, loadFixture('pipedrive/person.html')));
    expect(ctx).toEqual({
      site: 'pipedrive',
      kind: 'crm-record',
      emails: ['taro@acme.example'],
      name: 'Taro Yamada',
      company: 'Acme KK',
      crmRecord: { system: 'pipedrive', objectType: 'person', recordId: '1234', url: 'https://acme.pipedrive.com/person/1234' },
    });
  });

  it('reads the open lead in the inbox, not the list beside it', () => {
    const url = new URL('https://acme.pipedrive.com/leads/inbox/2D6C2E40-8A1F-11EE-B9D1-0242AC120002');
    const ctx = expectValid(detect(url, loadFixture('pipedrive/lead-inbox.html')));
    expect(ctx).toMatchObject({
      emails: ['taro@acme.example'],
      company: 'Acme KK',
      crmRecord: { objectType: 'lead', recordId: '2d6c2e40-8a1f-11ee-b9d1-0242ac120002' },
    });
  });

  it('finds the person once their fields render after navigation, never the help link meanwhile', () => {
    const url = new URL('https://acme.pipedrive.com/person/1234');
    const doc = loadFixture('pipedrive/person-loading.html');
    const loading = expectValid(detect(url, doc));
    expect(loading.emails).toEqual([]);
    expect(loading.name).toBeUndefined();
    doc.querySelector('[data-testid="header-title"]')!.textContent = 'Taro Yamada';
    doc.querySelector('#details')!.innerHTML =
      '<dl class="fields"><dt>Organization</dt><dd><a href="/organization/77">Acme KK</a></dd><dt>Email</dt><dd><a href="mailto:taro@acme.example">taro@acme.example</a></dd></dl>';
    expect(detect(url, doc)).toMatchObject({ emails: ['taro@acme.example'], name: 'Taro Yamada', company: 'Acme KK' });
  });

  it('finds no person on the inbox without an open lead', () => {
    expect(detect(new URL('https://acme.pipedrive.com/leads/inbox'), loadFixture('pipedrive/lead-inbox.html'))).toBeNull();
  });
});
