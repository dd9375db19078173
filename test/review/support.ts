import type { ReviewFilters } from '../../lib/metrics';
import { computeReview, type MetricInput } from '../../lib/metrics';
import type { ReviewLeadsResponse, ReviewResponse } from '../../lib/background/review';
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

/** What the background would answer, computed with the real metric functions. */
export function reviewResponse(input: MetricInput, filters: ReviewFilters): ReviewResponse {
  const reasonLabels = Object.fromEntries(DEFAULT_DEFINITION.rejectionReasons.map((r) => [r.code, r.label]));
  return {
    ...computeReview(input, filters, NOW),
    computedAt: new Date(NOW).toISOString(),
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

export function leadsResponse(input: MetricInput, ids: readonly string[]): ReviewLeadsResponse {
  const leads = ids.flatMap((id) => {
    const l = input.leads.find((x) => x.id === id);
    if (!l) return [];
    return [{ id, name: `Name ${id}`, email: `${id.toLowerCase()}@example.jp`, company: `Company ${id}`, grade: 'B2', source: l.source, stage: l.stage, handoffStatus: null, ownerName: null }];
  });
  return { leads, missing: ids.length - leads.length };
}
