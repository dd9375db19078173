import type { MetricHandoff, MetricInput, MetricLead, MetricOutcome } from '../../lib/metrics';

/** '03-02T05' → 2026-03-02T05:00:00.000Z */
export const t = (s: string) => `2026-${s.includes('T') ? s : `${s}T00`}:00:00.000Z`;
export const NOW = Date.parse(t('03-20T00'));
export const H = 3_600_000;

const lead = (id: string, channel: MetricLead['source']['channel'], stage: MetricLead['stage'], createdAt: string, extra: Partial<MetricLead> = {}): MetricLead => ({
  id,
  source: { channel, ...(extra.source ?? {}) },
  stage,
  createdAt,
  ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'source')),
});

const decision = (kind: 'accept' | 'reject' | 'recycle', at: string, reasonCode?: string) => ({ kind, at, by: 'u-rep', ...(reasonCode ? { reasonCode } : {}) });

/**
 * Ten leads, March 2026 (UTC). The cohort of custom 03-01..03-15 is L1–L7.
 * L1 webinar/campA won (MQL 03-01), L2 webinar/campA open opportunity, L3 exhibition/campB/V1 rejected (no_budget),
 * L4 exhibition/campB/V1 recycled (bad_timing), L5 outsourced_list/V2 pending and overdue (u2),
 * L6 web_form inquiry only, L7 web_form accepted, meeting, lost; L8–L10 created before the period.
 */
export function fixture(): MetricInput {
  const leads: MetricLead[] = [
    lead('L1', 'webinar', 'won', t('03-02T00'), { source: { channel: 'webinar', campaign: 'campA' }, mqlAt: t('03-01T12'), ownerId: 'u1' }),
    lead('L2', 'webinar', 'opportunity', t('03-03T00'), { source: { channel: 'webinar', campaign: 'campA' } }),
    lead('L3', 'exhibition', 'mql', t('03-04T00'), { source: { channel: 'exhibition', campaign: 'campB', vendor: 'V1' } }),
    lead('L4', 'exhibition', 'recycled', t('03-05T00'), { source: { channel: 'exhibition', campaign: 'campB', vendor: 'V1' } }),
    lead('L5', 'outsourced_list', 'mql', t('03-06T00'), { source: { channel: 'outsourced_list', vendor: 'V2' } }),
    lead('L6', 'web_form', 'inquiry', t('03-07T00')),
    lead('L7', 'web_form', 'lost', t('03-08T00')),
    lead('L8', 'webinar', 'sal', t('02-01T00'), { source: { channel: 'webinar', campaign: 'campA' } }),
    lead('L9', 'seminar', 'mql', t('01-10T00')),
    lead('L10', 'web_form', 'mql', t('02-20T00')),
  ];
  const h = (id: string, leadId: string, status: MetricHandoff['status'], createdAt: string, extra: Partial<MetricHandoff> = {}): MetricHandoff => ({
    id,
    leadId,
    stageId: 'marketing_to_sales',
    status,
    createdAt,
    toUserId: 'u1',
    ...extra,
  });
  const handoffs: MetricHandoff[] = [
    h('h1', 'L1', 'accepted', t('03-02T00'), { assignedAt: t('03-02T01'), decision: decision('accept', t('03-02T05')) }),
    h('h2', 'L2', 'accepted', t('03-03T00'), { assignedAt: t('03-03T02'), decision: decision('accept', t('03-03T10')) }),
    h('h3', 'L3', 'rejected', t('03-04T00'), { assignedAt: t('03-04T00'), decision: decision('reject', t('03-04T04'), 'no_budget') }),
    h('h4', 'L4', 'recycled', t('03-05T00'), { assignedAt: t('03-05T03'), decision: decision('recycle', t('03-05T09'), 'bad_timing') }),
    h('h5', 'L5', 'pending', t('03-06T00'), { toUserId: 'u2', assignedAt: t('03-06T00'), dueAt: t('03-07T00') }),
    h('h7', 'L7', 'accepted', t('03-08T00'), { stageId: 'sdr_to_ae', assignedAt: t('03-08T01'), decision: decision('accept', t('03-08T02')) }),
    h('h8', 'L8', 'accepted', t('02-01T00'), { assignedAt: t('02-01T01'), decision: decision('accept', t('02-01T03')) }),
    h('h9', 'L9', 'pending', t('01-10T00'), { assignedAt: t('01-10T00'), dueAt: t('01-11T00') }),
    h('h10', 'L10', 'pending', t('02-20T00'), { assignedAt: t('02-20T00'), dueAt: t('03-25T00') }),
  ];
  const jpy = (value: number) => ({ value, currency: 'JPY' });
  const outcomes: MetricOutcome[] = [
    { id: 'o1', leadId: 'L1', kind: 'opportunity', occurredAt: t('03-05T00'), amount: jpy(1_000_000) },
    { id: 'o2', leadId: 'L1', kind: 'won', occurredAt: t('03-10T00'), amount: jpy(1_200_000) },
    { id: 'o3', leadId: 'L2', kind: 'opportunity', occurredAt: t('03-06T00'), amount: jpy(500_000) },
    { id: 'o4', leadId: 'L2', kind: 'opportunity', occurredAt: t('03-08T00'), amount: jpy(800_000) },
    { id: 'o5', leadId: 'L7', kind: 'meeting', occurredAt: t('03-09T00') },
    { id: 'o6', leadId: 'L7', kind: 'lost', occurredAt: t('03-12T00') },
  ];
  return { leads, handoffs, outcomes, users: [{ id: 'u1', name: '佐藤 花子' }, { id: 'u2', name: 'Ken Suzuki' }] };
}
