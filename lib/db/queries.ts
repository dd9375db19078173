import Dexie from 'dexie';
import { DEFAULT_DEFINITION } from '../domain/default-definition';
import type { Handoff, HandoffStatus, Lead, LeadDefinition, Outcome, Touch, TouchType } from '../domain';
import { gradeLead, type GradeResult } from '../grading';
import type { AunDatabase } from './database';
import { crmKey, stripDerived, type LeadRow } from './rows';

/** The query functions the background calls. Each returns plain domain objects. */

export async function findLeadByEmail(db: AunDatabase, email: string): Promise<Lead | undefined> {
  const row = await db.leads.where('email').equals(email.trim().toLowerCase()).first();
  return row && stripDerived(row);
}

export async function findLeadByCrm(db: AunDatabase, system: string, recordId: string): Promise<Lead | undefined> {
  const row = await db.leads.where('_crm').equals(crmKey(system, recordId)).first();
  return row && stripDerived(row);
}

export interface PersonRef {
  emails: readonly string[];
  crmRecord?: { system: string; recordId: string };
}

/** The lead a page is about: its CRM link first, then the first page email that is a known lead. */
export async function findLeadForPage(db: AunDatabase, ref: PersonRef): Promise<LeadRow | undefined> {
  if (ref.crmRecord) {
    const linked = await db.leads.where('_crm').equals(crmKey(ref.crmRecord.system, ref.crmRecord.recordId)).first();
    if (linked) return linked;
  }
  if (ref.emails.length === 0) return undefined;
  const normalised = ref.emails.map((e) => e.trim().toLowerCase());
  const rows = await db.leads.where('email').anyOf(normalised).toArray();
  for (const email of normalised) {
    const row = rows.find((r) => r.email === email);
    if (row) return row;
  }
  return undefined;
}

export async function listTouches(
  db: AunDatabase,
  leadId: string,
  options: { types?: readonly TouchType[]; limit?: number } = {},
): Promise<Touch[]> {
  let collection = db.touches.where('[leadId+occurredAt]').between([leadId, Dexie.minKey], [leadId, Dexie.maxKey]).reverse();
  if (options.types && options.types.length > 0) {
    const wanted = new Set(options.types);
    collection = collection.filter((t) => wanted.has(t.type));
  }
  if (options.limit !== undefined) collection = collection.limit(options.limit);
  return collection.toArray();
}

export function countTouches(db: AunDatabase, leadId: string): Promise<number> {
  return db.touches.where('[leadId+occurredAt]').between([leadId, Dexie.minKey], [leadId, Dexie.maxKey]).count();
}

/** The lead's newest handoff. */
export async function latestHandoff(db: AunDatabase, leadId: string): Promise<Handoff | undefined> {
  const rows = await db.handoffs.where('leadId').equals(leadId).toArray();
  rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return rows[0] && stripDerived(rows[0]);
}

export async function handoffsForLead(db: AunDatabase, leadId: string): Promise<Handoff[]> {
  const rows = await db.handoffs.where('leadId').equals(leadId).toArray();
  return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(stripDerived);
}

/** Handoffs with a status, soonest due first. */
export async function handoffsByStatus(db: AunDatabase, status: HandoffStatus, limit = 500): Promise<Handoff[]> {
  const rows = await db.handoffs.where('[status+_due]').between([status, Dexie.minKey], [status, Dexie.maxKey]).limit(limit).toArray();
  return rows.map(stripDerived);
}

/** Pending handoffs assigned to a user, soonest due first. */
export async function pendingHandoffsFor(db: AunDatabase, userId: string, limit = 500): Promise<Handoff[]> {
  const rows = await db.handoffs
    .where('[_assignee+status+_due]')
    .between([userId, 'pending', Dexie.minKey], [userId, 'pending', Dexie.maxKey])
    .limit(limit)
    .toArray();
  return rows.map(stripDerived);
}

export async function outcomesForLead(db: AunDatabase, leadId: string): Promise<Outcome[]> {
  const rows = await db.outcomes.where('leadId').equals(leadId).toArray();
  return rows.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}

/** The newest published definition; the built-in default until the first sync brings one. */
export async function currentDefinition(db: AunDatabase): Promise<LeadDefinition> {
  return (await db.definitions.orderBy('version').last()) ?? DEFAULT_DEFINITION;
}

export async function definitionByVersion(db: AunDatabase, version: number): Promise<LeadDefinition | undefined> {
  return (await db.definitions.get(version)) ?? (version === DEFAULT_DEFINITION.version ? DEFAULT_DEFINITION : undefined);
}

/** Grade a lead from its stored touches. */
export async function gradeStoredLead(db: AunDatabase, lead: Lead, definition: LeadDefinition, now: number): Promise<GradeResult> {
  const touches = await db.touches.where('[leadId+occurredAt]').between([lead.id, Dexie.minKey], [lead.id, Dexie.maxKey]).toArray();
  return gradeLead(lead, touches, definition, now);
}
