/** The SLA clock of a handoff, as numbers the sidebar formats. Pure. */
import type { Handoff } from '../domain/handoff';

export interface SlaClock {
  /** now − createdAt. */
  sinceHandoffMs: number;
  /** createdAt → assignedAt: how long routing took; null while no one is assigned. */
  routingDelayMs: number | null;
  /** createdAt → now while the handoff waits in a queue unassigned. */
  unassignedForMs: number | null;
  /** assignedAt → decision (or now while pending): how long the person took to respond. */
  responseDelayMs: number | null;
  /** dueAt − (decision time or now); negative when overdue / decided late. Null without dueAt. */
  dueInMs: number | null;
  overdue: boolean;
  decided: boolean;
}

export function slaClock(handoff: Pick<Handoff, 'createdAt' | 'assignedAt' | 'dueAt' | 'decision' | 'status'>, now: number): SlaClock {
  const created = Date.parse(handoff.createdAt);
  const assigned = handoff.assignedAt ? Date.parse(handoff.assignedAt) : null;
  const decidedAt = handoff.decision ? Date.parse(handoff.decision.at) : null;
  const decided = handoff.status !== 'pending';
  const end = decidedAt ?? now;
  const due = handoff.dueAt ? Date.parse(handoff.dueAt) : null;
  const dueInMs = due === null ? null : due - end;
  return {
    sinceHandoffMs: Math.max(0, now - created),
    routingDelayMs: assigned === null ? null : Math.max(0, assigned - created),
    unassignedForMs: assigned === null && !decided ? Math.max(0, now - created) : null,
    responseDelayMs: assigned === null ? null : Math.max(0, end - assigned),
    dueInMs,
    overdue: dueInMs !== null && dueInMs < 0,
    decided,
  };
}
