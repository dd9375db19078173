import Dexie from 'dexie';
import { EntitySchemas, type Change, type EntityName, type MutationCall } from '../domain';
import type { AunDatabase } from '../db/database';
import { stripDerived, toHandoffRow, toLeadRow, type OutboxEntry, type RejectedEntry } from '../db/rows';
import { applyLocally, key, leadIdOf, type LocalActor } from './apply-local';
import { queueRegrade, startSweep } from './regrade';

/**
 * The replica holds the server's state with our pending mutations applied on top.
 * Before a pending mutation first changes a row, the row's server version is kept as a
 * "shadow"; a rejected or undone mutation restores the shadows and re-applies what is still
 * pending, and a pulled change updates the shadow and re-applies likewise ("rebase").
 */

export const REPLICA_TABLES = ['leads', 'touches', 'handoffs', 'outcomes', 'definitions', 'users', 'queues', 'outbox', 'shadows', 'meta', 'regradeQueue', 'rejected'] as const;

const TABLE_OF: Record<EntityName, 'leads' | 'touches' | 'handoffs' | 'outcomes' | 'definitions' | 'users' | 'queues'> = {
  lead: 'leads',
  touch: 'touches',
  handoff: 'handoffs',
  outcome: 'outcomes',
  definition: 'definitions',
  user: 'users',
  queue: 'queues',
};

function parseKey(k: string): { entity: EntityName; id: string } {
  const at = k.indexOf(':');
  return { entity: k.slice(0, at) as EntityName, id: k.slice(at + 1) };
}

function primaryKey(entity: EntityName, id: string): string | number {
  return entity === 'definition' ? Number(id) : id;
}

async function readRow(db: AunDatabase, k: string): Promise<unknown | null> {
  const { entity, id } = parseKey(k);
  const row = await db.table(TABLE_OF[entity]).get(primaryKey(entity, id));
  return row ? stripDerived(row as object) : null;
}

