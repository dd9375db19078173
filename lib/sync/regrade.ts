import Dexie from 'dexie';
import type { AunDatabase } from '../db/database';
import { currentDefinition } from '../db/queries';
import { stripDerived, type LeadRow, type TouchRow } from '../db/rows';
import type { LeadDefinition } from '../domain';
import { gradeLead } from '../grading';

/** Leads per chunk: one transaction of reads, grading and writes, well under a second at the reference scale. */
const CHUNK_SIZE = 2000;
/** A chunk whose ids cover at most this many stored leads per queued one is read as one key range. */
const DENSE_SPAN = 2;

/**
 * The queue's one special entry: "every lead whose id is above `after` is still to be graded".
 * An initial sync puts it instead of 100,000 ids (and their 100,000 deletions); the sweep then
 * walks the leads in key order, moving `after` with each chunk it commits, so it is a checkpoint
 * like every other queue entry. '' sorts before every lead id, so `count() === 0` still means
 * nothing is left to grade.
 */
export const SWEEP_KEY = '';

/** Queue a full regrade: every stored lead, and every lead stored later, until the sweep passes it. */
export async function startSweep(db: AunDatabase): Promise<void> {
  await db.regradeQueue.put({ leadId: SWEEP_KEY, after: '' });
}

/**
 * Queue leads for regrading, leaving out those a sweep will still reach (ids above its `after`):
 * during an initial sync that is every one of them. Runs in the caller's transaction.
 */
export async function queueRegrade(db: AunDatabase, ids: Iterable<string>): Promise<void> {
  const sweep = await db.regradeQueue.get(SWEEP_KEY);
  const after = sweep?.after;
  const queued = [...ids].filter((id) => id !== SWEEP_KEY && (after === undefined || id <= after));
  if (queued.length > 0) await db.regradeQueue.bulkPut(queued.map((leadId) => ({ leadId })));
}

function grade(rows: LeadRow[], touches: Map<string, TouchRow[]>, definition: LeadDefinition, now: number): void {
  for (const row of rows) {
    const result = gradeLead(stripDerived(row), touches.get(row.id) ?? [], definition, now);
    row._grade = result.grade;
    row._score = result.score;
    row._mql = result.mqlReady ? 1 : 0;
    row._gradeVersion = definition.version;
  }
}

/**
 * Regrade queued leads in chunks, each chunk one transaction that writes the grades and removes
 * the ids from the queue (or moves the sweep on): the queue is the checkpoint, so a service worker
 * killed half-way resumes where it stopped. Queued ids go first, then the sweep. Returns how many
 * leads were graded.
 */
export async function regradeQueued(db: AunDatabase, now: number, options: { chunkSize?: number; maxChunks?: number } = {}): Promise<number> {
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const maxChunks = options.maxChunks ?? Infinity;
  let graded = 0;
  for (let chunk = 0; chunk < maxChunks; chunk++) {
    const { done, more } = await db.transaction('rw', [db.regradeQueue, db.leads, db.touches, db.definitions], async () => {
      // In key order, so a full regrade (after a new definition) reads contiguous leads.
      const ids = (await db.regradeQueue.where(':id').above(SWEEP_KEY).limit(chunkSize).primaryKeys()) as string[];
      if (ids.length > 0) {
        const [definition, { leads, touches }] = await Promise.all([currentDefinition(db), readChunk(db, ids)]);
        grade(leads, touches, definition, now);
        // The ids are the queue's first ones in key order, read in this transaction: one range delete removes exactly them.
        await Promise.all([db.leads.bulkPut(leads), db.regradeQueue.where(':id').between(ids[0]!, ids.at(-1)!, true, true).delete()]);
        return { done: ids.length, more: true };
      }
      const sweep = await db.regradeQueue.get(SWEEP_KEY);
      if (!sweep) return { done: 0, more: false };
      const [definition, leads] = await Promise.all([currentDefinition(db), db.leads.where(':id').above(sweep.after ?? '').limit(chunkSize).toArray()]);
      if (leads.length > 0) {
        const touches = await touchesInRange(db, leads[0]!.id, leads.at(-1)!.id, new Set(leads.map((l) => l.id)));
        grade(leads, touches, definition, now);
        await db.leads.bulkPut(leads);
      }
      if (leads.length < chunkSize) await db.regradeQueue.delete(SWEEP_KEY);
      else await db.regradeQueue.put({ leadId: SWEEP_KEY, after: leads.at(-1)!.id });
      return { done: leads.length, more: leads.length === chunkSize };
    });
    graded += done;
    if (!more) break;
  }
  return graded;
}

/**
 * The stored leads of the given (sorted) ids and their touches, oldest first per lead, as
 * `gradeStoredLead` reads them. When the ids are (nearly) every lead in their key range, as in a
 * full regrade after an initial sync or a new definition, one range read of the leads and one of
 * the touch index fetch them all (IndexedDB answers a range in one batch, a key per request);
 * otherwise each is read by key, the requests issued together.
 */
export async function readChunk(db: AunDatabase, ids: readonly string[]): Promise<{ leads: LeadRow[]; touches: Map<string, TouchRow[]> }> {
  const first = ids[0]!;
  const last = ids.at(-1)!;
  const span = ids.length === 1 ? 1 : await db.leads.where(':id').between(first, last, true, true).count();
  const wanted = new Set(ids);
  const dense = span <= ids.length * DENSE_SPAN;
  const [leads, rows] = dense
    ? await Promise.all([
        db.leads.where(':id').between(first, last, true, true).toArray(),
        db.touches.where('[leadId+occurredAt]').between([first, Dexie.minKey], [last, Dexie.maxKey], true, true).toArray(),
      ])
    : await Promise.all([
        db.leads.bulkGet([...ids]),
        Promise.all(ids.map((id) => db.touches.where('[leadId+occurredAt]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray())).then((lists) => lists.flat()),
      ]);
  return { leads: leads.filter((l): l is LeadRow => l !== undefined && wanted.has(l.id)), touches: groupByLead(rows, wanted) };
}

/** The touches of the wanted leads among those with ids in [first, last], by lead, oldest first. */
async function touchesInRange(db: AunDatabase, first: string, last: string, wanted: ReadonlySet<string>): Promise<Map<string, TouchRow[]>> {
  return groupByLead(await db.touches.where('[leadId+occurredAt]').between([first, Dexie.minKey], [last, Dexie.maxKey], true, true).toArray(), wanted);
}

function groupByLead(rows: readonly TouchRow[], wanted: ReadonlySet<string>): Map<string, TouchRow[]> {
  const touches = new Map<string, TouchRow[]>();
  for (const t of rows) {
    if (!wanted.has(t.leadId)) continue;
    const list = touches.get(t.leadId);
    if (list) list.push(t);
    else touches.set(t.leadId, [t]);
  }
  return touches;
}
