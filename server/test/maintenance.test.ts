import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect';
import { analyzeStaleTables, startMaintenance } from '../src/db/maintenance';
import { createLogger } from '../src/log';
import { writeWorkspace } from '../src/store';
import { seedWorkspace, type Seed } from '../src/testing';
import { STORAGES } from './support/storages';

const pglite = STORAGES.find((s) => s.name === 'pglite')!;

async function addLeads(database: Database, seed: Seed, from: number, count: number): Promise<void> {
  const at = '2026-03-02T01:00:00.000Z';
  const leads = Array.from({ length: count }, (_, i) => ({
    id: `ld_m${from + i}`,
    email: `m${from + i}@example.com`,
    name: {},
    firmographics: {},
    source: { channel: 'other' as const },
    stage: 'inquiry' as const,
    crmLinks: [],
    createdAt: at,
    updatedAt: at,
  }));
  // One version per 100 leads, like many small writes.
  for (let i = 0; i < leads.length; i += 100) await writeWorkspace(database.db, seed.workspaceId, (store) => store.put('lead', ...leads.slice(i, i + 100)));
}

const plan = async (database: Database, workspaceId: string) =>
  (
    await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT entity, id, version, deleted, data FROM records
      WHERE workspace_id = ${workspaceId} AND (version, entity, id) > (${1}, 'lead', '') ORDER BY version, entity, id LIMIT 1001
    `.execute(database.db)
  ).rows
    .map((r) => r['QUERY PLAN'])
    .join('\n');

/** PGlite has no autovacuum: without these checks its planner keeps estimating empty tables. */
describe('planner statistics on PGlite', () => {
  let database: Database;
  let seed: Seed;
  beforeAll(async () => {
    database = await pglite.open();
    seed = await seedWorkspace(database.db);
  });
  afterAll(async () => database?.close());

  it('analyzes a table once enough of it changed, and then a pull page reads the version index in order', async () => {
    await addLeads(database, seed, 0, 5000);
    expect(await analyzeStaleTables(database.db)).toContain('records');
    expect(await analyzeStaleTables(database.db)).not.toContain('records');
    const analyzed = await plan(database, seed.workspaceId);
    expect(analyzed).toContain('Index Scan using records_by_version');
    expect(analyzed).not.toMatch(/Sort|Bitmap/);
    // A few more rows are not worth a new analyze (autovacuum's 50 + 10 %).
    await addLeads(database, seed, 5000, 100);
    expect(await analyzeStaleTables(database.db)).not.toContain('records');
  });

  it('is checked periodically, and stopping waits for a check in flight', async () => {
    const lastAnalyze = async () =>
      (await sql<{ at: string | null }>`SELECT last_analyze::text AS at FROM pg_stat_user_tables WHERE relname = 'records'`.execute(database.db)).rows[0]?.at;
    const before = await lastAnalyze();
    await addLeads(database, seed, 10_000, 2000);
    const maintenance = startMaintenance(database, { logger: createLogger({ level: 'silent' }), intervalMs: 50 });
    try {
      await expect.poll(lastAnalyze, { timeout: 10_000, interval: 50 }).not.toBe(before);
    } finally {
      await maintenance.stop();
    }
  });
});
