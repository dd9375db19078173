import { leadIdForEmail, type MutationCall } from '../../../lib/domain';

export const T0 = '2026-03-02T01:00:00.000Z';
let counter = 0;
export const uid = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36)}`;

export function upsertLead(email: string, extra: Record<string, unknown> = {}): MutationCall {
  return { name: 'lead.upsert', args: { lead: { id: leadIdForEmail(email), email, ...extra } } } as MutationCall;
}

export function createHandoff(leadId: string, to: { toUserId?: string; toQueueId?: string }, extra: Record<string, unknown> = {}): MutationCall & { name: 'handoff.create' } {
  return {
    name: 'handoff.create',
    args: { id: uid('ho'), leadId, stageId: 'marketing_to_sales', checkedItemIds: ['contact_verified'], createdAt: T0, ...to, ...extra },
  } as MutationCall & { name: 'handoff.create' };
}

export function decide(handoffId: string, kind: 'accept' | 'reject' | 'recycle', extra: Record<string, unknown> = {}): MutationCall {
  return { name: 'handoff.decide', args: { handoffId, kind, at: T0, ...extra } } as MutationCall;
}
