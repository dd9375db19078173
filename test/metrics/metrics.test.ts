import { describe, expect, it } from 'vitest';
import {
  acceptance,
  computeReview,
  detachLeadIds,
  isoWeek,
  median,
  outcomesBySource,
  prepareInput,
  quantile,
  resolvePeriod,
  ReviewFilters,
  slaBreaches,
  timing,
  waterfall,
  weeklyTrend,
  type MetricHandoff,
  type MetricInput,
} from '../../lib/metrics';
import { fixture, H, NOW, t } from './fixtures';

const MARCH: ReviewFilters = { period: 'custom', from: '2026-03-01', to: '2026-03-15' };
const DAY = 24 * H;

describe('stats', () => {
  it('median of odd and even counts; p90 by linear interpolation', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([10, 20], 0.9)).toBe(19);
  });
});

describe('periods and ISO weeks', () => {
  it('trailing windows and inclusive custom days in the zone', () => {
    expect(resolvePeriod({ period: 'week' }, NOW)).toEqual({ from: NOW - 7 * DAY, to: NOW + 1 });
    const tokyo = resolvePeriod({ period: 'custom', from: '2026-03-01', to: '2026-03-15' }, NOW, 'Asia/Tokyo');
    expect(new Date(tokyo.from).toISOString()).toBe('2026-02-28T15:00:00.000Z');
    expect(new Date(tokyo.to).toISOString()).toBe('2026-03-15T15:00:00.000Z');
    expect(resolvePeriod({ period: 'custom', from: '2026-03-01' }, NOW).to).toBe(Infinity);
    expect(resolvePeriod({ period: 'all' }, NOW)).toEqual({ from: -Infinity, to: Infinity });
  });

  it('buckets across the year boundary by ISO week-numbering year', () => {
    expect(isoWeek(Date.parse('2025-12-28T12:00:00.000Z')).key).toBe('2025-W52'); // Sunday
    expect(isoWeek(Date.parse('2025-12-29T00:00:00.000Z'))).toEqual({ key: '2026-W01', monday: '2025-12-29' }); // Monday
    expect(isoWeek(Date.parse('2026-01-04T23:59:59.999Z')).key).toBe('2026-W01');
    expect(isoWeek(Date.parse('2027-01-01T00:00:00.000Z')).key).toBe('2026-W53'); // 2026 has 53 ISO weeks
    expect(isoWeek(Date.parse('2021-01-03T00:00:00.000Z')).key).toBe('2020-W53');
    // Sunday 16:00 UTC is already Monday 01:00 in Tokyo.
    expect(isoWeek(Date.parse('2026-01-04T16:00:00.000Z'), 'UTC').key).toBe('2026-W01');
    expect(isoWeek(Date.parse('2026-01-04T16:00:00.000Z'), 'Asia/Tokyo')).toEqual({ key: '2026-W02', monday: '2026-01-05' });
  });
});

describe('waterfall', () => {
  it('counts each lead at every stage it reached, with conversions between steps', () => {
    const steps = waterfall(fixture(), MARCH, NOW);
    expect(steps.map((s) => [s.stage, s.count])).toEqual([
      ['inquiry', 7],
      ['mql', 6],
      ['sal', 3],
      ['sql', 3],
      ['opportunity', 2],
      ['won', 1],
    ]);
    expect(steps.map((s) => s.conversion)).toEqual([null, 6 / 7, 0.5, 1, 2 / 3, 0.5]);
    expect(steps[2]!.leadIds.sort()).toEqual(['L1', 'L2', 'L7']); // L7 is lost now but was accepted and met
    expect(steps[4]!.leadIds.sort()).toEqual(['L1', 'L2']);
    expect(steps[5]!.ofInquiries).toBeCloseTo(1 / 7);
  });

  it('leads history outweighs a current stage outside the waterfall', () => {
    const input: MetricInput = {
      leads: [{ id: 'x', source: { channel: 'ad' }, stage: 'disqualified', createdAt: t('03-02') }],
      handoffs: [{ id: 'hx', leadId: 'x', stageId: 's', status: 'accepted', createdAt: t('03-02') }],
      outcomes: [{ id: 'ox', leadId: 'x', kind: 'opportunity', occurredAt: t('03-03') }],
    };
    expect(waterfall(input, MARCH, NOW).map((s) => s.count)).toEqual([1, 1, 1, 1, 1, 0]);
  });
});

