import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/src/testing';
import { writeWorkspace } from '../server/src/store';
import { DEFAULT_DEFINITION, leadIdForEmail, type Lead, type Touch, type TouchType } from '../lib/domain';
import { gradeLead } from '../lib/grading';
import { ensureBuilt, launchProfile, ROOT, type Profile } from './support/chromium';
import { SITE_PAGES, serveSites, type OtherSite, type Person } from './support/sites';
import { expectNoBadge, hasAunHost, waitForBadge } from './support/badge';
import { connect, grantInBrowserSettings, hasHostPermission, openExtensionPage } from './support/extension';
import { startHttpsSite, type HttpsSite } from './support/https-site';

/**
 * Every other site shows the right grade for a seeded lead, and so does a custom host added
 * through the options page with the generic adapter: a company CRM on its own https host, which
 * the extension holds no permission for until the user adds it.
 */

const CUSTOM_HOST = 'crm.example.co.jp';
const CUSTOM_PATTERN = `https://${CUSTOM_HOST}/*`;

interface Seeded extends Person {
  lead: Lead;
  touches: Touch[];
  grade: string;
}

const NOW = Date.now();
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();

function seeded(site: string, person: Person, lead: Partial<Lead>, touchTypes: TouchType[], grade: string): Seeded {
  const id = leadIdForEmail(person.email);
  const full: Lead = {
    id,
    email: person.email,
    name: { family: person.name.split(' ')[1] ?? '', given: person.name.split(' ')[0] ?? '' },
    company: person.company,
    firmographics: {},
    source: { channel: 'web_form', campaign: `e2e ${site}` },
    stage: 'mql',
    crmLinks: [],
    createdAt: hoursAgo(48),
    updatedAt: hoursAgo(48),
    ...lead,
  };
  const touches = touchTypes.map((type, i) => ({ id: `e2e-${site}-${i}`, leadId: id, type, occurredAt: hoursAgo(1 + i), origin: 'e2e', externalId: `${site}-${i}` }));
  return { ...person, lead: full, touches, grade };
}

// One person per site, each with a different grade, so a badge can only be right for its own lead.
const PEOPLE: Record<OtherSite | 'custom', Seeded> = {
  hubspot: seeded('hubspot', { email: 'emma.moore@globex.example', name: 'Emma Moore', company: 'Globex Corp' },
    { title: 'CEO', firmographics: { industry: 'software', employeeBand: '1000-4999', country: 'JP' } }, ['meeting', 'webinar_attended', 'form_submit'], 'A3'),
  pipedrive: seeded('pipedrive', { email: 'liam.walker@initech.example', name: 'Liam Walker', company: 'Initech' },
    { firmographics: { industry: 'manufacturing', employeeBand: '100-299' } }, ['inbound_email'], 'B2'),
  zoho: seeded('zoho', { email: 'mia.clark@umbrella.example', name: 'Mia Clark', company: 'Umbrella Health' },
    { firmographics: { country: 'JP', employeeBand: '50-99' } }, ['email_open'], 'C1'),
  dynamics: seeded('dynamics', { email: 'noah.lee@gmail.com', name: 'Noah Lee', company: 'Freelance' },
    {}, ['meeting', 'meeting', 'meeting'], 'D4'),
  outlook: seeded('outlook', { email: 'grace.taylor@fabrikam.example', name: 'Grace Taylor', company: 'Fabrikam Inc' },
    { title: 'VP Sales', firmographics: { industry: 'finance', employeeBand: '5000+', country: 'JP' } }, [], 'A1'),
  custom: seeded('custom', { email: 'hanako.sato@sakura-shoji.co.jp', name: 'Hanako Sato', company: 'さくら商事株式会社' },
    { firmographics: { industry: 'it_services', employeeBand: '300-999' } }, ['content_download', 'webinar_attended'], 'B2'),
};

let server: TestServer;
let dataDir: string;
let rep: Profile;
let customCrm: HttpsSite;

