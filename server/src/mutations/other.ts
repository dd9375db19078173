import { can, LeadDefinition, stageAfterOutcome } from '../../../lib/domain';
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

/**
 * Routing rules must name users of this workspace who may take handoffs (sales, manager, admin):
 * a typo would otherwise silently send every matching lead to the fallback. (Routing still checks
 * at create time, since users can change role or go away after publishing.)
 */
async function routingIssues(store: WorkspaceStore, definition: LeadDefinition): Promise<{ path: string; message: string }[]> {
  const refs = definition.stages.flatMap((stage, i) =>
    stage.routing.mode === 'rules' ? stage.routing.rules.map((rule, j) => ({ path: `stages.${i}.routing.rules.${j}.assignTo`, userId: rule.assignTo })) : [],
  );
  const users = await store.getMany('user', [...new Set(refs.map((r) => r.userId))]);
  return refs.flatMap(({ path, userId }) => {
    const assignee = users.get(userId);
    if (!assignee) return [{ path, message: 'no such user in this workspace' }];
    return can.decideHandoff(assignee.role) ? [] : [{ path, message: `a ${assignee.role} user cannot take handoffs` }];
  });
}

export const setAway: MutationHandler<'user.setAway'> = async ({ store, user }, { away }) => {
  requireRole(user);
  const me = await store.get('user', user.id);
  if (!me) throw notFound('User');
  if (me.away !== away) await store.put('user', { ...me, away });
};
