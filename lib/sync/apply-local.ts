import Dexie from 'dexie';
import { stageAfterDecision, stageAfterHandoffCreated, stageAfterOutcome, slaDueAt } from '../domain/lifecycle';
import { stageById, type LeadDefinition } from '../domain/definition';
import type { Handoff, Lead, MutationCall, Outcome } from '../domain';
import type { AunDatabase } from '../db/database';
import { currentDefinition, definitionByVersion } from '../db/queries';
import { stripDerived, toHandoffRow, toLeadRow } from '../db/rows';

export interface LocalActor {
  userId: string;
  now: string;
}

/** `entity:id`: the replica key of a row a mutation changes. */
export const key = (entity: string, id: string | number) => `${entity}:${id}`;

/** The lead a mutation is about (to show its conflicts on the right record). */
export function leadIdOf(call: MutationCall): string | null {
  switch (call.name) {
    case 'lead.upsert':
      return call.args.lead.id;
    case 'lead.linkCrm':
    case 'lead.erase':
    case 'handoff.create':
    case 'outcome.record':
      return call.args.leadId;
    case 'touch.add':
      return call.args.touch.leadId;
    default:
      return null;
  }
}

/**
 * Apply a mutation to the local replica the way the server will, so the UI shows its effect
 * at once, offline too. Runs inside the caller's read-write transaction. Returns the replica
 * keys it changed and the leads whose grade must be recomputed. The server stays the judge:
 * what it answers replaces what this wrote.
 */