describe('acceptance and rejection reasons', () => {
  it('accepted / decided overall, per source and per campaign', () => {
    const a = acceptance(fixture(), MARCH, NOW);
    expect(a.overall.accepted.count).toBe(3);
    expect(a.overall.decided.count).toBe(5);
    expect(a.overall.rate).toBeCloseTo(0.6);
    const src = Object.fromEntries(a.bySource.map((r) => [r.key, [r.accepted.count, r.decided.count, r.rate]]));
    expect(src).toEqual({ webinar: [2, 2, 1], exhibition: [0, 2, 0], web_form: [1, 1, 1], outsourced_list: [0, 0, null] });
    const camp = Object.fromEntries(a.byCampaign.map((r) => [r.key, [r.accepted.count, r.decided.count]]));
    expect(camp).toEqual({ campA: [2, 2], campB: [0, 2], '': [1, 1] });
    expect(a.byVendor.find((r) => r.key === 'V1')?.rejected.leadIds).toEqual(['L3']);
    expect(a.overall.accepted.leadIds.sort()).toEqual(['L1', 'L2', 'L7']);
  });

  it('rejection reasons, overall and by source / campaign', () => {
    const a = acceptance(fixture(), MARCH, NOW);
    expect(a.reasons).toEqual([
      { code: 'bad_timing', count: 1, leadIds: ['L4'] },
      { code: 'no_budget', count: 1, leadIds: ['L3'] },
    ]);
    expect(a.reasonsBySource).toEqual([{ key: 'exhibition', total: 2, reasons: a.reasons }]);
    expect(a.reasonsByCampaign.map((g) => g.key)).toEqual(['campB']);
  });
});

describe('time to decision', () => {
  it('median and p90, routing delay and rep delay separately', () => {
    const r = timing(fixture(), MARCH, NOW);
    // created → decided: 5, 10, 4, 9, 2 h (odd count)
    expect(r.toDecision.count).toBe(5);
    expect(r.toDecision.medianMs).toBe(5 * H);
    expect(r.toDecision.p90Ms).toBeCloseTo(9.6 * H);
    // created → assigned: 1, 2, 0, 3, 0, 1 h (even count, pending h5 included)
    expect(r.routing.count).toBe(6);
    expect(r.routing.medianMs).toBe(1 * H);
    expect(r.routing.p90Ms).toBeCloseTo(2.5 * H);
    // assigned → decided: 4, 8, 4, 6, 1 h
    expect(r.rep.medianMs).toBe(4 * H);
    expect(r.rep.leadIds.sort()).toEqual(['L1', 'L2', 'L3', 'L4', 'L7']);
    // Every pending handoff of the fixture is assigned: none waits unassigned.
    expect(r.waitingUnassigned).toMatchObject({ count: 0, medianMs: null });
  });

  it('pending handoffs nobody was assigned yet are counted apart, waiting until now', () => {
    const input = fixture();
    const queued = (id: string, leadId: string, createdAt: string) => ({ id, leadId, stageId: 'marketing_to_sales', status: 'pending' as const, createdAt });
    const r = timing({ ...input, handoffs: [...input.handoffs, queued('q1', 'L6', '2026-03-14T00:00:00.000Z'), queued('q2', 'L3', '2026-03-13T00:00:00.000Z')] }, MARCH, NOW);
    // NOW is 03-20T00: waiting 6 and 7 days.
    expect(r.waitingUnassigned).toMatchObject({ count: 2, medianMs: 156 * H });
    expect(r.waitingUnassigned.leadIds.sort()).toEqual(['L3', 'L6']);
    // The finished assignments are unchanged.
    expect(r.routing.count).toBe(6);
  });
});

describe('SLA breaches', () => {
  it('lists pending handoffs overdue at now, whenever created, with owner and lateness', () => {
    const s = slaBreaches(fixture(), MARCH, NOW);
    expect(s.breaches.map((b) => [b.handoffId, b.ownerName, b.lateMs / DAY])).toEqual([
      ['h9', '佐藤 花子', 68],
      ['h5', 'Ken Suzuki', 13],
    ]);
    expect(s.byOwner.map((o) => [o.ownerId, o.count])).toEqual([
      ['u1', 1],
      ['u2', 1],
    ]);
    // At a now before h5's due time only h9 is late; h10 (due 03-25) never is.
    expect(slaBreaches(fixture(), MARCH, Date.parse(t('03-06T12'))).leadIds).toEqual(['L9']);
  });
});

