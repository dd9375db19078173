import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/src/testing';
import { ensureBuilt, launchProfile, type Profile } from './support/chromium';
import { serveSites, type SiteWorld } from './support/sites';
import { drawerFrame, expectNoBadge, openDrawer, waitForBadge } from './support/badge';
import { connect, openExtensionPage, waitForOutboxEmpty } from './support/extension';
import { gradeOnServer } from './support/grades';

/**
 * The whole story, in two browser profiles against the real sync server on embedded storage:
 * a marketer tags an inbound email and hands it to a rep; the rep sees it on the Salesforce
 * record and rejects it with a reason, which the marketer reads in the joint review; a second
 * lead is accepted and becomes pipeline.
 */

const PROSPECT = { email: 'kenji.watanabe@hokuto-sys.co.jp', name: '渡辺 健二', company: '北斗システム株式会社' };
const SECOND = { email: 'emma.clark@contoso.example', name: 'Emma Clark', company: 'Contoso Ltd' };
// Job titles the marketer types: a manager (fit D) and an executive who also heads a team (fit B),
// so the two leads grade differently and a badge can only be right for its own record.
const PROSPECT_TITLE = '情報システム部 部長';
const SECOND_TITLE = 'VP, Head of Sales Operations';

const world: SiteWorld = {
  salesforce: [
    { id: '00Q5g00000AbCdEFGH', ...PROSPECT },
    { id: '00Q5g00000ZyXwVUTS', ...SECOND },
  ],
  gmail: [
    { threadId: '18c2f5e1a2b3c4d5', subject: 'お見積りのご相談（営業支援ツール）', from: PROSPECT, body: '営業支援ツールの導入を検討しております。お見積りをお願いできますでしょうか。' },
    { threadId: '18c2f5e1a2b3c4e6', subject: 'Pricing for 200 seats', from: SECOND, body: 'We are evaluating CRM companions for our sales team.' },
  ],
  others: {},
  unconfiguredHost: 'intranet.example.com',
};

let server: TestServer;
let dataDir: string;
let marketer: Profile;
let rep: Profile;

beforeAll(async () => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'aun-e2e-data-'));
  server = await startTestServer({ dataDir });
  [marketer, rep] = await Promise.all([launchProfile(), launchProfile()]);
  await Promise.all([serveSites(marketer.context, world), serveSites(rep.context, world)]);
  await connect(marketer, server.url, server.seed.marketer.token);
  await connect(rep, server.url, server.seed.sales.token);
});

