/**
 * Small DOM readers shared by the site adapters. Zod-free on purpose: this ships in the content
 * script (≤ 12 KB gzip). Everything here reads text (`textContent`, attributes), never HTML.
 */
import { isEmail, normaliseEmail } from '../domain/email';
import type { PageContext } from './page-context';
import type { Site } from './sites';

/** Limits of the PageContext schema; we cut to them so the background's validation never rejects a page. */
const MAX_EMAILS = 50;
const MAX_NAME = 200;

/**
 * Whether an element is shown. Webmail and Lightning keep earlier views in the DOM, hidden, so only
 * visible elements may count. Structural checks first (they work without layout, e.g. in happy-dom),
 * then `checkVisibility()` where it exists, which also sees class-based `display: none`.
 */
export function isVisible(el: Element): boolean {
  if (!el.isConnected) return false;
  for (let n: Element | null = el; n; n = n.parentElement) {
    if (n.hasAttribute('hidden') || n.getAttribute('aria-hidden') === 'true') return false;
    const style = (n as HTMLElement).style as CSSStyleDeclaration | undefined;
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return false;
  }
  return typeof el.checkVisibility !== 'function' || el.checkVisibility({ visibilityProperty: true });
}

/** Visible matches of the first selector that has any, in document order. */
export function visibleAll(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const selector of selectors) {
    let found: Element[];
    try {
      found = Array.from(root.querySelectorAll(selector)).filter(isVisible);
    } catch {
      continue; // an invalid (e.g. user-given) selector finds nothing
    }
    if (found.length > 0) return found;
  }
  return [];
}

export function firstVisible(root: ParentNode, selectors: readonly string[]): Element | null {
  return visibleAll(root, selectors)[0] ?? null;
}

/** Collapsed, trimmed text, cut to `max` characters; undefined when empty. */
export function cleanText(raw: string | null | undefined, max = MAX_NAME): string | undefined {
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, max) : undefined;
}

/** By tag name, not instanceof: page elements and a test's parsed documents may come from another realm. */
function isField(el: Element): el is HTMLInputElement | HTMLTextAreaElement {
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA';
}

/** The text of an element (an input's value for form fields). */
export function textOf(el: Element | null, max = MAX_NAME): string | undefined {
  if (!el) return undefined;
  const value = isField(el) ? el.value : el.textContent;
  return cleanText(value ?? el.getAttribute('title'), max);
}

const EMAIL_IN_TEXT = /[\w.!#$%&'*+/=?^`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;

/** Every address in a string, normalised. */
export function emailsInText(raw: string | null | undefined): string[] {
  return (raw?.match(EMAIL_IN_TEXT) ?? []).map(normaliseEmail).filter(isEmail);
}

/** Addresses of a `mailto:` href: `mailto:a@x.com,b@x.com?subject=…`, possibly percent-encoded. */
export function emailsFromMailto(href: string): string[] {
  if (!/^mailto:/i.test(href)) return [];
  let body = href.slice(7).split('?')[0] ?? '';
  try {
    body = decodeURIComponent(body);
  } catch {
    // keep it undecoded; a malformed escape must not break detection
  }
  return body.split(',').flatMap(emailsInText);
}

/**
 * Addresses an element carries: the attributes sites put them in (`email`, `href="mailto:"`, `title`,
 * `aria-label`, `data-hovercard-id`), then an input's value, then its text.
 */
export function emailsOf(el: Element): string[] {
  const href = el.getAttribute('href');
  if (href) {
    const fromHref = emailsFromMailto(href);
    if (fromHref.length > 0) return fromHref;
  }
  for (const attr of ['email', 'data-hovercard-id', 'title', 'aria-label']) {
    const found = emailsInText(el.getAttribute(attr));
    if (found.length > 0) return found;
  }
  if (isField(el)) return emailsInText(el.value);
  const found = emailsInText(el.textContent);
  if (found.length > 0) return found;
  // e.g. <lightning-formatted-email><a href="mailto:…">
  const link = el.querySelector('a[href^="mailto:" i]');
  return link ? emailsFromMailto(link.getAttribute('href') ?? '') : [];
}

/** The addresses of the visible matches of the first selector that yields any. */
export function visibleEmails(root: ParentNode, selectors: readonly string[]): string[] {
  for (const selector of selectors) {
    const emails = visibleAll(root, [selector]).flatMap(emailsOf);
    if (emails.length > 0) return emails;
  }
  return [];
}

/** Normalised, valid, de-duplicated, in order, at most 50; `exclude` drops e.g. the user's own address. */
export function uniqueEmails(emails: readonly string[], exclude: readonly string[] = []): string[] {
  const seen = new Set(exclude.map(normaliseEmail));
  const out: string[] = [];
  for (const raw of emails) {
    const email = normaliseEmail(raw);
    if (!isEmail(email) || seen.has(email)) continue;
    seen.add(email);
    out.push(email);
    if (out.length === MAX_EMAILS) break;
  }
  return out;
}

type ContextInput = Omit<PageContext, 'emails'> & { emails: readonly string[] };

/** Build a PageContext with optional fields left out when empty (so equal pages compare equal). */
export function makeContext(input: ContextInput): PageContext {
  const ctx: PageContext = { site: input.site, kind: input.kind, emails: uniqueEmails(input.emails) };
  const name = cleanText(input.name);
  const company = cleanText(input.company);
  if (name) ctx.name = name;
  if (company) ctx.company = company;
  if (input.crmRecord) ctx.crmRecord = input.crmRecord;
  if (input.message) ctx.message = input.message;
  return ctx;
}

/** A CRM record page's context, once its person (or at least its record) is known. */
export function crmContext(
  site: Site,
  record: NonNullable<PageContext['crmRecord']>,
  fields: { emails: readonly string[]; name?: string; company?: string },
): PageContext {
  return makeContext({ site, kind: 'crm-record', crmRecord: record, ...fields });
}

/**
 * The value cell of a labelled field in a two-column layout (`<td>Email</td><td>…</td>`,
 * `<dt>`/`<dd>`, `<label>`/sibling): the visible label whose text equals one of `labels`.
 */
export function labelledValue(root: ParentNode, labelSelector: string, labels: readonly string[]): Element | null {
  const wanted = new Set(labels.map((l) => l.toLowerCase()));
  for (const label of visibleAll(root, [labelSelector])) {
    const text = cleanText(label.textContent)?.replace(/[:：*]\s*$/, '').toLowerCase();
    if (text && wanted.has(text) && label.nextElementSibling) return label.nextElementSibling;
  }
  return null;
}
