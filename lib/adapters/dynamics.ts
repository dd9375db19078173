/**
 * Dynamics 365 (model-driven apps): `{org}.crm{N}.dynamics.com/main.aspx?…&pagetype=entityrecord&etn={lead|contact}&id={guid}`.
 * N is empty for North America, 4 for EMEA, 7 for Japan, …; the id may come in braces and percent-encoded.
 */
import { crmContext, firstVisible, textOf, visibleEmails } from './dom';
import type { PageContext } from './page-context';
import type { SiteAdapter } from './types';

const HOST = /^[a-z0-9-]+\.crm\d*\.dynamics\.com$/;
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const ENTITIES = ['lead', 'contact'] as const;

const SELECTORS = {
  email: [
    'input[data-id="emailaddress1.fieldControl-mail-text-input"]',
    '[data-id="emailaddress1.fieldControl-mail-text-input"]',
    '[data-id="emailaddress1"] a[href^="mailto:"]',
    '[data-id="form-sectionHeader-CONTACT"] ~ * a[href^="mailto:"]',
  ],
  name: ['h1[data-id="header_title"]', '[data-id="header_title"]'],
  company: [
    'input[data-id="companyname.fieldControl-text-box-text"]',
    '[data-id="parentcustomerid.fieldControl-LookupResultsDropdown_parentcustomerid_selected_tag_text"]',
  ],
} as const;

export function isHost(hostname: string): boolean {
  return HOST.test(hostname);
}

export function parseRecordUrl(url: URL, anyHost = false): { objectType: (typeof ENTITIES)[number]; recordId: string } | null {
  if (url.protocol !== 'https:' || !(anyHost || HOST.test(url.hostname))) return null;
  if (url.pathname.toLowerCase() !== '/main.aspx') return null;
  const q = url.searchParams;
  if (q.get('pagetype')?.toLowerCase() !== 'entityrecord') return null;
  const etn = q.get('etn')?.toLowerCase();
  const id = GUID.exec(q.get('id') ?? '');
  if (!id || !ENTITIES.includes(etn as never)) return null;
  return { objectType: etn as (typeof ENTITIES)[number], recordId: id[1]!.toLowerCase() };
}

export function matchesUrl(url: URL, anyHost = false): boolean {
  return parseRecordUrl(url, anyHost) !== null;
}

export function detect(url: URL, doc: Document, anyHost = false): PageContext | null {
  const record = parseRecordUrl(url, anyHost);
  if (!record) return null;
  // appid keeps the record opening in the same model-driven app.
  const appId = GUID.exec(url.searchParams.get('appid') ?? '')?.[1];
  const app = appId ? `appid=${appId.toLowerCase()}&` : '';
  const canonical = `${url.origin}/main.aspx?${app}pagetype=entityrecord&etn=${record.objectType}&id=${record.recordId}`;
  return crmContext(
    'dynamics',
    { system: 'dynamics', ...record, url: canonical },
    {
      emails: visibleEmails(doc, SELECTORS.email),
      // The header reads "Taro Yamada - Saved"; keep the name only.
      name: textOf(firstVisible(doc, SELECTORS.name))?.replace(/\s+-\s+(?:Saved|Unsaved|保存済み|未保存)$/, ''),
      company: textOf(firstVisible(doc, SELECTORS.company)),
    },
  );
}

export const dynamics: SiteAdapter = { site: 'dynamics', isHost, matchesUrl, detect };
