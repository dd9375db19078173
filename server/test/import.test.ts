import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadIdForEmail, type Lead } from '../../lib/domain';
import { splitName, toEmployeeBand, toIndustry, toSourceChannel } from '../src/csv';
import { ApiClient } from './support/client';
import { openHarness, STORAGES, type Harness } from './support/storages';

const JAPANESE_CSV = [
  '会社名,氏名,メールアドレス,役職,部署,電話番号,業種,従業員数,都道府県,流入元,キャンペーン',
  '株式会社山田製作所,山田 太郎,taro@yamada.co.jp,部長,情報システム部,03-1234-5678,製造業,"1,200名",東京都,展示会,DX EXPO 2026',
  '合同会社サンプル,佐藤 花子,hanako@sample.jp,課長,営業部,06-0000-0000,ソフトウェア,50,大阪府,ウェビナー,',
  '重複商事,重複 一郎,TARO@yamada.co.jp,,,,,,,,',
  'メールなし株式会社,無記名,,,,,,,,,',
  'ダメ株式会社,駄目 次郎,not-an-email,,,,,,,,',
].join('\r\n');

describe('CSV value mapping', () => {
  it('maps Japanese and English values', () => {
    expect(toIndustry('製造業')).toBe('manufacturing');
    expect(toIndustry('IT')).toBe('it_services');
    expect(toIndustry('Finance')).toBe('finance');
    expect(toIndustry('農業')).toBe('other');
    expect(toEmployeeBand('1,200名')).toBe('1000-4999');
    expect(toEmployeeBand('300-999')).toBe('300-999');
    expect(toEmployeeBand('不明')).toBeUndefined();
    expect(toSourceChannel('展示会')).toBe('exhibition');
    expect(toSourceChannel('Webinar')).toBe('webinar');
    expect(splitName('山田　太郎')).toEqual({ family: '山田', given: '太郎' });
    expect(splitName('Taro Yamada')).toEqual({ given: 'Taro', family: 'Yamada' });
  });
});

