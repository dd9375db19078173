import type { Hono } from 'hono';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { ClientId, PullQuery, type Change, type MutationResult, type PullResponse, type PushResponse, type User } from '../../../lib/domain';
import { appUser } from '../auth';
import { decodeCursor, encodeCursor, type CursorKey } from '../cursor';
import type { DB } from '../db/schema';
import { AppError, assertStorable, validationError } from '../errors';
import { readJson, type AppEnv } from '../http';
import { parseMutation, runMutation, type ParsedMutation } from '../mutations';
import { lockWorkspace } from '../store';

type MutationError = NonNullable<MutationResult['error']>;

/**
 * The envelope only: each mutation's name and arguments are checked one by one, so a mutation
 * that can never apply is rejected (and its id recorded) without failing the whole batch.
 */
const PushEnvelope = z.strictObject({
  clientId: ClientId,
  mutations: z
    .array(z.strictObject({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), name: z.string().max(100), args: z.unknown() }))
    .max(500),
});

interface ClientKey {
  workspaceId: string;
  userId: string;
  clientId: string;
}

/**
 * Claim mutation `id` for the client in one statement: create its row at `id`, or raise its last
 * mutation id to `id`. The row is locked either way (ON CONFLICT DO UPDATE locks the conflicting
 * row even when its WHERE is false), so pushes of one client run one after another. False means
 * `id` was used already: a replay. The claim commits only with the mutation's effects.
 */
async function claimMutationId(tx: Transaction<DB>, key: ClientKey, id: number, now: string): Promise<boolean> {
  const row = await sql<{ last_mutation_id: number }>`
    INSERT INTO clients (workspace_id, user_id, client_id, last_mutation_id, updated_at)
    VALUES (${key.workspaceId}, ${key.userId}, ${key.clientId}, ${id}, ${now})
    ON CONFLICT (workspace_id, user_id, client_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id, updated_at = excluded.updated_at
    WHERE clients.last_mutation_id < excluded.last_mutation_id
    RETURNING last_mutation_id
  `.execute(tx);
  return row.rows.length > 0;
}

async function lastMutationId(db: Kysely<DB> | Transaction<DB>, key: ClientKey): Promise<number> {
  const row = await db
    .selectFrom('clients')
    .select('last_mutation_id')
    .where('workspace_id', '=', key.workspaceId)
    .where('user_id', '=', key.userId)
    .where('client_id', '=', key.clientId)
    .executeTakeFirst();
  return Number(row?.last_mutation_id ?? 0);
}

/** How many mutation ids back a client may replay and still hear why one was refused. */
const REFUSALS_KEPT = 1000;

async function recordRefusal(tx: Transaction<DB>, key: ClientKey, id: number, error: MutationError, now: string): Promise<void> {
  const where = { workspace_id: key.workspaceId, user_id: key.userId, client_id: key.clientId };
  await tx.insertInto('mutation_refusals').values({ ...where, mutation_id: id, error: JSON.stringify(error), created_at: now }).execute();
  await tx
    .deleteFrom('mutation_refusals')
    .where('workspace_id', '=', key.workspaceId)
    .where('user_id', '=', key.userId)
    .where('client_id', '=', key.clientId)
    .where('mutation_id', '<=', id - REFUSALS_KEPT)
    .execute();
}

/** The answer to a replayed id: the refusal it got the first time, else `duplicate` (it was applied). */
async function replayAnswer(db: Kysely<DB> | Transaction<DB>, key: ClientKey, id: number): Promise<MutationResult> {
  const row = await db
    .selectFrom('mutation_refusals')
    .select('error')
    .where('workspace_id', '=', key.workspaceId)
    .where('user_id', '=', key.userId)
    .where('client_id', '=', key.clientId)
    .where('mutation_id', '=', id)
    .executeTakeFirst();
  return row ? { id, status: 'rejected', error: JSON.parse(row.error) as MutationError } : { id, status: 'duplicate' };
}

interface Pushed {
  result: MutationResult;
  /** The id was new: it is now the client's last mutation id. */
  claimed: boolean;
}

/**
 * One mutation, Replicache style: its effects and the client's new last mutation id commit in
 * one transaction; a replayed id is a no-op, answered as the first time (applied → duplicate,
 * refused → the same refusal); a rejected mutation still advances the id.
 * Lock order is always client row, then workspace row, so pushes cannot deadlock. The client's
 * row is claimed before the workspace is locked, so the workspace lock (which every writer of the
 * workspace waits for) is held only for the mutation itself and the commit.
 */