async function writeRow(db: AunDatabase, entity: EntityName, id: string, data: unknown | null): Promise<void> {
  const table = db.table(TABLE_OF[entity]);
  if (data === null) {
    await table.delete(primaryKey(entity, id));
    if (entity === 'lead') {
      // An erased lead takes its touches, handoffs and outcomes with it.
      await db.touches.where('[leadId+occurredAt]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
      await db.handoffs.where('leadId').equals(id).delete();
      await db.outcomes.where('leadId').equals(id).delete();
    }
    return;
  }
  if (entity === 'lead') await table.put(toLeadRow(data as never, (await table.get(id)) as never));
  else if (entity === 'handoff') await table.put(toHandoffRow(data as never));
  else await table.put(data);
}

/** The keys a mutation will change, known before it runs (so shadows are taken first). */
async function keysOf(db: AunDatabase, call: MutationCall, actor: LocalActor): Promise<string[]> {
  switch (call.name) {
    case 'lead.upsert':
      return [key('lead', call.args.lead.id)];
    case 'lead.linkCrm':
      return [key('lead', call.args.leadId)];
    case 'lead.erase': {
      // Erasing locally also removes the lead's touches, handoffs and outcomes: shadow them too,
      // so a refused erase gives them back.
      const leadId = call.args.leadId;
      const ids = async (table: 'touches' | 'handoffs' | 'outcomes') => (await db[table].where('leadId').equals(leadId).primaryKeys()).map(String);
      return [
        key('lead', leadId),
        ...(await ids('touches')).map((id) => key('touch', id)),
        ...(await ids('handoffs')).map((id) => key('handoff', id)),
        ...(await ids('outcomes')).map((id) => key('outcome', id)),
      ];
    }
    case 'touch.add':
      return [key('touch', call.args.touch.id)];
    case 'handoff.create':
      return [key('handoff', call.args.id), key('lead', call.args.leadId)];
    case 'handoff.checkItem':
    case 'handoff.claim':
    case 'handoff.decide': {
      const h = await db.handoffs.get(call.args.handoffId);
      return h ? [key('handoff', h.id), key('lead', h.leadId)] : [key('handoff', call.args.handoffId)];
    }
    case 'outcome.record':
      return [key('outcome', call.args.id), key('lead', call.args.leadId)];
    case 'definition.publish': {
      const last = await db.definitions.orderBy('version').last();
      return [key('definition', (last?.version ?? 1) + 1)];
    }
    case 'user.setAway':
      // Our own row: shadowed like any other, so a refused setAway puts the old value back.
      return [key('user', actor.userId)];
  }
}

async function takeShadows(db: AunDatabase, keys: string[]): Promise<void> {
  for (const k of keys) {
    if (await db.shadows.get(k)) continue;
    await db.shadows.put({ key: k, data: await readRow(db, k) });
  }
}

/** Record a local mutation: shadow, apply optimistically, queue in the outbox. Returns its local id. */
export async function recordMutation(db: AunDatabase, call: MutationCall, actor: LocalActor, holdMs = 0): Promise<{ localId: number; regrade: string[] }> {
  return db.transaction('rw', [...REPLICA_TABLES], async () => {
    const keys = await keysOf(db, call, actor);
    await takeShadows(db, keys);
    const { regrade } = await applyLocally(db, call, actor);
    const entry: OutboxEntry = {
      name: call.name,
      args: call.args,
      createdAt: actor.now,
      notBefore: new Date(Date.parse(actor.now) + holdMs).toISOString(),
      // Handoff mutations name only the handoff; the lead comes from the row it changes.
      leadId: leadIdOf(call) ?? keys.find((k) => k.startsWith('lead:'))?.slice('lead:'.length) ?? null,
      keys,
    };
    const localId = await db.outbox.add(entry);
    await db.regradeQueue.bulkPut(regrade.map((leadId) => ({ leadId })));
    return { localId, regrade };
  });
}

/**
 * Reset the given keys to their shadows and re-apply every pending mutation touching them, in
 * order. Shadows no pending mutation needs any more are dropped.
 */
async function rebase(db: AunDatabase, keys: Iterable<string>, actor: LocalActor): Promise<string[]> {
  const pending = await db.outbox.orderBy('localId').toArray();
  // Close over keys: a re-applied mutation may also change other keys, which must be reset too.
  const reset = new Set(keys);
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of pending) {
      if (!entry.keys.some((k) => reset.has(k))) continue;
      for (const k of entry.keys) {
        if (reset.has(k)) continue;
        reset.add(k);
        grew = true;
      }
    }
  }
  for (const k of reset) {
    const shadow = await db.shadows.get(k);
    if (shadow) {
      const { entity, id } = parseKey(k);
      await writeRow(db, entity, id, shadow.data);
    }
  }
  const regrade: string[] = [];
  for (const entry of pending) {
    if (!entry.keys.some((k) => reset.has(k))) continue;
    const result = await applyLocally(db, { name: entry.name, args: entry.args } as MutationCall, actor);
    regrade.push(...result.regrade);
  }
  const stillHeld = new Set(pending.flatMap((e) => e.keys));
  await db.shadows.bulkDelete([...reset].filter((k) => !stillHeld.has(k)));
  return regrade;
}

/**
 * The server took a mutation (applied, or already had it): forget it. Its shadows stay until the
 * end of the next pull (`settleShadows`): the server may have done less than the optimistic
 * version (no lead change, a lost race answered only as `duplicate`), and only the server's row is right.
 */
export async function confirmMutations(db: AunDatabase, localIds: number[]): Promise<void> {
  if (localIds.length === 0) return;
  await db.transaction('rw', [...REPLICA_TABLES], async () => {
    await db.outbox.bulkDelete(localIds);
  });
}

/**
 * After a complete pull, every shadow no pending mutation holds is the server's current row (pulled
 * changes keep shadows up to date): write it back over the optimistic row and drop the shadow.
 */
