import { sql, type Kysely } from 'kysely';
import { safeError, type Logger } from '../log';
import type { Database } from './connect';
import type { DB } from './schema';

/**
 * Planner statistics for embedded PGlite. PGlite is one embedded session without the autovacuum
 * workers a PostgreSQL server runs, so nothing ever ANALYZEs its tables: the planner keeps
 * estimating an empty table. Found by the throughput bench: a pull page of a large workspace
 * became a bitmap scan of every row after the cursor plus a sort (60 ms for 37,000 rows, seconds
 * at the reference scale) instead of reading 1,000 index entries in order (2 ms).
 */

/** autovacuum's defaults: analyze once 50 rows + 10 % of the table changed since the last time. */
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE_FACTOR = 0.1;

/** ANALYZE the tables that changed enough since their last analyze, as autovacuum would; returns their names. */
export async function analyzeStaleTables(db: Kysely<DB>): Promise<string[]> {
  // Change counts reach pg_stat_* lazily (up to a second later); flush this session's first.
  await sql`SELECT pg_stat_force_next_flush()`.execute(db);
  const stale = await sql<{ relname: string }>`
    SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
    WHERE s.n_mod_since_analyze > ${ANALYZE_THRESHOLD} + ${ANALYZE_SCALE_FACTOR} * greatest(c.reltuples, 0)
    ORDER BY s.relname
  `.execute(db);
  for (const { relname } of stale.rows) await sql`ANALYZE ${sql.id(relname)}`.execute(db);
  return stale.rows.map((r) => r.relname);
}

export interface Maintenance {
  /** Stop checking; resolves once an analyze in flight is done, so the database can be closed. */
  stop(): Promise<void>;
}

/**
 * On PGlite, check every `intervalMs` for tables to analyze (not at once: a start stays as fast as
 * it was). The check is one cheap query; an ANALYZE samples at most 30,000 rows per table, so it
 * holds the one session for a fraction of a second even at a million rows. PostgreSQL's
 * autovacuum does this itself.
 */
export function startMaintenance(database: Database, options: { logger: Logger; intervalMs?: number }): Maintenance {
  if (database.storage !== 'pglite') return { stop: async () => undefined };
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= analyzeStaleTables(database.db)
      .then((tables) => {
        if (tables.length) options.logger.info({ tables }, 'analyzed tables');
      })
      .catch((error: unknown) => options.logger.warn({ err: safeError(error) }, 'analyze failed'))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
