import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  BusinessCalendar,
  can,
  Change,
  ChecklistItem,
  ChecklistMark,
  ClientId,
  CrmLink,
  Currency,
  DECISION_KIND_LABELS,
  Decision,
  DecisionKind,
  DEFAULT_DEFINITION,
  displayName,
  EMPLOYEE_BAND_LABELS,
  Email,
  EmployeeBand,
  EngagementLevel,
  Entity,
  EntitySchemas,
  ErrorBody,
  ErrorCode,
  FitCondition,
  FitField,
  FitLetter,
  FitRule,
  Firmographics,
  Handoff,
  HANDOFF_STATUS_LABELS,
  HandoffStage,
  HandoffStatus,
  Id,
  Industry,
  INDUSTRY_LABELS,
  Lead,
  LeadDefinition,
  leadIdForEmail,
  LeadPatch,
  LeadSource,
  LIFECYCLE_STAGE_LABELS,
  LifecycleStage,
  LocalizedText,
  Locale,
  LongText,
  LooseTimestamp,
  MeResponse,
  Money,
  MUTATION_NAMES,
  MutationArgs,
  MutationCallSchema,
  MutationResult,
  MutationSchema,
  Outcome,
  OUTCOME_KIND_LABELS,
  OutcomeKind,
  PersonName,
  PullQuery,
  PullResponse,
  PushRequest,
  PushResponse,
  Queue,
  RejectionReason,
  Role,
  ROLE_LABELS,
  Routing,
  RoutingRule,
  ShortText,
  slaDueAt,
  SOURCE_CHANNEL_LABELS,
  SourceChannel,
  stageAfterDecision,
  stageAfterHandoffCreated,
  stageAfterOutcome,
  Team,
  Timestamp,
  Touch,
  TOUCH_TYPE_LABELS,
  TouchType,
  User,
  WATERFALL,
  Workspace,
  type LifecycleStage as Stage,
  type MutationName,
  type Role as RoleT,
} from '../../lib/domain';

const T = '2026-03-02T01:00:00.000Z';
const T2 = '2026-03-03T01:00:00.000Z';

