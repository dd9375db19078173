/**
 * Salesforce: Lightning record pages (`*.lightning.force.com/lightning/r/{Object}/{id}/view`) and
 * Classic detail pages (`*.my.salesforce.com/{id}`).
 */
import { crmContext, emailsOf, firstVisible, isVisible, labelledValue, textOf, visibleEmails } from './dom';
import type { PageContext } from './page-context';
import type { SiteAdapter } from './types';

const LIGHTNING_HOST = /^(?:[a-z0-9-]+\.)+lightning\.force\.com$/;
const CLASSIC_HOST = /^(?:[a-z0-9-]+\.)+my\.salesforce\.com$/;
const OBJECTS = ['Lead', 'Contact', 'Account', 'Opportunity'] as const;
type SalesforceObject = (typeof OBJECTS)[number];
// Record ids are 15 (case-sensitive) or 18 (case-safe) characters.
const ID = '[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?';
const LIGHTNING_PATH = new RegExp(`^/lightning/r/(${OBJECTS.join('|')})/(${ID})/view/?$`);
// Classic has no object name in the URL: the key prefix tells it.
const CLASSIC_PREFIX: Record<string, SalesforceObject> = { '00Q': 'Lead', '003': 'Contact', '001': 'Account', '006': 'Opportunity' };
const CLASSIC_PATH = new RegExp(`^/((?:00Q|003|001|006)[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?)/?$`);

/** Everything the adapter reads from the page, in one place. Labels include the Japanese UI's. */
const SELECTORS = {
  // Lightning keeps earlier records' tabs in the DOM; the shown one is `.active`.
  activeRoot: ['.oneContent.active', '.windowViewMode-normal.active', '.windowViewMode-maximized.active'],
  email: [
    'records-record-layout-item[field-label="Email"] a[href^="mailto:"]',
    'records-record-layout-item[field-label="メール"] a[href^="mailto:"]',
    'records-highlights-details-item a[href^="mailto:"]',
    'lightning-formatted-email a[href^="mailto:"]',
    'lightning-formatted-email',
  ],
  name: [
    'records-highlights2 lightning-formatted-name',
    '.slds-page-header__title lightning-formatted-name',
    'records-highlights2 .slds-page-header__title',
    '.slds-page-header__title',
  ],
  company: [
    'records-record-layout-item[field-label="Company"] lightning-formatted-text',
    'records-record-layout-item[field-label="会社名"] lightning-formatted-text',
    'records-record-layout-item[field-label="Account Name"] a',
    'records-record-layout-item[field-label="取引先名"] a',
  ],
  classicName: ['h2.pageDescription'],
  classicLabel: 'td.labelCol',
  classicEmailLabels: ['Email', 'メール'],
  classicCompanyLabels: ['Company', '会社名', 'Account Name', '取引先名'],
} as const;

export function isHost(hostname: string): boolean {
  return LIGHTNING_HOST.test(hostname) || CLASSIC_HOST.test(hostname);
}

/** The record a URL names, or null. `anyHost` accepts both URL shapes on a custom host. */
export function parseRecordUrl(url: URL, anyHost = false): { objectType: SalesforceObject; recordId: string } | null {
  if (url.protocol !== 'https:') return null;
  const lightning = anyHost || LIGHTNING_HOST.test(url.hostname);
  const classic = anyHost || CLASSIC_HOST.test(url.hostname);
  const l = lightning ? LIGHTNING_PATH.exec(url.pathname) : null;
  if (l) return { objectType: l[1] as SalesforceObject, recordId: l[2]! };
  const c = classic ? CLASSIC_PATH.exec(url.pathname) : null;
  if (c) return { objectType: CLASSIC_PREFIX[c[1]!.slice(0, 3)]!, recordId: c[1]! };
  return null;
}

export function matchesUrl(url: URL, anyHost = false): boolean {
  return parseRecordUrl(url, anyHost) !== null;
}

export function detect(url: URL, doc: Document, anyHost = false): PageContext | null {
  const record = parseRecordUrl(url, anyHost);
  if (!record) return null;
  const root = firstVisible(doc, SELECTORS.activeRoot) ?? doc;
  const classic = !LIGHTNING_PATH.test(url.pathname);
  // Accounts and opportunities have no person of their own; the record still links the lead.
  const hasPerson = record.objectType === 'Lead' || record.objectType === 'Contact';
  const fields = classic
    ? {
        emails: hasPerson ? emailsIn(labelledValue(root, SELECTORS.classicLabel, SELECTORS.classicEmailLabels)) : [],
        name: textOf(firstVisible(root, SELECTORS.classicName)),
        company: textOf(labelledValue(root, SELECTORS.classicLabel, SELECTORS.classicCompanyLabels)),
      }
    : {
        emails: hasPerson ? visibleEmails(root, SELECTORS.email) : [],
        name: textOf(firstVisible(root, SELECTORS.name)),
        company: textOf(firstVisible(root, SELECTORS.company)),
      };
  const canonical = classic ? `${url.origin}/${record.recordId}` : `${url.origin}/lightning/r/${record.objectType}/${record.recordId}/view`;
  // An Account's header is the company itself, not a person.
  if (record.objectType === 'Account') {
    fields.company ??= fields.name;
    fields.name = undefined;
  }
  return crmContext('salesforce', { system: 'salesforce', ...record, url: canonical }, fields);
}

function emailsIn(cell: Element | null): string[] {
  return cell && isVisible(cell) ? emailsOf(cell) : [];
}

export const salesforce: SiteAdapter = { site: 'salesforce', isHost, matchesUrl, detect };
