import type { Kysely } from 'kysely';
import { openDatabase } from '../../server/src/db/connect';
import { migrate, withStartupLock } from '../../server/src/db/migrations';
import type { DB } from '../../server/src/db/schema';
import { seedWorkspace, type Seed } from '../../server/src/testing';
import { spawnServer, type ServerProcess } from '../../server/test/support/processes';
import { createPostgresDatabase } from '../../server/test/support/storages';

/** Limits out of the way: the soak measures the sync path, not the rate limiter. */
export const UNLIMITED = { AUN_BOOTSTRAP: '0', AUN_RATE_LIMIT_RPS: '1000000', AUN_RATE_LIMIT_BURST: '1000000' };

export interface Cluster {
  /** The test's own connection to the servers' database: the truth the invariants are checked against. */
  db: Kysely<DB>;
  seed: Seed;
  servers: ServerProcess[];
  close(): Promise<void>;
}

/**
 * A throwaway PostgreSQL database on the server at `baseUrl`, migrated and seeded, and `processes`
 * real server processes (`server/src/main.ts`) sharing it, as deployed behind a load balancer.
 */
export async function startCluster(options: { baseUrl: string; processes: number }): Promise<Cluster> {
  const throwaway = await createPostgresDatabase(options.baseUrl);
  const database = await openDatabase({ databaseUrl: throwaway.url });
  const servers: ServerProcess[] = [];
  const close = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database.close();
    await throwaway.drop();
  };
  try {
    await withStartupLock(database.db, migrate);
    const seed = await seedWorkspace(database.db);
    // Started together, as a rolling deploy would: the startup lock serialises their migrations.
    await Promise.all(Array.from({ length: options.processes }, async () => servers.push(await spawnServer({ ...UNLIMITED, DATABASE_URL: throwaway.url }))));
    return { db: database.db, seed, servers, close };
  } catch (error) {
    await close();
    throw error;
  }
}
