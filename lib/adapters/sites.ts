/** The site adapters Aun ships, and the URL match patterns their content script runs on. */
export const SITES = ['salesforce', 'hubspot', 'pipedrive', 'zoho', 'dynamics', 'gmail', 'outlook', 'generic'] as const;
export type Site = (typeof SITES)[number];

export const KNOWN_SITE_MATCHES = [
  'https://*.lightning.force.com/*',
  'https://*.my.salesforce.com/*',
  'https://app.hubspot.com/*',
  'https://*.hubspot.com/*',
  'https://*.pipedrive.com/*',
  'https://crm.zoho.com/*',
  'https://crm.zoho.eu/*',
  'https://crm.zoho.in/*',
  'https://crm.zoho.jp/*',
  'https://crm.zoho.com.au/*',
  'https://*.dynamics.com/*',
  'https://mail.google.com/*',
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
  'https://outlook.live.com/*',
] as const;
