import { describe, expect, it } from 'vitest';
import { AunDatabase } from '../../lib/db/database';
import { isTrackingReviewWrites, metricHandoff, metricLead, metricOutcome, readReviewRows, reviewSnapshotSaved, type ReviewRows } from '../../lib/db/review-snapshot';
import { toHandoffRow, toLeadRow, type OutcomeRow } from '../../lib/db/rows';
import type { LifecycleStage } from '../../lib/domain';
import { freshDatabases } from '../support/databases';
import { freshDbName, makeHandoff, makeLead, T0 } from '../support/factories';

const newDb = freshDatabases();

/** What the review would get from reading every full row: the reference the snapshot must equal. */
async function fullRead(db: AunDatabase): Promise<ReviewRows> {
  const [leads, handoffs, outcomes] = await Promise.all([db.leads.toArray(), db.handoffs.toArray(), db.outcomes.toArray()]);
  return { leads: leads.map(metricLead), handoffs: handoffs.map(metricHandoff), outcomes: outcomes.map(metricOutcome) };
}

/** readReviewRows, then wait for the snapshot it saves afterwards. */
async function read(db: AunDatabase): Promise<ReviewRows> {
  const rows = await readReviewRows(db);
  await reviewSnapshotSaved(db);
  return rows;
}

const lead = (n: number, patch: Parameters<typeof makeLead>[1] = {}) => toLeadRow(makeLead(`p${n}@acme.co.jp`, { ...patch }));
const outcome = (id: string, leadId: string, patch: Partial<OutcomeRow> = {}): OutcomeRow => ({ id, leadId, kind: 'contacted', occurredAt: T0, recordedBy: 'u-sales', ...patch });

async function seed(db: AunDatabase, n = 5) {
  const leads = Array.from({ length: n }, (_, i) => lead(i, { source: { channel: i % 2 ? 'webinar' : 'web_form', ...(i % 3 === 0 ? { campaign: `c${i}` } : {}) } }));
  await db.leads.bulkPut(leads);
  await db.handoffs.bulkPut(leads.slice(0, 3).map((l) => toHandoffRow(makeHandoff(l.id))));
  await db.outcomes.bulkPut(leads.slice(0, 2).map((l) => outcome(`o-${l.id}`, l.id, { amount: { value: 1000, currency: 'JPY' } })));
  return leads;
}

