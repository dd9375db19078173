import { z } from 'zod';
import { SourceChannel } from '../domain/lead';
import { resolvePeriod, type Interval } from './period';
import { isPrepared, prepareInput, type PreparedHandoff, type PreparedInput, type PreparedLead } from './prepare';
import type { MetricHandoff, MetricInput, MetricLead, MetricOptions } from './types';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Key = z.string().trim().min(1).max(200);

/**
 * What the review looks at. Flat, so it round-trips through a URL hash.
 *
 * Which date the period applies to:
 * - lead metrics (waterfall, marketing-sourced outcomes): the lead cohort, by the lead's `createdAt`;
 * - handoff metrics (acceptance, rejection reasons, time to decision): the handoff's `createdAt`;
 * - weekly trend: handoff `createdAt` (acceptance, time to decision) and the MQL date (MQL→SAL);
 * - SLA breaches: a snapshot at now; the period does not apply.
 * channel / campaign / vendor match the lead's source; rep is the handoff's assignee (for lead
 * metrics: the lead's owner or the assignee of any of its handoffs); stage is the handoff stage.
 */
export const ReviewFilters = z.strictObject({
  period: z.enum(['week', 'month', 'quarter', 'custom', 'all']).default('month'),
  from: Day.optional(),
  to: Day.optional(),
  channel: SourceChannel.optional(),
  campaign: Key.optional(),
  vendor: Key.optional(),
  rep: Key.optional(),
  stage: Key.optional(),
});
export type ReviewFilters = z.infer<typeof ReviewFilters>;
export type ReviewFiltersInput = z.input<typeof ReviewFilters>;

export const DEFAULT_FILTERS: ReviewFilters = { period: 'month' };

export interface Scope {
  interval: Interval;
  prepared: PreparedInput;
  /** Leads matching source / rep / stage filters, any creation date. */
  matchingLeads: PreparedLead[];
  /** matchingLeads created in the period. */
  cohort: PreparedLead[];
  /** Handoffs matching every filter but the period. */
  matchingHandoffs: PreparedHandoff[];
  /** matchingHandoffs created in the period. */
  handoffs: PreparedHandoff[];
  timeZone: string;
}

export function sourceMatches(lead: MetricLead | undefined, f: ReviewFilters): boolean {
  if (!lead) return !f.channel && !f.campaign && !f.vendor;
  if (f.channel && lead.source.channel !== f.channel) return false;
  if (f.campaign && lead.source.campaign !== f.campaign) return false;
  if (f.vendor && lead.source.vendor !== f.vendor) return false;
  return true;
}

export function handoffMatches(h: MetricHandoff, lead: MetricLead | undefined, f: ReviewFilters): boolean {
  if (f.rep && h.toUserId !== f.rep) return false;
  if (f.stage && h.stageId !== f.stage) return false;
  return sourceMatches(lead, f);
}

const within = (ms: number, i: Interval) => ms >= i.from && ms < i.to;

/**
 * The rows every metric reads, after the filters. Pure; O(leads + handoffs) comparisons on
 * prepared rows. Pass a PreparedInput (prepareInput) to skip the per-workspace work.
 */
export function buildScope(input: MetricInput | PreparedInput, filters: ReviewFilters, now: number, options: MetricOptions = {}): Scope {
  const timeZone = options.timeZone ?? (isPrepared(input) ? input.timeZone : 'UTC');
  const prepared = isPrepared(input) && input.timeZone === timeZone ? input : prepareInput(isPrepared(input) ? input.input : input, { timeZone });
  const interval = resolvePeriod(filters, now, timeZone);
  const { rep, stage } = filters;

  const matchingLeads: PreparedLead[] = [];
  const cohort: PreparedLead[] = [];
  for (const p of prepared.leads) {
    if (!sourceMatches(p.lead, filters)) continue;
    if (stage && !p.handoffs.some((h) => h.stageId === stage && (!rep || h.toUserId === rep))) continue;
    if (rep && !stage && p.lead.ownerId !== rep && !p.handoffs.some((h) => h.toUserId === rep)) continue;
    matchingLeads.push(p);
    if (within(p.createdMs, interval)) cohort.push(p);
  }
  const matchingHandoffs: PreparedHandoff[] = [];
  const handoffs: PreparedHandoff[] = [];
  for (const p of prepared.handoffs) {
    if (!handoffMatches(p.handoff, p.lead, filters)) continue;
    matchingHandoffs.push(p);
    if (within(p.createdMs, interval)) handoffs.push(p);
  }
  return { interval, prepared, matchingLeads, cohort, matchingHandoffs, handoffs, timeZone };
}
