import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/src/testing';
import { writeWorkspace } from '../server/src/store';
import { DEFAULT_DEFINITION, leadIdForEmail, slaDueAt, type Handoff, type Lead } from '../lib/domain';
import { ensureBuilt, launchProfile, type Profile } from './support/chromium';
import { connect, openExtensionPage } from './support/extension';

/**
 * A lead that came in by email has no CRM record to open: the popup's Open shows it in Chrome's
 * side panel, which then stays on that lead until the rep asks it to follow the active tab again.
 */

const EMAIL = 'kobayashi.naoko@no-crm.example.co.jp';
let server: TestServer;
let dataDir: string;
let rep: Profile;

beforeAll(async () => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'aun-e2e-panel-'));
  server = await startTestServer({ dataDir });
  const now = new Date().toISOString();
  const lead: Lead = {
    id: leadIdForEmail(EMAIL),
    email: EMAIL,
    name: { family: '小林', given: '直子' },
    company: 'ノーCRM株式会社',
    firmographics: {},
    source: { channel: 'inbound_email' },
    stage: 'mql',
    crmLinks: [],
    createdAt: now,
    updatedAt: now,
  };
  const stage = DEFAULT_DEFINITION.stages[0]!;
  const handoff: Handoff = {
    id: 'ho-no-crm',
    leadId: lead.id,
    stageId: stage.id,
    definitionVersion: DEFAULT_DEFINITION.version,
    fromUserId: server.seed.marketer.id,
    toUserId: server.seed.sales.id,
    checklist: {},
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
  rep = await launchProfile();
  await connect(rep, server.url, server.seed.sales.token);
});

afterAll(async () => {
  await rep?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The URL of the side panel document, as the extension itself sees it (Playwright lists no side-panel pages). */
async function sidePanelUrl(profile: Profile, matches: (url: string) => boolean): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const urls = (await profile.worker.evaluate(`chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] }).then((cs) => cs.map((c) => c.documentUrl))`)) as string[];
    const url = urls.find(matches);
    if (url) return url;
    if (Date.now() > deadline) throw new Error(`no matching side panel; open: ${urls.join(', ') || 'none'}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Open from the popup for a lead without a CRM record', () => {
  it('shows the lead in the side panel, pinned, until the rep follows the active tab again', async () => {
    // A tab the rep is working in: the popup (a tab here) closes itself, and a window with no tab left would take its side panel with it.
    await rep.context.newPage();
    const popup = await openExtensionPage(rep, 'popup.html');
    const open = popup.getByRole('button', { name: 'Open 小林 直子' });
    await open.waitFor({ timeout: 30_000 });
    await open.click();

    const pinned = await sidePanelUrl(rep, (u) => u.includes('/sidebar.html#ctx='));
    expect(JSON.parse(decodeURIComponent(pinned.slice(pinned.indexOf('#ctx=') + 5)))).toEqual({ site: 'generic', kind: 'crm-record', emails: [EMAIL] });

    // The same document, looked at in a tab: the lead, and the way back to following the tab.
    const panel = await rep.context.newPage();
    await panel.goto(pinned);
    await panel.getByRole('heading', { name: '小林 直子' }).waitFor({ timeout: 20_000 });
    expect(await panel.getByText('Showing a lead opened from your queue.').isVisible()).toBe(true);
    await panel.getByRole('button', { name: 'Follow the active tab' }).click();
    await sidePanelUrl(rep, (u) => /\/sidebar\.html$/.test(u));
    await panel.getByText('Showing a lead opened from your queue.').waitFor({ state: 'detached', timeout: 10_000 });
  });
});
