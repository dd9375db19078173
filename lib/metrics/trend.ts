import { buildScope, type ReviewFilters, type Scope } from './filters';
import { isoWeek, type IsoWeek } from './period';
import { median, ratio, unique } from './stats';
import type { PreparedInput } from './prepare';
import type { Counted, MetricInput, MetricOptions } from './types';

export interface TrendWeek {
  /** ISO week, e.g. '2026-W01'. */
  week: string;
  /** Its Monday, 'YYYY-MM-DD' (local to the zone). */
  monday: string;
  accepted: Counted;
  decided: Counted;
  acceptanceRate: number | null;
  /** Leads that became MQL this week (mqlAt, else their first handoff). */
  mql: Counted;
  /** …of which reached SAL. */
  sal: Counted;
  mqlToSal: number | null;
  medianDecisionMs: number | null;
}

const WEEK_MS = 7 * 86_400_000;
const MAX_WEEKS = 104;

export function trendFromScope(scope: Scope, now: number): TrendWeek[] {
  const tz = scope.timeZone;
  type Acc = { accepted: string[]; decided: string[]; mql: string[]; sal: string[]; waits: number[]; monday: string };
  const weeks = new Map<string, Acc>();
  const bucketOf = (w: IsoWeek): Acc => {
    let acc = weeks.get(w.key);
    if (!acc) weeks.set(w.key, (acc = { accepted: [], decided: [], mql: [], sal: [], waits: [], monday: w.monday }));
    return acc;
  };

  // Every week of a bounded period appears, even an empty one, so the line has no silent gaps.
  const end = Math.min(scope.interval.to - 1, now);
  if (Number.isFinite(scope.interval.from)) {
    const start = Math.max(scope.interval.from, end - MAX_WEEKS * WEEK_MS);
    for (let ms = start; ms <= end; ms += WEEK_MS) bucketOf(isoWeek(ms, tz));
    bucketOf(isoWeek(end, tz));
  }

  for (const p of scope.handoffs) {
    const acc = bucketOf(p.week);
    if (!p.trendDecided) continue;
    acc.decided.push(p.handoff.leadId);
    if (p.trendAccepted) acc.accepted.push(p.handoff.leadId);
    if (p.toDecisionMs !== null) acc.waits.push(p.toDecisionMs);
  }
  const { from, to } = scope.interval;
  for (const p of scope.matchingLeads) {
    // MQL date: mqlAt, else the lead's first handoff.
    if (!(p.mqlMs >= from && p.mqlMs < to) || !p.mqlWeek) continue;
    const acc = bucketOf(p.mqlWeek);
    acc.mql.push(p.lead.id);
    if (p.rank >= 2) acc.sal.push(p.lead.id);
  }

  const c = (ids: string[]): Counted => ({ count: ids.length, leadIds: unique(ids) });
  return [...weeks]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(-MAX_WEEKS)
    .map(([week, a]) => ({
      week,
      monday: a.monday,
      accepted: c(a.accepted),
      decided: c(a.decided),
      acceptanceRate: ratio(a.accepted.length, a.decided.length),
      mql: c(a.mql),
      sal: c(a.sal),
      mqlToSal: ratio(a.sal.length, a.mql.length),
      medianDecisionMs: median(a.waits),
    }));
}

/** The main rates per ISO week: acceptance rate, MQL→SAL conversion, median time to decision. */
export function weeklyTrend(input: MetricInput | PreparedInput, filters: ReviewFilters, now: number, options?: MetricOptions): TrendWeek[] {
  return trendFromScope(buildScope(input, filters, now, options), now);
}
