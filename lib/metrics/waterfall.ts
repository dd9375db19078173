import { WATERFALL } from '../domain/lead';
import { buildScope, type ReviewFilters, type Scope } from './filters';
import { ratio } from './stats';
import type { MetricInput, MetricOptions } from './types';
import type { PreparedInput } from './prepare';

export { reachedRank } from './prepare';

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

export function waterfallFromScope(scope: Scope): WaterfallStep[] {
  const buckets: string[][] = WATERFALL.map(() => []);
  for (const p of scope.cohort) for (let i = 0; i <= p.rank; i++) buckets[i]!.push(p.lead.id);
  const inquiries = buckets[0]!.length;
  return WATERFALL.map((stage, i) => ({
    stage: stage as WaterfallStage,
    count: buckets[i]!.length,
    leadIds: buckets[i]!,
    conversion: i === 0 ? null : ratio(buckets[i]!.length, buckets[i - 1]!.length),
    ofInquiries: ratio(buckets[i]!.length, inquiries),
  }));
}

/** The demand waterfall of the leads created in the period, cohort-style (see reachedRank). */
export function waterfall(input: MetricInput | PreparedInput, filters: ReviewFilters, now: number, options?: MetricOptions): WaterfallStep[] {
  return waterfallFromScope(buildScope(input, filters, now, options));
}
