import { buildScope, type ReviewFilters, type Scope } from './filters';
import { ratio, unique } from './stats';
import type { Counted, MetricHandoff, MetricInput, MetricLead, MetricOptions } from './types';

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

function decisionOf(h: MetricHandoff): 'accepted' | 'rejected' | 'recycled' | null {
  if (h.status === 'accepted' || h.status === 'rejected' || h.status === 'recycled') return h.status;
  if (h.decision) return h.decision.kind === 'accept' ? 'accepted' : h.decision.kind === 'reject' ? 'rejected' : 'recycled';
  return null;
}

function row(key: string, handoffs: readonly MetricHandoff[]): AcceptanceRow {
  const ids = { accepted: [] as string[], rejected: [] as string[], recycled: [] as string[] };
  for (const h of handoffs) {
    const d = decisionOf(h);
    if (d) ids[d].push(h.leadId);
  }
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

function groupBy(scope: Scope, dim: Dim): Map<string, MetricHandoff[]> {
  const map = new Map<string, MetricHandoff[]>();
  for (const h of scope.handoffs) {
    const key = dim(scope.leadsById.get(h.leadId));
    const list = map.get(key);
    if (list) list.push(h);
    else map.set(key, [h]);
  }
  return map;
}

function rows(scope: Scope, dim: Dim): AcceptanceRow[] {
  return [...groupBy(scope, dim)]
    .map(([key, hs]) => row(key, hs))
    .filter((r) => r.decided.count > 0 || r.key !== NONE_KEY)
    .sort((a, b) => b.decided.count - a.decided.count || a.key.localeCompare(b.key));
}

function reasonCounts(handoffs: readonly MetricHandoff[]): ReasonCount[] {
  const map = new Map<string, string[]>();
  for (const h of handoffs) {
    const d = decisionOf(h);
    if (d !== 'rejected' && !(d === 'recycled' && h.decision?.reasonCode)) continue;
    const code = h.decision?.reasonCode ?? 'other';
    const list = map.get(code);
    if (list) list.push(h.leadId);
    else map.set(code, [h.leadId]);
  }
  return [...map]
    .map(([code, ids]) => ({ code, count: ids.length, leadIds: unique(ids) }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

function reasonGroups(scope: Scope, dim: Dim): ReasonGroup[] {
  return [...groupBy(scope, dim)]
    .map(([key, hs]) => {
      const reasons = reasonCounts(hs);
      return { key, total: reasons.reduce((n, r) => n + r.count, 0), reasons };
    })
    .filter((g) => g.total > 0)
    .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
}

export function acceptanceFromScope(scope: Scope): AcceptanceResult {
  return {
    overall: row('all', scope.handoffs),
    bySource: rows(scope, bySource),
    byCampaign: rows(scope, byCampaign),
    byVendor: rows(scope, byVendor),
    reasons: reasonCounts(scope.handoffs),
    reasonsBySource: reasonGroups(scope, bySource),
    reasonsByCampaign: reasonGroups(scope, byCampaign),
  };
}

/** Acceptance rate (accepted / decided) and rejection reasons of the handoffs created in the period. */
export function acceptance(input: MetricInput, filters: ReviewFilters, now: number, options?: MetricOptions): AcceptanceResult {
  return acceptanceFromScope(buildScope(input, filters, now, options));
}

