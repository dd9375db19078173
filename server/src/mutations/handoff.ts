import { stageAfterHandoffCreated, stageById, type Handoff, type Lead, type LeadDefinition, type Queue } from '../../../lib/domain';
import { AppError } from '../errors';
import type { WorkspaceStore } from '../store';
import { requireRole, type MutationHandler } from './context';
import { assignHandoff, checkItem, claimHandoff, decideHandoff, newHandoff, type RuleResult } from './handoff-rules';
import { routeHandoff, routingUserIds } from './routing';

function unwrap<T>(result: RuleResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

export const createHandoff: MutationHandler<'handoff.create'> = async ({ store, user, now }, args) => {
  requireRole(user);
  const definition = await store.definition();
  let handoff = unwrap(newHandoff({ args, user, definition, now }));
  const lead = await store.get('lead', args.leadId);
  if (!lead) throw new AppError('not_found', 'Lead not found.', { leadId: args.leadId });
  if (await store.get('handoff', args.id)) throw new AppError('validation_failed', 'This handoff id is already used.', { handoffId: args.id });
  const pending = await store.pendingHandoffOf(args.leadId);
  if (pending) throw new AppError('handoff_pending', 'This lead already has a pending handoff.', { handoffId: pending.id });
  if (args.toUserId && !(await store.get('user', args.toUserId))) throw new AppError('not_found', 'User not found.', { userId: args.toUserId });
  if (args.toQueueId) {
    const queue = await store.get('queue', args.toQueueId);
    if (!queue) throw new AppError('not_found', 'Queue not found.', { queueId: args.toQueueId });
    handoff = await route(store, { handoff, queue, lead, definition, now });
  }
  await store.put('handoff', handoff);
  const stage = stageAfterHandoffCreated(lead.stage);
  if (stage !== lead.stage) await store.put('lead', { ...lead, stage, updatedAt: now });
};

/**
 * Route a new queue handoff by its stage's routing (see `routing.ts`), in the create's transaction:
 * the workspace lock it holds serialises the round-robin pointer. Automatic routing is immediate,
 * so `assignedAt = createdAt` (routing delay 0) and the SLA runs from there. Nobody available means
 * the handoff stays in the queue for a manual claim: routing never fails a create.
 */
async function route(
  store: WorkspaceStore,
  input: { handoff: Handoff; queue: Queue; lead: Lead; definition: LeadDefinition; now: string },
): Promise<Handoff> {
  const { handoff, queue, lead, definition, now } = input;
  const routing = stageById(definition, handoff.stageId)?.routing ?? { mode: 'manual' as const };
  if (routing.mode === 'manual') return handoff;
  const users = await store.getMany('user', routingUserIds(routing, queue));
  const result = routeHandoff({ routing, queue, users, lead, lastUserId: await store.routingPointer(queue.id) });
  if ('manual' in result) return handoff;
  if (result.rotates) await store.setRoutingPointer(queue.id, result.assignTo, now);
  return assignHandoff({ handoff, userId: result.assignTo, at: handoff.createdAt, definition, now });
}

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
  // Reps claim from their own queues; managers and admins may take any (see claimHandoff).
  const queue = handoff.toQueueId ? await ctx.store.get('queue', handoff.toQueueId) : undefined;
  await ctx.store.put('handoff', unwrap(claimHandoff({ handoff, user: ctx.user, at: args.at, definition, now: ctx.now, queue })));
};

export const decide: MutationHandler<'handoff.decide'> = async (ctx, args) => {
  const { handoff, definition } = await loadHandoff(ctx, args.handoffId);
  const decided = unwrap(decideHandoff({ handoff, args, user: ctx.user, definition, now: ctx.now }));
  await ctx.store.put('handoff', decided.handoff);
  const lead = await ctx.store.get('lead', handoff.leadId);
  if (lead) await ctx.store.put('lead', decided.lead(lead));
};