describe.each(STORAGES)('POST /api/import/leads on $name', (storage) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(storage);
  });
  afterAll(async () => h?.close());

  const upload = (client: ApiClient, body: BodyInit, dryRun: boolean, type = 'text/csv') =>
    client.request(`/api/import/leads?dryRun=${dryRun}`, { method: 'POST', headers: { 'content-type': type }, body });
  const leads = async (client: ApiClient) =>
    [...(await client.pullAll()).state.entries()].filter(([k]) => k.startsWith('lead:')).map(([, v]) => v as Lead);

  for (const encoding of ['utf-8', 'utf-8 with BOM', 'shift_jis'] as const) {
    it(`imports a Japanese Excel export in ${encoding}; dry run first writes nothing`, async () => {
      const seed = await h.seed();
      const marketer = new ApiClient(h.app, seed.marketer.token);
      const bytes = new Uint8Array(
        encoding === 'shift_jis' ? iconv.encode(JAPANESE_CSV, 'Shift_JIS') : Buffer.from((encoding === 'utf-8' ? '' : '\uFEFF') + JAPANESE_CSV, 'utf8'),
      );
      const dry = await upload(marketer, bytes, true);
      expect(dry.status).toBe(200);
      const report = await dry.json();
      expect(report).toMatchObject({ dryRun: true, encoding: encoding === 'shift_jis' ? 'shift_jis' : 'utf-8', rows: 5, accepted: 2, created: 2, updated: 0 });
      expect(report.rejected).toEqual([
        { row: 4, code: 'duplicate_in_file', message: 'The same email is on row 2.' },
        { row: 5, code: 'validation_failed', message: 'email: missing' },
        { row: 6, code: 'validation_failed', message: 'email: not an email address' },
      ]);
      expect(await leads(marketer)).toEqual([]);

      const real = await upload(marketer, bytes, false);
      expect(await real.json()).toMatchObject({ dryRun: false, accepted: 2, created: 2 });
      const taro = (await leads(marketer)).find((l) => l.id === leadIdForEmail('taro@yamada.co.jp'))!;
      expect(taro).toMatchObject({
        email: 'taro@yamada.co.jp',
        company: '株式会社山田製作所',
        name: { family: '山田', given: '太郎' },
        title: '部長',
        department: '情報システム部',
        phone: '03-1234-5678',
        firmographics: { industry: 'manufacturing', employeeBand: '1000-4999', region: '東京都', country: 'JP' },
        source: { channel: 'exhibition', campaign: 'DX EXPO 2026' },
        stage: 'inquiry',
      });
      // Importing again updates nothing that did not change.
      expect(await (await upload(marketer, bytes, false)).json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    });
  }

  it('takes English headers and multipart uploads, and updates existing leads', async () => {
    const seed = await h.seed();
    const marketer = new ApiClient(h.app, seed.marketer.token);
    await upload(marketer, 'Email,First Name,Last Name,Company\njane@acme.com,Jane,Doe,ACME\n', false);
    const form = new FormData();
    form.set('file', new Blob(['E-mail,Job Title,Lead Source\njane@acme.com,VP Sales,Referral\n'], { type: 'text/csv' }), 'leads.csv');
    const res = await marketer.request('/api/import/leads?dryRun=false', { method: 'POST', body: form });
    expect(await res.json()).toMatchObject({ accepted: 1, created: 0, updated: 1 });
    const jane = (await leads(marketer))[0]!;
    expect(jane).toMatchObject({ name: { given: 'Jane', family: 'Doe' }, company: 'ACME', title: 'VP Sales', source: { channel: 'other' } });
  });

  it('a file that fails as a whole writes nothing', async () => {
    const seed = await h.seed();
    const marketer = new ApiClient(h.app, seed.marketer.token);
    const cases: [BodyInit, number, string][] = [
      ['会社名,氏名\nACME,山田\n', 400, 'csv_invalid'], // no email column
      [new Uint8Array([0x00, 0x41, 0x00, 0x42, 0x01]), 400, 'csv_invalid'], // binary
      ['email,name\n"a@b.jp,broken\n', 400, 'csv_invalid'], // unclosed quote
      [new Uint8Array([0x82, 0xa0, 0xff, 0xff, 0x80]), 400, 'csv_invalid'], // neither UTF-8 nor Shift_JIS
      ['', 400, 'csv_invalid'],
    ];
    for (const [body, status, code] of cases) {
      const res = await upload(marketer, body, false);
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
    expect((await upload(marketer, 'email\na@b.jp\n', false, 'application/json')).status).toBe(415);
    expect((await marketer.request('/api/import/leads?dryRun=maybe', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'email\na@b.jp' })).status).toBe(400);
    const huge = 'email\n' + 'x'.repeat(5 * 1024 * 1024 + 10);
    const tooBig = await upload(marketer, huge, false);
    expect(tooBig.status).toBe(413);
    expect(await leads(marketer)).toEqual([]);
  });

  it("imports only into the token's workspace", async () => {
    const a = await h.seed();
    const b = await h.seed();
    await upload(new ApiClient(h.app, a.marketer.token), 'email\nonly-a@acme.com\n', false);
    expect(await leads(new ApiClient(h.app, b.marketer.token))).toEqual([]);
    expect(await leads(new ApiClient(h.app, a.marketer.token))).toHaveLength(1);
  });

  it('reads Excel "Unicode text" (UTF-16LE, tab-separated)', async () => {
    const seed = await h.seed();
    const marketer = new ApiClient(h.app, seed.marketer.token);
    const text = 'メールアドレス\t会社名\r\nutf16@acme.co.jp\tユニコード株式会社\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    expect(await (await upload(marketer, bytes, false)).json()).toMatchObject({ encoding: 'utf-16le', created: 1 });
    expect((await leads(marketer))[0]).toMatchObject({ email: 'utf16@acme.co.jp', company: 'ユニコード株式会社' });
  });

  it('sales and integration tokens may not import', async () => {
    const seed = await h.seed();
    for (const who of ['sales', 'integration'] as const) {
      expect((await upload(new ApiClient(h.app, seed[who].token), 'email\na@b.jp\n', false)).status, who).toBe(403);
    }
  });
});