async function settleShadows(db: AunDatabase): Promise<string[]> {
  const held = new Set((await db.outbox.toArray()).flatMap((e) => e.keys));
  const settled = (await db.shadows.toArray()).filter((s) => !held.has(s.key));
  const regrade: string[] = [];
  for (const shadow of settled) {
    const { entity, id } = parseKey(shadow.key);
    await writeRow(db, entity, id, shadow.data);
    if (entity === 'lead' && shadow.data) regrade.push(id);
  }
  await db.shadows.bulkDelete(settled.map((s) => s.key));
  return regrade;
}

/** Take a mutation back out of the replica: on rejection by the server, or on undo. */
export async function withdrawMutation(
  db: AunDatabase,
  localId: number,
  actor: LocalActor,
  rejection?: RejectedEntry['error'],
): Promise<boolean> {
  return db.transaction('rw', [...REPLICA_TABLES], async () => {
    const entry = await db.outbox.get(localId);
    if (!entry) return false;
    await db.outbox.delete(localId);
    if (rejection) {
      await db.rejected.put({ localId, name: entry.name, args: entry.args, leadId: entry.leadId, error: rejection, at: actor.now });
    }
    const regrade = await rebase(db, entry.keys, actor);
    const lead = entry.leadId ? [entry.leadId] : [];
    await db.regradeQueue.bulkPut([...regrade, ...lead].map((leadId) => ({ leadId })));
    return true;
  });
}

export interface PulledPage {
  changes: Change[];
  cursor: string;
  lastMutationId: number;
  /** False (or absent) on the last page of a pull: then confirmed mutations' shadows are settled. */
  hasMore?: boolean;
}

/** A pulled page folded into the writes it makes: what `applyPulledPage` commits in one transaction. */
export interface PagePlan {
  /** The state every named row ends in (null: deleted), by replica key, in order of first mention. */
  finals: Map<string, { entity: EntityName; id: string; data: unknown | null }>;
  /** The data of each key's last change in the page, for its shadow (a cascade does not count). */
  direct: Map<string, unknown | null>;
  /** Leads the page deletes at some point: they and their touches, handoffs and outcomes go before any write. */
  erasedLeads: Set<string>;
  regrade: Set<string>;
  definitionChanged: boolean;
  invalid: number;
}

/**
 * Validate and fold a page, in order, into its final writes. The result is what applying the
 * changes one by one would leave: a later change of a key wins, and deleting a lead also deletes
 * the touches, handoffs and outcomes the page put for it before the delete (ones put after it stay).
 * Pure, so the page's rows can be written in bulk, one request batch per table.
 */
export function planPage(changes: readonly Change[]): PagePlan {
  const plan: PagePlan = { finals: new Map(), direct: new Map(), erasedLeads: new Set(), regrade: new Set(), definitionChanged: false, invalid: 0 };
  for (const change of changes) {
    let data: unknown | null = null;
    if (change.op === 'put') {
      const parsed = EntitySchemas[change.entity].safeParse(change.data);
      if (!parsed.success) {
        plan.invalid++;
        continue;
      }
      data = parsed.data;
    }
    const k = key(change.entity, change.id);
    plan.finals.set(k, { entity: change.entity, id: change.id, data });
    plan.direct.set(k, data);
    if (change.entity === 'lead' && data === null) {
      plan.erasedLeads.add(change.id);
      // Children this page put earlier are gone with the lead; deleting them also removes an older stored copy.
      for (const [ck, final] of plan.finals) {
        if (final.data !== null && CHILD_ENTITIES.has(final.entity) && (final.data as { leadId: string }).leadId === change.id) {
          plan.finals.set(ck, { ...final, data: null });
        }
      }
    }
    if (change.entity === 'lead' && data) plan.regrade.add(change.id);
    if (change.entity === 'touch' && data) plan.regrade.add((data as { leadId: string }).leadId);
    if (change.entity === 'definition') plan.definitionChanged = true;
  }
  return plan;
}

const CHILD_ENTITIES: ReadonlySet<EntityName> = new Set(['touch', 'handoff', 'outcome']);

