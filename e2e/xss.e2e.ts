import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/src/testing';
import { writeWorkspace } from '../server/src/store';
import { leadIdForEmail, type Handoff, type Lead } from '../lib/domain';
import { ensureBuilt, launchProfile, type Profile } from './support/chromium';
import { serveSites } from './support/sites';
import { openDrawer, waitForBadge } from './support/badge';
import { connect, openExtensionPage } from './support/extension';

/**
 * Hostile text in lead names, companies, touch details and email subjects must stay text in the
 * badge, the drawer and the review page: no script runs, no element is injected.
 */

const PAYLOAD = `<img src=x onerror="window.__aunXss=(window.__aunXss||0)+1">`;
const SCRIPT = `<script>window.__aunXss=(window.__aunXss||0)+1</script>`;
const EMAIL = 'evil.person@hostile.example';
const RECORD = '00Q5g00000XsSxSSAA';

let server: TestServer;
let dataDir: string;
let rep: Profile;
const dialogs: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'aun-e2e-xss-'));
  server = await startTestServer({ dataDir });
  const id = leadIdForEmail(EMAIL);
  const now = new Date().toISOString();
  const lead: Lead = {
    id,
    email: EMAIL,
    name: { family: PAYLOAD, given: SCRIPT },
    company: `${PAYLOAD} KK`,
    title: SCRIPT,
    firmographics: { region: PAYLOAD },
    source: { channel: 'web_form', campaign: PAYLOAD, vendor: SCRIPT },
    stage: 'mql',
    crmLinks: [],
    createdAt: now,
    updatedAt: now,
  };
  const handoff: Handoff = {
    id: 'h-xss',
    leadId: id,
    stageId: 'marketing_to_sales',
    definitionVersion: 1,
    fromUserId: server.seed.marketer.id,
    toUserId: server.seed.sales.id,
    note: PAYLOAD,
    checklist: {},
    status: 'rejected',
    decision: { kind: 'reject', reasonCode: 'other', note: SCRIPT, by: server.seed.sales.id, at: now },
    createdAt: now,
    assignedAt: now,
    dueAt: now,
    updatedAt: now,
  };
  await writeWorkspace(server.database.db, server.seed.workspaceId, async (store) => {
    await store.put('lead', lead);
    await store.put('touch', { id: 't-xss', leadId: id, type: 'inbound_email', occurredAt: now, detail: PAYLOAD, campaign: SCRIPT, origin: 'e2e' });
    await store.put('handoff', handoff);
  });
  rep = await launchProfile();
  rep.context.on('page', (page) => page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss())));
  await serveSites(rep.context, {
    salesforce: [{ id: RECORD, email: EMAIL, name: PAYLOAD, company: SCRIPT }],
    gmail: [{ threadId: 'x1', subject: `${PAYLOAD} Quote`, from: { email: EMAIL, name: SCRIPT, company: PAYLOAD }, body: SCRIPT }],
    others: {},
    unconfiguredHost: 'intranet.example.com',
  });
  await connect(rep, server.url, server.seed.sales.token);
});

afterAll(async () => {
  await rep?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function expectInert(target: Page | Frame) {
  expect(await target.evaluate(() => (window as unknown as { __aunXss?: number }).__aunXss ?? 0)).toBe(0);
  // The payload shows as text: the literal markup is visible, and no <img src=x> was created.
  expect(await target.locator('img[src="x"]').count()).toBe(0);
}

describe('hostile text renders inert', () => {
  it('in the badge and the drawer on a CRM record', async () => {
    const page = await rep.context.newPage();
    await page.goto(`https://acme.lightning.force.com/lightning/r/Lead/${RECORD}/view`);
    const frame = await openDrawer(page, await waitForBadge(page, /^[A-D][1-4]$/, 20_000));
    await frame.getByText(`${PAYLOAD} KK`).first().waitFor();
    await frame.getByText(PAYLOAD, { exact: true }).first().waitFor(); // the touch detail
    await page.waitForTimeout(1000);
    await expectInert(page);
    await expectInert(frame);
    await page.close();
  });

  it('in the drawer for a hostile email subject and sender', async () => {
    const page = await rep.context.newPage();
    await page.goto('https://mail.google.com/mail/u/0/?th=x1#inbox/x1');
    const frame = await openDrawer(page, await waitForBadge(page, /^[A-D][1-4]$/, 20_000));
    await frame.getByText(`${PAYLOAD} KK`).first().waitFor();
    await page.waitForTimeout(500);
    await expectInert(frame);
    await page.close();
  });

  it('in the review page, its drill-down and tables', async () => {
    const page = await openExtensionPage(rep, 'review.html#period=all');
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await page.locator('table').getByText(PAYLOAD, { exact: true }).first().waitFor({ timeout: 30_000 });
    await expectInert(page);
    await page.close();
    expect(dialogs).toEqual([]);
  });
});
