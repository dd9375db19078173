import { WATERFALL, type LifecycleStage } from '../domain/lead';
import { buildScope, type ReviewFilters, type Scope } from './filters';
import { ratio } from './stats';
import type { MetricHandoff, MetricInput, MetricLead, MetricOptions, MetricOutcome } from './types';

export type WaterfallStage = 'inquiry' | 'mql' | 'sal' | 'sql' | 'opportunity' | 'won';

export interface WaterfallStep {
  stage: WaterfallStage;
  count: number;
  leadIds: string[];
  /** count / previous step's count; null for the first step or when the previous is 0. */
  conversion: number | null;
  /** count / inquiries. */
  ofInquiries: number | null;
}

const OUTCOME_RANK = { contacted: 2, meeting: 3, opportunity: 4, won: 5, lost: 0 } as const;

/**
 * How far down the waterfall a lead ever got (0 inquiry … 5 won), from its current stage and its
 * history: a lead now recycled or lost still counts at every stage it passed. A handoff means it was
 * an MQL; an accepted handoff or a contact means SAL; a meeting SQL; an opportunity outcome an
 * opportunity; a win won. `lost`, `recycled` and `disqualified` carry no rank of their own.
 */
export function reachedRank(lead: MetricLead, handoffs: readonly MetricHandoff[] = [], outcomes: readonly MetricOutcome[] = []): number {
  let rank = Math.max(0, WATERFALL.indexOf(lead.stage as LifecycleStage));
  if (lead.mqlAt || handoffs.length > 0) rank = Math.max(rank, 1);
  for (const h of handoffs) if (h.status === 'accepted' || h.decision?.kind === 'accept') rank = Math.max(rank, 2);
  for (const o of outcomes) rank = Math.max(rank, OUTCOME_RANK[o.kind]);
  return rank;
}

export function waterfallFromScope(scope: Scope): WaterfallStep[] {
  const buckets: string[][] = WATERFALL.map(() => []);
  for (const lead of scope.cohort) {
    const rank = reachedRank(lead, scope.handoffsByLead.get(lead.id), scope.outcomesByLead.get(lead.id));
    for (let i = 0; i <= rank; i++) buckets[i]!.push(lead.id);
  }
  const inquiries = buckets[0]!.length;
  return WATERFALL.map((stage, i) => ({
    stage: stage as WaterfallStage,
    count: buckets[i]!.length,
    leadIds: buckets[i]!,
    conversion: i === 0 ? null : ratio(buckets[i]!.length, buckets[i - 1]!.length),
    ofInquiries: ratio(buckets[i]!.length, inquiries),
  }));
}

/** The demand waterfall of the leads created in the period, cohort-style. */
export function waterfall(input: MetricInput, filters: ReviewFilters, now: number, options?: MetricOptions): WaterfallStep[] {
  return waterfallFromScope(buildScope(input, filters, now, options));
}
