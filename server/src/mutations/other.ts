import { can, LeadDefinition, routingAssignees, routingAssigneeIssues, stageAfterOutcome } from '../../../lib/domain';
import { AppError, notFound } from '../errors';
import type { WorkspaceStore } from '../store';
import { requireRole, type MutationHandler } from './context';

/** Sales records what happened; the lead moves forward along the waterfall (or to lost). */
export const recordOutcome: MutationHandler<'outcome.record'> = async ({ store, user, now }, args) => {
  requireRole(user, can.recordOutcome);
  const lead = await store.get('lead', args.leadId);
  if (!lead) throw new AppError('not_found', 'Lead not found.', { leadId: args.leadId });
  if (args.handoffId) {
    const handoff = await store.get('handoff', args.handoffId);
    if (!handoff || handoff.leadId !== args.leadId) throw new AppError('not_found', 'Handoff not found for this lead.', { handoffId: args.handoffId });
  }
  if (await store.get('outcome', args.id)) throw new AppError('validation_failed', 'This outcome id is already used.', { outcomeId: args.id });
  await store.put('outcome', { ...args, recordedBy: user.id });
  const stage = stageAfterOutcome(lead.stage, args.kind);
  if (stage !== lead.stage) await store.put('lead', { ...lead, stage, updatedAt: now });
};

/** The server numbers versions; older versions stay so old handoffs keep their checklist. */
export const publishDefinition: MutationHandler<'definition.publish'> = async ({ store, user, now }, { definition }) => {
  requireRole(user, can.publishDefinition);
  const latest = await store.definition();
  const parsed = LeadDefinition.safeParse({ ...definition, version: latest.version + 1, publishedAt: now, publishedBy: user.id });
  if (!parsed.success) throw new AppError('definition_invalid', 'The lead definition is not valid.', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  const issues = await routingIssues(store, parsed.data);
  if (issues.length) throw new AppError('definition_invalid', 'The lead definition is not valid.', { issues });
  await store.put('definition', parsed.data);
};

/** The shared check (`routingAssigneeIssues`) on this workspace's users, as `definition_invalid` issues. */
async function routingIssues(store: WorkspaceStore, definition: LeadDefinition): Promise<{ path: string; message: string }[]> {
  const users = await store.getMany('user', [...new Set(routingAssignees(definition).map((r) => r.userId))]);
  return routingAssigneeIssues(definition, users).map(({ path, problem, role }) => ({
    path,
    message: problem === 'unknown_user' ? 'no such user in this workspace' : `a ${role} user cannot take handoffs`,
  }));
}

export const setAway: MutationHandler<'user.setAway'> = async ({ store, user }, { away }) => {
  requireRole(user);
  const me = await store.get('user', user.id);
  if (!me) throw notFound('User');
  if (me.away !== away) await store.put('user', { ...me, away });
};
