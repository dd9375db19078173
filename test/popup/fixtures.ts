import type { Handoff, Lead } from '../../lib/domain';
import { allRequiredChecked, makeHandoff, makeLead } from '../sidebar/fake-background';

export const HOUR = 3_600_000;

/** A lead with its own name and company, so rows can be told apart. */
export function person(email: string, family: string, given: string, company: string, patch: Partial<Lead> = {}): Lead {
  return makeLead(email, { name: { family, given }, company, ...patch });
}

/** A pending handoff due `dueInHours` from now (negative: overdue), all required items checked. */
export function dueHandoff(lead: Lead, id: string, dueInHours: number, patch: Partial<Handoff> = {}): Handoff {
  const due = Date.now() + dueInHours * HOUR;
  return makeHandoff(lead.id, {
    id,
    checklist: allRequiredChecked(),
    createdAt: new Date(due - 25 * HOUR).toISOString(),
    assignedAt: new Date(due - 24 * HOUR).toISOString(),
    dueAt: new Date(due).toISOString(),
    ...patch,
  });
}

/** A handoff waiting unclaimed in a queue: nobody assigned, no SLA yet. */
export function queuedHandoff(lead: Lead, id: string, queueId: string, hoursAgo = 1): Handoff {
  const h = makeHandoff(lead.id, { id, checklist: allRequiredChecked(), createdAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(), toQueueId: queueId });
  delete h.toUserId;
  delete h.assignedAt;
  delete h.dueAt;
  return h;
}
