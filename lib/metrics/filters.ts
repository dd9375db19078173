import { z } from 'zod';
import { SourceChannel } from '../domain/lead';
import { inInterval, resolvePeriod, type Interval } from './period';
import type { MetricHandoff, MetricInput, MetricLead, MetricOptions, MetricOutcome } from './types';

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
  leadsById: Map<string, MetricLead>;
  handoffsByLead: Map<string, MetricHandoff[]>;
  outcomesByLead: Map<string, MetricOutcome[]>;
  /** Leads matching source / rep / stage filters, any creation date. */
  matchingLeads: MetricLead[];
  /** matchingLeads created in the period. */
  cohort: MetricLead[];
  /** Handoffs matching every filter but the period. */
  matchingHandoffs: MetricHandoff[];
  /** matchingHandoffs created in the period. */
  handoffs: MetricHandoff[];
  timeZone: string;
}

function group<T extends { leadId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.leadId);
    if (list) list.push(row);
    else map.set(row.leadId, [row]);
  }
  return map;
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

/** The rows every metric reads, after the filters. Pure; O(leads + handoffs + outcomes). */
export function buildScope(input: MetricInput, filters: ReviewFilters, now: number, options: MetricOptions = {}): Scope {
  const timeZone = options.timeZone ?? 'UTC';
  const interval = resolvePeriod(filters, now, timeZone);
  const leadsById = new Map(input.leads.map((l) => [l.id, l]));
  const handoffsByLead = group(input.handoffs);
  const outcomesByLead = group(input.outcomes);

  const matchingLeads = input.leads.filter((lead) => {
    if (!sourceMatches(lead, filters)) return false;
    if (filters.rep || filters.stage) {
      const hs = handoffsByLead.get(lead.id) ?? [];
      if (filters.stage && !hs.some((h) => h.stageId === filters.stage && (!filters.rep || h.toUserId === filters.rep))) return false;
      if (filters.rep && !filters.stage && lead.ownerId !== filters.rep && !hs.some((h) => h.toUserId === filters.rep)) return false;
    }
    return true;
  });
  const cohort = matchingLeads.filter((l) => inInterval(l.createdAt, interval));
  const matchingHandoffs = input.handoffs.filter((h) => handoffMatches(h, leadsById.get(h.leadId), filters));
  const handoffs = matchingHandoffs.filter((h) => inInterval(h.createdAt, interval));
  return { interval, leadsById, handoffsByLead, outcomesByLead, matchingLeads, cohort, matchingHandoffs, handoffs, timeZone };
}
