import { buildScope, type ReviewFilters, type Scope } from './filters';
import { inInterval, isoWeek } from './period';
import { median, ratio, unique } from './stats';
import { reachedRank } from './waterfall';
import type { Counted, MetricHandoff, MetricInput, MetricLead, MetricOptions } from './types';

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

function mqlDate(lead: MetricLead, handoffs: readonly MetricHandoff[] | undefined): string | undefined {
  if (lead.mqlAt) return lead.mqlAt;
  let first: string | undefined;
  for (const h of handoffs ?? []) if (!first || h.createdAt < first) first = h.createdAt;
  return first;
}

export function trendFromScope(scope: Scope, now: number): TrendWeek[] {
  const tz = scope.timeZone;
  type Acc = { accepted: string[]; decided: string[]; mql: string[]; sal: string[]; waits: number[]; monday: string };
  const weeks = new Map<string, Acc>();
  const bucket = (ms: number): Acc => {
    const w = isoWeek(ms, tz);
    let acc = weeks.get(w.key);
    if (!acc) weeks.set(w.key, (acc = { accepted: [], decided: [], mql: [], sal: [], waits: [], monday: w.monday }));
    return acc;
  };

  // Every week of a bounded period appears, even an empty one, so the line has no silent gaps.
  const end = Math.min(scope.interval.to - 1, now);
  if (Number.isFinite(scope.interval.from)) {
    const start = Math.max(scope.interval.from, end - MAX_WEEKS * WEEK_MS);
    for (let ms = start; ms <= end; ms += WEEK_MS) bucket(ms);
    bucket(end);
  }

  for (const h of scope.handoffs) {
    const acc = bucket(Date.parse(h.createdAt));
    const decided = h.decision || h.status === 'accepted' || h.status === 'rejected' || h.status === 'recycled';
    if (!decided) continue;
    acc.decided.push(h.leadId);
    if (h.status === 'accepted' || h.decision?.kind === 'accept') acc.accepted.push(h.leadId);
    if (h.decision) acc.waits.push(Math.max(0, Date.parse(h.decision.at) - Date.parse(h.createdAt)));
  }
  for (const lead of scope.matchingLeads) {
    const handoffs = scope.handoffsByLead.get(lead.id);
    const at = mqlDate(lead, handoffs);
    if (!at || !inInterval(at, scope.interval)) continue;
    const acc = bucket(Date.parse(at));
    acc.mql.push(lead.id);
    if (reachedRank(lead, handoffs, scope.outcomesByLead.get(lead.id)) >= 2) acc.sal.push(lead.id);
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
export function weeklyTrend(input: MetricInput, filters: ReviewFilters, now: number, options?: MetricOptions): TrendWeek[] {
  return trendFromScope(buildScope(input, filters, now, options), now);
}
