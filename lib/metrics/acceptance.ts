import { buildScope, type ReviewFilters, type Scope } from './filters';
import { ratio, unique } from './stats';
import type { PreparedHandoff, PreparedInput } from './prepare';
import type { Counted, MetricInput, MetricLead, MetricOptions } from './types';

export const NONE_KEY = '';

export interface AcceptanceRow {
  /** The channel, campaign or vendor; '' for handoffs whose lead has none. */
  key: string;
  accepted: Counted;
  rejected: Counted;
  recycled: Counted;
  /** accepted + rejected + recycled: handoffs with a decision. */
  decided: Counted;
  /** accepted / decided, or null with no decision. */
  rate: number | null;
}

export interface ReasonCount {
  code: string;
  count: number;
  leadIds: string[];
}

export interface ReasonGroup {
  key: string;
  total: number;
  reasons: ReasonCount[];
}

export interface AcceptanceResult {
  overall: AcceptanceRow;
  bySource: AcceptanceRow[];
  byCampaign: AcceptanceRow[];
  byVendor: AcceptanceRow[];
  /** Reasons of rejected handoffs (recycles with a reason too), most frequent first. */
  reasons: ReasonCount[];
  reasonsBySource: ReasonGroup[];
  reasonsByCampaign: ReasonGroup[];
}

type Dim = (lead: MetricLead | undefined) => string;
const bySource: Dim = (l) => l?.source.channel ?? NONE_KEY;
const byCampaign: Dim = (l) => l?.source.campaign ?? NONE_KEY;
const byVendor: Dim = (l) => l?.source.vendor ?? NONE_KEY;

function row(key: string, handoffs: readonly PreparedHandoff[]): AcceptanceRow {
  const ids = { accepted: [] as string[], rejected: [] as string[], recycled: [] as string[] };
  for (const h of handoffs) if (h.decided) ids[h.decided].push(h.handoff.leadId);
  const counted = (list: string[]): Counted => ({ count: list.length, leadIds: unique(list) });
  const decided = [...ids.accepted, ...ids.rejected, ...ids.recycled];
  return {
    key,
    accepted: counted(ids.accepted),
    rejected: counted(ids.rejected),
    recycled: counted(ids.recycled),
    decided: counted(decided),
    rate: ratio(ids.accepted.length, decided.length),
  };
}

function groupBy(scope: Scope, dim: Dim): Map<string, PreparedHandoff[]> {
  const map = new Map<string, PreparedHandoff[]>();
  for (const h of scope.handoffs) {
    const key = dim(h.lead);
    const list = map.get(key);
    if (list) list.push(h);
    else map.set(key, [h]);
  }
  return map;
}

function rows(groups: Map<string, PreparedHandoff[]>): AcceptanceRow[] {
  return [...groups]
    .map(([key, hs]) => row(key, hs))
    .filter((r) => r.decided.count > 0 || r.key !== NONE_KEY)
    .sort((a, b) => b.decided.count - a.decided.count || a.key.localeCompare(b.key));
}

function reasonCounts(handoffs: readonly PreparedHandoff[]): ReasonCount[] {
  const map = new Map<string, string[]>();
  for (const h of handoffs) {
    if (h.reasonCode === null) continue;
    const list = map.get(h.reasonCode);
    if (list) list.push(h.handoff.leadId);
    else map.set(h.reasonCode, [h.handoff.leadId]);
  }
  return [...map]
    .map(([code, ids]) => ({ code, count: ids.length, leadIds: unique(ids) }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

function reasonGroups(groups: Map<string, PreparedHandoff[]>): ReasonGroup[] {
  return [...groups]
    .map(([key, hs]) => {
      const reasons = reasonCounts(hs);
      return { key, total: reasons.reduce((n, r) => n + r.count, 0), reasons };
    })
    .filter((g) => g.total > 0)
    .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
}

export function acceptanceFromScope(scope: Scope): AcceptanceResult {
  const sources = groupBy(scope, bySource);
  const campaigns = groupBy(scope, byCampaign);
  return {
    overall: row('all', scope.handoffs),
    bySource: rows(sources),
    byCampaign: rows(campaigns),
    byVendor: rows(groupBy(scope, byVendor)),
    reasons: reasonCounts(scope.handoffs),
    reasonsBySource: reasonGroups(sources),
    reasonsByCampaign: reasonGroups(campaigns),
  };
}

/** Acceptance rate (accepted / decided) and rejection reasons of the handoffs created in the period. */
export function acceptance(input: MetricInput | PreparedInput, filters: ReviewFilters, now: number, options?: MetricOptions): AcceptanceResult {
  return acceptanceFromScope(buildScope(input, filters, now, options));
}