const LEAD = { id: 'ld_1', email: 'yamada@acme.co.jp', source: { channel: 'webinar' }, stage: 'mql', createdAt: T, updatedAt: T };
const TOUCH = { id: 't1', leadId: 'ld_1', type: 'webinar_attended', occurredAt: T, origin: 'aun' };
const HANDOFF = { id: 'h1', leadId: 'ld_1', stageId: 'marketing_to_sales', definitionVersion: 1, fromUserId: 'u1', status: 'pending', createdAt: T, updatedAt: T };
const OUTCOME = { id: 'o1', leadId: 'ld_1', kind: 'contacted', occurredAt: T, recordedBy: 'u2' };
const USER = { id: 'u1', email: 'aoi@acme.co.jp', name: 'Aoi', role: 'sales', createdAt: T };
const QUEUE = { id: 'q1', name: 'Inside sales' };
const CRM_LINK = { system: 'salesforce', objectType: 'Lead', recordId: '00Q5g00000AbCdE', url: 'https://acme.my.salesforce.com/lightning/r/Lead/00Q5g00000AbCdE/view' };
const CALENDAR = { timezone: 'Asia/Tokyo', workdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', holidays: 'jp' };
const STAGE = { id: 's1', label: { ja: '段階', en: 'Stage' }, from: 'marketing', to: 'sales', slaHours: 24, checklist: [] };
const WORKSPACE = { id: 'w1', name: 'Acme', currency: 'JPY', timezone: 'Asia/Tokyo' };

/** A fresh, mutable copy of the default definition for refinement cases. */
function def(mutate: (d: LeadDefinition) => void = () => {}): LeadDefinition {
  const d = structuredClone(DEFAULT_DEFINITION);
  mutate(d);
  return d;
}

function ok(schema: z.ZodType, value: unknown) {
  const r = schema.safeParse(value);
  expect(r.success, r.success ? '' : JSON.stringify(r.error.issues)).toBe(true);
  return r.data;
}
function bad(schema: z.ZodType, value: unknown) {
  const r = schema.safeParse(value);
  expect(r.success, `expected a failure for ${JSON.stringify(value)?.slice(0, 200)}`).toBe(false);
  return r.error?.issues ?? [];
}

interface SchemaCase {
  name: string;
  schema: z.ZodType;
  valid: unknown[];
  invalid: [string, unknown][];
  /** Valid examples are objects that must reject an unknown field. */
  strict?: boolean;
}

const CASES: SchemaCase[] = [
  {
    name: 'Id',
    schema: Id,
    valid: ['a', 'ld_abc', 'x:y.z-1', 'A'.repeat(64)],
    invalid: [['empty', ''], ['65 chars', 'a'.repeat(65)], ['space', 'a b'], ['slash', 'a/b'], ['non-ASCII', 'é'], ['number', 1]],
  },
  {
    name: 'LocalizedText',
    schema: LocalizedText,
    valid: [{ ja: 'あ', en: 'a' }],
    invalid: [['missing en', { ja: 'あ' }], ['empty ja', { ja: '', en: 'a' }], ['too long', { ja: 'あ'.repeat(501), en: 'a' }], ['extra language', { ja: 'あ', en: 'a', fr: 'a' }]],
    strict: true,
  },
  { name: 'Locale', schema: Locale, valid: ['ja', 'en'], invalid: [['fr', 'fr'], ['upper', 'JA']] },
  { name: 'ShortText', schema: ShortText, valid: ['', 'x'.repeat(200), `  ${'x'.repeat(200)}  `], invalid: [['201 chars', 'x'.repeat(201)], ['number', 5]] },
  { name: 'LongText', schema: LongText, valid: ['', 'x'.repeat(5000)], invalid: [['5001 chars', 'x'.repeat(5001)]] },
  { name: 'Currency', schema: Currency, valid: ['JPY', 'USD'], invalid: [['lower', 'jpy'], ['two letters', 'JP'], ['four letters', 'JPYY']] },
  {
    name: 'Money',
    schema: Money,
    valid: [{ value: 0, currency: 'JPY' }, { value: 1234.5, currency: 'USD' }, { value: 1e13, currency: 'JPY' }],
    invalid: [
      ['negative', { value: -1, currency: 'JPY' }],
      ['too large', { value: 1e13 + 1, currency: 'JPY' }],
      ['Infinity', { value: Infinity, currency: 'JPY' }],
      ['NaN', { value: NaN, currency: 'JPY' }],
      ['string value', { value: '100', currency: 'JPY' }],
      ['lower-case currency', { value: 1, currency: 'jpy' }],
      ['missing currency', { value: 1 }],
    ],
    strict: true,
  },
  {
    name: 'Workspace',
    schema: Workspace,
    valid: [{ id: 'w1', name: 'Acme', createdAt: T }, { ...WORKSPACE, createdAt: T }],
    invalid: [['blank name', { id: 'w1', name: '   ', createdAt: T }], ['bad currency', { id: 'w1', name: 'A', currency: 'yen', createdAt: T }], ['no createdAt', { id: 'w1', name: 'A' }], ['unknown time zone', { id: 'w1', name: 'A', timezone: 'Mars/Olympus', createdAt: T }]],
    strict: true,
  },
  { name: 'Role', schema: Role, valid: Role.options, invalid: [['owner', 'owner'], ['empty', '']] },
  {
    name: 'User',
    schema: User,
    valid: [USER, { ...USER, queueIds: ['q1'], away: true, territories: ['東京都'] }],
    invalid: [
      ['unknown role', { ...USER, role: 'owner' }],
      ['blank name', { ...USER, name: '   ' }],
      ['bad email', { ...USER, email: 'aoi' }],
      ['bad queue id', { ...USER, queueIds: ['a b'] }],
      ['secret field', { ...USER, token: 'x' }],
    ],
    strict: true,
  },
  {
    name: 'Queue',
    schema: Queue,
    valid: [QUEUE, { ...QUEUE, memberIds: ['u1', 'u2'] }],
    invalid: [['no name', { id: 'q1' }], ['too many members', { ...QUEUE, memberIds: Array.from({ length: 501 }, (_, i) => `u${i}`) }]],
    strict: true,
  },
  { name: 'LifecycleStage', schema: LifecycleStage, valid: LifecycleStage.options, invalid: [['hot', 'hot']] },
  { name: 'SourceChannel', schema: SourceChannel, valid: SourceChannel.options, invalid: [['tv', 'tv']] },
  { name: 'Industry', schema: Industry, valid: Industry.options, invalid: [['mining', 'mining']] },
  { name: 'EmployeeBand', schema: EmployeeBand, valid: EmployeeBand.options, invalid: [['10-99', '10-99'], ['number', 100]] },
  {
    name: 'CrmLink',
    schema: CrmLink,
    valid: [CRM_LINK, { ...CRM_LINK, system: 'hubspot', url: 'http://app.hubspot.com/contacts/1/record/0-1/2' }],
    invalid: [
      ['javascript: url', { ...CRM_LINK, url: 'javascript:alert(1)' }],
      ['ftp url', { ...CRM_LINK, url: 'ftp://example.com/x' }],
      ['not a url', { ...CRM_LINK, url: 'salesforce' }],
      ['unknown system', { ...CRM_LINK, system: 'sugar' }],
      ['blank record id', { ...CRM_LINK, recordId: '  ' }],
    ],
    strict: true,
  },
  {
    name: 'PersonName',
    schema: PersonName,
    valid: [{}, { family: '山田', given: '太郎' }, { given: 'Jane' }],
    invalid: [['too long', { family: 'x'.repeat(201) }], ['number', { given: 1 }]],
    strict: true,
  },
  {
    name: 'Firmographics',
    schema: Firmographics,
    valid: [{}, { industry: 'software', employeeBand: '5000+', country: 'JP', region: '東京都' }],
    invalid: [['lower-case country', { country: 'jp' }], ['three-letter country', { country: 'JPN' }], ['unknown industry', { industry: 'mining' }]],
    strict: true,
  },
  {
    name: 'LeadSource',
    schema: LeadSource,
    valid: [{ channel: 'exhibition', campaign: 'Japan IT Week', vendor: 'RX Japan' }],
    invalid: [['no channel', {}], ['unknown channel', { channel: 'tv' }]],
    strict: true,
  },
  {
    name: 'Lead',
    schema: Lead,
    valid: [LEAD, { ...LEAD, name: { family: '山田' }, crmLinks: [CRM_LINK], mqlAt: T, ownerId: 'u1', phone: '03-1234-5678' }],
    invalid: [
      ['bad email', { ...LEAD, email: 'yamada' }],
      ['unknown stage', { ...LEAD, stage: 'hot' }],
      ['missing source', { ...LEAD, source: undefined }],
      ['non-canonical createdAt', { ...LEAD, createdAt: '2026-03-02' }],
      ['bad crm link', { ...LEAD, crmLinks: [{ ...CRM_LINK, url: 'javascript:x' }] }],
      ['too many crm links', { ...LEAD, crmLinks: Array.from({ length: 21 }, () => CRM_LINK) }],
      ['unknown firmographic', { ...LEAD, firmographics: { revenue: 1 } }],
    ],
    strict: true,
  },
  {
    name: 'LeadPatch',
    schema: LeadPatch,
    valid: [{ id: 'ld_1', email: 'a@b.co' }, { id: 'ld_1', email: 'a@b.co', title: '部長', stage: 'sal', firmographics: { country: 'JP' } }],
    invalid: [
      ['missing email', { id: 'ld_1' }],
      ['missing id', { email: 'a@b.co' }],
      ['server-owned createdAt', { id: 'ld_1', email: 'a@b.co', createdAt: T }],
      ['server-owned mqlAt', { id: 'ld_1', email: 'a@b.co', mqlAt: T }],
      ['crmLinks go through lead.linkCrm', { id: 'ld_1', email: 'a@b.co', crmLinks: [] }],
    ],
    strict: true,
  },
  { name: 'TouchType', schema: TouchType, valid: TouchType.options, invalid: [['tweet', 'tweet']] },
  {
    name: 'Touch',
    schema: Touch,
    valid: [TOUCH, { ...TOUCH, campaign: 'DX', detail: 'Title', externalId: 'mkto-1', createdBy: 'u1' }],
    invalid: [
      ['unknown type', { ...TOUCH, type: 'tweet' }],
      ['blank origin', { ...TOUCH, origin: '  ' }],
      ['loose occurredAt', { ...TOUCH, occurredAt: '2026-03-02 10:00' }],
      ['detail too long', { ...TOUCH, detail: 'x'.repeat(501) }],
    ],
    strict: true,
  },
  { name: 'FitLetter', schema: FitLetter, valid: ['A', 'B', 'C', 'D'], invalid: [['E', 'E'], ['lower', 'a']] },
  { name: 'EngagementLevel', schema: EngagementLevel, valid: [1, 2, 3, 4], invalid: [['0', 0], ['5', 5], ['string', '2'], ['fraction', 2.5]] },
  { name: 'FitField', schema: FitField, valid: FitField.options, invalid: [['email', 'email']] },
  {
    name: 'FitCondition',
    schema: FitCondition,
    valid: [{ field: 'title', op: 'contains_any', values: ['部長'] }, { field: 'country', op: 'not_in', values: ['JP'] }],
    invalid: [
      ['no values', { field: 'title', op: 'in', values: [] }],
      ['regex op', { field: 'title', op: 'regex', values: ['.*'] }],
      ['blank value', { field: 'title', op: 'in', values: ['  '] }],
      ['unknown field', { field: 'phone', op: 'in', values: ['1'] }],
    ],
    strict: true,
  },
  {
    name: 'FitRule',
    schema: FitRule,
    valid: [{ id: 'r1', label: { ja: 'ラベル', en: 'Label' }, when: { field: 'industry', op: 'in', values: ['software'] }, points: -100 }],
    invalid: [
      ['points over 100', { id: 'r1', label: { ja: 'a', en: 'a' }, when: { field: 'industry', op: 'in', values: ['x'] }, points: 101 }],
      ['fractional points', { id: 'r1', label: { ja: 'a', en: 'a' }, when: { field: 'industry', op: 'in', values: ['x'] }, points: 1.5 }],
      ['label without ja', { id: 'r1', label: { en: 'a' }, when: { field: 'industry', op: 'in', values: ['x'] }, points: 1 }],
    ],
    strict: true,
  },
  {
    name: 'ChecklistItem',
    schema: ChecklistItem,
    valid: [{ id: 'c1', label: { ja: 'a', en: 'a' }, required: false }],
    invalid: [['no required flag', { id: 'c1', label: { ja: 'a', en: 'a' } }]],
    strict: true,
  },
  {
    name: 'RoutingRule',
    schema: RoutingRule,
    valid: [{ field: 'region', values: ['東京都'], assignTo: 'u1' }],
    invalid: [['title is not routable', { field: 'title', values: ['x'], assignTo: 'u1' }], ['no values', { field: 'region', values: [], assignTo: 'u1' }]],
    strict: true,
  },
  {
    name: 'Routing',
    schema: Routing,
    valid: [{ mode: 'manual' }, { mode: 'round_robin' }, { mode: 'rules', rules: [{ field: 'country', values: ['JP'], assignTo: 'q1' }], fallback: 'round_robin' }],
    invalid: [
      ['rules without fallback', { mode: 'rules', rules: [] }],
      ['manual with rules', { mode: 'manual', rules: [] }],
      ['unknown mode', { mode: 'random' }],
      ['fallback rules', { mode: 'rules', rules: [], fallback: 'rules' }],
    ],
    strict: true,
  },
  { name: 'Team', schema: Team, valid: Team.options, invalid: [['legal', 'legal']] },
  {
    name: 'HandoffStage',
    schema: HandoffStage,
    valid: [STAGE, { ...STAGE, businessHoursOnly: true, routing: { mode: 'round_robin' }, checklist: [{ id: 'c', label: { ja: 'a', en: 'a' }, required: true }] }],
    invalid: [
      ['zero SLA', { ...STAGE, slaHours: 0 }],
      ['SLA over 90 days', { ...STAGE, slaHours: 24 * 90 + 1 }],
      ['unknown team', { ...STAGE, from: 'legal' }],
      ['31 checklist items', { ...STAGE, checklist: Array.from({ length: 31 }, (_, i) => ({ id: `c${i}`, label: { ja: 'a', en: 'a' }, required: false })) }],
    ],
    strict: true,
  },
  {
    name: 'RejectionReason',
    schema: RejectionReason,
    valid: [{ code: 'no_budget', label: { ja: '予算なし', en: 'No budget' } }, { code: 'x1', label: { ja: 'a', en: 'a' } }],
    invalid: [
      ['camel case', { code: 'noBudget', label: { ja: 'a', en: 'a' } }],
      ['one character', { code: 'x', label: { ja: 'a', en: 'a' } }],
      ['leading digit', { code: '1x', label: { ja: 'a', en: 'a' } }],
      ['42 characters', { code: 'a'.repeat(42), label: { ja: 'a', en: 'a' } }],
    ],
    strict: true,
  },
  {
    name: 'BusinessCalendar',
    schema: BusinessCalendar,
    valid: [CALENDAR, { ...CALENDAR, workdays: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', holidays: 'none' }, { ...CALENDAR, timezone: 'America/New_York' }, { ...CALENDAR, timezone: 'UTC' }],
    invalid: [
      ['no workdays', { ...CALENDAR, workdays: [] }],
      ['weekday 8', { ...CALENDAR, workdays: [8] }],
      ['weekday 0', { ...CALENDAR, workdays: [0] }],
      ['single-digit hour', { ...CALENDAR, start: '9:00' }],
      ['start at 24:00', { ...CALENDAR, start: '24:00' }],
      ['minute 60', { ...CALENDAR, end: '18:60' }],
      ['unknown holiday calendar', { ...CALENDAR, holidays: 'us' }],
      ['unknown time zone', { ...CALENDAR, timezone: 'Asia/Atlantis' }],
      ['time zone that is not one', { ...CALENDAR, timezone: 'JST+9' }],
    ],
    strict: true,
  },
  { name: 'HandoffStatus', schema: HandoffStatus, valid: HandoffStatus.options, invalid: [['done', 'done']] },
  {
    name: 'ChecklistMark',
    schema: ChecklistMark,
    valid: [{ checked: true, by: 'u1', at: T }],
    invalid: [['no by', { checked: true, at: T }], ['string checked', { checked: 'yes', by: 'u1', at: T }]],
    strict: true,
  },
  { name: 'DecisionKind', schema: DecisionKind, valid: ['accept', 'reject', 'recycle'], invalid: [['maybe', 'maybe']] },
  {
    name: 'Decision',
    schema: Decision,
    valid: [{ kind: 'accept', by: 'u2', at: T }, { kind: 'reject', reasonCode: 'no_budget', note: 'FY26', by: 'u2', at: T }],
    invalid: [['reason code too long', { kind: 'reject', reasonCode: 'a'.repeat(42), by: 'u2', at: T }], ['no by', { kind: 'accept', at: T }]],
    strict: true,
  },
  {
    name: 'Handoff',
    schema: Handoff,
    valid: [HANDOFF, { ...HANDOFF, toUserId: 'u2', checklist: { need_confirmed: { checked: true, by: 'u1', at: T } }, status: 'accepted', decision: { kind: 'accept', by: 'u2', at: T2 }, assignedAt: T, dueAt: T2 }],
    invalid: [
      ['unknown status', { ...HANDOFF, status: 'done' }],
      ['definition version 0', { ...HANDOFF, definitionVersion: 0 }],
      ['bad checklist key', { ...HANDOFF, checklist: { 'a b': { checked: true, by: 'u1', at: T } } }],
      ['bad checklist mark', { ...HANDOFF, checklist: { c: { checked: true } } }],
    ],
    strict: true,
  },
  { name: 'OutcomeKind', schema: OutcomeKind, valid: OutcomeKind.options, invalid: [['closed', 'closed']] },
  { name: 'ErrorCode', schema: ErrorCode, valid: ErrorCode.options, invalid: [['teapot', 'teapot']] },
  {
    name: 'ErrorBody',
    schema: ErrorBody,
    valid: [{ error: { code: 'not_found', message: 'No such lead' } }, { error: { code: 'validation_failed', message: 'x', details: [{ path: ['a'] }] } }],
    invalid: [['unknown code', { error: { code: 'teapot', message: 'x' } }], ['no message', { error: { code: 'not_found' } }]],
    strict: true,
  },
  { name: 'ClientId', schema: ClientId, valid: ['abcd1234', 'A_b-C'.padEnd(64, 'x')], invalid: [['7 chars', 'abcd123'], ['65 chars', 'a'.repeat(65)], ['space', 'abcd 1234'], ['colon', 'abcd:1234']] },
  {
    name: 'MutationResult',
    schema: MutationResult,
    valid: [{ id: 1, status: 'applied' }, { id: 2, status: 'rejected', error: { code: 'already_decided', message: 'Already decided' } }],
    invalid: [['unknown status', { id: 1, status: 'ok' }], ['unknown error code', { id: 1, status: 'rejected', error: { code: 'nope', message: 'x' } }]],
    strict: true,
  },
  {
    name: 'PushResponse',
    schema: PushResponse,
    valid: [{ results: [], lastMutationId: 0 }, { results: [{ id: 1, status: 'duplicate' }], lastMutationId: 1 }],
    invalid: [['negative last id', { results: [], lastMutationId: -1 }], ['missing results', { lastMutationId: 0 }]],
    strict: true,
  },
  {
    name: 'Change',
    schema: Change,
    valid: [{ entity: 'lead', id: 'ld_1', op: 'put', data: LEAD }, { entity: 'touch', id: 't1', op: 'delete' }, { entity: 'definition', id: '3', op: 'put', data: DEFAULT_DEFINITION }],
    invalid: [['unknown entity', { entity: 'widget', id: 'x', op: 'put' }], ['unknown op', { entity: 'lead', id: 'x', op: 'upsert' }], ['numeric id', { entity: 'definition', id: 3, op: 'delete' }]],
    strict: true,
  },
  {
    name: 'PullResponse',
    schema: PullResponse,
    valid: [{ changes: [{ entity: 'lead', id: 'ld_1', op: 'delete' }], cursor: 'v42', hasMore: false, lastMutationId: 7 }],
    invalid: [
      ['missing hasMore', { changes: [], cursor: '', lastMutationId: 0 }],
      ['negative last id', { changes: [], cursor: '', hasMore: false, lastMutationId: -1 }],
      ['bad change', { changes: [{ entity: 'widget', id: 'x', op: 'put' }], cursor: '', hasMore: false, lastMutationId: 0 }],
    ],
    strict: true,
  },
  {
    name: 'MeResponse',
    schema: MeResponse,
    valid: [{ user: USER, workspace: WORKSPACE, definition: DEFAULT_DEFINITION }],
    invalid: [
      ['missing definition', { user: USER, workspace: WORKSPACE }],
      ['invalid definition', { user: USER, workspace: WORKSPACE, definition: def((d) => (d.fit.thresholds.A = 0)) }],
      ['workspace extra', { user: USER, workspace: { ...WORKSPACE, secret: 'x' }, definition: DEFAULT_DEFINITION }],
    ],
    strict: true,
  },
];

describe.each(CASES)('$name', ({ schema, valid, invalid, strict }) => {
  it.each(valid.map((v, i) => [i, v] as const))('accepts valid example %i', (_i, value) => {
    ok(schema, value);
  });
  it.each(invalid)('rejects %s', (_label, value) => {
    bad(schema, value);
  });
  if (strict) {
    it.each(valid.map((v, i) => [i, v] as const))('rejects an unknown field on valid example %i', (_i, value) => {
      bad(schema, { ...(value as object), unexpectedField: 1 });
    });
  }
});

describe('Timestamp', () => {
  it.each(['2026-03-02T01:00:00.000Z', '2024-02-29T23:59:59.999Z', '1970-01-01T00:00:00.000Z'])('accepts canonical %s', (value) => {
    expect(ok(Timestamp, value)).toBe(value);
  });
  it.each([
    ['no milliseconds', '2026-03-02T01:00:00Z'],
    ['four fraction digits', '2026-03-02T01:00:00.0000Z'],
    ['one fraction digit', '2026-03-02T01:00:00.0Z'],
    ['offset instead of Z', '2026-03-02T10:00:00.000+09:00'],
    ['no zone', '2026-03-02T01:00:00.000'],
    ['date only', '2026-03-02'],
    ['30 February', '2026-02-30T00:00:00.000Z'],
    ['29 February of a common year', '2023-02-29T00:00:00.000Z'],
    ['hour 24', '2026-03-02T24:00:00.000Z'],
    ['space separator', '2026-03-02 01:00:00.000Z'],
    ['leading space', ` ${T}`],
    ['empty', ''],
    ['epoch number', 1772413200000],
  ])('rejects %s', (_label, value) => {
    bad(Timestamp, value);
  });
  it('canonical strings sort as instants', () => {
    const instants = [Date.UTC(2025, 11, 31, 23, 59, 59, 999), Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1, 0, 0, 0, 1), Date.UTC(2026, 9, 1)];
    const strings = instants.map((ms) => ok(Timestamp, new Date(ms).toISOString()) as string);
    expect([...strings].reverse().sort()).toEqual(strings);
  });
});

describe('LooseTimestamp', () => {
  it.each([
    ['canonical', T, T],
    ['no milliseconds', '2026-03-02T01:00:00Z', T],
    ['JST offset', '2026-03-02T10:00:00+09:00', T],
    ['negative offset', '2026-03-01T20:00:00.000-05:00', T],
    ['date only (UTC midnight)', '2026-03-02', '2026-03-02T00:00:00.000Z'],
    ['RFC 2822', 'Mon, 02 Mar 2026 01:00:00 GMT', T],
    ['surrounding spaces', `  ${T}  `, T],
    ['epoch milliseconds', Date.parse(T), T],
    ['epoch zero', 0, '1970-01-01T00:00:00.000Z'],
    ['negative epoch', -1, '1969-12-31T23:59:59.999Z'],
  ])('normalises %s', (_label, input, expected) => {
    const out = ok(LooseTimestamp, input);
    expect(out).toBe(expected);
    ok(Timestamp, out);
  });
  it.each([
    ['garbage', 'hello'],
    ['empty', ''],
    ['blank', '   '],
    ['impossible month', '2026-13-01'],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['beyond the Date range', 8.64e15 + 1],
    ['year 10000 (not canonical)', Date.UTC(10000, 0, 1)],
    ['year 33658 (seconds sent as ms × 1000)', 1e15],
    ['negative year', Date.UTC(-1, 0, 1)],
    ['too long', `${T}${' '.repeat(60)}x`],
    ['boolean', true],
    ['null', null],
    ['object', {}],
  ])('rejects %s', (_label, input) => {
    bad(LooseTimestamp, input);
  });
  it('every accepted output is a canonical Timestamp across the year range', () => {
    for (const ms of [Date.UTC(0, 0, 1), Date.UTC(1, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999), 1e14, -1e12]) {
      const r = LooseTimestamp.safeParse(ms);
      if (r.success) expect(Timestamp.safeParse(r.data).success, r.data).toBe(true);
    }
    expect(LooseTimestamp.safeParse(Date.UTC(9999, 11, 31, 23, 59, 59, 999)).success).toBe(true);
  });
});

describe('Email', () => {
  it.each([
    ['  Yamada@ACME.co.jp ', 'yamada@acme.co.jp'],
    ['TARO.Yamada+news@Example.COM', 'taro.yamada+news@example.com'],
    ['\tjane@example.org\n', 'jane@example.org'],
    ['a@b.co', 'a@b.co'],
  ])('normalises %j to %s', (input, expected) => {
    expect(ok(Email, input)).toBe(expected);
  });
  it.each([
    ['empty', ''],
    ['no at', 'plain'],
    ['no dot in domain', 'a@b'],
    ['dot at end', 'a@b.'],
    ['two ats', 'a@@b.co'],
    ['space inside', 'a b@c.co'],
    ['angle brackets', '<a@b.co>'],
    ['display name', 'Yamada <a@b.co>'],
    ['two addresses', 'a@b.co,c@d.co'],
    ['semicolon', 'a@b.co;'],
    ['quotes', '"a"@b.co'],
    ['no local part', '@b.co'],
    ['over 254 characters', `${'a'.repeat(250)}@b.co`],
    ['number', 12],
  ])('rejects %s', (_label, input) => {
    bad(Email, input);
  });
});

describe('defaults', () => {
  it('Lead fills name, firmographics and crmLinks and normalises the email', () => {
    expect(ok(Lead, { ...LEAD, email: ' Yamada@ACME.co.jp ' })).toEqual({ ...LEAD, email: 'yamada@acme.co.jp', name: {}, firmographics: {}, crmLinks: [] });
  });
  it('Lead trims short texts', () => {
    const lead = ok(Lead, { ...LEAD, company: '  株式会社アクメ ', title: ' 部長 ' }) as Lead;
    expect([lead.company, lead.title]).toEqual(['株式会社アクメ', '部長']);
  });
  it('LeadPatch adds no defaults, so merging it cannot wipe stored name or firmographics', () => {
    expect(ok(LeadPatch, { id: 'ld_1', email: ' A@B.co ', title: 'CTO' })).toEqual({ id: 'ld_1', email: 'a@b.co', title: 'CTO' });
  });
  it('User fills queueIds, away and territories', () => {
    expect(ok(User, USER)).toEqual({ ...USER, queueIds: [], away: false, territories: [] });
  });
  it('Queue fills memberIds', () => {
    expect(ok(Queue, QUEUE)).toEqual({ ...QUEUE, memberIds: [] });
  });
  it('Workspace defaults to JPY and Asia/Tokyo', () => {
    expect(ok(Workspace, { id: 'w1', name: 'Acme', createdAt: T })).toMatchObject({ currency: 'JPY', timezone: 'Asia/Tokyo' });
  });
  it('HandoffStage defaults to wall-clock SLA and manual routing', () => {
    expect(ok(HandoffStage, STAGE)).toEqual({ ...STAGE, businessHoursOnly: false, routing: { mode: 'manual' } });
  });
  it('Handoff defaults to an empty checklist', () => {
    expect(ok(Handoff, HANDOFF)).toEqual({ ...HANDOFF, checklist: {} });
  });
});

describe('LeadDefinition refinements', () => {
  it('accepts the default definition unchanged', () => {
    expect(ok(LeadDefinition, DEFAULT_DEFINITION)).toEqual(DEFAULT_DEFINITION);
  });

  it.each<[string, (d: LeadDefinition) => void, (string | number)[], RegExp]>([
    ['fit A equal to B', (d) => (d.fit.thresholds = { A: 40, B: 40, C: 20 }), ['fit', 'thresholds'], /A > B > C/],
    ['fit B below C', (d) => (d.fit.thresholds = { A: 60, B: 10, C: 20 }), ['fit', 'thresholds'], /A > B > C/],
    ['fit thresholds reversed', (d) => (d.fit.thresholds = { A: 20, B: 40, C: 60 }), ['fit', 'thresholds'], /A > B > C/],
    ['engagement 4 equal to 3', (d) => (d.engagement.thresholds = { 2: 10, 3: 25, 4: 25 }), ['engagement', 'thresholds'], /4 > 3 > 2/],
    ['engagement 3 below 2', (d) => (d.engagement.thresholds = { 2: 30, 3: 25, 4: 50 }), ['engagement', 'thresholds'], /4 > 3 > 2/],
    ['duplicate fit rule id', (d) => d.fit.rules.push({ ...d.fit.rules[0]! }), ['fit', 'rules'], /duplicate fit rule id: target_industry/],
    ['duplicate stage id', (d) => d.stages.push({ ...d.stages[0]! }), ['stages'], /duplicate stage id: marketing_to_sales/],
    ['duplicate reason code', (d) => d.rejectionReasons.push({ code: 'no_budget', label: { ja: 'a', en: 'a' } }), ['rejectionReasons'], /duplicate reason code: no_budget/],
    ['duplicate checklist item id', (d) => d.stages[0]!.checklist.push({ id: 'consent', label: { ja: 'a', en: 'a' }, required: false }), ['stages', 0, 'checklist'], /duplicate checklist item id: consent/],
    ['calendar ends when it starts', (d) => (d.calendar = { ...d.calendar, start: '09:00', end: '09:00' }), ['calendar'], /end after it starts/],
    ['calendar ends before it starts', (d) => (d.calendar = { ...d.calendar, start: '18:00', end: '09:00' }), ['calendar'], /end after it starts/],
  ])('rejects %s', (_label, mutate, path, message) => {
    const issues = bad(LeadDefinition, def(mutate));
    expect(issues).toContainEqual(expect.objectContaining({ path, message: expect.stringMatching(message) }));
  });

  it.each<[string, (d: LeadDefinition) => void]>([
    ['negative fit thresholds in order', (d) => (d.fit.thresholds = { A: 0, B: -10, C: -20 })],
    ['a 24:00 end', (d) => (d.calendar.end = '24:00')],
    ['the same checklist id in two stages', (d) => d.stages.push({ ...d.stages[0]!, id: 'sales_to_cs', from: 'sales', to: 'customer_success' })],
    ['no fit rules', (d) => (d.fit.rules = [])],
  ])('accepts %s', (_label, mutate) => {
    ok(LeadDefinition, def(mutate));
  });

  it.each<[string, (d: Record<string, unknown> & LeadDefinition) => void]>([
    ['an unknown touch type in engagement points', (d) => ((d.engagement.points as Record<string, number>).tweet = 1)],
    ['negative engagement points', (d) => (d.engagement.points.web_visit = -1)],
    ['zero engagement threshold', (d) => (d.engagement.thresholds = { 2: 0, 3: 25, 4: 50 })],
    ['zero half-life', (d) => (d.engagement.halfLifeDays = 0)],
    ['version 0', (d) => (d.version = 0)],
    ['no stages', (d) => (d.stages = [])],
    ['no rejection reasons', (d) => (d.rejectionReasons = [])],
    ['an unknown MQL fit letter', (d) => ((d.mql as { minFit: string }).minFit = 'E')],
    ['an unknown top-level field', (d) => (d.owner = 'x')],
  ])('rejects %s', (_label, mutate) => {
    bad(LeadDefinition, def(mutate as (d: LeadDefinition) => void));
  });
});

describe('Outcome refinements', () => {
  const amount = { value: 1_200_000, currency: 'JPY' };
  it.each([
    ['contacted', {}],
    ['meeting', {}],
    ['opportunity with amount', { kind: 'opportunity', amount }],
    ['won with amount', { kind: 'won', amount }],
    ['won with amount 0', { kind: 'won', amount: { value: 0, currency: 'JPY' } }],
    ['lost with reason', { kind: 'lost', lostReason: 'Chose a competitor' }],
  ])('accepts %s', (label, patch) => {
    ok(Outcome, { ...OUTCOME, kind: label.split(' ')[0], ...patch });
  });
  it.each([
    ['opportunity without amount', { kind: 'opportunity' }, 'amount'],
    ['won without amount', { kind: 'won' }, 'amount'],
    ['won with a reason but no amount', { kind: 'won', lostReason: 'x' }, 'amount'],
    ['lost without reason', { kind: 'lost' }, 'lostReason'],
    ['lost with a blank reason', { kind: 'lost', lostReason: '   ' }, 'lostReason'],
  ])('rejects %s', (_label, patch, path) => {
    const issues = bad(Outcome, { ...OUTCOME, ...patch });
    expect(issues.map((i) => i.path.join('.'))).toContain(path);
  });
  it('rejects an unknown kind and a bad amount', () => {
    bad(Outcome, { ...OUTCOME, kind: 'closed' });
    bad(Outcome, { ...OUTCOME, kind: 'won', amount: { value: -5, currency: 'JPY' } });
  });
});

describe('mutations', () => {
  const GOOD: Record<MutationName, Record<string, unknown>> = {
    'lead.upsert': { lead: { id: 'ld_1', email: 'Yamada@acme.co.jp', title: '部長' } },
    'lead.linkCrm': { leadId: 'ld_1', link: CRM_LINK },
    'lead.erase': { leadId: 'ld_1' },
    'touch.add': { touch: TOUCH },
    'handoff.create': { id: 'h1', leadId: 'ld_1', stageId: 'marketing_to_sales', toUserId: 'u2', note: '予算あり', checkedItemIds: ['consent'], createdAt: T },
    'handoff.checkItem': { handoffId: 'h1', itemId: 'consent', checked: true, at: T },
    'handoff.claim': { handoffId: 'h1', at: T },
    'handoff.decide': { handoffId: 'h1', kind: 'reject', reasonCode: 'no_budget', note: 'next FY', at: T },
    'outcome.record': { id: 'o1', leadId: 'ld_1', kind: 'won', amount: { value: 1e6, currency: 'JPY' }, occurredAt: T },
    'definition.publish': { definition: DEFAULT_DEFINITION },
    'user.setAway': { away: true },
  };
  const BAD: Record<MutationName, [string, Record<string, unknown>][]> = {
    'lead.upsert': [['no email', { lead: { id: 'ld_1' } }], ['server-owned field', { lead: { id: 'ld_1', email: 'a@b.co', updatedAt: T } }]],
    'lead.linkCrm': [['javascript: url', { leadId: 'ld_1', link: { ...CRM_LINK, url: 'javascript:alert(1)' } }]],
    'lead.erase': [['empty id', { leadId: '' }], ['no id', {}]],
    'touch.add': [['createdBy is the server’s', { touch: { ...TOUCH, createdBy: 'u1' } }], ['unknown type', { touch: { ...TOUCH, type: 'tweet' } }]],
    'handoff.create': [
      ['no createdAt', { id: 'h1', leadId: 'ld_1', stageId: 's' }],
      ['31 checked items', { id: 'h1', leadId: 'ld_1', stageId: 's', createdAt: T, checkedItemIds: Array.from({ length: 31 }, (_, i) => `c${i}`) }],
    ],
    'handoff.checkItem': [['string checked', { handoffId: 'h1', itemId: 'c', checked: 'yes', at: T }]],
    'handoff.claim': [['loose time', { handoffId: 'h1', at: '2026-03-02' }]],
    'handoff.decide': [['unknown kind', { handoffId: 'h1', kind: 'maybe', at: T }], ['reason code too long', { handoffId: 'h1', kind: 'reject', reasonCode: 'x'.repeat(42), at: T }]],
    'outcome.record': [
      ['won without amount', { id: 'o1', leadId: 'ld_1', kind: 'won', occurredAt: T }],
      ['opportunity without amount', { id: 'o1', leadId: 'ld_1', kind: 'opportunity', occurredAt: T }],
      ['lost without reason', { id: 'o1', leadId: 'ld_1', kind: 'lost', occurredAt: T }],
      ['recordedBy is the server’s', { id: 'o1', leadId: 'ld_1', kind: 'contacted', occurredAt: T, recordedBy: 'u1' }],
    ],
    'definition.publish': [['thresholds out of order', { definition: def((d) => (d.fit.thresholds = { A: 1, B: 2, C: 3 })) }]],
    'user.setAway': [['string flag', { away: 'true' }], ['missing flag', {}]],
  };

  it('the tables cover every mutation name', () => {
    expect(Object.keys(GOOD).sort()).toEqual([...MUTATION_NAMES].sort());
    expect(Object.keys(MutationArgs).sort()).toEqual([...MUTATION_NAMES].sort());
  });

  describe.each(MUTATION_NAMES)('%s', (name) => {
    it('parses good args through MutationArgs, MutationSchema and MutationCallSchema', () => {
      ok(MutationArgs[name], GOOD[name]);
      const parsed = ok(MutationSchema, { id: 7, name, args: GOOD[name] }) as { id: number; name: string };
      expect([parsed.id, parsed.name]).toEqual([7, name]);
      ok(MutationCallSchema, { name, args: GOOD[name] });
    });
    it('rejects an unknown field in args', () => {
      bad(MutationSchema, { id: 1, name, args: { ...GOOD[name], extra: 1 } });
      bad(MutationCallSchema, { name, args: { ...GOOD[name], extra: 1 } });
    });
    it.each(BAD[name])('rejects bad args: %s', (_label, args) => {
      bad(MutationArgs[name], args);
      bad(MutationSchema, { id: 1, name, args });
      bad(MutationCallSchema, { name, args });
    });
  });

  it('normalises nested emails and fills handoff defaults', () => {
    const upsert = ok(MutationSchema, { id: 1, name: 'lead.upsert', args: GOOD['lead.upsert'] }) as { args: { lead: Record<string, unknown> } };
    expect(upsert.args.lead).toEqual({ id: 'ld_1', email: 'yamada@acme.co.jp', title: '部長' });
    const create = ok(MutationCallSchema, { name: 'handoff.create', args: { id: 'h1', leadId: 'ld_1', stageId: 's', createdAt: T } }) as { args: { checkedItemIds: string[] } };
    expect(create.args.checkedItemIds).toEqual([]);
  });

  it.each([
    ['unknown name', { id: 1, name: 'lead.delete', args: { leadId: 'ld_1' } }],
    ['no name', { id: 1, args: {} }],
    ['id 0', { id: 0, name: 'lead.erase', args: { leadId: 'ld_1' } }],
    ['fractional id', { id: 1.5, name: 'lead.erase', args: { leadId: 'ld_1' } }],
    ['unsafe id', { id: Number.MAX_SAFE_INTEGER + 2, name: 'lead.erase', args: { leadId: 'ld_1' } }],
    ['no id', { name: 'lead.erase', args: { leadId: 'ld_1' } }],
    ['args of another mutation', { id: 1, name: 'lead.erase', args: { away: true } }],
    ['extra top-level field', { id: 1, name: 'lead.erase', args: { leadId: 'ld_1' }, at: T }],
  ])('MutationSchema rejects %s', (_label, value) => {
    bad(MutationSchema, value);
  });

  it('MutationCallSchema rejects an unknown name and an id', () => {
    bad(MutationCallSchema, { name: 'lead.delete', args: { leadId: 'ld_1' } });
    bad(MutationCallSchema, { id: 1, name: 'lead.erase', args: { leadId: 'ld_1' } });
  });
});

describe('PushRequest', () => {
  const mutation = (id: number) => ({ id, name: 'user.setAway', args: { away: id % 2 === 0 } });
  it.each([0, 1, 500])('accepts %i mutations', (n) => {
    const parsed = ok(PushRequest, { clientId: 'client-0001', mutations: Array.from({ length: n }, (_, i) => mutation(i + 1)) }) as PushRequest;
    expect(parsed.mutations).toHaveLength(n);
  });
  it('rejects 501 mutations', () => {
    bad(PushRequest, { clientId: 'client-0001', mutations: Array.from({ length: 501 }, (_, i) => mutation(i + 1)) });
  });
  it.each([
    ['short client id', { clientId: 'c1', mutations: [] }],
    ['client id with a dot', { clientId: 'client.0001', mutations: [] }],
    ['client id over 64', { clientId: 'c'.repeat(65), mutations: [] }],
    ['missing client id', { mutations: [] }],
    ['one bad mutation', { clientId: 'client-0001', mutations: [mutation(1), { id: 2, name: 'nope', args: {} }] }],
    ['extra field', { clientId: 'client-0001', mutations: [], token: 'x' }],
  ])('rejects %s', (_label, value) => {
    bad(PushRequest, value);
  });
});

describe('PullQuery', () => {
  it.each([
    [{}, { cursor: '', limit: 1000 }],
    [{ limit: '50' }, { cursor: '', limit: 50 }],
    [{ limit: 5000 }, { cursor: '', limit: 5000 }],
    [{ limit: '1', cursor: 'v:42' }, { cursor: 'v:42', limit: 1 }],
    [{ clientId: 'client-0001' }, { clientId: 'client-0001', cursor: '', limit: 1000 }],
  ])('parses %j', (input, expected) => {
    expect(ok(PullQuery, input)).toEqual(expected);
  });
  it.each([
    ['limit 0', { limit: '0' }],
    ['limit 5001', { limit: '5001' }],
    ['limit not a number', { limit: 'abc' }],
    ['fractional limit', { limit: '1.5' }],
    ['empty limit', { limit: '' }],
    ['cursor over 200', { cursor: 'x'.repeat(201) }],
    ['bad client id', { clientId: 'x' }],
    ['unknown parameter', { since: '0' }],
  ])('rejects %s', (_label, value) => {
    bad(PullQuery, value);
  });
});

describe('EntitySchemas and Change', () => {
  const EXAMPLES: Record<keyof typeof EntitySchemas, unknown> = {
    lead: LEAD,
    touch: TOUCH,
    handoff: HANDOFF,
    outcome: OUTCOME,
    definition: DEFAULT_DEFINITION,
    user: USER,
    queue: QUEUE,
  };
  it('Entity lists exactly the replicated entities', () => {
    expect([...Entity.options].sort()).toEqual(Object.keys(EntitySchemas).sort());
    expect(Object.keys(EXAMPLES).sort()).toEqual(Object.keys(EntitySchemas).sort());
  });
  it.each(Object.entries(EXAMPLES))('a put change of %s carries data its schema accepts, and rejects other entities’ data', (entity, data) => {
    const change = ok(Change, { entity, id: 'x1', op: 'put', data }) as Change;
    ok(EntitySchemas[change.entity], change.data);
    const other = entity === 'lead' ? TOUCH : LEAD;
    bad(EntitySchemas[change.entity], other);
  });
});

describe('displayName', () => {
  it.each<[string, { family?: string; given?: string }, string | undefined, string]>([
    ['Japanese, family first', { family: '山田', given: '太郎' }, undefined, '山田 太郎'],
    ['Japanese in katakana', { family: 'スミス', given: 'ジェーン' }, undefined, 'スミス ジェーン'],
    ['Japanese in hiragana', { family: 'やまだ', given: 'たろう' }, undefined, 'やまだ たろう'],
    ['Japanese, padded', { family: ' 山田 ', given: ' 太郎' }, undefined, '山田 太郎'],
    ['English, given first', { family: 'Smith', given: 'Jane' }, undefined, 'Jane Smith'],
    ['family only', { family: '山田' }, 'a@b.co', '山田'],
    ['given only', { given: 'Jane' }, 'a@b.co', 'Jane'],
    ['mixed scripts count as Japanese', { family: 'Tanaka', given: '花子' }, undefined, 'Tanaka 花子'],
    ['empty falls back to the email', {}, 'yamada@acme.co.jp', 'yamada@acme.co.jp'],
    ['blank falls back to the email', { family: '  ', given: '' }, 'yamada@acme.co.jp', 'yamada@acme.co.jp'],
    ['empty without email', {}, undefined, ''],
  ])('%s', (_label, name, email, expected) => {
    expect(displayName(name, email)).toBe(expected);
  });
});

describe('leadIdForEmail', () => {
  it('is deterministic and ignores case and surrounding whitespace', () => {
    const id = leadIdForEmail('yamada@acme.co.jp');
    expect(leadIdForEmail('yamada@acme.co.jp')).toBe(id);
    expect(leadIdForEmail('  Yamada@ACME.co.jp\t')).toBe(id);
    expect(leadIdForEmail(Email.parse(' YAMADA@acme.CO.JP '))).toBe(id);
  });
  it('is a valid Id of a fixed shape', () => {
    const id = leadIdForEmail('yamada@acme.co.jp');
    expect(id).toMatch(/^ld_[0-9a-f]{42}$/);
    ok(Id, id);
    ok(Id, leadIdForEmail(`${'x'.repeat(240)}@example.com`));
  });
  it('is stable across releases (stored leads and offline clients must keep converging)', () => {
    expect(leadIdForEmail('yamada@acme.co.jp')).toBe('ld_1b2fd77e5c06b6073dd02e43113a0ecfb491b31f4b');
    expect(leadIdForEmail('jane.smith@example.com')).toBe('ld_0fcda09b77d1261c250085a7d58b17eb756e2ae726');
  });
  it('differs for near-identical emails', () => {
    const ids = ['a@b.co', 'a@b.com', 'b@b.co', 'a@c.co', 'a.@b.co', 'aa@b.co'].map(leadIdForEmail);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('gives 10,000 distinct emails 10,000 distinct ids', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) ids.add(leadIdForEmail(`user${i}@example${i % 7}.co.jp`));
    expect(ids.size).toBe(10_000);
  });
});

describe('can', () => {
  type Permission = keyof typeof can;
  const ROLES = Role.options;
  // Columns: admin, manager, marketer, sales, integration.
  const TABLE: Record<Permission, [boolean, boolean, boolean, boolean, boolean]> = {
    decideHandoff: [true, true, false, true, false],
    tagLead: [true, true, true, false, false],
    createHandoff: [true, true, true, true, false],
    publishDefinition: [true, false, false, false, false],
    eraseLead: [true, false, false, false, false],
    recordOutcome: [true, true, false, true, false],
    useApp: [true, true, true, true, false],
    ingest: [true, false, false, false, true],
  };
  it('the table covers every permission and role order', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(can).sort());
    expect(ROLES).toEqual(['admin', 'manager', 'marketer', 'sales', 'integration']);
  });
  it.each(Object.keys(TABLE).flatMap((p) => ROLES.map((r, i) => [p as Permission, r, TABLE[p as Permission][i]!] as const)))('%s for %s is %s', (permission, role, expected) => {
    expect(can[permission](role)).toBe(expected);
  });
  it('a marketer cannot decide, sales cannot publish, integration can only ingest', () => {
    expect(can.decideHandoff('marketer')).toBe(false);
    expect(can.publishDefinition('sales')).toBe(false);
    const allowed = (role: RoleT) => (Object.keys(can) as Permission[]).filter((p) => can[p](role));
    expect(allowed('integration')).toEqual(['ingest']);
  });
});

