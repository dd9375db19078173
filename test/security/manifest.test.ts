import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';
import { KNOWN_SITE_MATCHES } from '../../lib/adapters/sites';
import { BROWSERS, LOCAL_SERVER, manifestFor } from './manifest-pin';

/**
 * Manifest pin (issue #10): permissions, host permissions, CSP and web-accessible resources are
 * read from the WXT config's manifest function (nothing is built), so a broad permission cannot
 * slip in unnoticed. Widening any of these needs a deliberate edit here and a review. The built
 * manifests of both browsers are held to this config by test/built, which runs after the builds.
 */
const FORBIDDEN_PERMISSIONS = [
  'tabs',
  'webRequest',
  'webRequestBlocking',
  'declarativeNetRequest',
  'declarativeNetRequestWithHostAccess',
  'cookies',
  'history',
  'bookmarks',
  'downloads',
  'management',
  'debugger',
  'proxy',
  'nativeMessaging',
  'clipboardRead',
  'clipboardWrite',
  'webNavigation',
  'topSites',
  'browsingData',
  'privacy',
  'identity',
  'geolocation',
  'activeTab',
  'unlimitedStorage',
  'background',
  'offscreen',
  'tabCapture',
  'desktopCapture',
];
const ALL_HOSTS = ['<all_urls>', '*://*/*', 'https://*/*', 'http://*/*', '*://*/'];

describe.each(BROWSERS)('the %s manifest from wxt.config.ts', (browser) => {
  const manifest = manifestFor(browser);

  it('asks for exactly these API permissions, and none of the broad ones', () => {
    expect(manifest.permissions).toEqual(['storage', 'alarms', 'notifications', 'scripting', ...(browser === 'chrome' ? ['sidePanel'] : [])]);
    for (const p of FORBIDDEN_PERMISSIONS) expect(manifest.permissions, p).not.toContain(p);
    expect(manifest.optional_permissions).toBeUndefined();
  });

  it('host permissions are exactly the known CRM and webmail sites plus the loopback server', () => {
    expect(manifest.host_permissions).toEqual([...KNOWN_SITE_MATCHES, ...LOCAL_SERVER]);
    for (const pattern of manifest.host_permissions!) {
      expect(ALL_HOSTS, pattern).not.toContain(pattern);
      // Only https for remote sites; http only for the loopback server.
      if (pattern.startsWith('http://')) expect(LOCAL_SERVER).toContain(pattern);
      else expect(pattern).toMatch(/^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/\*$/);
    }
    // Every known site is a real domain with at least a registrable part after the wildcard.
    for (const pattern of KNOWN_SITE_MATCHES) expect(pattern).toMatch(/^https:\/\/(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}\/\*$/);
    expect(KNOWN_SITE_MATCHES).toEqual([
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
    ]);
  });

  it('other hosts (a remote server, custom CRM hosts) are optional, asked for at run time', () => {
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(manifest.host_permissions).not.toContain('<all_urls>');
    expect(manifest.optional_host_permissions).not.toContain('<all_urls>');
  });

  it('the CSP allows only our own scripts: no eval, no inline, no remote sources', () => {
    expect(manifest.content_security_policy).toEqual({ extension_pages: "script-src 'self'; object-src 'self'" });
    const csp = JSON.stringify(manifest.content_security_policy);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|unsafe-hashes|strict-dynamic/);
    expect(csp).not.toMatch(/https?:|\bdata:|\bblob:|\*/);
  });

  it('only the sidebar page is web accessible, and nothing reaches the extension from outside', () => {
    expect(manifest.web_accessible_resources).toEqual([{ resources: ['sidebar.html'], matches: ['https://*/*', 'http://*/*'] }]);
    for (const entry of manifest.web_accessible_resources!) {
      for (const r of entry.resources) expect(r, 'no wildcard or script resources').toMatch(/^[a-z-]+\.html$/);
      expect(entry.matches).not.toContain('<all_urls>');
    }
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined(); // declared by the content entrypoint, pinned below
  });

  it('is Manifest V3 with no V2 leftovers', () => {
    expect(config.manifestVersion).toBe(3);
    for (const key of ['background_page', 'browser_action', 'page_action', 'content_security_policy_v2']) expect(manifest[key], key).toBeUndefined();
  });
});
