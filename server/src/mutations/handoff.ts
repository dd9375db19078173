import { stageAfterHandoffCreated } from '../../../lib/domain';
import { AppError, forbidden } from '../errors';
import { requireRole, type MutationHandler } from './context';
import { checkItem, claimHandoff, decideHandoff, newHandoff, type RuleResult } from './handoff-rules';

function unwrap<T>(result: RuleResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

export const createHandoff: MutationHandler<'handoff.create'> = async ({ store, user, now }, args) => {
  requireRole(user);
  const definition = await store.definition();
  const handoff = unwrap(newHandoff({ args, user, definition, now }));
  const lead = await store.get('lead', args.leadId);
  if (!lead) throw new AppError('not_found', 'Lead not found.', { leadId: args.leadId });
  if (await store.get('handoff', args.id)) throw new AppError('validation_failed', 'This handoff id is already used.', { handoffId: args.id });
  const pending = await store.pendingHandoffOf(args.leadId);
  if (pending) throw new AppError('handoff_pending', 'This lead already has a pending handoff.', { handoffId: pending.id });
  if (args.toUserId && !(await store.get('user', args.toUserId))) throw new AppError('not_found', 'User not found.', { userId: args.toUserId });
  if (args.toQueueId && !(await store.get('queue', args.toQueueId))) throw new AppError('not_found', 'Queue not found.', { queueId: args.toQueueId });
  await store.put('handoff', handoff);
  const stage = stageAfterHandoffCreated(lead.stage);
  if (stage !== lead.stage) await store.put('lead', { ...lead, stage, updatedAt: now });
};

async function loadHandoff(ctx: Parameters<MutationHandler<'handoff.claim'>>[0], handoffId: string) {
  const handoff = await ctx.store.get('handoff', handoffId);
  if (!handoff) throw new AppError('not_found', 'Handoff not found.', { handoffId });
  return { handoff, definition: await ctx.store.definition(handoff.definitionVersion) };
}

export const checkHandoffItem: MutationHandler<'handoff.checkItem'> = async (ctx, args) => {
  requireRole(ctx.user);
  const { handoff, definition } = await loadHandoff(ctx, args.handoffId);
  await ctx.store.put('handoff', unwrap(checkItem({ handoff, args, user: ctx.user, definition, now: ctx.now })));
};

export const claim: MutationHandler<'handoff.claim'> = async (ctx, args) => {
  requireRole(ctx.user);
  const { handoff, definition } = await loadHandoff(ctx, args.handoffId);
  const claimed = unwrap(claimHandoff({ handoff, user: ctx.user, at: args.at, definition, now: ctx.now }));
  // Reps claim from their own queues; managers and admins may take any.
  if (ctx.user.role === 'sales' && handoff.toQueueId) {
    const queue = await ctx.store.get('queue', handoff.toQueueId);
    if (queue && !queue.memberIds.includes(ctx.user.id) && !ctx.user.queueIds.includes(queue.id)) throw forbidden('Only members of the queue claim its handoffs.');
  }
  await ctx.store.put('handoff', claimed);
};

export const decide: MutationHandler<'handoff.decide'> = async (ctx, args) => {
  const { handoff, definition } = await loadHandoff(ctx, args.handoffId);
  const decided = unwrap(decideHandoff({ handoff, args, user: ctx.user, definition, now: ctx.now }));
  await ctx.store.put('handoff', decided.handoff);
  const lead = await ctx.store.get('lead', handoff.leadId);
  if (lead) await ctx.store.put('lead', decided.lead(lead));
};
