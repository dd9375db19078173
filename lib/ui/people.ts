import type { LeadContext } from '../messages';
import type { Role } from '../domain/user';
import { can } from '../domain/user';

/** A workspace member's name by id; the id itself when the replica doesn't know them (yet). */
export function userName(ctx: Pick<LeadContext, 'users' | 'me'>, id: string | undefined): string {
  if (!id) return '';
  if (ctx.me?.id === id) return ctx.me.name;
  return ctx.users.find((u) => u.id === id)?.name ?? id;
}

export function queueName(ctx: Pick<LeadContext, 'queues'>, id: string | undefined): string {
  if (!id) return '';
  return ctx.queues.find((q) => q.id === id)?.name ?? id;
}

/**
 * Who has the lead: its owner once sales accepted it; before that, whom its pending handoff waits
 * on (a rep, or a queue nobody has claimed yet). Null: nobody (e.g. not handed off, or rejected).
 */
export function leadOwner(
  ctx: Pick<LeadContext, 'users' | 'me' | 'queues' | 'handoff'>,
  lead: { ownerId?: string },
): { name: string; pending: boolean } | null {
  if (lead.ownerId) return { name: userName(ctx, lead.ownerId), pending: false };
  const h = ctx.handoff;
  if (h?.status !== 'pending') return null;
  if (h.toUserId) return { name: userName(ctx, h.toUserId), pending: true };
  return h.toQueueId ? { name: queueName(ctx, h.toQueueId), pending: true } : null;
}

/** What the signed-in user may do here, from the one role table in lib/domain/user.ts. */
export function permissions(role: Role | undefined) {
  return {
    decide: role ? can.decideHandoff(role) : false,
    tag: role ? can.tagLead(role) : false,
    handOff: role ? can.createHandoff(role) : false,
    recordOutcome: role ? can.recordOutcome(role) : false,
    act: role ? can.useApp(role) : false,
  };
}

export type Permissions = ReturnType<typeof permissions>;
