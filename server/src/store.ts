import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import { DEFAULT_DEFINITION, EntitySchemas, type EntityName, type LeadDefinition } from '../../lib/domain';
import type { DB } from './db/schema';
import { assertStorable } from './errors';

export type EntityData<E extends EntityName> = z.infer<(typeof EntitySchemas)[E]>;

/** The id a change is keyed by: definitions by version, everything else by its id. */
export function entityId<E extends EntityName>(entity: E, data: EntityData<E>): string {
  return entity === 'definition' ? String((data as LeadDefinition).version) : (data as { id: string }).id;
}

/** The columns rules look up, extracted from the document so they can be indexed. */
function indexedColumns(entity: EntityName, data: Record<string, unknown>) {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    email: entity === 'lead' || entity === 'user' ? str(data.email) : null,
    lead_id: entity === 'touch' || entity === 'handoff' || entity === 'outcome' ? str(data.leadId) : null,
    origin: entity === 'touch' ? str(data.origin) : null,
    external_id: entity === 'touch' ? str(data.externalId) : null,
    status: entity === 'handoff' ? str(data.status) : null,
  };
}

/**
 * Reads and writes of one workspace inside one writing transaction. The transaction has already
 * taken the workspace's next version (see `writeWorkspace`), and every row it writes carries it.
 */
export class WorkspaceStore {
  constructor(
    readonly tx: Transaction<DB> | Kysely<DB>,
    readonly workspaceId: string,
    readonly version: number,
  ) {}

  async get<E extends EntityName>(entity: E, id: string): Promise<EntityData<E> | undefined> {
    const row = await this.tx
      .selectFrom('records')
      .select('data')
      .where('workspace_id', '=', this.workspaceId)
      .where('entity', '=', entity)
      .where('id', '=', id)
      .where('deleted', '=', false)
      .executeTakeFirst();
    return row?.data as EntityData<E> | undefined;
  }

  async getMany<E extends EntityName>(entity: E, ids: readonly string[]): Promise<Map<string, EntityData<E>>> {
    const out = new Map<string, EntityData<E>>();
    if (ids.length === 0) return out;
    const rows = await this.tx
      .selectFrom('records')
      .select(['id', 'data'])
      .where('workspace_id', '=', this.workspaceId)
      .where('entity', '=', entity)
      .where('deleted', '=', false)
      .where('id', '=', sql<string>`ANY(${[...ids]}::text[])`)
      .execute();
    for (const row of rows) out.set(row.id, row.data as EntityData<E>);
    return out;
  }

