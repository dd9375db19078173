import type { LeadDefinition } from './definition';
import { can, type User } from './user';

export type RoutingAssigneeProblem = 'unknown_user' | 'cannot_take_handoffs';

export interface RoutingAssigneeIssue {
  /** Dotted path of the rule's `assignTo`, e.g. `stages.0.routing.rules.2.assignTo`. */
  path: string;
  userId: string;
  problem: RoutingAssigneeProblem;
  /** The assignee's role when the user exists but may not take handoffs. */
  role?: User['role'];
}

/** The users every routing rule of the definition names, with the path of each reference. */
export function routingAssignees(definition: Pick<LeadDefinition, 'stages'>): { path: string; userId: string }[] {
  return definition.stages.flatMap((stage, i) =>
    stage.routing.mode === 'rules' ? stage.routing.rules.map((rule, j) => ({ path: `stages.${i}.routing.rules.${j}.assignTo`, userId: rule.assignTo })) : [],
  );
}

/**
 * Routing rules must name users of the workspace who may take handoffs (sales, manager, admin): a
 * typo would otherwise silently send every matching lead to the fallback. The server refuses such a
 * definition on publish; the editor shows the same problems before it is sent.
 */
export function routingAssigneeIssues(definition: Pick<LeadDefinition, 'stages'>, users: ReadonlyMap<string, User>): RoutingAssigneeIssue[] {
  return routingAssignees(definition).flatMap(({ path, userId }): RoutingAssigneeIssue[] => {
    const user = users.get(userId);
    if (!user) return [{ path, userId, problem: 'unknown_user' }];
    return can.decideHandoff(user.role) ? [] : [{ path, userId, problem: 'cannot_take_handoffs', role: user.role }];
  });
}
