import {
  can,
  slaDueAt,
  stageAfterDecision,
  stageById,
  type Decision,
  type Handoff,
  type HandoffStatus,
  type LeadDefinition,
  type Lead,
  type MutationArgsOf,
  type Queue,
  type User,
} from '../../../lib/domain';
import { AppError, forbidden } from '../errors';

/**
 * The handoff rules as pure functions: current state + arguments + caller → the new state, or an
 * AppError saying why not. Routes and push do the reading and writing around them.
 */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; error: AppError };
const ok = <T>(value: T): RuleResult<T> => ({ ok: true, value });
const fail = <T>(error: AppError): RuleResult<T> => ({ ok: false, error });

const STATUS_OF: Record<Decision['kind'], HandoffStatus> = { accept: 'accepted', reject: 'rejected', recycle: 'recycled' };

export interface DecideInput {
  handoff: Handoff;
  args: MutationArgsOf<'handoff.decide'>;
  user: User;
  /** The definition the handoff was made under: its rejection reasons apply. */
  definition: LeadDefinition;
  now: string;
}

/** The decided handoff and what the decision does to the lead. */
export interface Decided {
  handoff: Handoff;
  lead: (lead: Lead) => Lead;
}

/**
 * First decision wins. The assigned rep or any sales/manager/admin user may decide; a later
 * decision gets `already_decided` with the winning decision in `details`.
 */
export function decideHandoff({ handoff, args, user, definition, now }: DecideInput): RuleResult<Decided> {
  const assigned = handoff.toUserId === user.id;
  if (!can.useApp(user.role) || !(assigned || can.decideHandoff(user.role))) return fail(forbidden('Only the assigned rep or sales, managers and admins decide handoffs.'));
  if (handoff.status !== 'pending') {
    return fail(
      handoff.decision
        ? new AppError('already_decided', 'This handoff was already decided.', { decision: handoff.decision, status: handoff.status })
        : new AppError('not_pending', `This handoff is ${handoff.status}.`, { status: handoff.status }),
    );
  }
  if (args.kind === 'reject') {
    if (!args.reasonCode) return fail(new AppError('validation_failed', 'A rejection needs a reason code.', { issues: [{ path: 'reasonCode', message: 'required' }] }));
    if (!definition.rejectionReasons.some((r) => r.code === args.reasonCode)) {
      return fail(new AppError('unknown_reason', 'This reason is not in the lead definition.', { reasonCode: args.reasonCode, definitionVersion: definition.version }));
    }
  }
  const decision: Decision = {
    kind: args.kind,
    by: user.id,
    at: args.at,
    ...(args.reasonCode && args.kind === 'reject' ? { reasonCode: args.reasonCode } : {}),
    ...(args.note ? { note: args.note } : {}),
  };
  return ok({
    handoff: { ...handoff, status: STATUS_OF[args.kind], decision, updatedAt: now },
    lead: (lead) => ({
      ...lead,
      stage: stageAfterDecision(lead.stage, args.kind),
      ...(args.kind === 'accept' ? { ownerId: user.id } : {}),
      updatedAt: now,
    }),
  });
}

export interface CreateInput {
  args: MutationArgsOf<'handoff.create'>;
  user: User;
  definition: LeadDefinition;
  now: string;
}

/**
 * A new pending handoff under the current definition. Its SLA clock starts now, at the handoff, even
 * when it waits in a queue: a lead nobody claims gets colder all the same, and that is the breach a
 * manager must see. Who took how long is reported apart (routing delay, response delay).
 */
