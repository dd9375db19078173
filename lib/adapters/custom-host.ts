/**
 * Custom hosts: what the content script needs to know about them, zod-free. The stored list is
 * managed (validated with zod, permissions, script registration) by lib/custom-hosts.ts.
 */
import { SITES, type Site } from './sites';

/** `browser.storage.local` key of the custom host list. */
export const CUSTOM_HOSTS_KEY = 'customHosts';

export interface CustomHostConfig {
  /** Also the registered content script's id: `aun-custom-<id>`. */
  id: string;
  /** A match pattern: `https://crm.example.co.jp/*`, `https://*.my-crm.example/*`. */
  pattern: string;
  adapter: Site;
  /** Generic adapter only: the elements holding the person's address. */
  selector?: string;
}

export type PatternProblem = 'not-http' | 'too-broad' | 'invalid';

// scheme://host/path, host either exact or "*." + a domain; no "*" in the middle of a host.
const PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?(\/.*)$/;

/** What the user typed → a match pattern: `crm.example.co.jp` → `https://crm.example.co.jp/*`. */
export function normalisePattern(input: string): string {
  let p = input.trim();
  if (!/^[a-z*<]+:\/\//i.test(p) && p !== '<all_urls>') p = `https://${p}`;
  const m = /^([a-z*]+:\/\/)([^/]*)(.*)$/i.exec(p);
  if (!m) return p;
  return `${m[1]!.toLowerCase()}${m[2]!.toLowerCase()}${m[3] || '/*'}`;
}

/** Why a host pattern can't be used, or null when it can. Anything reaching every site is refused. */
export function patternProblem(pattern: string): PatternProblem | null {
  const p = pattern.trim().toLowerCase();
  if (p === '<all_urls>' || p.startsWith('*://')) return 'too-broad';
  if (!/^https?:\/\//.test(p)) return 'not-http';
  if (/^https?:\/\/\*(?:\/|$)/.test(p)) return 'too-broad';
  const m = PATTERN.exec(p);
  if (!m) return 'invalid';
  // "*.com", "*.co.jp": a wildcard over a public suffix is as good as every site.
  if (m[2] && !m[3]!.includes('.')) return 'too-broad';
  if (m[2] && /^(?:co|or|ne|ac|go|com|net|org|gov|edu)\.[a-z]{2}$/.test(m[3]!)) return 'too-broad';
  return null;
}

/** Whether a URL falls under a (valid) match pattern, as the browser would decide. */
export function patternMatches(pattern: string, url: URL): boolean {
  const m = PATTERN.exec(pattern.trim().toLowerCase());
  if (!m || patternProblem(pattern)) return false;
  const [, scheme, wildcard, host, port, path] = m;
  if (url.protocol !== `${scheme}:` || (port && url.port !== port)) return false;
  const hostOk = wildcard ? url.hostname === host || url.hostname.endsWith(`.${host}`) : url.hostname === host;
  if (!hostOk) return false;
  const pathRe = new RegExp(`^${path!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return pathRe.test(url.pathname + url.search);
}

/** A stored entry, checked by hand (the content script can't afford zod); bad entries are skipped. */
function asConfig(raw: unknown): CustomHostConfig | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { id, pattern, adapter, selector } = raw as Record<string, unknown>;
  if (typeof id !== 'string' || typeof pattern !== 'string' || !SITES.includes(adapter as Site)) return null;
  if (selector !== undefined && typeof selector !== 'string') return null;
  return { id, pattern, adapter: adapter as Site, ...(selector ? { selector } : {}) };
}

/** The custom host entry covering `url`, from the raw stored list. */
export function findCustomHost(stored: unknown, url: URL): CustomHostConfig | null {
  if (!Array.isArray(stored)) return null;
  for (const raw of stored) {
    const config = asConfig(raw);
    if (config && patternMatches(config.pattern, url)) return config;
  }
  return null;
}
