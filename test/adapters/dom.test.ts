import { describe, expect, it } from 'vitest';
import { emailsFromMailto, isVisible, makeContext, uniqueEmails } from '../../lib/adapters/dom';
import { decodeDrawerContext, encodeDrawerContext } from '../../lib/adapters/drawer-context';

describe('adapter helpers', () => {
  it('reads mailto links with several, encoded addresses and a query', () => {
    expect(emailsFromMailto('mailto:Taro%40Acme.example,jiro@beta.example?subject=Hi%20there')).toEqual(['taro@acme.example', 'jiro@beta.example']);
    expect(emailsFromMailto('MAILTO:a@b.example')).toEqual(['a@b.example']);
    expect(emailsFromMailto('mailto:%E0%A4%A')).toEqual([]);
    expect(emailsFromMailto('https://a@b.example')).toEqual([]);
  });

  it('normalises, validates, de-duplicates and caps addresses', () => {
    expect(uniqueEmails([' A@x.example', 'a@x.example', 'nope', 'b@x.example'], ['B@X.example'])).toEqual(['a@x.example']);
    expect(uniqueEmails(Array.from({ length: 80 }, (_, i) => `p${i}@x.example`))).toHaveLength(50);
  });

  it('sees hidden, aria-hidden, inline display:none and class-hidden ancestors', () => {
    document.body.innerHTML = `<style>.gone{display:none}</style>
      <div id="a"><span id="shown">x</span></div>
      <div hidden><span id="h1">x</span></div>
      <div aria-hidden="true"><span id="h2">x</span></div>
      <div style="display: none"><span id="h3">x</span></div>
      <div style="visibility:hidden"><span id="h4">x</span></div>
      <div class="gone"><span id="h5">x</span></div>`;
    expect(isVisible(document.getElementById('shown')!)).toBe(true);
    for (const id of ['h1', 'h2', 'h3', 'h4', 'h5']) expect(isVisible(document.getElementById(id)!), id).toBe(false);
    expect(isVisible(document.createElement('span'))).toBe(false);
  });

  it('cuts text to the schema limits and leaves empty fields out', () => {
    const ctx = makeContext({ site: 'generic', kind: 'crm-record', emails: [], name: `  ${'x'.repeat(300)} `, company: '   ' });
    expect(ctx.name).toHaveLength(200);
    expect('company' in ctx).toBe(false);
  });
});

describe('drawer context', () => {
  it('round-trips through the URL hash, hostile text included', () => {
    const ctx = makeContext({
      site: 'gmail',
      kind: 'email-thread',
      emails: ['taro@acme.example'],
      message: { subject: '<img src=x onerror=alert(1)> & #ctx=evil', from: 'taro@acme.example' },
    });
    const hash = encodeDrawerContext(ctx);
    expect(hash.startsWith('#ctx=')).toBe(true);
    expect(decodeDrawerContext(hash)).toEqual(ctx);
  });

  it('gives null for a missing or malformed context', () => {
    expect(decodeDrawerContext('')).toBeNull();
    expect(decodeDrawerContext('#ctx=%7Bnope')).toBeNull();
  });
});