export function newHandoff({ args, user, definition, now }: CreateInput): RuleResult<Handoff> {
  if (!can.useApp(user.role) || !can.createHandoff(user.role)) return fail(forbidden());
  const stage = stageById(definition, args.stageId);
  if (!stage) return fail(new AppError('unknown_stage', 'This stage is not in the current lead definition.', { stageId: args.stageId, definitionVersion: definition.version }));
  if (!args.toUserId === !args.toQueueId) return fail(new AppError('validation_failed', 'A handoff goes to exactly one user or one queue.'));
  const items = new Set(stage.checklist.map((i) => i.id));
  const unknown = args.checkedItemIds.filter((id) => !items.has(id));
  if (unknown.length) return fail(new AppError('validation_failed', 'Unknown checklist items.', { itemIds: unknown }));
  return ok({
    id: args.id,
    leadId: args.leadId,
    stageId: stage.id,
    definitionVersion: definition.version,
    fromUserId: user.id,
    ...(args.toUserId ? { toUserId: args.toUserId, assignedAt: args.createdAt } : {}),
    dueAt: slaDueAt(args.createdAt, stage, definition.calendar),
    ...(args.toQueueId ? { toQueueId: args.toQueueId } : {}),
    ...(args.note ? { note: args.note } : {}),
    checklist: Object.fromEntries(args.checkedItemIds.map((id) => [id, { checked: true, by: user.id, at: args.createdAt }])),
    status: 'pending',
    createdAt: args.createdAt,
    updatedAt: now,
  });
}

/**
 * Queue handoffs: members of the queue (sales reps) or any manager/admin claim; the first claim wins
 * and starts the SLA clock at the claim time (never before the handoff was created, whatever the
 * claiming client's clock says). A handoff someone already has — claimed, routed or sent straight
 * to a user — is `already_claimed`, with who has it and since when.
 */
export function claimHandoff(input: { handoff: Handoff; user: User; at: string; definition: LeadDefinition; now: string; queue?: Queue }): RuleResult<Handoff> {
  const { handoff, user, at, definition, now, queue } = input;
  if (!can.useApp(user.role) || !can.decideHandoff(user.role)) return fail(forbidden());
  if (handoff.status !== 'pending') return fail(new AppError('not_pending', `This handoff is ${handoff.status}.`, { status: handoff.status }));
  if (user.role === 'sales' && queue && !isQueueMember(queue, user)) return fail(forbidden('Only members of the queue claim its handoffs.'));
  if (handoff.toUserId) return fail(new AppError('already_claimed', 'Someone already took this handoff.', { toUserId: handoff.toUserId, assignedAt: handoff.assignedAt }));
  if (!handoff.toQueueId) return fail(new AppError('validation_failed', 'Only queue handoffs are claimed.'));
  return ok(assignHandoff({ handoff, userId: user.id, at: Date.parse(at) < Date.parse(handoff.createdAt) ? handoff.createdAt : at, definition, now }));
}

export function isQueueMember(queue: Queue, user: User): boolean {
  return queue.memberIds.includes(user.id) || user.queueIds.includes(queue.id);
}

/**
 * Make `userId` responsible from `at`; `at − createdAt` is the routing delay the joint review
 * reports. The SLA keeps running from the handoff (a claim does not buy time); a handoff made
 * before it had a due time gets one from its creation. Used by claims and by automatic routing.
 */
export function assignHandoff(input: { handoff: Handoff; userId: string; at: string; definition: LeadDefinition; now: string }): Handoff {
  const { handoff, userId, at, definition, now } = input;
  const stage = stageById(definition, handoff.stageId);
  return {
    ...handoff,
    toUserId: userId,
    assignedAt: at,
    ...(!handoff.dueAt && stage ? { dueAt: slaDueAt(handoff.createdAt, stage, definition.calendar) } : {}),
    updatedAt: now,
  };
}

/** Tick or untick a checklist item of the handoff's own definition version. */
export function checkItem(input: { handoff: Handoff; args: MutationArgsOf<'handoff.checkItem'>; user: User; definition: LeadDefinition; now: string }): RuleResult<Handoff> {
  const { handoff, args, user, definition, now } = input;
  if (!can.useApp(user.role)) return fail(forbidden());
  if (handoff.status !== 'pending') return fail(new AppError('not_pending', `This handoff is ${handoff.status}.`, { status: handoff.status }));
  const stage = stageById(definition, handoff.stageId);
  if (!stage?.checklist.some((i) => i.id === args.itemId)) {
    return fail(new AppError('validation_failed', 'This item is not in the handoff checklist.', { itemId: args.itemId, definitionVersion: definition.version }));
  }
  return ok({ ...handoff, checklist: { ...handoff.checklist, [args.itemId]: { checked: args.checked, by: user.id, at: args.at } }, updatedAt: now });
}