describe('marketing-sourced outcomes', () => {
  it('opportunities, pipeline (latest amount of open ones), average deal, won revenue per source / campaign / vendor', () => {
    const o = outcomesBySource(fixture(), MARCH, NOW);
    expect(o.currency).toBe('JPY');
    expect(o.total).toMatchObject({ pipeline: 800_000, wonRevenue: 1_200_000, averageDeal: 1_200_000 });
    expect(o.total.opportunities.leadIds.sort()).toEqual(['L1', 'L2']);
    expect(o.total.open.leadIds).toEqual(['L2']);
    const webinar = o.bySource.find((r) => r.key === 'webinar')!;
    expect([webinar.leads.count, webinar.opportunities.count, webinar.pipeline, webinar.won.count, webinar.wonRevenue]).toEqual([2, 2, 800_000, 1, 1_200_000]);
    expect(o.byCampaign.find((r) => r.key === 'campA')?.wonRevenue).toBe(1_200_000);
    const v1 = o.byVendor.find((r) => r.key === 'V1')!;
    expect([v1.leads.count, v1.opportunities.count, v1.pipeline, v1.averageDeal]).toEqual([2, 0, 0, null]);
    expect(o.byVendor.find((r) => r.key === 'V2')?.leads.leadIds).toEqual(['L5']);
  });

  it('averages won deals and keeps other currencies apart', () => {
    const input: MetricInput = {
      leads: ['a', 'b', 'c'].map((id) => ({ id, source: { channel: 'seminar' as const }, stage: 'won' as const, createdAt: t('03-02') })),
      handoffs: [],
      outcomes: [
        { id: '1', leadId: 'a', kind: 'won', occurredAt: t('03-03'), amount: { value: 100, currency: 'JPY' } },
        { id: '2', leadId: 'b', kind: 'won', occurredAt: t('03-03'), amount: { value: 300, currency: 'JPY' } },
        { id: '3', leadId: 'c', kind: 'won', occurredAt: t('03-03'), amount: { value: 9, currency: 'USD' } },
      ],
    };
    const o = outcomesBySource(input, MARCH, NOW);
    expect(o.total).toMatchObject({ wonRevenue: 400, averageDeal: 200 });
    expect(o.total.won.count).toBe(3);
    expect(o.otherCurrency).toBe(1);
  });
});

describe('weekly trend', () => {
  it('acceptance, MQL→SAL and median time to decision per ISO week, empty weeks included', () => {
    const weeks = weeklyTrend(fixture(), MARCH, NOW);
    expect(weeks.map((w) => w.week)).toEqual(['2026-W09', '2026-W10', '2026-W11']);
    const [w9, w10, w11] = weeks;
    expect([w9!.mql.count, w9!.sal.count, w9!.decided.count]).toEqual([1, 1, 0]); // L1's mqlAt is Sunday 03-01
    expect([w10!.accepted.count, w10!.decided.count, w10!.acceptanceRate]).toEqual([3, 5, 0.6]);
    expect([w10!.mql.count, w10!.sal.count, w10!.mqlToSal]).toEqual([5, 2, 0.4]);
    expect(w10!.medianDecisionMs).toBe(5 * H);
    expect([w11!.decided.count, w11!.acceptanceRate, w11!.medianDecisionMs]).toEqual([0, null, null]);
  });

  it('buckets handoffs across a year boundary', () => {
    const mk = (id: string, createdAt: string, kind: 'accept' | 'reject'): MetricHandoff => ({
      id,
      leadId: `l-${id}`,
      stageId: 's',
      status: kind === 'accept' ? 'accepted' : 'rejected',
      createdAt,
      decision: { kind, at: new Date(Date.parse(createdAt) + 2 * H).toISOString(), by: 'u' },
    });
    const input: MetricInput = {
      leads: [],
      handoffs: [
        mk('a', '2025-12-28T10:00:00.000Z', 'accept'),
        mk('b', '2025-12-29T10:00:00.000Z', 'accept'),
        mk('c', '2026-01-03T10:00:00.000Z', 'reject'),
        mk('d', '2026-01-05T10:00:00.000Z', 'reject'),
      ],
      outcomes: [],
    };
    const weeks = weeklyTrend(input, { period: 'custom', from: '2025-12-22', to: '2026-01-11' }, Date.parse('2026-02-01T00:00:00.000Z'));
    expect(weeks.map((w) => [w.week, w.accepted.count, w.decided.count])).toEqual([
      ['2025-W52', 1, 1],
      ['2026-W01', 1, 2],
      ['2026-W02', 0, 1],
    ]);
  });
});

