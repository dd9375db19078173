import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/src/testing';
import { seedDemoData } from '../server/src/demo';
import { ensureBuilt, launchProfile, type Profile } from './support/chromium';
import { openExtensionPage } from './support/extension';

/**
 * MV3 stops service workers whenever it likes. A worker stopped in the middle of the initial
 * sync must resume from its last committed page and end with exactly the server's data.
 */

let server: TestServer;
let dataDir: string;
let profile: Profile;
let expected: { leads: number; touches: number; handoffs: number };

const countsIn = (worker: Worker) =>
  worker.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('aun');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('leads')) { db.close(); return resolve({ leads: 0, touches: 0, handoffs: 0, cursor: null }); }
      const tx = db.transaction(['leads', 'touches', 'handoffs', 'meta']);
      const out = {};
      const ask = (name, req) => { req.onsuccess = () => { out[name] = req.result; if (Object.keys(out).length === 4) { db.close(); resolve(out); } }; };
      ask('leads', tx.objectStore('leads').count());
      ask('touches', tx.objectStore('touches').count());
      ask('handoffs', tx.objectStore('handoffs').count());
      ask('cursor', tx.objectStore('meta').get('cursor'));
    };
  })`) as Promise<{ leads: number; touches: number; handoffs: number; cursor: { value: string } | null }>;

/** How many leads carry a cached grade, and how many still wait in the regrade queue. */
const gradingIn = (worker: Worker) =>
  worker.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('aun');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['leads', 'regradeQueue']);
      const leads = tx.objectStore('leads').getAll();
      const queued = tx.objectStore('regradeQueue').count();
      tx.oncomplete = () => { db.close(); resolve({ graded: leads.result.filter((l) => typeof l._grade === 'string').length, queued: queued.result }); };
    };
  })`) as Promise<{ graded: number; queued: number }>;

beforeAll(async () => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'aun-e2e-restart-'));
  server = await startTestServer({ dataDir });
  const seeded = await seedDemoData(server.database.db, server.seed.workspaceId, {
    leads: 4000,
    touchesPerLead: 6,
    handoffs: 600,
    now: new Date().toISOString(),
    marketerIds: [server.seed.marketer.id],
    repIds: [server.seed.sales.id, server.seed.sales2.id],
  });
  expected = { leads: seeded.leads, touches: seeded.touches, handoffs: seeded.handoffs };
  profile = await launchProfile();
});

afterAll(async () => {
  await profile?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('a service worker stopped mid-sync', () => {
  it('resumes from its last committed page and ends with exactly the server data', async () => {
    // Connect without waiting: saving starts the initial sync.
    const options = await openExtensionPage(profile, 'options.html');
    await options.getByLabel('Server URL').fill(server.url);
    await options.getByLabel('Access token').fill(server.seed.sales.token);
    await options.getByRole('button', { name: 'Save', exact: true }).first().click();

    // Wait until some pages are committed but not all, then stop the worker.
    let partial = await countsIn(profile.worker);
    const deadline = Date.now() + 60_000;
    while (partial.leads + partial.touches === 0 && Date.now() < deadline) {
      await options.waitForTimeout(50);
      partial = await countsIn(profile.worker);
    }
    const cdp = await profile.context.newCDPSession(options);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${profile.extensionId}/`));
    expect(target).toBeDefined();
    await cdp.send('Target.closeTarget', { targetId: target!.targetId });
    await options.close();

    // The sync was cut short: something committed, not everything.
    expect(partial.cursor).not.toBeNull();
    expect(partial.leads + partial.touches).toBeLessThan(expected.leads + expected.touches);

    // Anything that talks to the background wakes a new worker; opening the review syncs.
    const review = await openExtensionPage(profile, 'review.html');
    const worker = profile.context.serviceWorkers().find((w) => w.url().includes(profile.extensionId)) ?? (await profile.context.waitForEvent('serviceworker'));
    let final = await countsIn(worker);
    const until = Date.now() + 120_000;
    while ((final.leads < expected.leads || final.touches < expected.touches || final.handoffs < expected.handoffs) && Date.now() < until) {
      await review.waitForTimeout(500);
      final = await countsIn(worker);
    }
    expect({ leads: final.leads, touches: final.touches, handoffs: final.handoffs }).toEqual(expected);
    // And every lead ends graded: the regrade queue, the grading checkpoint, drains in the new worker.
    let grading = await gradingIn(worker);
    while ((grading.queued > 0 || grading.graded < expected.leads) && Date.now() < until) {
      await review.waitForTimeout(500);
      grading = await gradingIn(worker);
    }
    expect(grading).toEqual({ graded: expected.leads, queued: 0 });
    await review.close();
  });
});