describe('lifecycle', () => {
  const STAGES = LifecycleStage.options;
  it('the waterfall is in order', () => {
    expect(WATERFALL).toEqual(['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won']);
  });

  const HANDOFF_CREATED: Record<Stage, Stage> = {
    inquiry: 'mql',
    mql: 'mql',
    sal: 'sal',
    sql: 'sql',
    opportunity: 'opportunity',
    won: 'won',
    lost: 'lost',
    recycled: 'mql',
    disqualified: 'mql',
  };
  it.each(STAGES)('handoff created from %s', (from) => {
    expect(stageAfterHandoffCreated(from)).toBe(HANDOFF_CREATED[from]);
  });

  // Columns: accept, reject, recycle.
  const DECISION: Record<Stage, [Stage, Stage, Stage]> = {
    inquiry: ['sal', 'mql', 'recycled'],
    mql: ['sal', 'mql', 'recycled'],
    sal: ['sal', 'mql', 'recycled'],
    sql: ['sql', 'mql', 'recycled'],
    opportunity: ['opportunity', 'mql', 'recycled'],
    won: ['won', 'won', 'won'],
    lost: ['lost', 'lost', 'lost'],
    recycled: ['sal', 'mql', 'recycled'],
    disqualified: ['sal', 'mql', 'recycled'],
  };
  it.each(STAGES.flatMap((s) => DecisionKind.options.map((k, i) => [s, k, DECISION[s][i]!] as const)))('%s after %s is %s', (from, kind, expected) => {
    expect(stageAfterDecision(from, kind)).toBe(expected);
  });

  // Columns: contacted, meeting, opportunity, won, lost.
  const OUTCOME_T: Record<Stage, [Stage, Stage, Stage, Stage, Stage]> = {
    inquiry: ['sal', 'sql', 'opportunity', 'won', 'lost'],
    mql: ['sal', 'sql', 'opportunity', 'won', 'lost'],
    sal: ['sal', 'sql', 'opportunity', 'won', 'lost'],
    sql: ['sql', 'sql', 'opportunity', 'won', 'lost'],
    opportunity: ['opportunity', 'opportunity', 'opportunity', 'won', 'lost'],
    won: ['won', 'won', 'won', 'won', 'won'],
    lost: ['lost', 'lost', 'lost', 'lost', 'lost'],
    recycled: ['sal', 'sql', 'opportunity', 'won', 'lost'],
    disqualified: ['sal', 'sql', 'opportunity', 'won', 'lost'],
  };
  it('outcome kinds are in table order', () => {
    expect(OutcomeKind.options).toEqual(['contacted', 'meeting', 'opportunity', 'won', 'lost']);
    expect(DecisionKind.options).toEqual(['accept', 'reject', 'recycle']);
  });
  it.each(STAGES.flatMap((s) => OutcomeKind.options.map((k, i) => [s, k, OUTCOME_T[s][i]!] as const)))('%s after outcome %s is %s', (from, kind, expected) => {
    expect(stageAfterOutcome(from, kind)).toBe(expected);
  });

  it('never moves backwards along the waterfall except by reject or recycle', () => {
    const rank = (s: Stage) => WATERFALL.indexOf(s);
    for (const from of WATERFALL) {
      for (const kind of OutcomeKind.options) {
        const to = stageAfterOutcome(from, kind);
        if (to !== 'lost') expect(rank(to)).toBeGreaterThanOrEqual(rank(from));
      }
      expect(rank(stageAfterDecision(from, 'accept'))).toBeGreaterThanOrEqual(rank(from));
      expect(rank(stageAfterHandoffCreated(from))).toBeGreaterThanOrEqual(rank(from));
    }
  });

  it.each<[string, number, string]>([
    ['24 hours', 24, '2026-03-03T01:00:00.000Z'],
    ['90 minutes', 1.5, '2026-03-02T02:30:00.000Z'],
    ['a week', 168, '2026-03-09T01:00:00.000Z'],
  ])('slaDueAt adds %s of wall clock', (_label, slaHours, expected) => {
    expect(slaDueAt(T, { slaHours, businessHoursOnly: false })).toBe(expected);
    expect(slaDueAt(T, { slaHours, businessHoursOnly: false }, BusinessCalendar.parse(CALENDAR))).toBe(expected);
  });
  it('slaDueAt falls back to wall clock without a calendar', () => {
    expect(slaDueAt(T, { slaHours: 24, businessHoursOnly: true })).toBe('2026-03-03T01:00:00.000Z');
  });
  it('slaDueAt counts working hours when the stage says so (Friday 17:00 JST + 2h → Monday 10:00 JST)', () => {
    expect(slaDueAt('2026-03-06T08:00:00.000Z', { slaHours: 2, businessHoursOnly: true }, BusinessCalendar.parse(CALENDAR))).toBe('2026-03-09T01:00:00.000Z');
  });
});

