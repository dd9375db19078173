import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { AunDatabase } from '../../lib/db/database';
import { toHandoffRow, toLeadRow } from '../../lib/db/rows';
import { applyPulledPage, confirmMutations, recordMutation, withdrawMutation } from '../../lib/sync/replica';
import { regradeQueued } from '../../lib/sync/regrade';
import { DEFAULT_DEFINITION, type Handoff } from '../../lib/domain';
import { freshDbName, makeHandoff, makeLead, makeTouch, T0 } from '../support/factories';

const dbs: AunDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});
function newDb() {
  const db = new AunDatabase(freshDbName());
  dbs.push(db);
  return db;
}
const actor = { userId: 'u-sales', now: '2026-03-02T02:00:00.000Z' };
const lead = makeLead('taro@acme.co.jp');
const handoff = makeHandoff(lead.id);

async function seeded() {
  const db = newDb();
  await db.leads.put(toLeadRow(lead));
  await db.handoffs.put(toHandoffRow(handoff));
  return db;
}

describe('optimistic mutations', () => {
  it('applies a decision locally at once and queues it with an increasing id', async () => {
    const db = await seeded();
    const first = await recordMutation(db, { name: 'handoff.checkItem', args: { handoffId: handoff.id, itemId: 'consent', checked: true, at: actor.now } }, actor);
    const second = await recordMutation(db, { name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'accept', at: actor.now } }, actor);
    expect(second.localId).toBeGreaterThan(first.localId);
    const h = await db.handoffs.get(handoff.id);
    expect(h?.status).toBe('accepted');
    expect(h?.decision).toMatchObject({ kind: 'accept', by: 'u-sales' });
    expect(h?.checklist.consent).toEqual({ checked: true, by: 'u-sales', at: actor.now });
    const l = await db.leads.get(lead.id);
    expect(l?.stage).toBe('sal');
    expect(l?.ownerId).toBe('u-sales');
    expect((await db.outbox.toArray()).map((e) => e.name)).toEqual(['handoff.checkItem', 'handoff.decide']);
  });

  it('undo restores exactly the state before, keeping other pending changes to the same rows', async () => {
    const db = await seeded();
    await recordMutation(db, { name: 'handoff.checkItem', args: { handoffId: handoff.id, itemId: 'consent', checked: true, at: actor.now } }, actor);
    const accept = await recordMutation(db, { name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'accept', at: actor.now } }, actor, 10_000);
    expect((await db.outbox.get(accept.localId))?.notBefore).toBe('2026-03-02T02:00:10.000Z');

    expect(await withdrawMutation(db, accept.localId, actor)).toBe(true);
    const h = await db.handoffs.get(handoff.id);
    expect(h?.status).toBe('pending');
    expect(h?.decision).toBeUndefined();
    expect(h?.checklist.consent?.checked).toBe(true);
    expect((await db.leads.get(lead.id))?.stage).toBe('mql');
    expect(await db.rejected.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1);
    expect(await withdrawMutation(db, accept.localId, actor)).toBe(false);
  });

  it('a rejection restores the server state, records the reason, and drops shadows no longer needed', async () => {
    const db = await seeded();
    const reject = await recordMutation(
      db,
      { name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'reject', reasonCode: 'no_budget', at: actor.now } },
      actor,
    );
    const winner = { kind: 'accept', by: 'u-other', at: '2026-03-02T01:30:00.000Z' };
    await withdrawMutation(db, reject.localId, actor, { code: 'already_decided', message: 'decided first', details: { decision: winner } });
    expect((await db.handoffs.get(handoff.id))?.status).toBe('pending');
    const rejected = await db.rejected.get(reject.localId);
    expect(rejected).toMatchObject({ leadId: lead.id, error: { code: 'already_decided', details: { decision: winner } } });
    expect(await db.shadows.count()).toBe(0);
  });

  it('a refused user.setAway puts my own row back, so the popup does not show me away', async () => {
    const db = await seeded();
    const me = { id: 'u-sales', email: 'rep@acme.co.jp', name: 'Rep', role: 'sales' as const, queueIds: ['q-1'], away: false, territories: [], createdAt: T0 };
    await db.users.put(me);
    const away = await recordMutation(db, { name: 'user.setAway', args: { away: true } }, actor);
    expect((await db.users.get('u-sales'))?.away).toBe(true);
    await withdrawMutation(db, away.localId, actor, { code: 'forbidden', message: 'no' });
    expect(await db.users.get('u-sales')).toEqual(me);
    expect(await db.rejected.get(away.localId)).toMatchObject({ name: 'user.setAway', leadId: null, error: { code: 'forbidden' } });
  });

  it('confirming a mutation keeps its optimistic effect until the pull brings the server version', async () => {
    const db = await seeded();
    const m = await recordMutation(db, { name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'recycle', at: actor.now } }, actor);
    await confirmMutations(db, [m.localId]);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.handoffs.get(handoff.id))?.status).toBe('recycled');
    expect((await db.leads.get(lead.id))?.stage).toBe('recycled');
    // A middle page does not settle; the last page brings the server's handoff and settles the rest.
    const decided: Handoff = { ...handoff, status: 'recycled', decision: { kind: 'recycle', by: 'u-sales', at: actor.now }, updatedAt: actor.now };
    await applyPulledPage(db, { changes: [], cursor: 'c-1', lastMutationId: m.localId, hasMore: true }, actor);
    expect(await db.shadows.count()).toBe(2);
    await applyPulledPage(db, { changes: [{ entity: 'handoff', id: handoff.id, op: 'put', data: decided }], cursor: 'c-2', lastMutationId: m.localId, hasMore: false }, actor);
    expect(await db.shadows.count()).toBe(0);
    expect((await db.handoffs.get(handoff.id))?.status).toBe('recycled');
    // The server wrote no new lead version: the lead is the server's again, not the optimistic one.
    expect((await db.leads.get(lead.id))?.stage).toBe(lead.stage);
  });

  it('a refused erase gives back the lead with its touches and handoffs', async () => {
    const db = await seeded();
    await db.touches.put(makeTouch(lead.id, 1, { id: 't-kept' }));
    const m = await recordMutation(db, { name: 'lead.erase', args: { leadId: lead.id } }, actor);
    expect(await db.touches.count()).toBe(0);
    await withdrawMutation(db, m.localId, actor, { code: 'forbidden', message: 'no' });
    expect(await db.leads.get(lead.id)).toBeDefined();
    expect(await db.touches.get('t-kept')).toBeDefined();
    expect(await db.handoffs.get(handoff.id)).toBeDefined();
  });

  it('a confirmed mutation the server answered only as duplicate (a lost race) settles to the server row', async () => {
    const db = await seeded();
    const m = await recordMutation(db, { name: 'handoff.create', args: { id: 'h-lost', leadId: lead.id, stageId: 'marketing_to_sales', toUserId: 'u-sales', checkedItemIds: [], createdAt: actor.now } }, actor);
    expect(await db.handoffs.get('h-lost')).toBeDefined();
    await confirmMutations(db, [m.localId]);
    await applyPulledPage(db, { changes: [], cursor: 'c-1', lastMutationId: m.localId }, actor);
    expect(await db.handoffs.get('h-lost')).toBeUndefined();
    expect(await db.shadows.count()).toBe(0);
  });
});

