/** Zoho CRM: `crm.zoho.{com,eu,in,jp,com.au}/crm/org{n}/tab/{Leads|Contacts}/{id}`. */
import { crmContext, firstVisible, textOf, visibleEmails } from './dom';
import type { PageContext } from './page-context';
import type { SiteAdapter } from './types';

const HOST = /^crm\.zoho\.(?:com|eu|in|jp|com\.au)$/;
// Older accounts have no org segment: /crm/tab/Leads/{id}.
const PATH = /^\/crm\/(?:org\d+\/)?tab\/(Leads|Contacts)\/(\d+)\/?$/;

const SELECTORS = {
  email: [
    '#value_Email a[href^="mailto:"]',
    '#value_Email',
    '[data-zcqa="value_Email"]',
    '#subvalue_EMAIL',
    '#dvcontent a[href^="mailto:"]',
  ],
  name: ['#dv_title', '[data-zcqa="dv_title"]', '.dv_info_name'],
  company: ['#value_Company', '[data-zcqa="value_Company"]', '#value_Account_Name', '[data-zcqa="value_Account_Name"]'],
} as const;

export function isHost(hostname: string): boolean {
  return HOST.test(hostname);
}

export function parseRecordUrl(url: URL, anyHost = false): { objectType: 'Leads' | 'Contacts'; recordId: string } | null {
  if (url.protocol !== 'https:' || !(anyHost || HOST.test(url.hostname))) return null;
  const m = PATH.exec(url.pathname);
  return m ? { objectType: m[1] as 'Leads' | 'Contacts', recordId: m[2]! } : null;
}

export function matchesUrl(url: URL, anyHost = false): boolean {
  return parseRecordUrl(url, anyHost) !== null;
}

export function detect(url: URL, doc: Document, anyHost = false): PageContext | null {
  const record = parseRecordUrl(url, anyHost);
  if (!record) return null;
  return crmContext(
    'zoho',
    { system: 'zoho', ...record, url: `${url.origin}${url.pathname.replace(/\/$/, '')}` },
    {
      emails: visibleEmails(doc, SELECTORS.email),
      name: textOf(firstVisible(doc, SELECTORS.name)),
      company: textOf(firstVisible(doc, SELECTORS.company)),
    },
  );
}

export const zoho: SiteAdapter = { site: 'zoho', isHost, matchesUrl, detect };
