/**
 * Guesses from an email sender, for the "Tag as qualified lead" form (always editable there).
 * Pure and small: no lookups, nothing leaves the browser.
 */
import type { PersonName } from '../domain/lead';

/** Free and ISP mail: the domain says nothing about the company. */
export const FREE_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.co.jp', 'ymail.ne.jp', 'yahoo.com', 'ymail.com', 'outlook.com', 'outlook.jp',
  'hotmail.com', 'hotmail.co.jp', 'live.com', 'live.jp', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com',
  'protonmail.com', 'proton.me', 'mail.com', 'gmx.com', 'gmx.de', 'zoho.com', 'yandex.com', 'qq.com', '163.com',
  'naver.com', 'docomo.ne.jp', 'ezweb.ne.jp', 'au.com', 'softbank.ne.jp', 'i.softbank.jp', 'nifty.com', 'biglobe.ne.jp',
  'ocn.ne.jp', 'so-net.ne.jp', 'plala.or.jp', 'dion.ne.jp', 'excite.co.jp', 'infoseek.jp', 'livedoor.com',
]);

/** Second-level labels that sit under a country TLD (acme.co.jp, acme.com.au). */
const SECOND_LEVEL = new Set(['co', 'com', 'ne', 'or', 'ac', 'go', 'lg', 'ed', 'gr', 'ad', 'org', 'net', 'gov', 'edu', 'ltd', 'plc']);
/** Host labels that are not the company (mail.acme.co.jp). */
const HOST_LABELS = new Set(['mail', 'mx', 'email', 'smtp', 'jp', 'www', 'corp', 'ml', 'mailer', 'news', 'info']);

const COMPANY_MARKERS = /(株式会社|（株）|\(株\)|有限会社|合同会社|合資会社|一般社団法人|公益社団法人|一般財団法人|学校法人|医療法人|\bInc\.?|\bCorp(oration)?\.?|\bLtd\.?|\bLimited\b|\bLLC\b|\bLLP\b|\bGmbH\b|\bK\.K\.|\bCo\.,?\s?Ltd|\bS\.A\.|\bPLC\b|\bAG\b)/i;

function isFreeMail(domain: string): boolean {
  for (const free of FREE_MAIL_DOMAINS) if (domain === free || domain.endsWith(`.${free}`)) return true;
  return false;
}

/** A company named in a display name: "山田 太郎（株式会社アクメ）", "Taro Yamada | Acme Inc.". */
function companyFromDisplayName(name: string): string | undefined {
  const bracketed = [...name.matchAll(/[(（[【<＜]([^)）\]】>＞]+)[)）\]】>＞]/g)].map((m) => m[1]!.trim());
  const parts = [...bracketed, ...name.split(/\s*[/|｜／@＠]\s*|\s+-\s+|\s+–\s+/)].map((p) => p.trim()).filter(Boolean);
  return parts.find((p) => COMPANY_MARKERS.test(p));
}

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The sender's company: from the display name when it names one, else from a corporate domain
 * (`taro@acme.co.jp` → "Acme", `jane@blue-ocean.com` → "Blue Ocean"); undefined for free mail.
 */
export function guessCompany(email: string, name?: string): string | undefined {
  if (name) {
    const fromName = companyFromDisplayName(name);
    if (fromName) return fromName;
  }
  const at = email.lastIndexOf('@');
  if (at < 0) return undefined;
  const domain = email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '');
  if (!domain.includes('.') || isFreeMail(domain)) return undefined;
  const labels = domain.split('.');
  labels.pop(); // the top-level domain
  if (labels.length >= 2 && SECOND_LEVEL.has(labels[labels.length - 1]!)) labels.pop();
  const registrable = labels.pop();
  if (!registrable || HOST_LABELS.has(registrable)) return undefined;
  return registrable
    .split(/[-_]+/)
    .filter(Boolean)
    .map(titleCase)
    .join(' ');
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * A display name split into family and given name. Japanese names are family-first
 * ("山田 太郎"); Latin ones given-first ("Taro Yamada") unless written "Yamada, Taro".
 * A company in brackets or after a separator is dropped.
 */
export function splitName(raw: string | undefined): PersonName {
  if (!raw) return {};
  let name = raw.replace(/[(（[【<＜][^)）\]】>＞]*[)）\]】>＞]/g, ' ');
  name = name.split(/\s*[/|｜／]\s*|\s+-\s+/)[0] ?? '';
  name = name.replace(/["“”]/g, '').trim();
  if (!name || name.includes('@')) return {};
  if (JAPANESE.test(name)) {
    const [family, ...given] = name.split(/[\s\u3000]+/).filter(Boolean);
    return given.length ? { family, given: given.join(' ') } : { family };
  }
  if (name.includes(',')) {
    const [family, given] = name.split(',').map((p) => p.trim());
    return { ...(family ? { family } : {}), ...(given ? { given } : {}) };
  }
  const tokens = name.split(/\s+/).filter(Boolean);
  if (tokens.length === 1) return { given: tokens[0] };
  return { given: tokens.slice(0, -1).join(' '), family: tokens[tokens.length - 1] };
}

/** An email address inside "Name <addr>" or on its own. */
export function emailFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const m = /<([^>]+)>/.exec(raw);
  const candidate = (m ? m[1]! : raw).trim().toLowerCase();
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(candidate) ? candidate : undefined;
}
