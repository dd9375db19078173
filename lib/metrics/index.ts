import { acceptanceFromScope, type AcceptanceResult } from './acceptance';
import { buildScope, type ReviewFilters } from './filters';
import { outcomesFromScope, type OutcomesResult } from './outcomes';
import { slaFromScope, type SlaResult } from './sla';
import { timingFromScope, type TimingResult } from './timing';
import { trendFromScope, type TrendWeek } from './trend';
import type { PreparedInput } from './prepare';
import type { MetricInput, MetricOptions } from './types';
import { waterfallFromScope, type WaterfallStep } from './waterfall';

export * from './types';
export * from './stats';
export * from './period';
export * from './filters';
export * from './waterfall';
export * from './acceptance';
export * from './timing';
export * from './sla';
export * from './outcomes';
export * from './trend';
export * from './prepare';
export * from './drill';

export interface ReviewMetrics {
  /** The resolved period, ISO; null when unbounded. */
  period: { from: string | null; to: string | null };
  cohortSize: number;
  handoffCount: number;
  waterfall: WaterfallStep[];
  acceptance: AcceptanceResult;
  timing: TimingResult;
  sla: SlaResult;
  outcomes: OutcomesResult;
  trend: TrendWeek[];
}

/**
 * Every metric of the joint review, from one pass of filtering. Pure. Given a PreparedInput
 * (prepareInput, in the same time zone), only the per-filter work is done.
 */
export function computeReview(input: MetricInput | PreparedInput, filters: ReviewFilters, now: number, options: MetricOptions = {}): ReviewMetrics {
  const scope = buildScope(input, filters, now, options);
  const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
  return {
    period: { from: iso(scope.interval.from), to: iso(scope.interval.to) },
    cohortSize: scope.cohort.length,
    handoffCount: scope.handoffs.length,
    waterfall: waterfallFromScope(scope),
    acceptance: acceptanceFromScope(scope),
    timing: timingFromScope(scope, now),
    sla: slaFromScope(scope, now, scope.prepared.users),
    outcomes: outcomesFromScope(scope, options),
    trend: trendFromScope(scope, now),
  };
}
