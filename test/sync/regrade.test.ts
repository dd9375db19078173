import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { AunDatabase } from '../../lib/db/database';
import { currentDefinition, gradeStoredLead } from '../../lib/db/queries';
import { stripDerived, toLeadRow } from '../../lib/db/rows';
import type { TouchType } from '../../lib/domain';
import { readChunk, regradeQueued, SWEEP_KEY } from '../../lib/sync/regrade';
import { applyPulledPage } from '../../lib/sync/replica';
import type { Change, Lead, Touch } from '../../lib/domain';
import { freshDbName, makeLead, makeTouch, T0 } from '../support/factories';

const dbs: AunDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const NOW = Date.parse(T0);
const TYPES: TouchType[] = ['web_visit', 'email_open', 'webinar_attended', 'form_submit'];

/** Leads with 0–5 touches of varied types each, plus a touch of a lead that does not exist. */
async function workspace(leadCount: number): Promise<{ db: AunDatabase; ids: string[] }> {
  const db = new AunDatabase(freshDbName());
  dbs.push(db);
  const leads = Array.from({ length: leadCount }, (_, i) => makeLead(`lead${i}@acme.co.jp`, { title: i % 3 ? 'CEO' : 'Student' }));
  await db.leads.bulkPut(leads.map((l) => toLeadRow(l)));
  await db.touches.bulkPut(leads.flatMap((l, i) => Array.from({ length: i % 6 }, (_, n) => makeTouch(l.id, n * 7 + i, { type: TYPES[(i + n) % TYPES.length]! }))));
  await db.touches.put(makeTouch('ld_orphan', 1));
  return { db, ids: leads.map((l) => l.id).sort() };
}

/** What each lead's grade must be: gradeStoredLead, one lead at a time, as the regrader did before. */
async function expectedGrades(db: AunDatabase, ids: string[]): Promise<Map<string, string>> {
  const definition = await currentDefinition(db);
  const out = new Map<string, string>();
  for (const id of ids) out.set(id, (await gradeStoredLead(db, stripDerived((await db.leads.get(id))!), definition, NOW)).grade);
  return out;
}

