import type { Handoff, Lead, Outcome, User } from '../domain';

/**
 * The slim shapes the metric functions read. Plain data only: the background projects the
 * replica's rows to these (never touches), and tests build them by hand.
 */
export type MetricLead = Pick<Lead, 'id' | 'source' | 'stage' | 'createdAt'> & Partial<Pick<Lead, 'ownerId' | 'mqlAt'>>;
export type MetricHandoff = Pick<Handoff, 'id' | 'leadId' | 'stageId' | 'status' | 'createdAt'> &
  Partial<Pick<Handoff, 'toUserId' | 'fromUserId' | 'assignedAt' | 'dueAt' | 'decision'>>;
export type MetricOutcome = Pick<Outcome, 'id' | 'leadId' | 'kind' | 'occurredAt'> & Partial<Pick<Outcome, 'amount'>>;
export type MetricUser = Pick<User, 'id' | 'name'>;

export interface MetricInput {
  leads: readonly MetricLead[];
  handoffs: readonly MetricHandoff[];
  outcomes: readonly MetricOutcome[];
  users?: readonly MetricUser[];
}

export interface MetricOptions {
  /** IANA time zone for period boundaries and ISO weeks; the definition's calendar zone. Default UTC. */
  timeZone?: string;
  /** Currency the amount metrics add up; other currencies are counted apart. Default: the most frequent, else JPY. */
  currency?: string;
}

/** A count with the leads behind it, so every number can drill down. */
export interface Counted {
  count: number;
  leadIds: string[];
}

export interface Rate {
  numerator: Counted;
  denominator: Counted;
  /** numerator / denominator, or null when the denominator is 0. */
  rate: number | null;
}
