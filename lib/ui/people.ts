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
