import { buildScope, type ReviewFilters, type Scope } from './filters';
import { quantileSorted, unique } from './stats';
import type { PreparedInput } from './prepare';
import type { MetricInput, MetricOptions } from './types';

export interface DurationStats {
  count: number;
  /** ms; null with no data. */
  medianMs: number | null;
  p90Ms: number | null;
  leadIds: string[];
}

export interface TimingResult {
  /** created → decided, for decided handoffs. */
  toDecision: DurationStats;
  /** created → assigned (queue routing or claim), for assigned handoffs. */
  routing: DurationStats;
  /** assigned → decided, for decided handoffs that were assigned. */
  rep: DurationStats;
  /**
   * created → now, for pending handoffs nobody has been assigned yet. Kept apart from `routing`,
   * which only knows finished assignments: without it, slow routing would look fast.
   */
  waitingUnassigned: DurationStats;
}

export function durationStats(samples: readonly { ms: number; leadId: string }[]): DurationStats {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianMs: quantileSorted(sorted, 0.5),
    p90Ms: quantileSorted(sorted, 0.9),
    leadIds: unique(samples.map((s) => s.leadId)),
  };
}

export function timingFromScope(scope: Scope, now: number): TimingResult {
  const toDecision: { ms: number; leadId: string }[] = [];
  const routing: { ms: number; leadId: string }[] = [];
  const rep: { ms: number; leadId: string }[] = [];
  const waiting: { ms: number; leadId: string }[] = [];
  // As an ISO round trip would: whole milliseconds.
  const nowMs = Date.parse(new Date(now).toISOString());
  for (const p of scope.handoffs) {
    const { leadId } = p.handoff;
    if (p.routingMs !== null) routing.push({ ms: p.routingMs, leadId });
    else if (p.waitingUnassigned) waiting.push({ ms: Math.max(0, nowMs - p.createdMs), leadId });
    if (p.toDecisionMs !== null) toDecision.push({ ms: p.toDecisionMs, leadId });
    if (p.repMs !== null) rep.push({ ms: p.repMs, leadId });
  }
  return { toDecision: durationStats(toDecision), routing: durationStats(routing), rep: durationStats(rep), waitingUnassigned: durationStats(waiting) };
}

/** Median and p90 time to decision, split into routing delay and rep delay. */
export function timing(input: MetricInput | PreparedInput, filters: ReviewFilters, now: number, options?: MetricOptions): TimingResult {
  return timingFromScope(buildScope(input, filters, now, options), now);
}
