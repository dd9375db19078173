import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, launchProfile, type Profile } from './support/chromium';
import { serveSites } from './support/sites';
import { drawerFrame, expectNoBadge, hasAunHost, waitForBadge } from './support/badge';

let profile: Profile;
let blocked: string[];

beforeAll(async () => {
  ensureBuilt();
  profile = await launchProfile();
  ({ blocked } = await serveSites(profile.context, {
    salesforce: [
      { id: '00Q5g00000AbCdEFGH', name: 'Taro Yamada', email: 'taro@acme.example', company: 'Acme KK' },
      { id: '00Q5g00000ZyXwVUTS', name: 'Hanako Sato', email: 'hanako@beta.example', company: 'Beta' },
    ],
    gmail: [],
    others: {},
    unconfiguredHost: 'intranet.example.com',
  }));
});
afterAll(async () => {
  await profile?.close();
});

describe('the built extension in Chromium (local-only mode)', () => {
  it('loads with its service worker and a valid manifest', async () => {
    const manifest = (await profile.worker.evaluate('chrome.runtime.getManifest()')) as { manifest_version: number; background: unknown };
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background).toMatchObject({ service_worker: 'background.js' });
  });

  it('a first install opens the welcome page (options)', () => {
    expect(profile.welcomed).toBe(true);
  });

  it('shows "+" for an unknown person on a Salesforce lead, and opens the drawer on click', async () => {
    const page = await profile.context.newPage();
    await page.goto('https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEFGH/view');
    const badge = await waitForBadge(page, '+');
    expect(badge.label).toContain('taro@acme.example');
    await badge.click();
    const frame = await drawerFrame(page);
    await frame.getByText('taro@acme.example').first().waitFor();
    await page.close();
  });

  it('shows no badge on a list view, and injects nothing on a site it is not configured for', async () => {
    const page = await profile.context.newPage();
    await page.goto('https://acme.lightning.force.com/lightning/o/Lead/list');
    await expectNoBadge(page);
    await page.goto('https://intranet.example.com/');
    await page.waitForTimeout(1000);
    expect(await hasAunHost(page)).toBe(false);
    await page.close();
  });

  it('never lets a request leave the machine', () => {
    expect(blocked.filter((h) => !h.endsWith('.example') && !h.endsWith('.example.com'))).toEqual([]);
  });
});