describe('regrading the queue', () => {
  it('a full regrade (every lead queued) grades each lead from its own touches, chunk by chunk', async () => {
    const { db, ids } = await workspace(60);
    const expected = await expectedGrades(db, ids);
    // The touches matter: the leads do not all grade alike.
    expect(new Set(expected.values()).size).toBeGreaterThan(2);
    await db.regradeQueue.bulkPut(ids.map((leadId) => ({ leadId })));
    expect(await regradeQueued(db, NOW, { chunkSize: 7 })).toBe(60);
    for (const row of await db.leads.toArray()) expect(row._grade).toBe(expected.get(row.id));
    expect(await db.regradeQueue.count()).toBe(0);
  });

  it('a few queued leads far apart are graded right and the others are left alone', async () => {
    const { db, ids } = await workspace(60);
    const queued = ids.filter((_, i) => i % 9 === 0);
    const expected = await expectedGrades(db, queued);
    await db.regradeQueue.bulkPut(queued.map((leadId) => ({ leadId })));
    expect(await regradeQueued(db, NOW, { chunkSize: 4 })).toBe(queued.length);
    for (const row of await db.leads.toArray()) expect(row._grade).toBe(expected.get(row.id));
  });

  it('a worker stopped between chunks resumes from the queue: every lead graded once, none lost', async () => {
    const { db, ids } = await workspace(25);
    await db.regradeQueue.bulkPut(ids.map((leadId) => ({ leadId })));
    expect(await regradeQueued(db, NOW, { chunkSize: 10, maxChunks: 1 })).toBe(10);
    expect(await db.regradeQueue.toCollection().primaryKeys()).toEqual(ids.slice(10));
    // Work queued meanwhile (a pulled touch) joins the rest.
    await db.regradeQueue.put({ leadId: ids[0]! });
    expect(await regradeQueued(db, NOW, { chunkSize: 10 })).toBe(16);
    expect((await db.leads.toArray()).every((l) => l._grade)).toBe(true);
  });

  it('reads the same leads and touches, oldest first, by one range or lead by lead', async () => {
    const { db, ids } = await workspace(30);
    const dense = await readChunk(db, ids.slice(3, 20));
    const sparse = await readChunk(db, [ids[3]!, ids[19]!]);
    expect(dense.leads.map((l) => l.id)).toEqual(ids.slice(3, 20));
    expect(sparse.leads.map((l) => l.id)).toEqual([ids[3]!, ids[19]!]);
    for (const id of [ids[3]!, ids[19]!]) {
      const oneByOne = await db.touches.where('[leadId+occurredAt]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray();
      expect(dense.touches.get(id) ?? []).toEqual(oneByOne);
      expect(sparse.touches.get(id) ?? []).toEqual(oneByOne);
    }
    expect([...dense.touches.keys()].every((id) => ids.slice(3, 20).includes(id))).toBe(true);
    expect([...sparse.touches.keys()].sort()).toEqual([ids[3]!, ids[19]!].filter((id) => dense.touches.has(id)).sort());
    // A queued id whose lead is gone is skipped, not graded.
    expect((await readChunk(db, [ids[3]!, 'ld_gone'])).leads.map((l) => l.id)).toEqual([ids[3]!]);
  });
});

describe('the sweep of an initial sync', () => {
  const actor = { userId: 'u-sales', now: T0 };
  const people = Array.from({ length: 40 }, (_, i) => makeLead(`person${i}@acme.co.jp`, { title: i % 4 ? 'CEO' : 'Student' }));
  const byId = [...people].sort((a, b) => a.id.localeCompare(b.id));
  const touchesOf = (lead: Lead, i: number): Touch[] => Array.from({ length: i % 5 }, (_, n) => makeTouch(lead.id, n * 5 + i, { type: TYPES[(i + n) % TYPES.length]! }));
  const puts = (rows: Array<Lead | Touch>, entity: 'lead' | 'touch'): Change[] => rows.map((data) => ({ entity, id: data.id, op: 'put', data }));

  function emptyReplica(): AunDatabase {
    const db = new AunDatabase(freshDbName());
    dbs.push(db);
    return db;
  }

  it('replaces a queue entry per lead with one sweep that grades every lead, chunk by chunk', async () => {
    const db = emptyReplica();
    const touches = byId.flatMap(touchesOf);
    await applyPulledPage(db, { changes: puts(byId.slice(0, 25), 'lead'), cursor: 'c1', lastMutationId: 0, hasMore: true }, actor);
    await applyPulledPage(db, { changes: [...puts(byId.slice(25), 'lead'), ...puts(touches, 'touch')], cursor: 'c2', lastMutationId: 0, hasMore: false }, actor);
    expect(await db.regradeQueue.toArray()).toEqual([{ leadId: SWEEP_KEY, after: '' }]);
    const expected = await expectedGrades(db, byId.map((l) => l.id));
    expect(new Set(expected.values()).size).toBeGreaterThan(2);
    expect(await regradeQueued(db, NOW, { chunkSize: 6 })).toBe(40);
    for (const row of await db.leads.toArray()) expect(row._grade).toBe(expected.get(row.id));
    expect(await db.regradeQueue.count()).toBe(0);
  });

  it('stopped half-way, resumes from its checkpoint; leads pulled meanwhile behind it are queued, those ahead wait for it', async () => {
    const db = emptyReplica();
    const early = byId.filter((_, i) => i % 2 === 0);
    const late = byId.filter((_, i) => i % 2 === 1);
    await applyPulledPage(db, { changes: puts(early, 'lead'), cursor: 'c1', lastMutationId: 0, hasMore: true }, actor);
    // The worker grades one chunk and is stopped.
    expect(await regradeQueued(db, NOW, { chunkSize: 8, maxChunks: 1 })).toBe(8);
    const after = (await db.regradeQueue.get(SWEEP_KEY))?.after;
    expect(after).toBe(early[7]!.id);
    // A new worker pulls the rest, with every lead's touches.
    await applyPulledPage(db, { changes: [...puts(late, 'lead'), ...puts(byId.flatMap(touchesOf), 'touch')], cursor: 'c2', lastMutationId: 0, hasMore: false }, actor);
    const explicit = (await db.regradeQueue.toCollection().primaryKeys()).filter((k) => k !== SWEEP_KEY);
    expect(explicit.length).toBeGreaterThan(0);
    expect(explicit.every((id) => id <= after!)).toBe(true);
    const expected = await expectedGrades(db, byId.map((l) => l.id));
    await regradeQueued(db, NOW, { chunkSize: 8 });
    for (const row of await db.leads.toArray()) expect(row._grade).toBe(expected.get(row.id));
    expect(await db.regradeQueue.count()).toBe(0);
  });

  it('is not used for a replica that already holds leads (made offline before connecting): they are queued one by one', async () => {
    const db = emptyReplica();
    await db.leads.put(toLeadRow(byId[0]!));
    await applyPulledPage(db, { changes: puts(byId.slice(1, 4), 'lead'), cursor: 'c1', lastMutationId: 0, hasMore: false }, actor);
    expect((await db.regradeQueue.toCollection().primaryKeys()).sort()).toEqual(byId.slice(1, 4).map((l) => l.id).sort());
  });
});
