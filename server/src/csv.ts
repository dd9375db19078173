import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { EmployeeBand, Industry, SourceChannel } from '../../lib/domain';

/**
 * CSV lead lists as marketers really have them: UTF-8 with or without a BOM, or Shift_JIS from
 * Japanese Excel; Japanese or English headers. Pure functions, no database.
 */

export class CsvError extends Error {}

/**
 * UTF-8 if the bytes are valid UTF-8, else CP932 (Windows Shift_JIS); the BOM is dropped.
 * Excel's "Unicode text" (UTF-16LE with a BOM, tab-separated) is read too.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'shift_jis' | 'utf-16le' } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
    if (text.includes('\u0000') || text.includes('\uFFFD')) throw new CsvError('The file is not text.');
    return { text, encoding: 'utf-16le' };
  }
  if (bytes.includes(0)) throw new CsvError('The file is not text (it contains NUL bytes).');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const text = iconv.decode(Buffer.from(bytes), 'cp932');
    if (text.includes('\uFFFD')) throw new CsvError('The file is neither UTF-8 nor Shift_JIS.');
    return { text, encoding: 'shift_jis' };
  }
}

export type CsvField =
  | 'email'
  | 'company'
  | 'fullName'
  | 'family'
  | 'given'
  | 'title'
  | 'department'
  | 'phone'
  | 'industry'
  | 'employees'
  | 'region'
  | 'country'
  | 'source'
  | 'campaign';

const HEADERS: Record<CsvField, string[]> = {
  email: ['email', 'emailaddress', 'mail', 'mailaddress', 'メールアドレス', 'eメール', 'eメールアドレス', 'メール', 'email(必須)'],
  company: ['company', 'companyname', 'account', 'accountname', 'organization', 'organisation', '会社名', '企業名', '会社', '法人名', '組織名'],
  fullName: ['name', 'fullname', 'contactname', '氏名', '名前', 'お名前', '担当者名', '担当者'],
  family: ['lastname', 'familyname', 'surname', '姓', '苗字', '名字'],
  given: ['firstname', 'givenname', '名'],
  title: ['title', 'jobtitle', 'position', '役職', '役職名', '肩書き', '肩書'],
  department: ['department', 'dept', 'division', '部署', '部署名', '部門', '所属'],
  phone: ['phone', 'phonenumber', 'tel', 'telephone', '電話番号', '電話', '代表電話'],
  industry: ['industry', '業種', '業界'],
  employees: ['employees', 'employeecount', 'numberofemployees', 'companysize', '従業員数', '社員数', '従業員規模'],
  region: ['region', 'prefecture', 'state', '都道府県', '地域', '所在地'],
  country: ['country', '国', '国名'],
  source: ['source', 'leadsource', 'channel', '流入元', 'リードソース', '流入経路', '獲得経路'],
  campaign: ['campaign', 'campaignname', 'キャンペーン', 'キャンペーン名', '施策', '施策名'],
};

const normaliseHeader = (h: string) => h.normalize('NFKC').trim().toLowerCase().replace(/[\s_\-・.]/g, '');
const HEADER_INDEX = new Map<string, CsvField>(
  Object.entries(HEADERS).flatMap(([field, names]) => names.map((n) => [normaliseHeader(n), field as CsvField] as const)),
);

export function mapHeaders(headers: string[]): (CsvField | null)[] {
  const used = new Set<CsvField>();
  return headers.map((h) => {
    const field = HEADER_INDEX.get(normaliseHeader(h.replace(/^\uFEFF/, ''))) ?? null;
    if (!field || used.has(field)) return null; // first column of a kind wins
    used.add(field);
    return field;
  });
}

export interface CsvRow {
  /** Spreadsheet row number: the header is row 1. */
  row: number;
  values: Partial<Record<CsvField, string>>;
}

export function parseCsv(text: string): CsvRow[] {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  // A one-column file has no delimiter to detect (comma is assumed); broken quoting is fatal.
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) throw new CsvError(`The CSV is malformed near row ${(fatal.row ?? 0) + 1}: ${fatal.message}`);
  const [header, ...body] = parsed.data;
  if (!header) throw new CsvError('The file is empty.');
  const fields = mapHeaders(header);
  if (!fields.includes('email')) throw new CsvError('No email column (email, メールアドレス, Eメール …) was found in the header.');
  return body.map((cells, i) => {
    const values: CsvRow['values'] = {};
    fields.forEach((field, col) => {
      const value = cells[col]?.trim();
      if (field && value) values[field] = value;
    });
    return { row: i + 2, values };
  });
}

