import type { Handoff, Lead, LeadDefinition, MutationCall, Outcome, Queue, Touch, User } from '../domain';
import type { ErrorCode } from '../domain/errors';

/**
 * Rows are the domain objects plus a few derived, indexed fields (prefixed `_`), which
 * `stripDerived` removes before anything leaves the database layer.
 */
export interface LeadRow extends Lead {
  /** `system:recordId` of every CRM link, for the multi-entry index. */
  _crm: string[];
  /** Cached grade under the current definition, e.g. "A2" (v2). */
  _grade?: string;
  _score?: number;
  _mql?: 0 | 1;
  /** The definition version the cache was computed under. */
  _gradeVersion?: number;
}

export interface HandoffRow extends Handoff {
  /** toUserId, or '' while a queue handoff is unclaimed (IndexedDB cannot index undefined). */
  _assignee: string;
  /** dueAt, or a far-future sentinel while unassigned. */
  _due: string;
}

export type TouchRow = Touch;
export type OutcomeRow = Outcome;
export type DefinitionRow = LeadDefinition;
export type UserRow = User;
export type QueueRow = Queue;

export interface OutboxEntry {
  /** Auto-increment: also the mutation id on the wire, so ids only ever grow per client. */
  localId?: number;
  name: MutationCall['name'];
  args: MutationCall['args'];
  createdAt: string;
  /** Not sent before this instant (ISO); Accept's undo window. */
  notBefore: string;
  /** The lead the mutation is about, to show conflicts on the right record. */
  leadId: string | null;
  /** Replica keys (`entity:id`) this mutation changed locally, to roll back precisely. */
  keys: string[];
}

export interface RejectedEntry {
  localId: number;
  name: MutationCall['name'];
  args: MutationCall['args'];
  leadId: string | null;
  error: { code: ErrorCode; message: string; details?: unknown };
  at: string;
}

/** The last server-confirmed version of a row a pending mutation changed; null when it did not exist. */
export interface ShadowRow {
  key: string;
  data: unknown | null;
}

/** A lead to regrade; the one row keyed '' is the sweep (lib/sync/regrade.ts): every lead above `after`. */
export interface RegradeRow {
  leadId: string;
  after?: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export const NO_DUE = '9999-12-31T23:59:59.999Z';

export function crmKey(system: string, recordId: string): string {
  return `${system}:${recordId}`;
}

export function toLeadRow(lead: Lead, previous?: Partial<LeadRow>): LeadRow {
  const row: LeadRow = { ...lead, _crm: lead.crmLinks.map((l) => crmKey(l.system, l.recordId)) };
  // Keep the grade cache until the regrader recomputes it; the badge shows the old grade meanwhile.
  if (previous?._grade !== undefined) {
    row._grade = previous._grade;
    row._score = previous._score;
    row._mql = previous._mql;
    row._gradeVersion = previous._gradeVersion;
  }
  return row;
}

export function toHandoffRow(handoff: Handoff): HandoffRow {
  return { ...handoff, _assignee: handoff.toUserId ?? '', _due: handoff.dueAt ?? NO_DUE };
}

/** Remove the derived `_` fields so the object is the plain domain object again. */
export function stripDerived<T extends object>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!k.startsWith('_')) out[k] = v;
  return out as T;
}
