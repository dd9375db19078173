import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AunDatabase } from '../../lib/db/database';
import { toHandoffRow, toLeadRow } from '../../lib/db/rows';
import { createHandlers, dispatch } from '../../lib/background/handlers';
import { getReview, getReviewDrill, getReviewLeads, invalidateReviewCache, loadReviewData, whatIfDefinition } from '../../lib/background/review';
import { SyncEngine } from '../../lib/sync/engine';
import { DEFAULT_DEFINITION, type LeadDefinition } from '../../lib/domain';
import { freshDbName, makeHandoff, makeLead, makeTouch } from '../support/factories';

const NOW = Date.parse('2026-03-20T00:00:00.000Z');
let db: AunDatabase;

beforeEach(() => {
  fakeBrowser.reset();
  db = new AunDatabase(freshDbName());
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const iso = (d: string) => `2026-${d}:00:00.000Z`;

/** A: fit A (JP manager, 300–999, manufacturing), B: fit B (no title, no country), C: fit D. */
async function seed() {
  const a = makeLead('a@acme.co.jp', { name: { family: '山田', given: '太郎' }, createdAt: iso('03-02T00'), updatedAt: iso('03-10T00'), stage: 'won' });
  const b = makeLead('b@beta.co.jp', {
    name: { family: '佐藤', given: '次郎' },
    company: 'ベータ工業',
    title: undefined,
    firmographics: { industry: 'manufacturing', employeeBand: '300-999' },
    source: { channel: 'exhibition', campaign: '展示会 2026', vendor: 'ExpoCo' },
    stage: 'mql',
    createdAt: iso('03-04T00'),
    updatedAt: iso('03-11T00'),
  });
  const c = makeLead('c@gmail.com', {
    name: { given: 'Chris', family: 'Cole' },
    company: undefined,
    title: 'Student',
    firmographics: { employeeBand: '1-9' },
    source: { channel: 'outsourced_list', vendor: 'ListCo' },
    stage: 'inquiry',
    createdAt: iso('03-05T00'),
    updatedAt: iso('03-12T00'),
  });
  await db.leads.bulkPut([
    { ...toLeadRow(a), _grade: 'A2', _score: 82, _mql: 1 },
    { ...toLeadRow(b), _grade: 'B2', _score: 57, _mql: 1 },
    toLeadRow(c),
  ]);
  const recent = (leadId: string, n: number) => makeTouch(leadId, n, { type: 'webinar_attended', occurredAt: new Date(NOW - n * 3_600_000).toISOString() });
  await db.touches.bulkPut([recent(a.id, 1), recent(b.id, 1), recent(b.id, 2), recent(c.id, 1)]);
  await db.handoffs.bulkPut([
    toHandoffRow(makeHandoff(a.id, { id: 'ha', status: 'accepted', createdAt: iso('03-02T00'), assignedAt: iso('03-02T01'), decision: { kind: 'accept', by: 'u-sales', at: iso('03-02T03') } })),
    toHandoffRow(makeHandoff(b.id, { id: 'hb', status: 'pending', createdAt: iso('03-04T00'), assignedAt: iso('03-04T00'), dueAt: iso('03-05T00') })),
  ]);
  await db.outcomes.bulkPut([
    { id: 'o1', leadId: a.id, kind: 'opportunity', amount: { value: 3_000_000, currency: 'JPY' }, occurredAt: iso('03-05T00'), recordedBy: 'u-sales' },
    { id: 'o2', leadId: a.id, kind: 'won', amount: { value: 2_500_000, currency: 'JPY' }, occurredAt: iso('03-09T00'), recordedBy: 'u-sales' },
  ]);
  await db.users.bulkPut([{ id: 'u-sales', email: 'sales@acme.co.jp', name: '鈴木 一郎', role: 'sales', queueIds: [], away: false, territories: [], createdAt: iso('01-01T00') }]);
  return { a, b, c };
}

describe('review in the background, on a real replica', () => {
  it('computes the metrics from leads, handoffs and outcomes', async () => {
    const { a, b } = await seed();
    const r = await getReview(db, { period: 'custom', from: '2026-03-01', to: '2026-03-15' }, NOW);
    expect(r.waterfall.map((s) => s.count)).toEqual([3, 2, 1, 1, 1, 1]);
    expect(r.acceptance.overall.rate).toBe(1);
    expect(r.sla.breaches).toMatchObject([{ handoffId: 'hb', leadId: b.id, ownerName: '鈴木 一郎' }]);
    expect(r.outcomes.total).toMatchObject({ wonRevenue: 2_500_000, pipeline: 0 });
    expect(r.timing.toDecision.medianMs).toBe(3 * 3_600_000);
    expect(r.timeZone).toBe('Asia/Tokyo');
    expect(r.options.vendors).toEqual(['ExpoCo', 'ListCo']);
    expect(r.options.reps).toEqual([{ id: 'u-sales', name: '鈴木 一郎' }]);
    expect(r.reasonLabels.no_budget).toEqual({ ja: '予算がない', en: 'No budget' });
    expect(r.totals).toEqual({ leads: 3, handoffs: 2, outcomes: 2 });

    const vendor = await getReview(db, { period: 'all', vendor: 'ExpoCo' }, NOW);
    expect(vendor.waterfall[0]!.drill.size).toBe(1);
    const drill = { filters: vendor.filters, computedAt: vendor.computedAt, list: vendor.waterfall[0]!.drill.list };
    expect((await getReviewDrill(db, drill)).leads.map((l) => l.id)).toEqual([b.id]);
    // Kept while the replica is unchanged (a write outside sync and mutations goes unseen); refresh reloads.
    await db.leads.delete(a.id);
    expect((await getReview(db, { period: 'all' }, NOW + 1000)).totals.leads).toBe(3);
    expect((await getReview(db, { period: 'all' }, NOW + 1000, true)).totals.leads).toBe(2);
  });

  it('a decision made here shows in the review at once, and an undo takes it back', async () => {
    await seed();
    const engine = new SyncEngine({ db, connection: async () => null, userId: async () => 'u-sales', now: () => NOW });
    const handlers = createHandlers({ db, engine, now: () => NOW });
    const all = { filters: { period: 'all' as const } };
    expect((await handlers.getReview(all)).acceptance.overall.accepted.count).toBe(1);
    const { localId } = await handlers.mutate({ call: { name: 'handoff.decide', args: { handoffId: 'hb', kind: 'accept', at: new Date(NOW).toISOString() } }, holdMs: 10_000 });
    expect((await handlers.getReview(all)).acceptance.overall.accepted.count).toBe(2);
    expect(await handlers.undoMutation({ localId })).toEqual({ undone: true });
    expect((await handlers.getReview(all)).acceptance.overall.accepted.count).toBe(1);
  });

  it('sends numbers, not the lead ids behind them; a drill reference lists them, even after the worker forgot them', async () => {
    const { a, b, c } = await seed();
    const filters = { period: 'all' as const };
    const r = await getReview(db, filters, NOW);
    const text = JSON.stringify(r);
    expect(text).not.toContain('leadIds');
    // Only the SLA breach rows name their lead (one each); no list of ids travels.
    expect(text).not.toContain(a.id);
    expect(text).not.toContain(c.id);
    expect(r.sla.breaches.map((x) => x.leadId)).toEqual([b.id]);
    const inquiries = { filters, computedAt: r.computedAt, list: r.waterfall[0]!.drill.list };
    const listed = await getReviewDrill(db, inquiries);
    expect(listed.total).toBe(3);
    expect(listed.leads.map((l) => l.id).sort()).toEqual([a.id, b.id, c.id].sort());
    // A restarted worker has no lists: the same filters and instant are computed again.
    invalidateReviewCache(db);
    expect((await getReviewDrill(db, inquiries)).leads.map((l) => l.id).sort()).toEqual([a.id, b.id, c.id].sort());
    expect((await getReviewDrill(db, { ...inquiries, list: 10_000 })).total).toBe(0);
  });

  it('keeps its data while the replica is unchanged, and reads again after a pulled page or a mutation', async () => {
    await seed();
    const first = await loadReviewData(db);
    expect(await loadReviewData(db)).toBe(first);
    // Concurrent opens share one read.
    invalidateReviewCache(db);
    const [x, y] = await Promise.all([loadReviewData(db), loadReviewData(db)]);
    expect(x).toBe(y);
    // A pulled page moves the cursor in the same transaction as its rows.
    await db.meta.put({ key: 'cursor', value: 'c-2' });
    const afterPull = await loadReviewData(db);
    expect(afterPull).not.toBe(x);
    expect(await loadReviewData(db)).toBe(afterPull);
    // A local mutation adds an outbox entry.
    await db.outbox.add({ name: 'user.setAway', args: { away: true } as never, createdAt: new Date(NOW).toISOString(), notBefore: new Date(NOW).toISOString(), leadId: null, keys: [] });
    expect(await loadReviewData(db)).not.toBe(afterPull);
  });

  it('lists the leads behind a number with name, company, grade, source and status', async () => {
    const { a, b } = await seed();
    const r = await getReviewLeads(db, [b.id, a.id, 'ld_gone']);
    expect(r.missing).toBe(1);
    expect(r.leads).toEqual([
      expect.objectContaining({ id: b.id, name: '佐藤 次郎', company: 'ベータ工業', grade: 'B2', stage: 'mql', handoffStatus: 'pending', ownerName: '鈴木 一郎', source: b.source }),
      expect.objectContaining({ id: a.id, name: '山田 太郎', grade: 'A2', handoffStatus: 'accepted' }),
    ]);
  });

  it('what-if: a stricter MQL threshold shows the leads that leave MQL', async () => {
    const { a, b } = await seed();
    const draft: LeadDefinition = { ...DEFAULT_DEFINITION, mql: { minFit: 'A', minEngagement: 2 } };
    const r = await whatIfDefinition(db, draft, NOW, { chunkSize: 2 });
    expect(r).toMatchObject({ evaluated: 3, total: 3, capped: false, mqlBefore: 2, mqlAfter: 1, leavingCount: 1, enteringCount: 0, gradeChanged: 0 });
    expect(r.leaving.map((l) => [l.id, l.name, l.before, l.after])).toEqual([[b.id, '佐藤 次郎', 'B2', 'B2']]);
    expect(r.before.A2).toBe(1);
    expect(Object.values(r.after).reduce((x, y) => x + y, 0)).toBe(3);
    expect(a.id).toBeTruthy();

    // A looser fit: B becomes A, C (student, free mail) stays out.
    const looser: LeadDefinition = { ...DEFAULT_DEFINITION, fit: { ...DEFAULT_DEFINITION.fit, thresholds: { A: 40, B: 20, C: -100 } }, mql: { minFit: 'A', minEngagement: 2 } };
    const r2 = await whatIfDefinition(db, looser, NOW);
    expect(r2.mqlAfter).toBe(2);
    expect(r2.gradeChanged).toBe(2); // B2 → A2, D2 → C2

    const capped = await whatIfDefinition(db, draft, NOW, { limit: 1 });
    expect(capped).toMatchObject({ evaluated: 1, total: 3, capped: true });
  });

  it('is wired into the validated message handlers', async () => {
    await seed();
    const engine = new SyncEngine({ db, connection: async () => null, userId: async () => 'local', now: () => NOW });
    const handlers = createHandlers({ db, engine, now: () => NOW });
    const ok = await dispatch(handlers, 'getReview', { filters: { period: 'all' } });
    expect(ok).toMatchObject({ ok: true, value: { cohortSize: 3 } });
    const bad = await dispatch(handlers, 'getReview', { filters: { period: 'forever' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const badDraft = await dispatch(handlers, 'whatIfDefinition', { definition: { ...DEFAULT_DEFINITION, stages: [] } });
    expect(badDraft).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const def = await dispatch(handlers, 'getDefinition', {});
    expect(def).toMatchObject({ ok: true, value: { version: 1 } });
    const user = (id: string, name: string) => ({ id, email: `${id}@acme.co.jp`, name, role: 'sales' as const, queueIds: [], away: false, territories: [], createdAt: '2026-01-01T00:00:00.000Z' });
    await db.users.bulkPut([user('u-z', 'Zoe'), user('u-a', 'Aiko')]);
    await db.queues.put({ id: 'q-1', name: 'Tokyo', memberIds: ['u-a'] });
    const team = await dispatch(handlers, 'getTeam', {});
    // Sorted by name (the seeded 鈴木 一郎 sorts after Latin names).
    expect(team.ok && team.value.users.map((u) => u.id)).toEqual(['u-a', 'u-z', 'u-sales']);
    expect(team).toMatchObject({ ok: true, value: { queues: [{ id: 'q-1', memberIds: ['u-a'] }] } });
    expect(await dispatch(handlers, 'getTeam', { all: true })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const leads = await dispatch(handlers, 'getReviewLeads', { ids: Array.from({ length: 5001 }, (_, i) => `x${i}`) });
    expect(leads).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });
});
