/**
 * `npm run demo`: the sync server with a demo workspace (about 200 leads with touches, handoffs and
 * outcomes across sources, campaigns and vendors, in Japanese and English), and Chromium with the
 * extension on faithful demo CRM and webmail pages.
 *
 * With a display (DISPLAY set) the browser opens for you to click around; press Ctrl-C to stop.
 * Without one it runs headless and writes screenshots to docs/screenshots (or AUN_DEMO_OUT).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startTestServer } from '../server/src/testing';
import { seedDemoData } from '../server/src/demo';
import { displayName } from '../lib/domain';
import { ensureBuilt, launchProfile, ROOT, type Profile } from '../e2e/support/chromium';
import { serveSites, type SiteWorld } from '../e2e/support/sites';
import { openDrawer, waitForBadge } from '../e2e/support/badge';
import { connect, openExtensionPage, waitForOutboxEmpty } from '../e2e/support/extension';

const headed = !!process.env.DISPLAY && process.env.AUN_DEMO_HEADLESS !== '1';
const outDir = process.env.AUN_DEMO_OUT ?? join(ROOT, 'docs/screenshots');
const NOW = new Date();

async function main() {
  if (process.env.AUN_SKIP_BUILD !== '1') ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'aun-demo-'));
  const server = await startTestServer({ dataDir });
  const { seed } = server;

  // Three demo people the pages show: two already handed to the rep, one new inbound email.
  const salesforceIds = ['00Q5g00000DmOaAAAA', '00Q5g00000DmObBBBB'];
  let featured: Array<{ id: string; email: string; name: string; company: string }> = [];
  const counts = await seedDemoData(
    server.database.db,
    seed.workspaceId,
    { leads: 200, touchesPerLead: 8, handoffs: 80, now: NOW.toISOString(), marketerIds: [seed.marketer.id], repIds: [seed.sales.id, seed.sales2.id] },
    (data) => {
      // Link our rep's two newest pending handoffs (still within their SLA) to Salesforce records,
      // as a CRM sync would: the drawer then shows a live SLA clock and the Accept/Reject actions.
      const pending = data.handoffs
        .filter((h) => h.status === 'pending' && h.toUserId === seed.sales.id && Date.parse(h.dueAt!) > NOW.getTime())
        .sort((a, b) => b.assignedAt!.localeCompare(a.assignedAt!))
        .slice(0, 2);
      if (pending.length < 2) throw new Error('the demo data has fewer than two pending handoffs for the rep');
      featured = pending.map((h, i) => {
        const lead = data.leads.find((l) => l.id === h.leadId)!;
        const recordId = salesforceIds[i]!;
        lead.crmLinks = [{ system: 'salesforce', objectType: 'Lead', recordId, url: `https://acme.lightning.force.com/lightning/r/Lead/${recordId}/view` }];
        return { id: recordId, email: lead.email, name: displayName(lead.name, lead.email), company: lead.company ?? '' };
      });
    },
  );
  console.log(`Demo workspace: ${counts.leads} leads, ${counts.touches} touches, ${counts.handoffs} handoffs, ${counts.outcomes} outcomes.`);
  console.log(`Sync server on ${server.url}. Tokens — marketer: ${seed.marketer.token}  sales: ${seed.sales.token}  admin: ${seed.admin.token}`);

  const inbound = { email: 'kenji.watanabe@hokuto-sys.co.jp', name: '渡辺 健二', company: '北斗システム株式会社' };
  const world: SiteWorld = {
    salesforce: featured,
    gmail: [{ threadId: '18c2f5e1a2b3c4d5', subject: 'お見積りのご相談（営業支援ツール）', from: inbound, body: '営業支援ツールの導入を検討しております。200名規模での概算お見積りをお願いできますでしょうか。' }],
    others: {},
    unconfiguredHost: 'intranet.example.com',
  };

  const profiles: Profile[] = [];
  const open = async (locale: string) => {
    const profile = await launchProfile({ headless: !headed, locale });
    profiles.push(profile);
    await serveSites(profile.context, world);
    return profile;
  };

  const rep = await open('en-US');
  await connect(rep, server.url, seed.sales.token);
  const marketer = await open('ja-JP');
  await connect(marketer, server.url, seed.marketer.token);

  if (headed) {
    const page = await rep.context.newPage();
    await page.goto(`https://acme.lightning.force.com/lightning/r/Lead/${featured[0]!.id}/view`);
    const inbox = await marketer.context.newPage();
    await inbox.goto(`https://mail.google.com/mail/u/0/?th=${world.gmail[0]!.threadId}#inbox/${world.gmail[0]!.threadId}`);
    console.log('Two browsers are open: a sales rep on Salesforce and a marketer on Gmail. Press Ctrl-C to stop.');
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  } else {
    warnWithoutJapaneseFont();
    mkdirSync(outDir, { recursive: true });
    const shot = (page: Page, name: string) => page.screenshot({ path: join(outDir, `${name}.png`) });

    // 1. The badge on a CRM record.
    const record = await rep.context.newPage();
    await record.goto(`https://acme.lightning.force.com/lightning/r/Lead/${featured[0]!.id}/view`);
    const badge = await waitForBadge(record, /^[A-D][1-4]$/, 30_000);
    await record.getByText(featured[0]!.email).waitFor(); // the record's detail fields render last
    await shot(record, 'badge-salesforce');
    // 2. The drawer, in English: the grade's reasons down to the handoff, its SLA clock and the
    // rep's Accept/Reject, so the window grows to where the handoff ends.
    const frame = await openDrawer(record, badge);
    await frame.getByText(featured[0]!.company).first().waitFor();
    await frame.getByRole('button', { name: /^Why [A-D][1-4]\?$/ }).click();
    await frame.getByRole('button', { name: 'Accept', exact: true }).waitFor();
    await record.waitForTimeout(500);
    const handoffBottom = await frame.locator('.aun-handoff').evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
    await record.setViewportSize({ width: 1400, height: Math.max(900, Math.ceil(handoffBottom) + 48) });
    await record.waitForTimeout(300);
    await shot(record, 'drawer-en');

    // 3. Inbox tagging, and 4. the drawer in Japanese (the marketer's browser is Japanese).
    const inbox = await marketer.context.newPage();
    await inbox.goto(`https://mail.google.com/mail/u/0/?th=${world.gmail[0]!.threadId}#inbox/${world.gmail[0]!.threadId}`);
    const tagFrame = await openDrawer(inbox, await waitForBadge(inbox, '+'));
    await tagFrame.getByRole('button', { name: '有望リードとして登録' }).click();
    await tagFrame.getByLabel('会社名').fill(inbound.company);
    await inbox.waitForTimeout(300);
    await shot(inbox, 'inbox-tagging');
    const ja = await marketer.context.newPage();
    await ja.goto(`https://acme.lightning.force.com/lightning/r/Lead/${featured[1]!.id}/view`);
    const jaFrame = await openDrawer(ja, await waitForBadge(ja, /^[A-D][1-4]$/, 30_000));
    await jaFrame.getByText(featured[1]!.company).first().waitFor();
    await ja.waitForTimeout(500);
    await shot(ja, 'drawer-ja');

    // 5. The review dashboard, and 6. the rep's popup.
    const review = await openExtensionPage(marketer, 'review.html#period=quarter');
    await review.setViewportSize({ width: 1400, height: 1500 });
    await review.getByRole('heading', { level: 2 }).first().waitFor();
    await review.waitForTimeout(2000);
    await shot(review, 'review-dashboard');
    await waitForOutboxEmpty(rep);
    const popup = await openExtensionPage(rep, 'popup.html');
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.waitForTimeout(1500);
    await shot(popup, 'popup-queue');
    console.log(`Screenshots written to ${outDir}`);
  }

  for (const p of profiles) await p.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Half the demo is Japanese: without a CJK font Chromium draws boxes, so say so before writing screenshots. */
function warnWithoutJapaneseFont(): void {
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' });
  } catch {
    // no fontconfig to ask: nothing to warn about with certainty
    return;
  }
  if (!fonts.trim()) console.warn('No Japanese font installed: Japanese text will show as boxes. Install one, e.g. "apt-get install -y fonts-noto-cjk".');
}

main().catch((error: unknown) => {
  console.error('The demo failed:', error instanceof Error ? error.stack : error);
  process.exit(1);
});