const INDUSTRY_WORDS: [Industry, string[]][] = [
  ['software', ['ソフトウェア', 'saas', 'software', 'パッケージ']],
  ['it_services', ['情報通信', '情報処理', 'システム', '通信', 'it', 'internet', 'インターネット', 'telecom']],
  ['manufacturing', ['製造', 'メーカー', 'manufactur']],
  ['finance', ['金融', '銀行', '保険', '証券', 'finance', 'bank', 'insurance']],
  ['retail', ['小売', '卸', '流通', 'retail', 'wholesale', 'ec']],
  ['healthcare', ['医療', '製薬', 'ヘルスケア', '病院', 'health', 'pharma', 'medical']],
  ['construction', ['建設', '建築', '不動産', 'construction', 'real estate']],
  ['logistics', ['物流', '運輸', '運送', '倉庫', 'logistics', 'transport']],
  ['public_sector', ['官公庁', '自治体', '公共', '行政', 'government', 'public']],
  ['education', ['教育', '学校', '大学', 'education', 'university', 'school']],
  ['media', ['メディア', '広告', '出版', '放送', 'media', 'advertising', 'publishing']],
  ['consulting', ['コンサル', 'consult']],
];

export function toIndustry(raw: string): Industry {
  const value = raw.normalize('NFKC').trim().toLowerCase();
  const direct = Industry.safeParse(value);
  if (direct.success) return direct.data;
  for (const [industry, words] of INDUSTRY_WORDS) {
    if (words.some((w) => (/^[a-z ]+$/.test(w) && w.length <= 3 ? value.split(/[^a-z]+/).includes(w) : value.includes(w)))) return industry;
  }
  return 'other';
}

/** '1,200名', '300-999', '100〜299人', '5000+' → a band; undefined if no number. */
export function toEmployeeBand(raw: string): EmployeeBand | undefined {
  const value = raw.normalize('NFKC').trim();
  const direct = EmployeeBand.safeParse(value);
  if (direct.success) return direct.data;
  const n = Number(/\d[\d,]*/.exec(value)?.[0].replace(/,/g, ''));
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n < 10) return '1-9';
  if (n < 50) return '10-49';
  if (n < 100) return '50-99';
  if (n < 300) return '100-299';
  if (n < 1000) return '300-999';
  if (n < 5000) return '1000-4999';
  return '5000+';
}

const SOURCE_WORDS: [SourceChannel, string[]][] = [
  ['exhibition', ['展示会', 'exhibition', 'trade show', 'tradeshow', 'expo']],
  ['webinar', ['ウェビナー', 'webinar', 'オンラインセミナー']],
  ['seminar', ['セミナー', 'seminar', 'イベント', 'event']],
  ['web_form', ['問い合わせ', '問合せ', 'フォーム', '資料請求', 'web form', 'webform', 'form', 'contact']],
  ['inbound_email', ['メール', 'email', 'inbound']],
  ['referral', ['紹介', 'referral']],
  ['partner', ['パートナー', '代理店', 'partner', 'reseller']],
  ['purchased_list', ['購入', 'purchased', 'bought']],
  ['outsourced_list', ['外部委託', 'アウトソース', 'outsourced', 'テレアポ']],
  ['ad', ['広告', 'ads', 'ad', 'advert', 'adwords', 'リスティング']],
  ['organic', ['自然検索', 'オーガニック', 'organic', 'seo']],
];

export function toSourceChannel(raw: string): SourceChannel {
  const value = raw.normalize('NFKC').trim().toLowerCase();
  const direct = SourceChannel.safeParse(value);
  if (direct.success) return direct.data;
  for (const [channel, words] of SOURCE_WORDS) {
    if (words.some((w) => (/^[a-z]+$/.test(w) && w.length <= 3 ? value.split(/[^a-z]+/).includes(w) : value.includes(w)))) return channel;
  }
  return 'other';
}

const PREFECTURE = /^(東京都|北海道|京都府|大阪府|.{2,3}県)$/;

export function toCountry(raw: string): string | undefined {
  const value = raw.normalize('NFKC').trim();
  if (/^(日本|japan|jp|jpn)$/i.test(value)) return 'JP';
  if (/^[a-z]{2}$/i.test(value)) return value.toUpperCase();
  return undefined;
}

export function isJapanesePrefecture(raw: string): boolean {
  return PREFECTURE.test(raw.normalize('NFKC').trim());
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

/** '山田 太郎' → family 山田, given 太郎; 'Taro Yamada' → given Taro, family Yamada. */
export function splitName(raw: string): { family?: string; given?: string } {
  const parts = raw.normalize('NFKC').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return {};
  const japanese = CJK.test(raw);
  if (parts.length === 1) return japanese ? { family: parts[0]! } : { given: parts[0]! };
  if (japanese) return { family: parts[0]!, given: parts.slice(1).join(' ') };
  return { given: parts.slice(0, -1).join(' '), family: parts.at(-1)! };
}
