import { buildScope, type ReviewFilters, type Scope } from './filters';
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

export function slaFromScope(scope: Scope, now: number, users: readonly MetricUser[] = []): SlaResult {
  const names = new Map(users.map((u) => [u.id, u.name]));
  const breaches: SlaBreach[] = [];
  // A snapshot of now: every pending handoff matching the filters, whenever it was created.
  for (const h of scope.matchingHandoffs) {
    if (h.status !== 'pending' || !h.dueAt) continue;
    const due = Date.parse(h.dueAt);
    if (!(due < now)) continue;
    const ownerId = h.toUserId ?? '';
    breaches.push({ handoffId: h.id, leadId: h.leadId, stageId: h.stageId, ownerId, ownerName: names.get(ownerId) ?? ownerId, dueAt: h.dueAt, lateMs: now - due });
  }
  breaches.sort((a, b) => b.lateMs - a.lateMs || a.handoffId.localeCompare(b.handoffId));
  const owners = new Map<string, SlaOwner>();
  for (const b of breaches) {
    const o = owners.get(b.ownerId);
    if (o) {
      o.count += 1;
      o.maxLateMs = Math.max(o.maxLateMs, b.lateMs);
      if (!o.leadIds.includes(b.leadId)) o.leadIds.push(b.leadId);
    } else owners.set(b.ownerId, { ownerId: b.ownerId, ownerName: b.ownerName, count: 1, maxLateMs: b.lateMs, leadIds: [b.leadId] });
  }
  return {
    breaches,
    byOwner: [...owners.values()].sort((a, b) => b.count - a.count || b.maxLateMs - a.maxLateMs),
    count: breaches.length,
    leadIds: [...new Set(breaches.map((b) => b.leadId))],
  };
}

/** Pending handoffs overdue now (dueAt < now), with their owners and how late. The period does not apply. */
export function slaBreaches(input: MetricInput, filters: ReviewFilters, now: number, options?: MetricOptions): SlaResult {
  return slaFromScope(buildScope(input, filters, now, options), now, input.users);
}
