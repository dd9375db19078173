import { leadIdForEmail, type Handoff, type Lead, type Touch } from '../../lib/domain';

export const T0 = '2026-03-02T01:00:00.000Z';

export function makeLead(email: string, patch: Partial<Lead> = {}): Lead {
  return {
    id: leadIdForEmail(email),
    email,
    name: { family: '山田', given: '太郎' },
    company: '株式会社アクメ',
    title: '情報システム部 部長',
    firmographics: { industry: 'manufacturing', employeeBand: '300-999', country: 'JP' },
    source: { channel: 'webinar', campaign: '2026-03 DX webinar' },
    stage: 'mql',
    crmLinks: [],
    createdAt: T0,
    updatedAt: T0,
    ...patch,
  };
}

export function makeTouch(leadId: string, n: number, patch: Partial<Touch> = {}): Touch {
  return {
    id: `t-${leadId}-${n}`,
    leadId,
    type: 'web_visit',
    occurredAt: new Date(Date.parse(T0) - n * 3_600_000).toISOString(),
    origin: 'test',
    ...patch,
  };
}

export function makeHandoff(leadId: string, patch: Partial<Handoff> = {}): Handoff {
  return {
    id: `h-${leadId}`,
    leadId,
    stageId: 'marketing_to_sales',
    definitionVersion: 1,
    fromUserId: 'u-marketer',
    toUserId: 'u-sales',
    checklist: {},
    status: 'pending',
    createdAt: T0,
    assignedAt: T0,
    dueAt: '2026-03-03T01:00:00.000Z',
    updatedAt: T0,
    ...patch,
  };
}

let counter = 0;
/** A fresh database name per test, so tests never share state. */
export function freshDbName(): string {
  counter += 1;
  return `aun-test-${Date.now()}-${counter}-${Math.random().toString(36).slice(2)}`;
}
