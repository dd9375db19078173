import type { AunDatabase } from '../db/database';
import { currentDefinition, gradeStoredLead } from '../db/queries';
import { stripDerived } from '../db/rows';

/**
 * Regrade queued leads in small chunks, each chunk one transaction that writes the grades and
 * removes the ids from the queue: the queue is the checkpoint, so a service worker killed
 * half-way resumes where it stopped. Returns how many leads were graded.
 */
export async function regradeQueued(db: AunDatabase, now: number, options: { chunkSize?: number; maxChunks?: number } = {}): Promise<number> {
  const chunkSize = options.chunkSize ?? 500;
  const maxChunks = options.maxChunks ?? Infinity;
  let graded = 0;
  for (let chunk = 0; chunk < maxChunks; chunk++) {
    const done = await db.transaction('rw', [db.regradeQueue, db.leads, db.touches, db.definitions], async () => {
      const ids = (await db.regradeQueue.limit(chunkSize).primaryKeys()) as string[];
      if (ids.length === 0) return 0;
      const definition = await currentDefinition(db);
      const leads = await db.leads.bulkGet(ids);
      for (const row of leads) {
        if (!row) continue;
        const result = await gradeStoredLead(db, stripDerived(row), definition, now);
        row._grade = result.grade;
        row._score = result.score;
        row._mql = result.mqlReady ? 1 : 0;
        row._gradeVersion = definition.version;
      }
      await db.leads.bulkPut(leads.filter((l) => l !== undefined));
      await db.regradeQueue.bulkDelete(ids);
      return ids.length;
    });
    graded += done;
    if (done < chunkSize) break;
  }
  return graded;
}
