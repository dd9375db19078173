import type { ColumnType, Generated } from 'kysely';

/**
 * The tables, as Kysely sees them. Replicated entities live in one document table, `records`,
 * with the columns the rules look up extracted and indexed; everything else is small and plain.
 * Timestamps are canonical ISO strings, identical on PGlite and PostgreSQL.
 */
export interface DB {
  schema_migrations: { id: number; name: string; applied_at: string };
  workspaces: {
    id: string;
    name: string;
    currency: string;
    timezone: string;
    /** The per-workspace change counter: every writing transaction takes the next value. */
    version: Generated<number>;
    created_at: string;
  };
  records: RecordsTable;
  tokens: {
    hash: string;
    workspace_id: string;
    user_id: string;
    created_at: string;
    revoked_at: string | null;
  };
  /** Round-robin pointer of each queue (see `routing.ts`); server-internal, not replicated. */
  routing_state: {
    workspace_id: string;
    queue_id: string;
    last_user_id: string;
    updated_at: string;
  };
  clients: {
    workspace_id: string;
    user_id: string;
    client_id: string;
    last_mutation_id: number;
    updated_at: string;
  };
  /** The error of each refused mutation (the last REFUSALS_KEPT ids per client), for replays. */
  mutation_refusals: {
    workspace_id: string;
    user_id: string;
    client_id: string;
    mutation_id: number;
    /** The MutationResult error, as JSON text. */
    error: string;
    created_at: string;
  };
}

export interface RecordsTable {
  workspace_id: string;
  entity: string;
  id: string;
  version: number;
  deleted: boolean;
  /** The entity as `EntitySchemas[entity]` parses it; null on a tombstone. */
  data: ColumnType<unknown, string | null, string | null>;
  email: string | null;
  lead_id: string | null;
  origin: string | null;
  external_id: string | null;
  status: string | null;
}