async function applyOne(db: Kysely<DB>, key: ClientKey, user: User, mutation: { id: number; name: string; args: unknown }, now: string): Promise<Pushed> {
  try {
    return await db.transaction().execute(async (tx): Promise<Pushed> => {
      if (!(await claimMutationId(tx, key, mutation.id, now))) return { result: await replayAnswer(tx, key, mutation.id), claimed: false };
      const parsed: ParsedMutation = parseMutation(mutation.name, mutation.args);
      assertStorable(parsed.args);
      const store = await lockWorkspace(tx, key.workspaceId);
      await runMutation({ store, user, now }, parsed);
      return { result: { id: mutation.id, status: 'applied' }, claimed: true };
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const refusal: MutationError = { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) };
    // The failed transaction rolled back every effect, and the claim; claim the id again, and record why, on their own.
    return db.transaction().execute(async (tx): Promise<Pushed> => {
      if (!(await claimMutationId(tx, key, mutation.id, now))) return { result: await replayAnswer(tx, key, mutation.id), claimed: false };
      await recordRefusal(tx, key, mutation.id, refusal, now);
      return { result: { id: mutation.id, status: 'rejected', error: refusal }, claimed: true };
    });
  }
}

export async function pushOne(
  db: Kysely<DB>,
  key: ClientKey,
  user: User,
  mutation: { id: number; name: string; args: unknown },
  now: string,
): Promise<MutationResult> {
  return (await applyOne(db, key, user, mutation, now)).result;
}

interface ChangeRow {
  entity: string;
  id: string;
  version: number;
  deleted: boolean;
  data: unknown;
}

/**
 * Changes after `cursor` in (version, entity, id) order, read in one snapshot together with the
 * client's last mutation id, so that id never runs ahead of the changes it caused. One statement
 * (a statement sees one snapshot), so a pull costs one round trip instead of a transaction's four.
 */
export async function pullChanges(db: Kysely<DB>, key: ClientKey, cursor: CursorKey, limit: number): Promise<PullResponse> {
  const rows = await sql<ChangeRow & { last_mutation_id: number }>`
    SELECT c.last_mutation_id, r.entity, r.id, r.version, r.deleted, r.data
    FROM (
      SELECT coalesce((SELECT last_mutation_id FROM clients WHERE workspace_id = ${key.workspaceId} AND user_id = ${key.userId} AND client_id = ${key.clientId}), 0) AS last_mutation_id
    ) c
    LEFT JOIN LATERAL (
      SELECT entity, id, version, deleted, data FROM records
      WHERE workspace_id = ${key.workspaceId} AND (version, entity, id) > (${cursor.version}, ${cursor.entity}, ${cursor.id})
      ORDER BY version, entity, id
      LIMIT ${limit + 1}
    ) r ON true
  `.execute(db);
  const last = Number(rows.rows[0]?.last_mutation_id ?? 0);
  const found = rows.rows.filter((r) => r.entity !== null);
  const page = found.slice(0, limit);
  const changes: Change[] = page.map((r) =>
    r.deleted ? { entity: r.entity as Change['entity'], id: r.id, op: 'delete' } : { entity: r.entity as Change['entity'], id: r.id, op: 'put', data: r.data },
  );
  const tail = page.at(-1);
  const next = tail ? { version: Number(tail.version), entity: tail.entity as CursorKey['entity'], id: tail.id } : cursor;
  return { changes, cursor: encodeCursor(next), hasMore: found.length > limit, lastMutationId: last };
}

export function registerSync(app: Hono<AppEnv>, deps: { db: Kysely<DB>; now: () => Date }): void {
  app.post('/api/sync/push', appUser, async (c) => {
    const body = await readJson(c, PushEnvelope);
    const { workspaceId, user } = c.get('auth');
    const key = { workspaceId, userId: user.id, clientId: body.clientId };
    const results: MutationResult[] = [];
    let allClaimed = true;
    for (const mutation of body.mutations) {
      const pushed = await applyOne(deps.db, key, user, mutation, deps.now().toISOString());
      results.push(pushed.result);
      allClaimed &&= pushed.claimed;
    }
    // Claims only raise the id, so when every one succeeded the batch's last id is the client's; else ask.
    const last = body.mutations.at(-1)?.id;
    const response: PushResponse = { results, lastMutationId: allClaimed && last !== undefined ? last : await lastMutationId(deps.db, key) };
    return c.json(response);
  });

  app.get('/api/sync/pull', appUser, async (c) => {
    const query = PullQuery.safeParse(c.req.query());
    if (!query.success) throw validationError(query.error, 'The pull query is not valid.');
    const { workspaceId, user } = c.get('auth');
    const cursor = decodeCursor(query.data.cursor);
    return c.json(await pullChanges(deps.db, { workspaceId, userId: user.id, clientId: query.data.clientId ?? '' }, cursor, query.data.limit));
  });
}
