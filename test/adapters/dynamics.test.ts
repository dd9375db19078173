import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/adapters/dynamics';
import { loadFixture } from '../fixtures/load';
import { expectNoPerson, expectValid } from './expect-context';

const GUID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

describe('dynamics', () => {
  it('reads a contact form (field values are inputs), with a braced, encoded id (Japan, crm7)', () => {
    const url = new URL(
      'https://acme.crm7.dynamics.com/main.aspx?appid=0A1B2C3D-1111-2222-3333-444455556666&pagetype=entityrecord&etn=contact&id=%7B3F2504E0-4F89-11D3-9A0C-0305E82C3301%7D',
    );
    const ctx = expectValid(detect(url, loadFixture('dynamics/contact.html')));
    expect(ctx).toEqual({
      site: 'dynamics',
      kind: 'crm-record',
      emails: ['taro.yamada@acme.example'],
      name: '山田 太郎',
      company: 'Acme KK',
      crmRecord: {
        system: 'dynamics',
        objectType: 'contact',
        recordId: GUID,
        url: `https://acme.crm7.dynamics.com/main.aspx?appid=0a1b2c3d-1111-2222-3333-444455556666&pagetype=entityrecord&etn=contact&id=${GUID}`,
      },
    });
  });

  it('finds the person once the form loads', () => {
    const url = new URL(`https://acme.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=${GUID}`);
    const doc = loadFixture('dynamics/lead-loading.html');
    expect(detect(url, doc)).toMatchObject({ emails: [] });
    expect(detect(url, doc)?.name).toBeUndefined();
    doc.querySelector('[data-id="header_title"]')!.textContent = 'Jiro Sato - Saved';
    doc.querySelector('#form')!.insertAdjacentHTML(
      'beforeend',
      '<input data-id="emailaddress1.fieldControl-mail-text-input" value="jiro@beta.example"><input data-id="companyname.fieldControl-text-box-text" value="Beta Inc">',
    );
    expect(detect(url, doc)).toMatchObject({ emails: ['jiro@beta.example'], name: 'Jiro Sato', company: 'Beta Inc' });
  });

  it('finds no person on a list view, though every row shows an email', () => {
    const url = new URL('https://acme.crm.dynamics.com/main.aspx?appid=0a1b2c3d-1111-2222-3333-444455556666&pagetype=entitylist&etn=lead&viewid=00000000-0000-0000-00aa-000010001001&viewType=1039');
    expectNoPerson(url, loadFixture('dynamics/lead-list.html'), detect);
  });
});
