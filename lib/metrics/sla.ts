import { buildScope, type ReviewFilters, type Scope } from './filters';
import type { PreparedInput } from './prepare';
import type { MetricInput, MetricOptions, MetricUser } from './types';

export interface SlaBreach {
  handoffId: string;
  leadId: string;
  stageId: string;
  /** The assignee; '' while an unclaimed queue handoff. */
  ownerId: string;
  ownerName: string;
  dueAt: string;
  lateMs: number;
}

export interface SlaOwner {
  ownerId: string;
  ownerName: string;
  count: number;
  maxLateMs: number;
  leadIds: string[];
}

export interface SlaResult {
  /** Pending handoffs past due now, latest first. */
  breaches: SlaBreach[];
  byOwner: SlaOwner[];
  count: number;
  leadIds: string[];
}

export function slaFromScope(scope: Scope, now: number, users: readonly MetricUser[] = scope.prepared.users): SlaResult {
  const names = new Map(users.map((u) => [u.id, u.name]));
  const breaches: SlaBreach[] = [];
  // A snapshot of now: every pending handoff matching the filters, whenever it was created.
  for (const p of scope.matchingHandoffs) {
    if (!(p.pendingDueMs < now)) continue;
    const h = p.handoff;
    const ownerId = h.toUserId ?? '';
    breaches.push({ handoffId: h.id, leadId: h.leadId, stageId: h.stageId, ownerId, ownerName: names.get(ownerId) ?? ownerId, dueAt: h.dueAt!, lateMs: now - p.pendingDueMs });
  }
  breaches.sort((a, b) => b.lateMs - a.lateMs || a.handoffId.localeCompare(b.handoffId));
  const owners = new Map<string, SlaOwner & { seen: Set<string> }>();
  for (const b of breaches) {
    const o = owners.get(b.ownerId);
    if (o) {
      o.count += 1;
      o.maxLateMs = Math.max(o.maxLateMs, b.lateMs);
      if (!o.seen.has(b.leadId)) {
        o.seen.add(b.leadId);
        o.leadIds.push(b.leadId);
      }
    } else owners.set(b.ownerId, { ownerId: b.ownerId, ownerName: b.ownerName, count: 1, maxLateMs: b.lateMs, leadIds: [b.leadId], seen: new Set([b.leadId]) });
  }
  return {
    breaches,
    byOwner: [...owners.values()].map(({ seen: _seen, ...o }) => o).sort((a, b) => b.count - a.count || b.maxLateMs - a.maxLateMs),
    count: breaches.length,
    leadIds: [...new Set(breaches.map((b) => b.leadId))],
  };
}

/** Pending handoffs overdue now (dueAt < now), with their owners and how late. The period does not apply. */
export function slaBreaches(input: MetricInput | PreparedInput, filters: ReviewFilters, now: number, options?: MetricOptions): SlaResult {
  return slaFromScope(buildScope(input, filters, now, options), now, input.users);
}
