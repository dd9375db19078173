import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing';
import { TEST_DATABASE_URL } from '../../server/test/support/storages';
import { startCluster, type Cluster } from './cluster';
import { runSoak, type SoakReport } from './workload';

/**
 * The short version of `npm run soak` (scripts/soak.ts): a few clients for a few seconds, so the
 * invariants are guarded on every run. Figures are printed, not asserted: the machine is shared.
 */
const CLIENTS = 5;
const DURATION_MS = 4000;

function expectSound(report: SoakReport) {
  // eslint-disable-next-line no-console -- figures only: counts and timings, no personal data
  console.info(`soak (short): ${JSON.stringify({ ...report, violations: report.violations.length })}`);
  expect(report.violations).toEqual([]);
  // The run did real work: mutations flowed, reps raced, handoffs were decided.
  expect(report.applied).toBeGreaterThan(CLIENTS);
  expect(report.conflicts).toBeGreaterThan(0);
  expect(report.handoffs.decided).toBeGreaterThan(0);
  expect(report.failedSyncs).toEqual({});
}

describe('concurrent clients, short soak', () => {
  let server: TestServer | undefined;
  afterAll(async () => server?.close());

  it(`${CLIENTS} engines on embedded PGlite converge, nothing lost or doubled, one decision per handoff`, async () => {
    server = await startTestServer({ config: { rateLimit: { perSecond: 1e6, burst: 1e6 } } });
    expectSound(await runSoak({ db: server.database.db, seed: server.seed, servers: [server.url], clients: CLIENTS, durationMs: DURATION_MS }));
  });
});

describe.skipIf(!TEST_DATABASE_URL)('concurrent clients, short soak on PostgreSQL behind two server processes', () => {
  let cluster: Cluster | undefined;
  afterAll(async () => cluster?.close());

  it(`${CLIENTS} engines, each request to either process, converge with the database`, async () => {
    cluster = await startCluster({ baseUrl: TEST_DATABASE_URL!, processes: 2 });
    expectSound(await runSoak({ db: cluster.db, seed: cluster.seed, servers: cluster.servers.map((s) => s.url), clients: CLIENTS, durationMs: DURATION_MS }));
  });
});