describe('labels', () => {
  const LABELS: [string, readonly string[], Record<string, { ja: string; en: string }>][] = [
    ['TouchType', TouchType.options, TOUCH_TYPE_LABELS],
    ['SourceChannel', SourceChannel.options, SOURCE_CHANNEL_LABELS],
    ['LifecycleStage', LifecycleStage.options, LIFECYCLE_STAGE_LABELS],
    ['Industry', Industry.options, INDUSTRY_LABELS],
    ['EmployeeBand', EmployeeBand.options, EMPLOYEE_BAND_LABELS],
    ['OutcomeKind', OutcomeKind.options, OUTCOME_KIND_LABELS],
    ['HandoffStatus', HandoffStatus.options, HANDOFF_STATUS_LABELS],
    ['DecisionKind', DecisionKind.options, DECISION_KIND_LABELS],
    ['Role', Role.options, ROLE_LABELS],
  ];
  it.each(LABELS)('%s: every value has non-empty ja and en labels and nothing else', (_name, values, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    for (const value of values) {
      const label = labels[value];
      expect(label, value).toBeDefined();
      ok(LocalizedText, label);
      expect(label!.ja.trim(), value).not.toBe('');
      expect(label!.en.trim(), value).not.toBe('');
    }
  });
  it.each(LABELS)('%s: labels are distinct within a language', (_name, values, labels) => {
    expect(new Set(values.map((v) => labels[v]!.en)).size).toBe(values.length);
    expect(new Set(values.map((v) => labels[v]!.ja)).size).toBe(values.length);
  });
});
