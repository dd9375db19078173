import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { seedDemoData } from '../../server/src/demo';
import { startTestServer, type TestServer } from '../../server/src/testing';
import { REFERENCE_NOW, REFERENCE_SEED, scaled } from './scale';

export interface ReferenceServer extends TestServer {
  counts: { leads: number; touches: number; handoffs: number; outcomes: number };
  /** Seconds the deterministic seed took to write (reported, not a budget). */
  seedSeconds: number;
}

/**
 * The per-token abuse guard, raised far out of the way: the benchmarks measure the server, and 50
 * clients sharing a few tokens (the reference workspace has one user per role) would otherwise
 * hit startTestServer's 1,000/s per token before the server's own limits.
 */
const BENCH_RATE_LIMIT = { perSecond: 1_000_000, burst: 1_000_000 };

/**
 * A sync server (PGlite on disk, or PostgreSQL when `databaseUrl` is given) holding the
 * reference workspace at `scale`, written through the server's own store so every row is
 * schema-checked and versioned exactly as clients will pull it.
 */
export async function startReferenceServer(options: { scale: number; databaseUrl?: string }): Promise<ReferenceServer> {
  const dataDir = options.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'aun-bench-pglite-'));
  const server = await startTestServer({
    ...(dataDir ? { dataDir } : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    config: { rateLimit: BENCH_RATE_LIMIT },
  });
  const started = performance.now();
  const counts = await seedDemoData(server.database.db, server.seed.workspaceId, {
    ...scaled(options.scale),
    seed: REFERENCE_SEED,
    now: REFERENCE_NOW,
    marketerIds: [server.seed.marketer.id],
    repIds: [server.seed.sales.id, server.seed.sales2.id],
  });
  // What the server's periodic check (PGlite) or autovacuum (PostgreSQL) does within a minute of a
  // bulk load; done here so the first suites do not measure plans made for an empty table.
  await sql`ANALYZE`.execute(server.database.db);
  const seedSeconds = (performance.now() - started) / 1000;
  return {
    ...server,
    counts,
    seedSeconds,
    close: async () => {
      await server.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