describe('review snapshot', () => {
  it('tracks nothing before the first snapshot: an initial sync writes no dirty entries', async () => {
    const db = newDb();
    await seed(db, 20);
    expect(isTrackingReviewWrites(db)).toBe(false);
    expect(await db.reviewDirty.count()).toBe(0);
    expect(await read(db)).toEqual(await fullRead(db));
    expect(await db.reviewSnapshot.count()).toBe(1);
    expect(await db.reviewDirty.count()).toBe(0);
  });

  it('after the snapshot, every kind of write is recorded in its own transaction, one entry per request, and read back patched', async () => {
    const db = newDb();
    const leads = await seed(db);
    await read(db);

    // A pulled page: many rows in one bulk request inside a transaction with other tables.
    await db.transaction('rw', [db.leads, db.meta], async () => {
      await db.leads.bulkPut([lead(10), lead(11), { ...leads[0]!, stage: 'sal' as LifecycleStage, ownerId: 'u-sales' }]);
      await db.meta.put({ key: 'cursor', value: 'c-2' });
    });
    expect(await db.reviewDirty.count()).toBe(1);
    // Local mutations and rollbacks: update, modify, delete.
    await db.handoffs.update(`h-${leads[1]!.id}`, { status: 'accepted', decision: { kind: 'accept', by: 'u-sales', at: T0 } });
    await db.outcomes.where('leadId').equals(leads[0]!.id).modify({ kind: 'won' });
    await db.handoffs.delete(`h-${leads[2]!.id}`);
    await db.outcomes.add(outcome('o-new', leads[3]!.id));
    expect(await db.reviewDirty.count()).toBe(5);

    const rows = await read(db);
    expect(rows).toEqual(await fullRead(db));
    expect(rows.leads.find((l) => l.id === leads[0]!.id)).toMatchObject({ stage: 'sal', ownerId: 'u-sales' });
    expect(rows.handoffs.some((h) => h.id === `h-${leads[2]!.id}`)).toBe(false);
    expect(rows.handoffs.find((h) => h.id === `h-${leads[1]!.id}`)?.decision).toEqual({ kind: 'accept', by: 'u-sales', at: T0 });
    expect(await db.reviewDirty.count()).toBe(0);
    // Nothing written since: the snapshot alone answers, and equals the tables.
    expect(await read(db)).toEqual(await fullRead(db));
  });

  it('cleared tables (sign-out) are read whole again', async () => {
    const db = newDb();
    await seed(db);
    await read(db);
    await db.transaction('rw', [db.leads, db.handoffs, db.outcomes], async () => {
      await Promise.all([db.leads.clear(), db.handoffs.clear(), db.outcomes.clear()]);
    });
    // Clearing leads is deleting them: the snapshot goes with them (see the erase test below).
    expect(await db.reviewSnapshot.count()).toBe(0);
    expect(await read(db)).toEqual({ leads: [], handoffs: [], outcomes: [] });
    await db.leads.put(lead(1));
    expect((await read(db)).leads.map((l) => l.id)).toEqual([lead(1).id]);
  });

  it('a long list of writes becomes one "read it whole" entry (a definition change regrades every lead)', async () => {
    const db = newDb();
    const leads = await seed(db);
    await read(db);
    // Deleting keys that are not there still records them: a cheap way to write 20,001 keys.
    await db.handoffs.bulkDelete(Array.from({ length: 20_001 }, (_, i) => `absent-${i}`));
    await db.handoffs.put(toHandoffRow(makeHandoff(leads[0]!.id, { status: 'accepted' })));
    expect(await db.reviewDirty.toArray()).toEqual([expect.objectContaining({ table: 'handoffs', all: true })]);
    await db.leads.put({ ...leads[0]!, stage: 'won' });
    expect(await read(db)).toEqual(await fullRead(db));
    // Once saved, writes are listed by key again.
    await db.leads.put({ ...leads[1]!, stage: 'lost' });
    expect((await db.reviewDirty.toArray()).map((e) => e.keys)).toEqual([[leads[1]!.id]]);
  });

  it('erasing a lead drops the snapshot in the same transaction: no copy of the person stays behind', async () => {
    const db = newDb();
    const leads = await seed(db);
    await read(db);
    await db.leads.put({ ...leads[1]!, stage: 'sal' }); // listed, then made moot by the erase
    await db.transaction('rw', [db.leads, db.handoffs, db.outcomes], async () => {
      await db.leads.delete(leads[0]!.id);
      await db.handoffs.where('leadId').equals(leads[0]!.id).delete();
      await db.outcomes.where('leadId').equals(leads[0]!.id).delete();
    });
    expect(await db.reviewSnapshot.count()).toBe(0);
    expect(await db.reviewDirty.count()).toBe(0);
    expect(isTrackingReviewWrites(db)).toBe(false);
    const rows = await read(db);
    expect(rows).toEqual(await fullRead(db));
    expect(JSON.stringify(await db.reviewSnapshot.toArray())).not.toContain(leads[0]!.id);
  });

  it('a sign-out between the read and the save leaves no snapshot of the old data behind', async () => {
    const db = newDb();
    await seed(db);
    await read(db);
    await db.leads.put(lead(30));
    const rows = readReviewRows(db); // its save runs after the clear below
    expect((await rows).leads.map((l) => l.id)).toContain(lead(30).id);
    await Promise.all(db.tables.map((t) => t.clear()));
    await reviewSnapshotSaved(db);
    expect(await db.reviewSnapshot.count()).toBe(0);
    expect(await read(db)).toEqual({ leads: [], handoffs: [], outcomes: [] });
  });

  it('the patched snapshot is saved off the caller\'s path; a write in between keeps its entry', async () => {
    const db = newDb();
    const leads = await seed(db);
    await read(db);
    await db.leads.put({ ...leads[0]!, stage: 'won' });
    await readReviewRows(db);
    await db.leads.put({ ...leads[1]!, stage: 'lost' }); // after the read, before the save
    await reviewSnapshotSaved(db);
    expect((await db.reviewDirty.toArray()).map((e) => e.keys)).toEqual([[leads[1]!.id]]);
    expect(await read(db)).toEqual(await fullRead(db));
  });

  it('a reopened database (the worker restarted) keeps tracking, so its snapshot is not left behind', async () => {
    const name = freshDbName();
    const first = newDb(name);
    const leads = await seed(first);
    await read(first);
    first.close();

    const second = newDb(name);
    await second.open();
    expect(isTrackingReviewWrites(second)).toBe(true);
    await second.leads.put({ ...leads[2]!, stage: 'lost' });
    expect((await read(second)).leads.find((l) => l.id === leads[2]!.id)?.stage).toBe('lost');
  });

  it('matches a full read after any sequence of writes and reads (seeded random walk)', async () => {
    const db = newDb();
    // mulberry32: a small PRNG whose low bits are as random as its high ones.
    let state = 12345;
    const rand = (n: number) => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) % n);
    };
    let reads = 0;
    const stages: LifecycleStage[] = ['inquiry', 'mql', 'sal', 'opportunity', 'won', 'lost'];
    for (let step = 0; step < 200; step++) {
      const n = rand(40);
      const id = lead(n).id;
      switch (rand(8)) {
        case 0:
          await db.leads.put(lead(n, { stage: stages[rand(stages.length)]! }));
          break;
        case 1:
          await db.leads.delete(id);
          break;
        case 2:
          await db.handoffs.put(toHandoffRow(makeHandoff(id, { id: `h${n}`, ...(rand(2) ? { status: 'rejected', decision: { kind: 'reject', by: 'u', at: T0, reasonCode: 'no_budget' } } : {}) })));
          break;
        case 3:
          await db.handoffs.delete(`h${n}`);
          break;
        case 4:
          await db.outcomes.bulkPut([outcome(`o${n}`, id), outcome(`o${n + 100}`, id, { kind: 'won', amount: { value: n, currency: 'JPY' } })]);
          break;
        case 5:
          await db.outcomes.where('leadId').equals(id).delete();
          break;
        case 6:
          await db.leads.where('email').startsWith('p1').modify({ ownerId: `u${rand(3)}` });
          break;
        default:
          reads++;
          expect(await read(db)).toEqual(await fullRead(db));
      }
    }
    expect(await read(db)).toEqual(await fullRead(db));
    expect(reads).toBeGreaterThan(10);
  });
});