afterAll(async () => {
  await Promise.all([marketer?.close(), rep?.close()]);
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function tagInboundEmail(threadId: string, person: { email: string; company: string }, title: string, checklist: string[]) {
  const page = await marketer.context.newPage();
  await page.goto(`https://mail.google.com/mail/u/0/?th=${threadId}#inbox/${threadId}`);
  const frame = await openDrawer(page, await waitForBadge(page, '+'));
  await frame.getByRole('button', { name: 'Tag as qualified lead' }).click();
  // The company is guessed from the domain; the marketer corrects it from the signature.
  await frame.getByLabel('Company').fill(person.company);
  await frame.getByLabel(/^Job title/).fill(title);
  await frame.getByLabel('Source').selectOption('inbound_email');
  await frame.getByLabel('Campaign').fill('Inbound 2026-03');
  for (const item of checklist) await frame.getByLabel(item).check();
  await frame.getByLabel('Hand off to').selectOption({ label: server.seed.sales.name });
  await frame.getByRole('button', { name: 'Tag and hand off' }).click();
  const done = frame.getByText(new RegExp(`Tagged .* as a lead\\. Handed to ${server.seed.sales.name}\\. Grade: ([A-D][1-4])\\.`));
  await done.waitFor();
  await waitForOutboxEmpty(marketer);
  // The grade the marketer was told is the one the server's data gives.
  expect(await done.textContent()).toContain(`Grade: ${await gradeOnServer(server, person.email)}.`);
  return page;
}

/** The rep's Salesforce record of `person`, once its badge shows the grade the server's data gives. */
async function openRecord(recordId: string, person: { email: string }): Promise<{ page: Page; grade: string }> {
  const grade = await gradeOnServer(server, person.email);
  const page = await rep.context.newPage();
  await page.goto(`https://acme.lightning.force.com/lightning/r/Lead/${recordId}/view`);
  // The marketer's change reaches the rep by sync; the badge updates when it lands.
  const badge = await waitForBadge(page, grade, 60_000);
  expect(badge.label).toContain(`lead grade ${grade}`);
  return { page, grade };
}

describe('the main story', () => {
  it('a marketer tags an inbound email in Gmail and hands it to a rep, with the checklist', async () => {
    const page = await tagInboundEmail(world.gmail[0]!.threadId, PROSPECT, PROSPECT_TITLE, ['Contact details verified', 'Need confirmed', 'Consent to be contacted']);
    const frame = await drawerFrame(page);
    // The inbound email is a touch worth 15 points: engagement 2 at once.
    await frame.getByText(/^Engagement 2 /).waitFor();
    await page.screenshot({ path: 'e2e/out/marketer-tagged.png' });
    await page.close();
  });

  it('the rep sees the grade on the Salesforce record, and the drawer shows touches, checklist and SLA clock', async () => {
    const { page, grade } = await openRecord('00Q5g00000AbCdEFGH', PROSPECT);
    const frame = await openDrawer(page, await waitForBadge(page, grade));
    await frame.getByText(PROSPECT.company).first().waitFor();
    await frame.getByText('お見積りのご相談（営業支援ツール）').waitFor(); // the inbound email touch
    await frame.getByText('Contact details verified').waitFor();
    await frame.getByText(/Checked by /).first().waitFor();
    await frame.getByText(/^Due in /).waitFor();
    await frame.getByText('Routing delay').waitFor();
    await page.screenshot({ path: 'e2e/out/rep-drawer.png' });

    // Reject with a reason, from the keyboard-friendly dialog.
    await frame.getByRole('button', { name: 'Reject', exact: true }).click();
    await frame.getByRole('radio', { name: 'No budget' }).check();
    await frame.getByLabel('Note').fill('来期の予算取りから');
    await frame.getByRole('dialog').getByRole('button', { name: 'Reject' }).click();
    await frame.getByText('Rejected. Marketing will see your reason.').waitFor();
    await page.close();
  });

  it("the marketer's review page shows the rejection reason", async () => {
    const page = await openExtensionPage(marketer, 'review.html#period=all');
    const reasons = page.locator('section', { has: page.getByRole('heading', { name: /Rejection reasons/ }) });
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click().catch(() => undefined);
          return (await reasons.innerText().catch(() => '')).includes('No budget');
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toBe(true);
    await page.close();
  });

  it('a second lead: the rep accepts and records an opportunity, which shows as pipeline in the review', async () => {
    const tagged = await tagInboundEmail(world.gmail[1]!.threadId, SECOND, SECOND_TITLE, ['Contact details verified', 'Need confirmed', 'Consent to be contacted']);
    await tagged.close();
    const { page, grade } = await openRecord('00Q5g00000ZyXwVUTS', SECOND);
    const frame = await openDrawer(page, await waitForBadge(page, grade));
    await frame.getByText(SECOND.company).first().waitFor();
    await frame.getByRole('button', { name: 'Accept', exact: true }).click();
    await frame.getByText('Accepted. It is sent in 10 seconds.').waitFor();
    await frame.getByLabel('What happened').selectOption('opportunity');
    await frame.getByLabel(/^Amount/).fill('4800000');
    await frame.getByRole('button', { name: 'Record outcome' }).click();
    await frame.getByText(/^Recorded: /).waitFor();

    const review = await openExtensionPage(marketer, 'review.html#period=all');
    const outcomes = review.locator('section', { has: review.getByRole('heading', { name: 'Marketing-sourced outcomes' }) });
    await expect
      .poll(
        async () => {
          await review.getByRole('button', { name: 'Refresh' }).click().catch(() => undefined);
          return /4,800,000/.test(await outcomes.innerText().catch(() => ''));
        },
        { timeout: 90_000, interval: 3000 },
      )
      .toBe(true);
    await review.screenshot({ path: 'e2e/out/review.png', fullPage: true });
    await review.close();
    await page.close();
  });

  it('SPA navigation to another record updates the badge; a list view shows none', async () => {
    const secondGrade = await gradeOnServer(server, SECOND.email);
    const { page, grade } = await openRecord('00Q5g00000AbCdEFGH', PROSPECT);
    // Two different grades, so the badge after navigation cannot be the one from before.
    expect(secondGrade).not.toBe(grade);
    // The drawer stays open from before (remembered per site) and follows the navigation.
    const frame = await drawerFrame(page);
    await frame.getByText(PROSPECT.company).first().waitFor();
    await page.getByRole('link', { name: SECOND.name }).click();
    expect(page.url()).toContain('00Q5g00000ZyXwVUTS');
    await frame.getByText(SECOND.company).first().waitFor();
    const second = await waitForBadge(page, secondGrade);
    expect(second.label).toContain(`lead grade ${secondGrade}`);
    await page.getByRole('link', { name: 'All leads' }).click();
    await expectNoBadge(page);
    await page.close();
  });
});