describe('applying pulled pages', () => {
  it('writes rows and the cursor together, and re-applies pending mutations over server data', async () => {
    const db = await seeded();
    await recordMutation(db, { name: 'handoff.checkItem', args: { handoffId: handoff.id, itemId: 'need_confirmed', checked: true, at: actor.now } }, actor);
    const serverHandoff: Handoff = { ...handoff, note: 'from the server', checklist: { consent: { checked: true, by: 'u-marketer', at: T0 } } };
    const result = await applyPulledPage(
      db,
      {
        changes: [
          { entity: 'handoff', id: handoff.id, op: 'put', data: serverHandoff },
          { entity: 'touch', id: 't1', op: 'put', data: makeTouch(lead.id, 1, { id: 't1' }) },
          { entity: 'lead', id: 'bad', op: 'put', data: { id: 'bad', email: 'not-an-email' } },
        ],
        cursor: 'c-1',
        lastMutationId: 0,
      },
      actor,
    );
    expect(result).toEqual({ applied: 2, invalid: 1 });
    const h = await db.handoffs.get(handoff.id);
    expect(h?.note).toBe('from the server');
    expect(h?.checklist.consent?.by).toBe('u-marketer');
    expect(h?.checklist.need_confirmed?.by).toBe('u-sales');
    expect((await db.meta.get('cursor'))?.value).toBe('c-1');
    expect(await db.leads.get('bad')).toBeUndefined();
    expect(await db.regradeQueue.get(lead.id)).toBeDefined();
  });

  it('a page that fails to apply leaves the previous cursor and rows untouched', async () => {
    const db = await seeded();
    await db.meta.put({ key: 'cursor', value: 'c-0' });
    // Two leads with one email violate the unique index: the whole page must roll back.
    const a = makeLead('dup@acme.co.jp');
    const page = {
      changes: [
        { entity: 'lead' as const, id: a.id, op: 'put' as const, data: a },
        { entity: 'lead' as const, id: 'other', op: 'put' as const, data: { ...a, id: 'other' } },
      ],
      cursor: 'c-1',
      lastMutationId: 0,
    };
    await expect(applyPulledPage(db, page, actor)).rejects.toThrow();
    expect((await db.meta.get('cursor'))?.value).toBe('c-0');
    expect(await db.leads.get(a.id)).toBeUndefined();
  });

  it('confirms outbox entries up to lastMutationId even if the push answer was lost', async () => {
    const db = await seeded();
    const m1 = await recordMutation(db, { name: 'handoff.checkItem', args: { handoffId: handoff.id, itemId: 'consent', checked: true, at: actor.now } }, actor);
    const m2 = await recordMutation(db, { name: 'handoff.checkItem', args: { handoffId: handoff.id, itemId: 'timing_known', checked: true, at: actor.now } }, actor);
    await applyPulledPage(db, { changes: [], cursor: 'c-2', lastMutationId: m1.localId }, actor);
    expect((await db.outbox.toCollection().primaryKeys())).toEqual([m2.localId]);
  });

  it('a pulled delete of a lead removes it with its touches, handoffs and outcomes', async () => {
    const db = await seeded();
    await db.touches.bulkPut([makeTouch(lead.id, 1), makeTouch(lead.id, 2)]);
    await applyPulledPage(db, { changes: [{ entity: 'lead', id: lead.id, op: 'delete' }], cursor: 'c-3', lastMutationId: 0 }, actor);
    expect(await db.leads.get(lead.id)).toBeUndefined();
    expect(await db.touches.count()).toBe(0);
    expect(await db.handoffs.count()).toBe(0);
  });

  it('a new definition queues every lead for regrading, and regrading caches the grade', async () => {
    const db = await seeded();
    await db.leads.put(toLeadRow(makeLead('b@acme.co.jp')));
    await db.touches.bulkPut([0, 1, 2].map((n) => makeTouch(lead.id, n, { type: 'webinar_attended' })));
    const stricter = { ...DEFAULT_DEFINITION, version: 2, fit: { ...DEFAULT_DEFINITION.fit, thresholds: { A: 200, B: 150, C: 100 } } };
    await applyPulledPage(db, { changes: [{ entity: 'definition', id: '2', op: 'put', data: stricter }], cursor: 'c-4', lastMutationId: 0 }, actor);
    expect(await db.regradeQueue.count()).toBe(2);
    // One chunk at a time: the queue is the checkpoint.
    expect(await regradeQueued(db, Date.parse(T0), { chunkSize: 1, maxChunks: 1 })).toBe(1);
    expect(await db.regradeQueue.count()).toBe(1);
    await regradeQueued(db, Date.parse(T0));
    const row = await db.leads.get(lead.id);
    expect(row?._grade).toBe('D3');
    expect(row?._gradeVersion).toBe(2);
    expect(await db.regradeQueue.count()).toBe(0);
  });
});
