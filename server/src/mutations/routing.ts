import { can, type Firmographics, type Queue, type Routing, type RoutingRule, type User } from '../../../lib/domain';

/**
 * Routing of a handoff sent to a queue, as a pure function: the stage's routing, the queue, the
 * users it may pick from, the lead and the queue's round-robin pointer → whom to assign, or leave it
 * to a manual claim. `handoff.create` reads the inputs and writes the effects in its transaction.
 *
 * - `manual`: nobody is assigned; a member of the queue claims it (`handoff.claim`).
 * - `round_robin`: the next available member after the one the previous rotation picked, in the
 *   queue's `memberIds` order. Available = a user of the workspace who is a member of the queue, has
 *   role sales or manager and is not away. Nobody available → manual.
 * - `rules`: the first rule whose field matches the lead wins, if its assignee exists, may take
 *   handoffs (sales, manager, admin) and is not away; otherwise the next rules are not tried (an
 *   explicit rule says who owns these leads). When no rule matches, or its assignee is unavailable,
 *   territories are tried: available queue members whose `territories` cover the lead's prefecture
 *   (else its country), rotating among them if several. Then the stage's `fallback`.
 *
 * Values are compared case- and width-insensitively (NFKC), and prefectures with or without their
 * suffix (東京都 = 東京, 大阪府 = 大阪, 神奈川県 = 神奈川, Tokyo-to = Tokyo). Romaji and kanji are
 * different values: list both in a rule when leads carry either.
 */

export interface RouteInput {
  routing: Routing;
  queue: Queue;
  /** The users routing may look at (the queue's members and the rules' assignees), by id; unknown ids are simply absent. */
  users: ReadonlyMap<string, User>;
  lead: { firmographics?: Firmographics };
  /** The member the last rotation in this queue picked (the per-queue pointer), if any. */
  lastUserId?: string;
}

export type RouteVia = 'rule' | 'territory' | 'round_robin';

export type RouteResult =
  | {
      assignTo: string;
      via: RouteVia;
      /** Index of the matching rule (via `rule`). */
      rule?: number;
      /** Whether this pick moves the queue's round-robin pointer (picks made by rotation do). */
      rotates: boolean;
    }
  | { manual: true; reason: 'manual' | 'nobody_available' };

/** NFKC, trimmed, lower case: ＪＰ = jp, ' Tokyo ' = tokyo. */
export function normalizeValue(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A prefecture without its suffix, so 東京都, 東京 and tokyo-to compare as the prefecture. */
export function regionKey(value: string): string {
  const v = normalizeValue(value);
  const ja = /^(.{2,3}?)[都府県]$/u.exec(v);
  if (ja) return ja[1]!;
  const en = /^(.+?)(?:[\s-](?:to|fu|ken|prefecture))$/u.exec(v);
  return en ? en[1]! : v;
}

function keyOf(field: RoutingRule['field'], value: string): string {
  return field === 'region' ? regionKey(value) : normalizeValue(value);
}

/** Whether the lead's firmographic `field` is one of `values`. */
export function ruleMatches(rule: Pick<RoutingRule, 'field' | 'values'>, lead: RouteInput['lead']): boolean {
  const value = lead.firmographics?.[rule.field];
  if (!value) return false;
  const key = keyOf(rule.field, value);
  return rule.values.some((v) => keyOf(rule.field, v) === key);
}

/** Whom a rotation may pick (among the queue's members): a selling role, not away. */
export function rotatable(user: User | undefined): user is User {
  return !!user && !user.away && (user.role === 'sales' || user.role === 'manager');
}

/** A rule's assignee: exists, may take handoffs, not away. */
function availableAssignee(user: User | undefined): user is User {
  return !!user && !user.away && can.decideHandoff(user.role);
}

/**
 * The first of `candidates` (a subset of the queue, in queue order) after `lastUserId` in the
 * queue's order, wrapping around. A pointer that is no longer a member starts from the top.
 */
export function nextInRotation(queue: Queue, candidates: readonly string[], lastUserId: string | undefined): string | undefined {
  if (candidates.length === 0) return undefined;
  const order = queue.memberIds;
  const last = lastUserId === undefined ? -1 : order.indexOf(lastUserId);
  if (last < 0) return candidates[0];
  const after = candidates.find((id) => order.indexOf(id) > last);
  return after ?? candidates[0];
}

function members(queue: Queue, users: RouteInput['users']): string[] {
  return [...new Set(queue.memberIds)].filter((id) => rotatable(users.get(id)));
}

function roundRobin({ queue, users, lastUserId }: RouteInput): RouteResult {
  const next = nextInRotation(queue, members(queue, users), lastUserId);
  return next ? { assignTo: next, via: 'round_robin', rotates: true } : { manual: true, reason: 'nobody_available' };
}

function byTerritory({ queue, users, lead, lastUserId }: RouteInput): RouteResult | undefined {
  const { region, country } = lead.firmographics ?? {};
  const candidates = members(queue, users);
  const covering = (key: string | undefined, toKey: (v: string) => string) =>
    key ? candidates.filter((id) => users.get(id)!.territories.some((t) => t.trim() && toKey(t) === key)) : [];
  // The prefecture is more specific than the country: a rep covering 大阪 beats one covering JP.
  const byRegion = covering(region && regionKey(region), regionKey);
  const chosen = byRegion.length ? byRegion : covering(country && normalizeValue(country), normalizeValue);
  const next = nextInRotation(queue, chosen, lastUserId);
  return next ? { assignTo: next, via: 'territory', rotates: true } : undefined;
}

export function routeHandoff(input: RouteInput): RouteResult {
  const { routing } = input;
  switch (routing.mode) {
    case 'manual':
      return { manual: true, reason: 'manual' };
    case 'round_robin':
      return roundRobin(input);
    case 'rules': {
      const index = routing.rules.findIndex((rule) => ruleMatches(rule, input.lead));
      const rule = routing.rules[index];
      if (rule && availableAssignee(input.users.get(rule.assignTo))) return { assignTo: rule.assignTo, via: 'rule', rule: index, rotates: false };
      const territory = byTerritory(input);
      if (territory) return territory;
      return routing.fallback === 'round_robin' ? roundRobin(input) : { manual: true, reason: 'manual' };
    }
  }
}

/** The user ids `routeHandoff` may need for this routing and queue. */
export function routingUserIds(routing: Routing, queue: Queue): string[] {
  const ids = new Set(queue.memberIds);
  if (routing.mode === 'rules') for (const rule of routing.rules) ids.add(rule.assignTo);
  return [...ids];
}
