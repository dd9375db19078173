import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leadIdForEmail, PullResponse, type MutationCall } from '../../lib/domain';
import { openDatabase, type ConnectOptions } from '../../server/src/db/connect';
import { migrate, withStartupLock } from '../../server/src/db/migrations';
import { seedWorkspace, type Seed } from '../../server/src/testing';
import { spawnServer, type ServerProcess } from '../../server/test/support/processes';
import { createPostgresDatabase, TEST_DATABASE_URL } from '../../server/test/support/storages';
import { Client } from './client';
import { UNLIMITED } from './cluster';
import { clientIdOf, clientState, diffStates, lastMutationIds, serverState, workspaceVersion } from './state';

/**
 * The server process is killed with SIGKILL while it is applying a large push, then started again
 * on the same storage. The client's replay of the same mutation ids must give exactly-once effects:
 * each mutation commits with the client's last mutation id in one transaction, so a mutation is
 * either in with its id or not at all.
 */

interface CrashStorage {
  name: string;
  env: Record<string, string>;
  connect: ConnectOptions;
  cleanup(): Promise<void>;
}

const storages: { name: string; make: () => Promise<CrashStorage> }[] = [
  {
    name: 'PGlite, data folder on disk',
    make: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aun-crash-'));
      return { name: 'pglite', env: { AUN_DATA_DIR: dir }, connect: { dataDir: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(TEST_DATABASE_URL
    ? [
        {
          name: 'PostgreSQL',
          make: async () => {
            const throwaway = await createPostgresDatabase();
            return { name: 'postgres', env: { DATABASE_URL: throwaway.url }, connect: { databaseUrl: throwaway.url }, cleanup: throwaway.drop };
          },
        },
      ]
    : []),
];

const LEADS = 10;
const TOUCHES_PER_LEAD = 14;
/** Kill once this many of the batch's mutations are in: well inside the batch. */
const KILL_AFTER = 50;
const now = () => new Date().toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(storages)('server killed with SIGKILL mid-push ($name)', ({ make }) => {
  let storage: CrashStorage;
  let server: ServerProcess | undefined;
  const clients: Client[] = [];
  afterAll(async () => {
    await server?.kill();
    for (const c of clients) await c.close();
    await storage?.cleanup();
  });

  /** Open the storage in this process (with PGlite only while no server runs). */
  async function inspect<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
    const database = await openDatabase(storage.connect);
    try {
      return await fn(database.db);
    } finally {
      await database.close();
    }
  }

  const start = (port = 0) => spawnServer({ ...UNLIMITED, ...storage.env, PORT: String(port) });

  it('the replayed batch applies every mutation exactly once, with a consistent last mutation id', async () => {
    storage = await make();
    const seed: Seed = await inspect(async (db) => {
      await withStartupLock(db, migrate);
      return seedWorkspace(db);
    });
    server = await start();
    const port = server.port;
    const marketer = new Client(server.url, seed.marketer);
    const rep = new Client(server.url, seed.sales, { pushBatch: 500 });
    clients.push(marketer, rep);

    // Leads with a pending handoff each, seen by the rep.
    const leads = Array.from({ length: LEADS }, (_, i) => {
      const email = `crash-${i}@acme.co.jp`;
      return { leadId: leadIdForEmail(email), email, handoffId: `h-crash-${i}` };
    });
    for (const l of leads) {
      await marketer.mutate({ name: 'lead.upsert', args: { lead: { id: l.leadId, email: l.email } } });
      await marketer.mutate({ name: 'handoff.create', args: { id: l.handoffId, leadId: l.leadId, stageId: 'marketing_to_sales', toUserId: seed.sales.id, checkedItemIds: ['contact_verified'], createdAt: now() } });
    }
    expect(await marketer.sync()).toMatchObject({ state: 'idle', pending: 0, rejected: [] });
    await rep.sync();
    expect(await rep.db.handoffs.count()).toBe(LEADS);

    // One push of 150 mutations: a decision per handoff and touches, interleaved.
    const kinds = ['accept', 'reject', 'recycle'] as const;
    const batch: MutationCall[] = leads.flatMap((l, i) => [
      ...Array.from({ length: TOUCHES_PER_LEAD }, (_, j): MutationCall => ({ name: 'touch.add', args: { touch: { id: `t-crash-${i}-${j}`, leadId: l.leadId, type: 'call', occurredAt: now(), origin: 'aun' } } })),
      { name: 'handoff.decide', args: { handoffId: l.handoffId, kind: kinds[i % 3]!, ...(kinds[i % 3] === 'reject' ? { reasonCode: 'no_budget' } : {}), at: now() } },
    ]);
    for (const call of batch) await rep.mutate(call);
    const localIds = await rep.db.outbox.toCollection().primaryKeys();
    const firstId = Math.min(...localIds);
    const lastId = Math.max(...localIds);
    expect(localIds).toHaveLength(batch.length);

    // The version before the batch, read with the server stopped (PGlite has one process).
    await server.stop();
    const versionBefore = await inspect((db) => workspaceVersion(db, seed.workspaceId));
    server = await start(port);

    const clientId = await clientIdOf(rep);
    const serverLastId = async (url: string) => {
      const res = await fetch(`${url}/api/sync/pull?${new URLSearchParams({ clientId, limit: '1' })}`, { headers: { authorization: `Bearer ${seed.sales.token}` } });
      return PullResponse.parse(await res.json()).lastMutationId;
    };

    // Push, and kill the process once a third of the batch is in.
    const pushing = rep.sync();
    let seenAtKill = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      try {
        seenAtKill = await serverLastId(server.url);
      } catch (e) {
        throw new Error(`poll failed: ${String((e as Error).cause ?? e)}\n${server.output()}`);
      }
      if (seenAtKill >= firstId + KILL_AFTER - 1) break;
      await sleep(2);
    }
    await server.kill();
    expect(seenAtKill, 'the kill came while the batch was being applied').toBeGreaterThanOrEqual(firstId + KILL_AFTER - 1);
    expect(seenAtKill, 'the kill came before the batch was done').toBeLessThan(lastId);
    expect(await pushing).toMatchObject({ state: 'offline', pending: batch.length });

    // Restart on the same storage and port: what was committed is there, the rest is not.
    server = await start(port);
    const afterRestart = await serverLastId(server.url);
    expect(afterRestart, 'nothing committed was lost').toBeGreaterThanOrEqual(seenAtKill);
    expect(afterRestart, 'part of the batch was still unapplied').toBeLessThan(lastId);

    // eslint-disable-next-line no-console -- figures only
    console.info(`crash (${storage.name}): killed with ${seenAtKill - firstId + 1} of ${batch.length} applied as seen by a pull, ${afterRestart - firstId + 1} found after the restart`);

    // The engine replays the whole batch with the same ids: the applied part is "duplicate".
    expect(await rep.sync()).toMatchObject({ state: 'idle', pending: 0, rejected: [] });
    expect(await serverLastId(server.url)).toBe(lastId);
    await marketer.sync();
    await server.stop();
    server = undefined;

    await inspect(async (db) => {
      // Exactly once: one version per mutation of the batch, no more, no less.
      expect((await workspaceVersion(db, seed.workspaceId)) - versionBefore).toBe(batch.length);
      expect((await lastMutationIds(db, seed.workspaceId)).get(clientId)).toBe(lastId);
      const truth = await serverState(db, seed.workspaceId);
      const touches = [...truth.keys()].filter((k) => k.startsWith('touch:t-crash-'));
      expect(touches).toHaveLength(LEADS * TOUCHES_PER_LEAD);
      for (const [i, l] of leads.entries()) {
        const handoff = JSON.parse(truth.get(`handoff:${l.handoffId}`)!) as { status: string; decision?: { kind: string; by: string } };
        expect(handoff.decision).toMatchObject({ kind: kinds[i % 3], by: seed.sales.id });
      }
      expect(diffStates(truth, await clientState(rep))).toEqual([]);
      expect(diffStates(truth, await clientState(marketer))).toEqual([]);
    });
  }, 180_000); // four server starts and a 150-mutation replay on a shared 2-core machine
});