/** Write a page plan: erased leads first, then deletes and puts in one batch per table. */
async function writePlan(db: AunDatabase, plan: PagePlan): Promise<void> {
  const erased = [...plan.erasedLeads];
  if (erased.length > 0) {
    await Promise.all([
      db.leads.bulkDelete(erased),
      ...erased.flatMap((id) => [
        db.touches.where('[leadId+occurredAt]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete(),
        db.handoffs.where('leadId').equals(id).delete(),
        db.outcomes.where('leadId').equals(id).delete(),
      ]),
    ]);
  }
  const deletes = new Map<EntityName, Array<string | number>>();
  const puts = new Map<EntityName, Array<{ id: string; data: unknown }>>();
  for (const { entity, id, data } of plan.finals.values()) {
    if (data === null) {
      if (entity !== 'lead') push(deletes, entity, primaryKey(entity, id));
    } else push(puts, entity, { id, data });
  }
  await Promise.all([...deletes].map(([entity, keys]) => db.table(TABLE_OF[entity]).bulkDelete(keys)));
  const leadPuts = puts.get('lead') ?? [];
  // A lead's cached grade stays until the regrader recomputes it (read after the erases above).
  const previous = leadPuts.length > 0 ? await db.leads.bulkGet(leadPuts.map((p) => p.id)) : [];
  await Promise.all(
    [...puts].map(([entity, rows]) => {
      const table = db.table(TABLE_OF[entity]);
      if (entity === 'lead') return table.bulkPut(rows.map((r, i) => toLeadRow(r.data as never, previous[i])));
      if (entity === 'handoff') return table.bulkPut(rows.map((r) => toHandoffRow(r.data as never)));
      return table.bulkPut(rows.map((r) => r.data));
    }),
  );
}

function push<K, V>(map: Map<K, V[]>, k: K, value: V): void {
  const list = map.get(k);
  if (list) list.push(value);
  else map.set(k, [value]);
}

/**
 * Apply one pulled page and its cursor in ONE transaction: a worker killed mid-sync resumes
 * from the last committed page, with no gap and no duplicate. Invalid rows are skipped and
 * counted, never half-written. Rows are validated before the transaction opens and written in
 * bulk (planPage, which the engine runs as the page arrives), leaving exactly what applying them
 * one by one would.
 */
export async function applyPulledPage(
  db: AunDatabase,
  page: PulledPage,
  actor: LocalActor,
  plan: PagePlan = planPage(page.changes),
): Promise<{ applied: number; invalid: number }> {
  return db.transaction('rw', [...REPLICA_TABLES], async () => {
    // The first page into a replica with no leads: every lead it will hold needs grading, so one
    // sweep replaces queueing each of them (and the touches' leads) page by page.
    if ((await db.meta.get('cursor')) === undefined && (await db.leads.limit(1).primaryKeys()).length === 0) await startSweep(db);
    // Rows our pending mutations changed keep the server's version in their shadow.
    const held = new Set((await db.shadows.toCollection().primaryKeys()) as string[]);
    const shadowed = [...plan.direct.keys()].filter((k) => held.has(k));
    await writePlan(db, plan);
    if (shadowed.length > 0) await db.shadows.bulkPut(shadowed.map((k) => ({ key: k, data: plan.direct.get(k) ?? null })));
    const regrade = new Set(plan.regrade);
    // Mutations the server has applied are confirmed by lastMutationId even if their push
    // response was lost (the worker died between the two).
    const confirmed = await db.outbox.where('localId').belowOrEqual(page.lastMutationId).primaryKeys();
    if (confirmed.length > 0) await db.outbox.bulkDelete(confirmed);
    // Rows our pending mutations changed get the server's version plus those mutations again.
    if (shadowed.length > 0) for (const id of await rebase(db, shadowed, actor)) regrade.add(id);
    if (!page.hasMore) for (const id of await settleShadows(db)) regrade.add(id);
    if (plan.definitionChanged) for (const id of await db.leads.toCollection().primaryKeys()) regrade.add(id);
    await queueRegrade(db, regrade);
    await db.meta.bulkPut([
      { key: 'cursor', value: page.cursor },
      { key: 'lastMutationId', value: page.lastMutationId },
    ]);
    return { applied: page.changes.length - plan.invalid, invalid: plan.invalid };
  });
}
