import type { ReviewFilters } from '../../lib/metrics';
import { computeReview, detachLeadIds, type MetricInput } from '../../lib/metrics';
import type { ReviewDrill, ReviewLeadsResponse, ReviewResponse } from '../../lib/background/review';
import type { Settings } from '../../lib/messages';
import { DEFAULT_DEFINITION } from '../../lib/domain';
import { NOW } from '../metrics/fixtures';

export function settings(language: 'en' | 'ja', role: 'admin' | 'sales' = 'admin'): Settings {
  return {
    serverUrl: null,
    hasToken: false,
    currency: 'JPY',
    language,
    notifications: true,
    quietHours: { enabled: false, start: '20:00', end: '08:00', weekends: true, timezone: 'Asia/Tokyo' },
    slaWarnAt: 0.75,
    me: { id: 'local', email: 'local@aun.invalid', name: 'Local', role, queueIds: [], away: false, territories: [], createdAt: '2026-01-01T00:00:00.000Z' },
    workspaceName: null,
  };
}

/** The lead id lists behind the drill references of the responses made here, as the background keeps them. */
const drillLists = new Map<string, string[][]>();

/** What the background would answer, computed with the real metric functions. */
export function reviewResponse(input: MetricInput, filters: ReviewFilters): ReviewResponse {
  const reasonLabels = Object.fromEntries(DEFAULT_DEFINITION.rejectionReasons.map((r) => [r.code, r.label]));
  const { value, lists } = detachLeadIds(computeReview(input, filters, NOW));
  const computedAt = new Date(NOW).toISOString();
  drillLists.set(JSON.stringify([filters, computedAt]), lists);
  return {
    ...value,
    computedAt,
    filters,
    timeZone: 'UTC',
    options: {
      channels: [...new Set(input.leads.map((l) => l.source.channel))],
      campaigns: [...new Set(input.leads.flatMap((l) => (l.source.campaign ? [l.source.campaign] : [])))],
      vendors: [...new Set(input.leads.flatMap((l) => (l.source.vendor ? [l.source.vendor] : [])))],
      reps: (input.users ?? []).map((u) => ({ id: u.id, name: u.name })),
      stages: DEFAULT_DEFINITION.stages.map((s) => ({ id: s.id, label: s.label })),
    },
    reasonLabels,
    totals: { leads: input.leads.length, handoffs: input.handoffs.length, outcomes: input.outcomes.length },
  };
}

/** The ids a getReviewLeads request names: given, or behind a drill reference of a response above. */
export function requestedIds(request: { ids: string[] } | { drill: ReviewDrill }): string[] {
  if ('ids' in request) return request.ids;
  const lists = drillLists.get(JSON.stringify([request.drill.filters, request.drill.computedAt]));
  if (!lists) throw new Error('a drill reference to a response never made');
  return lists[request.drill.list] ?? [];
}

export function leadsResponse(input: MetricInput, ids: readonly string[]): ReviewLeadsResponse {
  const leads = ids.flatMap((id) => {
    const l = input.leads.find((x) => x.id === id);
    if (!l) return [];
    return [{ id, name: `Name ${id}`, email: `${id.toLowerCase()}@example.jp`, company: `Company ${id}`, grade: 'B2', source: l.source, stage: l.stage, handoffStatus: null, ownerName: null }];
  });
  return { leads, missing: ids.length - leads.length, total: ids.length };
}