export async function applyLocally(db: AunDatabase, call: MutationCall, actor: LocalActor): Promise<{ keys: string[]; regrade: string[] }> {
  const { now, userId } = actor;
  switch (call.name) {
    case 'lead.upsert': {
      const patch = call.args.lead;
      const existing = await db.leads.get(patch.id);
      const base: Lead = existing
        ? stripDerived(existing)
        : { id: patch.id, email: patch.email, name: {}, firmographics: {}, source: { channel: 'other' }, stage: 'inquiry', crmLinks: [], createdAt: now, updatedAt: now };
      const merged: Lead = { ...base, ...definedOnly(patch), updatedAt: now };
      await db.leads.put(toLeadRow(merged, existing));
      return { keys: [key('lead', patch.id)], regrade: [patch.id] };
    }
    case 'lead.linkCrm': {
      const existing = await db.leads.get(call.args.leadId);
      if (!existing) return { keys: [], regrade: [] };
      const { link } = call.args;
      const links = existing.crmLinks.filter((l) => !(l.system === link.system && l.recordId === link.recordId));
      await db.leads.put(toLeadRow({ ...stripDerived(existing), crmLinks: [...links, link], updatedAt: now }, existing));
      return { keys: [key('lead', existing.id)], regrade: [] };
    }
    case 'lead.erase': {
      const { leadId } = call.args;
      await db.touches.where('[leadId+occurredAt]').between([leadId, Dexie.minKey], [leadId, Dexie.maxKey]).delete();
      await db.handoffs.where('leadId').equals(leadId).delete();
      await db.outcomes.where('leadId').equals(leadId).delete();
      await db.leads.delete(leadId);
      return { keys: [key('lead', leadId)], regrade: [] };
    }
    case 'touch.add': {
      await db.touches.put({ ...call.args.touch, createdBy: userId });
      return { keys: [key('touch', call.args.touch.id)], regrade: [call.args.touch.leadId] };
    }
    case 'handoff.create': {
      const a = call.args;
      const definition = await currentDefinition(db);
      const stage = stageById(definition, a.stageId);
      const handoff: Handoff = {
        id: a.id,
        leadId: a.leadId,
        stageId: a.stageId,
        definitionVersion: definition.version,
        fromUserId: userId,
        ...(a.toUserId ? { toUserId: a.toUserId, assignedAt: a.createdAt } : {}),
        ...(a.toQueueId ? { toQueueId: a.toQueueId } : {}),
        // The SLA runs from the handoff, queued or not (as on the server).
        ...(stage ? { dueAt: slaDueAt(a.createdAt, stage, definition.calendar) } : {}),
        ...(a.note ? { note: a.note } : {}),
        checklist: Object.fromEntries(a.checkedItemIds.map((id) => [id, { checked: true, by: userId, at: a.createdAt }])),
        status: 'pending',
        createdAt: a.createdAt,
        updatedAt: now,
      };
      await db.handoffs.put(toHandoffRow(handoff));
      const keys = [key('handoff', a.id)];
      const lead = await db.leads.get(a.leadId);
      if (lead) {
        await db.leads.put(toLeadRow({ ...stripDerived(lead), stage: stageAfterHandoffCreated(lead.stage), updatedAt: now }, lead));
        keys.push(key('lead', a.leadId));
      }
      return { keys, regrade: [] };
    }
    case 'handoff.checkItem': {
      const h = await db.handoffs.get(call.args.handoffId);
      if (!h) return { keys: [], regrade: [] };
      const checklist = { ...h.checklist, [call.args.itemId]: { checked: call.args.checked, by: userId, at: call.args.at } };
      await db.handoffs.put(toHandoffRow({ ...stripDerived(h), checklist, updatedAt: now }));
      return { keys: [key('handoff', h.id)], regrade: [] };
    }
    case 'handoff.claim': {
      const h = await db.handoffs.get(call.args.handoffId);
      if (!h || h.toUserId) return { keys: [], regrade: [] };
      const definition = (await definitionByVersion(db, h.definitionVersion)) ?? (await currentDefinition(db));
      const stage = stageById(definition, h.stageId);
      const dueAt = !h.dueAt && stage ? { dueAt: slaDueAt(h.createdAt, stage, definition.calendar) } : {};
      await db.handoffs.put(toHandoffRow({ ...stripDerived(h), toUserId: userId, assignedAt: call.args.at, ...dueAt, updatedAt: now }));
      return { keys: [key('handoff', h.id)], regrade: [] };
    }
    case 'handoff.decide': {
      const h = await db.handoffs.get(call.args.handoffId);
      // A handoff already decided locally stays as it is; the server answers already_decided.
      if (!h || h.status !== 'pending') return { keys: [], regrade: [] };
      const a = call.args;
      const status = a.kind === 'accept' ? 'accepted' : a.kind === 'reject' ? 'rejected' : 'recycled';
      const decision = { kind: a.kind, by: userId, at: a.at, ...(a.reasonCode ? { reasonCode: a.reasonCode } : {}), ...(a.note ? { note: a.note } : {}) };
      await db.handoffs.put(toHandoffRow({ ...stripDerived(h), status, decision, updatedAt: now }));
      const keys = [key('handoff', h.id)];
      const lead = await db.leads.get(h.leadId);
      if (lead) {
        const next = { ...stripDerived(lead), stage: stageAfterDecision(lead.stage, a.kind), updatedAt: now };
        if (a.kind === 'accept') next.ownerId = userId;
        await db.leads.put(toLeadRow(next, lead));
        keys.push(key('lead', lead.id));
      }
      return { keys, regrade: [] };
    }
    case 'outcome.record': {
      const a = call.args;
      const outcome: Outcome = { ...a, recordedBy: userId };
      await db.outcomes.put(outcome);
      const keys = [key('outcome', a.id)];
      const lead = await db.leads.get(a.leadId);
      if (lead) {
        await db.leads.put(toLeadRow({ ...stripDerived(lead), stage: stageAfterOutcome(lead.stage, a.kind), updatedAt: now }, lead));
        keys.push(key('lead', lead.id));
      }
      return { keys, regrade: [] };
    }
    case 'definition.publish': {
      const latest = await currentDefinition(db);
      const definition: LeadDefinition = { ...call.args.definition, version: latest.version + 1, publishedAt: now, publishedBy: userId };
      await db.definitions.put(definition);
      return { keys: [key('definition', definition.version)], regrade: [] };
    }
    case 'user.setAway': {
      const me = await db.users.get(userId);
      if (!me) return { keys: [], regrade: [] };
      await db.users.put({ ...me, away: call.args.away });
      return { keys: [key('user', userId)], regrade: [] };
    }
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
