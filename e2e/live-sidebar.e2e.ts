import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/src/testing';
import { writeWorkspace } from '../server/src/store';
import { DEFAULT_DEFINITION, leadIdForEmail, slaDueAt, type Handoff, type Lead } from '../lib/domain';
import { ensureBuilt, launchProfile, type Profile } from './support/chromium';
import { serveSites, type SiteWorld } from './support/sites';
import { openDrawer, waitForBadge } from './support/badge';
import { connect } from './support/extension';
import { LIVE_SYNC_MS } from '../lib/ui/live-sync-interval';

/**
 * A decision made on one machine shows in a sidebar open on another within seconds, without a
 * reload and well before the 30 s alarm: the open sidebar asks for a sync every few seconds while
 * it is on screen and re-reads when the background reports changed data. A closed drawer stops
 * asking (its frame no longer intersects the viewport), so the worker may sleep.
 */

const PERSON = { email: 'misaki.kobayashi@minato-denki.co.jp', name: '小林 美咲', company: '港電機株式会社' };
const world: SiteWorld = { salesforce: [{ id: '00Q5g00000LiVeSbAr', ...PERSON }], gmail: [], others: {}, unconfiguredHost: 'intranet.example.com' };
const RECORD_URL = `https://acme.lightning.force.com/lightning/r/Lead/${world.salesforce[0]!.id}/view`;

let server: TestServer;
let dataDir: string;
let marketer: Profile;
let rep: Profile;

beforeAll(async () => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'aun-e2e-live-'));
  server = await startTestServer({ dataDir });
  const now = new Date().toISOString();
  const lead: Lead = {
    id: leadIdForEmail(PERSON.email),
    email: PERSON.email,
    name: { family: '小林', given: '美咲' },
    company: PERSON.company,
    firmographics: { industry: 'manufacturing', employeeBand: '300-999', country: 'JP' },
    source: { channel: 'webinar', campaign: 'e2e live' },
    stage: 'mql',
    crmLinks: [],
    createdAt: now,
    updatedAt: now,
  };
  const stage = DEFAULT_DEFINITION.stages[0]!;
  const handoff: Handoff = {
    id: 'hof_live_1',
    leadId: lead.id,
    stageId: stage.id,
    definitionVersion: DEFAULT_DEFINITION.version,
    fromUserId: server.seed.marketer.id,
    toUserId: server.seed.sales.id,
    checklist: Object.fromEntries(stage.checklist.map((item) => [item.id, { checked: true, by: server.seed.marketer.id, at: now }])),
    status: 'pending',
    createdAt: now,
    assignedAt: now,
    dueAt: slaDueAt(now, stage, DEFAULT_DEFINITION.calendar),
    updatedAt: now,
  };
  await writeWorkspace(server.database.db, server.seed.workspaceId, async (store) => {
    await store.put('lead', lead);
    await store.put('handoff', handoff);
  });
  [marketer, rep] = await Promise.all([launchProfile(), launchProfile()]);
  await Promise.all([serveSites(marketer.context, world), serveSites(rep.context, world)]);
  await Promise.all([connect(marketer, server.url, server.seed.marketer.token), connect(rep, server.url, server.seed.sales.token)]);
});

afterAll(async () => {
  await Promise.all([marketer?.close(), rep?.close()]);
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('an open sidebar is live', () => {
  it("the rep's rejection shows in the marketer's open sidebar within seconds; closing the drawer takes its frame off screen, opening it brings it back", async () => {
    const watching = await marketer.context.newPage();
    await watching.goto(RECORD_URL);
    const marketerDrawer = await openDrawer(watching, await waitForBadge(watching, /^[A-D][1-4]$/));
    await marketerDrawer.locator('.aun-status-pending').waitFor();

    const deciding = await rep.context.newPage();
    await deciding.goto(RECORD_URL);
    const repDrawer = await openDrawer(deciding, await waitForBadge(deciding, /^[A-D][1-4]$/));
    await repDrawer.getByRole('button', { name: 'Reject', exact: true }).click();
    await repDrawer.getByRole('radio', { name: 'No budget' }).check();
    await repDrawer.getByRole('dialog').getByRole('button', { name: 'Reject' }).click();
    await repDrawer.getByText('Rejected. Marketing will see your reason.').waitFor();
    const decidedAt = Date.now();

    // The rep pushes after its 1.5 s debounce; the marketer's sidebar pulls within one live interval.
    await marketerDrawer.locator('.aun-status-rejected').waitFor({ timeout: 1_500 + 2 * LIVE_SYNC_MS + 3_000 });
    expect(Date.now() - decidedAt).toBeLessThan(20_000); // well before alarm + re-read (up to 45 s)

    // Closing the drawer hides its frame: what the sidebar's live sync watches (an observer made
    // while it was shown, as the sidebar's is) to stop.
    await marketerDrawer.evaluate(() => {
      const w = window as unknown as { __aunOnScreen?: boolean[] };
      w.__aunOnScreen = [];
      new IntersectionObserver((entries) => w.__aunOnScreen!.push(entries.at(-1)!.isIntersecting)).observe(document.documentElement);
    });
    const seen = () => marketerDrawer.evaluate(() => (window as unknown as { __aunOnScreen: boolean[] }).__aunOnScreen.at(-1));
    await expect.poll(seen).toBe(true);
    await (await waitForBadge(watching, /^[A-D][1-4]$/)).click();
    await expect.poll(seen).toBe(false);
    await (await waitForBadge(watching, /^[A-D][1-4]$/)).click(); // and opening it again resumes
    await expect.poll(seen).toBe(true);
    await Promise.all([watching.close(), deciding.close()]);
  });
});
