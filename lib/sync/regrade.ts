import Dexie from 'dexie';
import type { AunDatabase } from '../db/database';
import { currentDefinition } from '../db/queries';
import { stripDerived, type LeadRow, type TouchRow } from '../db/rows';
import { gradeLead } from '../grading';

/** Leads per chunk: one transaction of reads, grading and writes, well under a second at the reference scale. */
const CHUNK_SIZE = 2000;
/** A chunk whose ids cover at most this many stored leads per queued one is read as one key range. */
const DENSE_SPAN = 2;

/**
 * Regrade queued leads in chunks, each chunk one transaction that writes the grades and removes
 * the ids from the queue: the queue is the checkpoint, so a service worker killed half-way
 * resumes where it stopped. Returns how many leads were graded.
 */
export async function regradeQueued(db: AunDatabase, now: number, options: { chunkSize?: number; maxChunks?: number } = {}): Promise<number> {
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const maxChunks = options.maxChunks ?? Infinity;
  let graded = 0;
  for (let chunk = 0; chunk < maxChunks; chunk++) {
    const done = await db.transaction('rw', [db.regradeQueue, db.leads, db.touches, db.definitions], async () => {
      // In key order, so a full regrade (after an initial sync or a new definition) reads contiguous leads.
      const ids = (await db.regradeQueue.limit(chunkSize).primaryKeys()) as string[];
      if (ids.length === 0) return 0;
      const [definition, { leads, touches }] = await Promise.all([currentDefinition(db), readChunk(db, ids)]);
      for (const row of leads) {
        const result = gradeLead(stripDerived(row), touches.get(row.id) ?? [], definition, now);
        row._grade = result.grade;
        row._score = result.score;
        row._mql = result.mqlReady ? 1 : 0;
        row._gradeVersion = definition.version;
      }
      // The ids are the queue's first ones in key order, read in this transaction: one range delete removes exactly them.
      await Promise.all([db.leads.bulkPut(leads), db.regradeQueue.where(':id').between(ids[0]!, ids.at(-1)!, true, true).delete()]);
      return ids.length;
    });
    graded += done;
    if (done < chunkSize) break;
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
  const touches = new Map<string, TouchRow[]>();
  for (const t of rows) {
    if (!wanted.has(t.leadId)) continue;
    const list = touches.get(t.leadId);
    if (list) list.push(t);
    else touches.set(t.leadId, [t]);
  }
  return { leads: leads.filter((l): l is LeadRow => l !== undefined && wanted.has(l.id)), touches };
}
