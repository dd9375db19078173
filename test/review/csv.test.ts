import { describe, expect, it } from 'vitest';
import { BOM, csvField, toCsv } from '../../components/review/csv';
import { parseHash, toHash } from '../../components/review/hash';

describe('CSV', () => {
  it('quotes per RFC 4180 and guards against formula injection', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(csvField('+81 3 1234')).toBe("'+81 3 1234");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@evil')).toBe("'@evil");
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField(-5)).toBe('-5'); // numbers are data, not formulas
    expect(csvField(null)).toBe('');
    expect(csvField('株式会社アクメ')).toBe('株式会社アクメ');
  });

  it('starts with a UTF-8 BOM and ends lines with CRLF', () => {
    const csv = toCsv([
      ['会社', 'n'],
      ['アクメ, 東京', 3],
    ]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(`${BOM}会社,n\r\n"アクメ, 東京",3\r\n`);
    expect([...new TextEncoder().encode(csv).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('URL hash', () => {
  it('round-trips the view and filters and drops invalid values', () => {
    const state = { view: 'dashboard' as const, filters: { period: 'custom' as const, from: '2026-03-01', to: '2026-03-15', channel: 'webinar' as const, campaign: '春の展示会 2026', rep: 'u1' } };
    expect(parseHash(toHash(state))).toEqual(state);
    expect(parseHash('#period=forever&channel=nope&vendor=V1')).toEqual({ view: 'dashboard', filters: { period: 'month', vendor: 'V1' } });
    expect(parseHash('#view=definition').view).toBe('definition');
    expect(toHash({ view: 'dashboard', filters: { period: 'week', from: '2026-01-01' } })).toBe('#period=week');
  });
});
