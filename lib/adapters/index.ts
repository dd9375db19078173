/**
 * Picks the site adapter for a page. Known sites are picked by host; any other host needs a
 * custom host entry (the user chose its adapter, or the generic one with an optional selector).
 */
import type { CustomHostConfig } from './custom-host';
import { dynamics } from './dynamics';
import * as generic from './generic';
import { gmail } from './gmail';
import { hubspot } from './hubspot';
import { outlook } from './outlook';
import type { PageContext } from './page-context';
import { pipedrive } from './pipedrive';
import { salesforce } from './salesforce';
import type { SiteAdapter } from './types';
import { zoho } from './zoho';

export type { SiteAdapter } from './types';
export type { CustomHostConfig } from './custom-host';

export const ADAPTERS: readonly SiteAdapter[] = [salesforce, hubspot, pipedrive, zoho, dynamics, gmail, outlook];

/** The known site's adapter for this host, if any. */
export function adapterForHost(hostname: string): SiteAdapter | null {
  return ADAPTERS.find((a) => a.isHost(hostname)) ?? null;
}

export function detectPage(url: URL, doc: Document, custom?: CustomHostConfig | null): PageContext | null {
  const known = adapterForHost(url.hostname);
  if (known) return known.detect(url, doc);
  if (!custom) return null;
  if (custom.adapter === 'generic') return generic.detect(url, doc, custom.selector);
  return ADAPTERS.find((a) => a.site === custom.adapter)?.detect(url, doc, true) ?? null;
}
