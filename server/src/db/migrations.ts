import { sql, type Kysely } from 'kysely';
import type { DB } from './schema';

interface Migration {
  id: number;
  name: string;
  /** One statement per entry: PGlite's extended protocol runs a single statement per query. */
  statements: string[];
}

/** Ordered and append-only: never edit a migration that has shipped, add the next one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'initial',
    statements: [
      `CREATE TABLE workspaces (
        id text PRIMARY KEY,
        name text NOT NULL,
        currency text NOT NULL,
        timezone text NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        created_at text NOT NULL
      )`,
      `CREATE TABLE records (
        workspace_id text NOT NULL REFERENCES workspaces(id),
        entity text NOT NULL,
        id text NOT NULL,
        version bigint NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        data jsonb,
        email text,
        lead_id text,
        origin text,
        external_id text,
        status text,
        PRIMARY KEY (workspace_id, entity, id)
      )`,
      // Pull: changes after a cursor, in version order, by index only.
      `CREATE INDEX records_by_version ON records (workspace_id, version, entity, id)`,
      // One live lead (and one user) per email in a workspace.
      `CREATE UNIQUE INDEX records_email ON records (workspace_id, entity, email) WHERE email IS NOT NULL AND NOT deleted`,
      // Touches, handoffs and outcomes of a lead (erase, regrade).
      `CREATE INDEX records_by_lead ON records (workspace_id, lead_id, entity) WHERE lead_id IS NOT NULL`,
      // Ingest idempotency.
      `CREATE UNIQUE INDEX records_touch_external ON records (workspace_id, origin, external_id) WHERE entity = 'touch' AND external_id IS NOT NULL AND NOT deleted`,
      // At most one pending handoff per lead.
      `CREATE UNIQUE INDEX records_pending_handoff ON records (workspace_id, lead_id) WHERE entity = 'handoff' AND status = 'pending' AND NOT deleted`,
      `CREATE TABLE tokens (
        hash text PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces(id),
        user_id text NOT NULL,
        created_at text NOT NULL,
        revoked_at text
      )`,
      `CREATE INDEX tokens_by_user ON tokens (workspace_id, user_id)`,
      `CREATE TABLE clients (
        workspace_id text NOT NULL REFERENCES workspaces(id),
        user_id text NOT NULL,
        client_id text NOT NULL,
        last_mutation_id bigint NOT NULL DEFAULT 0,
        updated_at text NOT NULL,
        PRIMARY KEY (workspace_id, user_id, client_id)
      )`,
    ],
  },
  {
    id: 2,
    name: 'routing_state',
    statements: [
      // Round-robin pointer per queue: the member the last rotation picked. Written only inside a
      // workspace-versioned transaction (the workspace row lock serialises it); never replicated.
      `CREATE TABLE routing_state (
        workspace_id text NOT NULL REFERENCES workspaces(id),
        queue_id text NOT NULL,
        last_user_id text NOT NULL,
        updated_at text NOT NULL,
        PRIMARY KEY (workspace_id, queue_id)
      )`,
    ],
  },
  {
    id: 3,
    name: 'mutation_refusals',
    statements: [
      // Why a mutation was refused, so a replay of it (its answer was lost on the way) gets the
      // same answer instead of "duplicate", and the person still learns their change was refused.
      `CREATE TABLE mutation_refusals (
        workspace_id text NOT NULL,
        user_id text NOT NULL,
        client_id text NOT NULL,
        mutation_id bigint NOT NULL,
        -- JSON as text, not jsonb: the refusal may quote input jsonb cannot hold (a NUL, a lone surrogate).
        error text NOT NULL,
        created_at text NOT NULL,
        PRIMARY KEY (workspace_id, user_id, client_id, mutation_id)
      )`,
    ],
  },
];

/** Arbitrary constant: the advisory lock every process takes to migrate and bootstrap. */
export const MIGRATION_LOCK_KEY = 7_281_934_113;

/**
 * Run `fn` holding a session-level advisory lock on one pinned connection, so that of several
 * server processes starting together exactly one migrates (the others wait, then find nothing
 * to do). `fn` must use the connection it is given: on PGlite it is the only one.
 */
export async function withStartupLock<T>(db: Kysely<DB>, fn: (conn: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}

/** Apply the migrations not yet recorded in `schema_migrations`, each in its own transaction. */
export async function migrate(conn: Kysely<DB>): Promise<number[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`.execute(conn);
  const done = new Set((await conn.selectFrom('schema_migrations').select('id').execute()).map((r) => Number(r.id)));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.id)) continue;
    await conn.transaction().execute(async (tx) => {
      for (const statement of migration.statements) await sql.raw(statement).execute(tx);
      await tx.insertInto('schema_migrations').values({ id: migration.id, name: migration.name, applied_at: new Date().toISOString() }).execute();
    });
    applied.push(migration.id);
  }
  return applied;
}
