import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';
import { KNOWN_SITE_MATCHES } from '../../lib/adapters/sites';

/**
 * Manifest pin (issue #10): permissions, host permissions, CSP and web-accessible resources are
 * read from the WXT config's manifest function (nothing is built), so a broad permission cannot
 * slip in unnoticed. Widening any of these needs a deliberate edit here and a review.
 */
type Manifest = {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
  content_security_policy?: { extension_pages?: string; sandbox?: string } | string;
  web_accessible_resources?: { resources: string[]; matches: string[]; use_dynamic_url?: boolean }[];
  externally_connectable?: unknown;
  content_scripts?: { matches?: string[] }[];
  [key: string]: unknown;
};

const LOCAL_SERVER = ['http://127.0.0.1/*', 'http://localhost/*'];
const BROWSERS = ['chrome', 'firefox'] as const;

function manifestFor(browser: (typeof BROWSERS)[number]): Manifest {
  const m = config.manifest;
  const env = { browser, manifestVersion: 3 as const, mode: 'production', command: 'build' as const };
  return (typeof m === 'function' ? (m as (env: unknown) => Manifest)(env) : m) as Manifest;
}

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

describe('the built manifest, when a build exists', () => {
  // A build may be older than the config (nobody rebuilt), so it is held to "nothing broader than
  // the config", not to equality; the config itself is pinned above.
  for (const [dir, browser] of [['chrome-mv3', 'chrome'], ['firefox-mv3', 'firefox']] as const) {
    const file = resolve(__dirname, '../../.output', dir, 'manifest.json');
    it.skipIf(!existsSync(file))(`.output/${dir}/manifest.json asks for nothing the config does not, and runs content scripts on known sites only`, () => {
      const built = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      const expected = manifestFor(browser);
      for (const key of ['permissions', 'host_permissions', 'optional_host_permissions'] as const) {
        for (const value of built[key] ?? []) expect(expected[key], `${key}: ${value}`).toContain(value);
      }
      expect(built.content_security_policy).toEqual(expected.content_security_policy);
      expect(built.web_accessible_resources).toEqual(expected.web_accessible_resources);
      for (const script of built.content_scripts ?? []) for (const match of script.matches ?? []) expect(KNOWN_SITE_MATCHES, match).toContain(match);
      expect(built.externally_connectable).toBeUndefined();
      expect(built.optional_permissions).toBeUndefined();
    });
  }
});
