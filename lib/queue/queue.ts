import type { Handoff, Lead, User } from '../domain';

export interface QueueRow {
  handoff: Handoff;
  lead: Lead | undefined;
  /** ms until the SLA is due (negative when overdue); null while nobody is assigned. */
  dueInMs: number | null;
  overdue: boolean;
}

const byDue = (a: QueueRow, b: QueueRow) =>
  (a.handoff.dueAt ?? '9999').localeCompare(b.handoff.dueAt ?? '9999') || a.handoff.createdAt.localeCompare(b.handoff.createdAt);

function row(handoff: Handoff, leads: ReadonlyMap<string, Lead>, now: number): QueueRow {
  const dueInMs = handoff.dueAt ? Date.parse(handoff.dueAt) - now : null;
  return { handoff, lead: leads.get(handoff.leadId), dueInMs, overdue: dueInMs !== null && dueInMs < 0 };
}

/** A rep's queue: pending handoffs assigned to them, plus unclaimed ones in their queues, soonest due first. */
export function salesQueue(handoffs: readonly Handoff[], leads: ReadonlyMap<string, Lead>, me: Pick<User, 'id' | 'queueIds'>, now: number): QueueRow[] {
  const queues = new Set(me.queueIds);
  return handoffs
    .filter((h) => h.status === 'pending' && (h.toUserId === me.id || (!h.toUserId && h.toQueueId !== undefined && queues.has(h.toQueueId))))
    .map((h) => row(h, leads, now))
    .sort(byDue);
}

/** A marketer's handoffs: everything they handed over, newest first (rejections carry their reason). */
export function marketingHandoffs(handoffs: readonly Handoff[], leads: ReadonlyMap<string, Lead>, me: Pick<User, 'id'>, now: number): QueueRow[] {
  return handoffs
    .filter((h) => h.fromUserId === me.id)
    .map((h) => row(h, leads, now))
    .sort((a, b) => b.handoff.createdAt.localeCompare(a.handoff.createdAt));
}

/** A manager's view: the team's pending handoffs that are past their SLA, most overdue first. */
export function overdueHandoffs(handoffs: readonly Handoff[], leads: ReadonlyMap<string, Lead>, now: number): QueueRow[] {
  return handoffs
    .filter((h) => h.status === 'pending' && h.dueAt !== undefined && Date.parse(h.dueAt) < now)
    .map((h) => row(h, leads, now))
    .sort(byDue);
}

export interface IconBadge {
  text: string;
  /** Red when something is overdue, calm blue otherwise. */
  color: string;
}

export const BADGE_OK = '#2563eb';
export const BADGE_OVERDUE = '#dc2626';

/** The toolbar icon's badge: how many handoffs wait for me; coloured when one is overdue. */
export function iconBadge(queue: readonly QueueRow[]): IconBadge {
  if (queue.length === 0) return { text: '', color: BADGE_OK };
  return { text: queue.length > 99 ? '99+' : String(queue.length), color: queue.some((r) => r.overdue) ? BADGE_OVERDUE : BADGE_OK };
}
