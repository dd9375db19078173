/**
 * HubSpot contact records: `app.hubspot.com` and its regional hosts (`app-eu1`, `app-na2`, …),
 * `/contacts/{portal}/record/0-1/{id}` (0-1 is the contact object) and the older `/contacts/{portal}/contact/{id}`.
 */
import { crmContext, firstVisible, textOf, visibleEmails } from './dom';
import type { PageContext } from './page-context';
import type { SiteAdapter } from './types';

const HOST = /^app(?:-[a-z]{2,3}\d+)?\.hubspot\.com$/;
const PATH = /^\/contacts\/(\d+)\/(?:record\/0-1|contact)\/(\d+)\/?$/;

const SELECTORS = {
  email: [
    '[data-selenium-test="contact-highlight-details"] a[href^="mailto:"]',
    '[data-selenium-test="highlightTitle"] ~ * a[href^="mailto:"]',
    '[data-selenium-test="property-input-email"]',
    '[data-test-id="property-input-email"]',
    '[data-selenium-test="profile-sidebar"] a[href^="mailto:"]',
  ],
  name: ['[data-selenium-test="highlightTitle"]', '[data-test-id="highlightTitle"]'],
  company: ['[data-selenium-test="property-input-company"]', '[data-test-id="property-input-company"]'],
} as const;

export function isHost(hostname: string): boolean {
  return HOST.test(hostname);
}

export function parseRecordUrl(url: URL, anyHost = false): { portal: string; recordId: string } | null {
  if (url.protocol !== 'https:' || !(anyHost || HOST.test(url.hostname))) return null;
  const m = PATH.exec(url.pathname);
  return m ? { portal: m[1]!, recordId: m[2]! } : null;
}

export function matchesUrl(url: URL, anyHost = false): boolean {
  return parseRecordUrl(url, anyHost) !== null;
}

export function detect(url: URL, doc: Document, anyHost = false): PageContext | null {
  const record = parseRecordUrl(url, anyHost);
  if (!record) return null;
  return crmContext(
    'hubspot',
    {
      system: 'hubspot',
      objectType: 'contact',
      recordId: record.recordId,
      url: `${url.origin}/contacts/${record.portal}/record/0-1/${record.recordId}`,
    },
    {
      emails: visibleEmails(doc, SELECTORS.email),
      name: textOf(firstVisible(doc, SELECTORS.name)),
      company: textOf(firstVisible(doc, SELECTORS.company)),
    },
  );
}

export const hubspot: SiteAdapter = { site: 'hubspot', isHost, matchesUrl, detect };
