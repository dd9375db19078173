/** Pipedrive: `{company}.pipedrive.com/person/{id}` and a lead opened in `/leads/inbox/{uuid}`. */
import { crmContext, emailsOf, firstVisible, labelledValue, textOf, visibleEmails } from './dom';
import type { PageContext } from './page-context';
import type { SiteAdapter } from './types';

const HOST = /^[a-z0-9-]+\.pipedrive\.com$/;
const PERSON_PATH = /^\/person\/(\d+)\/?$/;
const LEAD_PATH = /^\/leads\/inbox\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

const SELECTORS = {
  // The lead inbox shows the list and the open lead side by side: read only the lead's panel.
  root: ['[data-testid="lead-details"]', '[data-testid="person-details"]', '.detailView', 'main'],
  email: [
    '[data-testid="person-email"] a[href^="mailto:"]',
    '[data-test="email-value"] a[href^="mailto:"]',
    '.fieldValue a[href^="mailto:"]',
    'a[href^="mailto:"]',
  ],
  name: ['[data-testid="header-title"]', '[data-test="header-title"]', '.detailView h1', 'h1'],
  label: 'dt, .fieldLabel, [data-testid="field-label"]',
  emailLabels: ['Email', 'メール'],
  company: ['[data-testid="person-organization"] a', '[data-test="organization-link"]'],
  companyLabels: ['Organization', 'Organisation', '組織'],
} as const;

export function isHost(hostname: string): boolean {
  return HOST.test(hostname);
}

export function parseRecordUrl(url: URL, anyHost = false): { objectType: 'person' | 'lead'; recordId: string } | null {
  if (url.protocol !== 'https:' || !(anyHost || HOST.test(url.hostname))) return null;
  const person = PERSON_PATH.exec(url.pathname);
  if (person) return { objectType: 'person', recordId: person[1]! };
  const lead = LEAD_PATH.exec(url.pathname);
  return lead ? { objectType: 'lead', recordId: lead[1]!.toLowerCase() } : null;
}

export function matchesUrl(url: URL, anyHost = false): boolean {
  return parseRecordUrl(url, anyHost) !== null;
}

export function detect(url: URL, doc: Document, anyHost = false): PageContext | null {
  const record = parseRecordUrl(url, anyHost);
  if (!record) return null;
  const root = firstVisible(doc, SELECTORS.root) ?? doc;
  const emailCell = labelledValue(root, SELECTORS.label, SELECTORS.emailLabels);
  const companyCell = labelledValue(root, SELECTORS.label, SELECTORS.companyLabels);
  const path = record.objectType === 'person' ? `person/${record.recordId}` : `leads/inbox/${record.recordId}`;
  return crmContext(
    'pipedrive',
    { system: 'pipedrive', ...record, url: `${url.origin}/${path}` },
    {
      emails: emailCell ? emailsOf(emailCell) : visibleEmails(root, SELECTORS.email),
      name: textOf(firstVisible(root, SELECTORS.name)),
      company: textOf(companyCell ?? firstVisible(root, SELECTORS.company)),
    },
  );
}

export const pipedrive: SiteAdapter = { site: 'pipedrive', isHost, matchesUrl, detect };