describe('filters', () => {
  it('parse with a default period and reject unknown keys', () => {
    expect(ReviewFilters.parse({})).toEqual({ period: 'month' });
    expect(ReviewFilters.safeParse({ period: 'month', evil: 1 }).success).toBe(false);
    expect(ReviewFilters.safeParse({ period: 'custom', from: '03/01/2026' }).success).toBe(false);
  });

  it('source channel, campaign, vendor, rep, stage and period change the numbers', () => {
    const data = fixture();
    const count = (f: ReviewFilters) => computeReview(data, f, NOW);
    expect(count({ ...MARCH, channel: 'webinar' }).waterfall[0]!.leadIds.sort()).toEqual(['L1', 'L2']);
    expect(count({ ...MARCH, campaign: 'campB' }).acceptance.overall.decided.count).toBe(2);
    expect(count({ ...MARCH, vendor: 'V1' }).waterfall[0]!.leadIds.sort()).toEqual(['L3', 'L4']);
    expect(count({ ...MARCH, vendor: 'V2' }).sla.leadIds).toEqual(['L5']);
    const rep = count({ ...MARCH, rep: 'u2' });
    expect([rep.handoffCount, rep.sla.count, rep.waterfall[0]!.count]).toEqual([1, 1, 1]);
    const stage = count({ ...MARCH, stage: 'sdr_to_ae' });
    expect([stage.handoffCount, stage.acceptance.overall.rate, stage.waterfall[0]!.leadIds]).toEqual([1, 1, ['L7']]);
    expect(count({ period: 'week' }).cohortSize).toBe(0); // nothing created after 03-13
    expect(count({ period: 'all' }).cohortSize).toBe(10);
    expect(count({ period: 'all' }).acceptance.overall.decided.count).toBe(6);
  });
});

describe('prepared input', () => {
  it('gives exactly the results of the raw input, for every filter, and is reused across filters', () => {
    const data = fixture();
    const prepared = prepareInput(data, { timeZone: 'Asia/Tokyo' });
    const filters: ReviewFilters[] = [
      MARCH,
      { period: 'all' },
      { period: 'week' },
      { ...MARCH, channel: 'webinar' },
      { ...MARCH, vendor: 'V1' },
      { ...MARCH, rep: 'u2' },
      { ...MARCH, rep: 'u1', stage: 'marketing_to_sales' },
      { period: 'all', stage: 'sdr_to_ae' },
    ];
    for (const f of filters) expect(computeReview(prepared, f, NOW, { timeZone: 'Asia/Tokyo' })).toEqual(computeReview(data, f, NOW, { timeZone: 'Asia/Tokyo' }));
    // Prepared in another zone: prepared again for the asked zone, not reused with the wrong weeks.
    expect(computeReview(prepared, MARCH, NOW, { timeZone: 'UTC' })).toEqual(computeReview(data, MARCH, NOW, { timeZone: 'UTC' }));
  });
});

describe('drill references', () => {
  it('replace every leadIds list by an index into a side table, keeping the numbers', () => {
    const review = computeReview(fixture(), MARCH, NOW);
    const { value, lists } = detachLeadIds(review);
    expect(JSON.stringify(value)).not.toContain('leadIds');
    expect(value.waterfall[2]!.count).toBe(3);
    expect(value.waterfall[2]!.drill.size).toBe(3);
    expect(lists[value.waterfall[2]!.drill.list]!.sort()).toEqual(['L1', 'L2', 'L7']);
    expect(lists[value.acceptance.byVendor.find((r) => r.key === 'V1')!.rejected.drill.list]).toEqual(['L3']);
    expect(lists[value.sla.drill.list]).toEqual(review.sla.leadIds);
    // The same list object is stored once.
    const shared = { a: { leadIds: ['x'] }, b: [] as unknown[] };
    shared.b.push(shared.a);
    const detached = detachLeadIds(shared);
    expect(detached.lists).toEqual([['x']]);
  });
});
