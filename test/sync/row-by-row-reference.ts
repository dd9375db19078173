import Dexie from 'dexie';
import { EntitySchemas, type EntityName, type MutationCall } from '../../lib/domain';
import type { AunDatabase } from '../../lib/db/database';
import { toHandoffRow, toLeadRow } from '../../lib/db/rows';
import { applyLocally, key, type LocalActor } from '../../lib/sync/apply-local';
import { REPLICA_TABLES, type PulledPage } from '../../lib/sync/replica';

/**
 * applyPulledPage as it was before pages were written in bulk: every change read and written one
 * at a time, in order. Kept verbatim (only exports and imports adjusted) as the reference the bulk
 * version must equal: the order of rebase's writes makes some outcomes order-dependent, so the
 * reference must be this code, not one-change pages through the new one.
 */

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

async function writeRow(db: AunDatabase, entity: EntityName, id: string, data: unknown | null): Promise<void> {
  const table = db.table(TABLE_OF[entity]);
  if (data === null) {
    await table.delete(primaryKey(entity, id));
    if (entity === 'lead') {
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

async function rebase(db: AunDatabase, keys: Iterable<string>, actor: LocalActor): Promise<string[]> {
  const pending = await db.outbox.orderBy('localId').toArray();
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

export async function applyPulledPageRowByRow(db: AunDatabase, page: PulledPage, actor: LocalActor): Promise<{ applied: number; invalid: number }> {
  return db.transaction('rw', [...REPLICA_TABLES], async () => {
    let invalid = 0;
    const shadowed: string[] = [];
    const regrade = new Set<string>();
    let definitionChanged = false;
    for (const change of page.changes) {
      const k = key(change.entity, change.id);
      let data: unknown | null = null;
      if (change.op === 'put') {
        const parsed = EntitySchemas[change.entity].safeParse(change.data);
        if (!parsed.success) {
          invalid++;
          continue;
        }
        data = parsed.data;
      }
      const shadow = await db.shadows.get(k);
      if (shadow) {
        await db.shadows.put({ key: k, data });
        shadowed.push(k);
      }
      await writeRow(db, change.entity, change.id, data);
      if (change.entity === 'lead' && data) regrade.add(change.id);
      if (change.entity === 'touch' && data) regrade.add((data as { leadId: string }).leadId);
      if (change.entity === 'definition') definitionChanged = true;
    }
    const confirmed = await db.outbox.where('localId').belowOrEqual(page.lastMutationId).primaryKeys();
    if (confirmed.length > 0) await db.outbox.bulkDelete(confirmed);
    if (shadowed.length > 0) for (const id of await rebase(db, shadowed, actor)) regrade.add(id);
    if (!page.hasMore) for (const id of await settleShadows(db)) regrade.add(id);
    if (definitionChanged) for (const id of await db.leads.toCollection().primaryKeys()) regrade.add(id);
    await db.regradeQueue.bulkPut([...regrade].map((leadId) => ({ leadId })));
    await db.meta.put({ key: 'cursor', value: page.cursor });
    await db.meta.put({ key: 'lastMutationId', value: page.lastMutationId });
    return { applied: page.changes.length - invalid, invalid };
  });
}