beforeAll(async () => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'aun-e2e-sites-'));
  server = await startTestServer({ dataDir });
  const all = Object.values(PEOPLE);
  await writeWorkspace(server.database.db, server.seed.workspaceId, async (store) => {
    await store.put('lead', ...all.map((p) => p.lead));
    await store.put('touch', ...all.flatMap((p) => p.touches));
  });

  // A self-hosted CRM on the company network, with the person in its own markup.
  const page = readFileSync(join(ROOT, 'test/fixtures/generic/custom-crm.html'), 'utf8')
    .replace(/Taro\.Yamada@Acme\.example/g, PEOPLE.custom.email)
    .replace('山田 太郎', PEOPLE.custom.name)
    .replace('Acme KK', PEOPLE.custom.company);
  customCrm = await startHttpsSite(CUSTOM_HOST, page);

  rep = await launchProfile({ hostRules: [customCrm.hostRule] });
  await serveSites(rep.context, {
    salesforce: [],
    gmail: [],
    others: Object.fromEntries((Object.keys(SITE_PAGES) as OtherSite[]).map((s) => [s, PEOPLE[s]])),
    unconfiguredHost: 'intranet.example.com',
    mappedHosts: [CUSTOM_HOST],
  });
  await connect(rep, server.url, server.seed.sales.token);
});

afterAll(async () => {
  await rep?.close();
  await server?.close();
  await customCrm?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('every supported site shows the right grade for a seeded lead', () => {
  it('the seeded grades are what the grading engine says (so each site check is meaningful)', () => {
    for (const person of Object.values(PEOPLE)) {
      expect(gradeLead(person.lead, person.touches, DEFAULT_DEFINITION, NOW).grade).toBe(person.grade);
    }
  });

  it.each(Object.keys(SITE_PAGES) as OtherSite[])('%s', async (site) => {
    const page = await rep.context.newPage();
    await page.goto(SITE_PAGES[site].url);
    const badge = await waitForBadge(page, PEOPLE[site].grade, 20_000);
    expect(badge.label).toContain(`lead grade ${PEOPLE[site].grade}`);
    await page.close();
  });

  it('a custom https host: asked for at run time when added in the options page, read by the generic adapter, given back when removed', async () => {
    // Before: the CRM loads, but Aun holds no permission there and runs nothing.
    const page = await rep.context.newPage();
    await page.goto(`${customCrm.origin}/customers/42`);
    await page.getByText(PEOPLE.custom.email).waitFor();
    expect(await hasHostPermission(rep, CUSTOM_PATTERN)).toBe(false);
    expect(await hasAunHost(page)).toBe(false);

    // Chromium's permission dialog is browser UI that Playwright cannot click; a permission already
    // granted in the browser's settings is given without it (see grantInBrowserSettings). That
    // grant alone activates nothing: the options page's permissions.request below does.
    await grantInBrowserSettings(rep, CUSTOM_PATTERN);
    expect(await hasHostPermission(rep, CUSTOM_PATTERN)).toBe(false);

    const options = await openExtensionPage(rep, 'options.html');
    await options.getByLabel('Host', { exact: true }).fill(CUSTOM_HOST);
    await options.getByLabel('Read the page as').selectOption('generic');
    await options.getByLabel(/^CSS selector of the email/).fill('.contact-email');
    await options.getByRole('button', { name: 'Add host' }).click();
    await options.getByText(CUSTOM_PATTERN).waitFor();
    expect(await hasHostPermission(rep, CUSTOM_PATTERN)).toBe(true);
    const registered = () => rep.worker.evaluate('chrome.scripting.getRegisteredContentScripts()') as Promise<Array<{ matches: string[] }>>;
    expect((await registered()).flatMap((s) => s.matches)).toEqual([CUSTOM_PATTERN]);

    await page.reload();
    const badge = await waitForBadge(page, PEOPLE.custom.grade, 20_000);
    expect(badge.label).toContain(`lead grade ${PEOPLE.custom.grade}`);

    // Removing the host unregisters the script and gives the permission back.
    await options.getByRole('button', { name: `Remove ${CUSTOM_PATTERN}` }).click();
    await expect.poll(() => hasHostPermission(rep, CUSTOM_PATTERN), { timeout: 10_000 }).toBe(false);
    expect(await registered()).toEqual([]);
    await page.reload();
    await page.getByText(PEOPLE.custom.email).waitFor();
    await expectNoBadge(page);
    expect(await hasAunHost(page)).toBe(false);
    await options.close();
    await page.close();
  });
});
