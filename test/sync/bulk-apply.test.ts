import Dexie from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AunDatabase } from '../../lib/db/database';
import { toHandoffRow, toLeadRow } from '../../lib/db/rows';
import type { Change, Outcome } from '../../lib/domain';
import { applyPulledPage, planPage, recordMutation, REPLICA_TABLES } from '../../lib/sync/replica';
import { freshDbName, makeHandoff, makeLead, makeTouch, T0 } from '../support/factories';
import { applyPulledPageRowByRow } from './row-by-row-reference';

/**
 * applyPulledPage folds a page into one bulk write per table. Whatever the page holds (the same
 * row twice, a lead erased after or before its touches were put, rows our pending mutations
 * hold), the replica must end exactly as the row-by-row version it replaced left it.
 */

const dbs: AunDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const actor = { userId: 'u-sales', now: '2026-03-02T02:00:00.000Z' };
const leads = ['a@acme.co.jp', 'b@acme.co.jp', 'c@acme.co.jp'].map((email) => makeLead(email));
const leadId = (i: number) => leads[i]!.id;

function outcome(id: string, lead: number): Outcome {
  return { id, leadId: leadId(lead), kind: 'contacted', occurredAt: T0, recordedBy: 'u-sales' };
}

/** The same replica in two databases: a few stored rows and two pending mutations (so shadows exist). */
async function replica(): Promise<AunDatabase> {
  const db = new AunDatabase(freshDbName());
  dbs.push(db);
  await db.leads.bulkPut([toLeadRow(leads[0]!), { ...toLeadRow(leads[1]!), _grade: 'B2', _score: 40, _mql: 0, _gradeVersion: 1 }]);
  await db.touches.bulkPut([makeTouch(leadId(0), 1, { id: 't1' }), makeTouch(leadId(1), 2, { id: 't2' }), makeTouch(leadId(0), 3, { id: 't3' })]);
  await db.handoffs.bulkPut([toHandoffRow(makeHandoff(leadId(0), { id: 'h1' })), toHandoffRow(makeHandoff(leadId(1), { id: 'h2' }))]);
  await db.outcomes.put(outcome('o1', 0));
  await recordMutation(db, { name: 'handoff.checkItem', args: { handoffId: 'h1', itemId: 'consent', checked: true, at: actor.now } }, actor);
  await recordMutation(db, { name: 'touch.add', args: { touch: makeTouch(leadId(2), 4, { id: 't4', origin: 'manual' }) } }, actor);
  return db;
}

async function dump(db: AunDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of REPLICA_TABLES) out[name] = await db.table(name).toArray();
  return out;
}

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ lead: fc.nat(2), title: fc.constantFrom('CEO', 'CTO', 'Analyst') }).map(({ lead, title }) => ({ entity: 'lead' as const, id: leadId(lead), op: 'put' as const, data: { ...leads[lead]!, title } })),
  fc.nat(2).map((lead) => ({ entity: 'lead' as const, id: leadId(lead), op: 'delete' as const })),
  fc
    .record({ n: fc.integer({ min: 1, max: 5 }), lead: fc.nat(2), hour: fc.nat(9) })
    .map(({ n, lead, hour }) => ({ entity: 'touch' as const, id: `t${n}`, op: 'put' as const, data: makeTouch(leadId(lead), hour, { id: `t${n}` }) })),
  fc.integer({ min: 1, max: 5 }).map((n) => ({ entity: 'touch' as const, id: `t${n}`, op: 'delete' as const })),
  fc
    .record({ n: fc.integer({ min: 1, max: 3 }), lead: fc.nat(2), note: fc.constantFrom('first', 'second') })
    .map(({ n, lead, note }) => ({ entity: 'handoff' as const, id: `h${n}`, op: 'put' as const, data: makeHandoff(leadId(lead), { id: `h${n}`, note }) })),
  fc.integer({ min: 1, max: 3 }).map((n) => ({ entity: 'handoff' as const, id: `h${n}`, op: 'delete' as const })),
  fc.record({ n: fc.integer({ min: 1, max: 2 }), lead: fc.nat(2) }).map(({ n, lead }) => ({ entity: 'outcome' as const, id: `o${n}`, op: 'put' as const, data: outcome(`o${n}`, lead) })),
  fc.constant({ entity: 'lead' as const, id: 'bad', op: 'put' as const, data: { id: 'bad', email: 'not-an-email' } }),
);

describe('applying a pulled page in bulk', () => {
  it('leaves exactly what the row-by-row version left, for any page', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 14 }), fc.boolean(), async (changes, last) => {
        const bulk = await replica();
        const oneByOne = await replica();
        const page = { changes, cursor: 'c-9', lastMutationId: 0, hasMore: !last };
        const result = await applyPulledPage(bulk, page, actor);
        const { applied, invalid } = await applyPulledPageRowByRow(oneByOne, page, actor);
        expect(result).toEqual({ applied, invalid });
        expect(await dump(bulk)).toEqual(await dump(oneByOne));
      }),
      { numRuns: 80 },
    );
  }, 60_000);

  it('erasing a lead takes the touches the same page put for it before, not those put after', () => {
    const before = makeTouch(leadId(0), 1, { id: 'before' });
    const after = makeTouch(leadId(0), 2, { id: 'after' });
    const plan = planPage([
      { entity: 'touch', id: 'before', op: 'put', data: before },
      { entity: 'lead', id: leadId(0), op: 'delete' },
      { entity: 'touch', id: 'after', op: 'put', data: after },
    ]);
    expect(plan.finals.get('touch:before')?.data).toBeNull();
    expect(plan.finals.get('touch:after')?.data).toEqual(after);
    expect([...plan.erasedLeads]).toEqual([leadId(0)]);
    // The shadow of a row keeps what the server sent for it, not the cascade.
    expect(plan.direct.get('touch:before')).toEqual(before);
  });

  it('keeps the grade cache of a lead it updates, and drops it for a lead erased and put again', async () => {
    const db = await replica();
    await applyPulledPage(db, { changes: [{ entity: 'lead', id: leadId(1), op: 'put', data: { ...leads[1]!, title: 'CEO' } }], cursor: 'c-1', lastMutationId: 0 }, actor);
    expect(await db.leads.get(leadId(1))).toMatchObject({ title: 'CEO', _grade: 'B2' });
    await applyPulledPage(
      db,
      {
        changes: [
          { entity: 'lead', id: leadId(1), op: 'delete' },
          { entity: 'lead', id: leadId(1), op: 'put', data: leads[1]! },
        ],
        cursor: 'c-2',
        lastMutationId: 0,
      },
      actor,
    );
    expect((await db.leads.get(leadId(1)))?._grade).toBeUndefined();
    expect(await db.touches.where('leadId').equals(leadId(1)).count()).toBe(0);
  });
});