  /** Which of `keys` are live records (as `recordKey`s): several existence checks in one round trip. */
  async liveKeys(keys: readonly { entity: EntityName; id: string }[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await sql<{ entity: string; id: string }>`
      SELECT entity, id FROM records
      WHERE workspace_id = ${this.workspaceId} AND NOT deleted
        AND (entity, id) IN (SELECT * FROM unnest(${keys.map((k) => k.entity)}::text[], ${keys.map((k) => k.id)}::text[]))
    `.execute(this.tx);
    return new Set(rows.rows.map((r) => recordKey(r.entity as EntityName, r.id)));
  }

  async leadsByEmail(emails: readonly string[]): Promise<Map<string, EntityData<'lead'>>> {
    const out = new Map<string, EntityData<'lead'>>();
    if (emails.length === 0) return out;
    const rows = await this.tx
      .selectFrom('records')
      .select(['email', 'data'])
      .where('workspace_id', '=', this.workspaceId)
      .where('entity', '=', 'lead')
      .where('deleted', '=', false)
      .where('email', '=', sql<string>`ANY(${[...emails]}::text[])`)
      .execute();
    for (const row of rows) out.set(row.email!, row.data as EntityData<'lead'>);
    return out;
  }

  /** `origin \u0000 externalId` keys of the live touches among `pairs`. */
  async existingTouchKeys(pairs: readonly { origin: string; externalId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = await sql<{ origin: string; external_id: string }>`
      SELECT origin, external_id FROM records
      WHERE workspace_id = ${this.workspaceId} AND entity = 'touch' AND NOT deleted AND external_id IS NOT NULL
        AND (origin, external_id) IN (SELECT * FROM unnest(${pairs.map((p) => p.origin)}::text[], ${pairs.map((p) => p.externalId)}::text[]))
    `.execute(this.tx);
    return new Set(rows.rows.map((r) => touchKey(r.origin, r.external_id)));
  }

  /** The touches (type and time only: what grading needs) of each lead. */
  async touchesOfLeads(leadIds: readonly string[]): Promise<Map<string, { type: string; occurredAt: string }[]>> {
    const out = new Map<string, { type: string; occurredAt: string }[]>();
    if (leadIds.length === 0) return out;
    const rows = await sql<{ lead_id: string; type: string; occurred_at: string }>`
      SELECT lead_id, data->>'type' AS type, data->>'occurredAt' AS occurred_at FROM records
      WHERE workspace_id = ${this.workspaceId} AND lead_id = ANY(${[...leadIds]}::text[]) AND entity = 'touch' AND NOT deleted
    `.execute(this.tx);
    for (const r of rows.rows) {
      const list = out.get(r.lead_id) ?? [];
      list.push({ type: r.type, occurredAt: r.occurred_at });
      out.set(r.lead_id, list);
    }
    return out;
  }

  /** Live touches, handoffs and outcomes of a lead. */
  async childrenOf(leadId: string): Promise<{ entity: EntityName; id: string }[]> {
    const rows = await this.tx
      .selectFrom('records')
      .select(['entity', 'id'])
      .where('workspace_id', '=', this.workspaceId)
      .where('lead_id', '=', leadId)
      .where('deleted', '=', false)
      .execute();
    return rows.map((r) => ({ entity: r.entity as EntityName, id: r.id }));
  }

  async pendingHandoffOf(leadId: string): Promise<EntityData<'handoff'> | undefined> {
    const row = await this.tx
      .selectFrom('records')
      .select('data')
      .where('workspace_id', '=', this.workspaceId)
      .where('lead_id', '=', leadId)
      .where('entity', '=', 'handoff')
      .where('status', '=', 'pending')
      .where('deleted', '=', false)
      .executeTakeFirst();
    return row?.data as EntityData<'handoff'> | undefined;
  }

  async definition(version?: number): Promise<LeadDefinition> {
    return readDefinition(this.tx, this.workspaceId, version);
  }

  /** The member the queue's last round-robin pick went to (server-internal, see `mutations/routing.ts`). */
  async routingPointer(queueId: string): Promise<string | undefined> {
    const row = await this.tx
      .selectFrom('routing_state')
      .select('last_user_id')
      .where('workspace_id', '=', this.workspaceId)
      .where('queue_id', '=', queueId)
      .executeTakeFirst();
    return row?.last_user_id;
  }

  /** Move the queue's round-robin pointer. Safe under concurrency: the caller holds the workspace lock. */
  async setRoutingPointer(queueId: string, userId: string, now: string): Promise<void> {
    await this.tx
      .insertInto('routing_state')
      .values({ workspace_id: this.workspaceId, queue_id: queueId, last_user_id: userId, updated_at: now })
      .onConflict((oc) => oc.columns(['workspace_id', 'queue_id']).doUpdateSet({ last_user_id: userId, updated_at: now }))
      .execute();
  }

  /** Validate and write (insert or replace) entities at this transaction's version. */
  async put<E extends EntityName>(entity: E, ...items: EntityData<E>[]): Promise<void> {
    const rows = items.map((item) => {
      // Parsing here means nothing a client cannot parse is ever stored or emitted.
      const data = EntitySchemas[entity].parse(item) as Record<string, unknown>;
      assertStorable(data);
      return {
        workspace_id: this.workspaceId,
        entity,
        id: entityId(entity, data as EntityData<E>),
        version: this.version,
        deleted: false,
        data: JSON.stringify(data),
        ...indexedColumns(entity, data),
      };
    });
    // Chunked to stay far below PostgreSQL's 65,535 bind parameters per statement.
    for (let i = 0; i < rows.length; i += 1000) {
      await this.tx
        .insertInto('records')
        .values(rows.slice(i, i + 1000))
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'entity', 'id']).doUpdateSet((eb) => ({
            version: eb.ref('excluded.version'),
            deleted: eb.ref('excluded.deleted'),
            data: eb.ref('excluded.data'),
            email: eb.ref('excluded.email'),
            lead_id: eb.ref('excluded.lead_id'),
            origin: eb.ref('excluded.origin'),
            external_id: eb.ref('excluded.external_id'),
            status: eb.ref('excluded.status'),
          })),
        )
        .execute();
    }
  }

  /** Replace a row with a tombstone that keeps only its key: no personal data survives. */
  async remove(entity: EntityName, id: string): Promise<void> {
    await this.tx
      .updateTable('records')
      .set({ deleted: true, data: null, email: null, lead_id: null, origin: null, external_id: null, status: null, version: this.version })
      .where('workspace_id', '=', this.workspaceId)
      .where('entity', '=', entity)
      .where('id', '=', id)
      .execute();
  }
}

export const recordKey = (entity: EntityName, id: string) => `${entity}\u0000${id}`;

export const touchKey = (origin: string, externalId: string) => `${origin}\u0000${externalId}`;

/** A definition version, or the latest; the built-in default if the workspace has none. */
export async function readDefinition(db: Kysely<DB>, workspaceId: string, version?: number): Promise<LeadDefinition> {
  let query = db
    .selectFrom('records')
    .select('data')
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', 'definition')
    .where('deleted', '=', false);
  query = version === undefined ? query.orderBy(sql`(data->>'version')::int`, 'desc').limit(1) : query.where('id', '=', String(version));
  const row = await query.executeTakeFirst();
  return (row?.data as LeadDefinition | undefined) ?? DEFAULT_DEFINITION;
}

/**
 * Run `fn` in a transaction that first takes the workspace's next version. The UPDATE locks the
 * workspace row until commit, so writers of a workspace run one after another and versions become
 * visible in the order they were assigned: a puller can never see N+1 while N is still in flight.
 */
export async function writeWorkspace<T>(db: Kysely<DB>, workspaceId: string, fn: (store: WorkspaceStore) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => fn(await lockWorkspace(tx, workspaceId)));
}

export async function lockWorkspace(tx: Transaction<DB> | Kysely<DB>, workspaceId: string): Promise<WorkspaceStore> {
  const row = await sql<{ version: number }>`UPDATE workspaces SET version = version + 1 WHERE id = ${workspaceId} RETURNING version`.execute(tx);
  const version = row.rows[0]?.version;
  if (version === undefined) throw new Error('workspace not found');
  return new WorkspaceStore(tx, workspaceId, Number(version));
}
