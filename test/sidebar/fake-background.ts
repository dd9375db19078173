/**
 * A stand-in for the background service worker: it answers the protocol from in-memory state,
 * validates every request with the real schemas (as lib/background/handlers.ts does), and applies
 * mutations optimistically so the UI's re-reads show their effect — including the 10 s hold and undo.
 */
import { DEFAULT_DEFINITION, displayName, leadIdForEmail, slaDueAt, stageAfterDecision, stageAfterHandoffCreated, stageAfterOutcome, stageById } from '../../lib/domain';
import type { Handoff, Lead, LeadDefinition, MutationCall, Outcome, Queue, Touch, User } from '../../lib/domain';
import type { ErrorCode } from '../../lib/domain/errors';
import { gradeLead } from '../../lib/grading';
import { Requests } from '../../lib/message-schemas';
import { ProtocolError, type ConnectionInfo, type LeadContext, type MyQueue, type QueueItem, type RejectedMutation, type RequestName, type Responses, type Settings, type SyncStatus } from '../../lib/messages';
import { marketingHandoffs, overdueHandoffs, salesQueue, type QueueRow } from '../../lib/queue/queue';
import type { PageContext } from '../../lib/adapters/page-context';

const HOUR = 3_600_000;

export const USERS: User[] = [
  { id: 'u-marketer', email: 'hanako@aun.example', name: '佐藤 花子', role: 'marketer', queueIds: [], away: false, territories: [], createdAt: '2026-01-01T00:00:00.000Z' },
  { id: 'u-sales', email: 'ichiro@aun.example', name: '鈴木 一郎', role: 'sales', queueIds: ['q-tokyo'], away: false, territories: [], createdAt: '2026-01-01T00:00:00.000Z' },
  { id: 'u-sales2', email: 'jiro@aun.example', name: '田中 次郎', role: 'sales', queueIds: ['q-tokyo'], away: false, territories: [], createdAt: '2026-01-01T00:00:00.000Z' },
  { id: 'u-manager', email: 'boss@aun.example', name: 'Mary Manager', role: 'manager', queueIds: [], away: false, territories: [], createdAt: '2026-01-01T00:00:00.000Z' },
];
export const QUEUES: Queue[] = [{ id: 'q-tokyo', name: '東京インサイドセールス', memberIds: ['u-sales', 'u-sales2'] }];

export function userById(id: string): User {
  const user = USERS.find((u) => u.id === id);
  if (!user) throw new Error(`no user ${id}`);
  return user;
}

export interface Recorded {
  name: RequestName;
  data: unknown;
}

interface Held {
  until: number;
  snapshot: string;
}

export class FakeBackground {
  me: User = userById('u-sales');
  definition: LeadDefinition = DEFAULT_DEFINITION;
  leads: Lead[] = [];
  touches: Touch[] = [];
  handoffs: Handoff[] = [];
  outcomes: Outcome[] = [];
  users: User[] = USERS;
  queues: Queue[] = QUEUES;
  rejected: RejectedMutation[] = [];
  settings: Settings = {
    serverUrl: 'https://aun.example.co.jp',
    hasToken: true,
    currency: 'JPY',
    language: 'en',
    notifications: true,
    quietHours: { enabled: false, start: '20:00', end: '08:00', weekends: true, timezone: 'Asia/Tokyo' },
    slaWarnAt: 0.75,
    me: null,
    workspaceName: 'Acme Japan',
  };
  syncStatus: SyncStatus = { mode: 'server', state: 'idle', lastSyncedAt: new Date(Date.now() - 2 * 60_000).toISOString(), pending: 0, lastError: null, needsAttention: false, rejected: [] };
  connection: ConnectionInfo | ProtocolError = { user: userById('u-sales'), workspace: { id: 'ws-1', name: 'Acme Japan' } };
  /** Unsent changes a switch to another workspace would lose: saveSettings refuses it unless discardPending. */
  unsentOnSwitch = 0;
  /** Errors to throw for a message, e.g. `{getLeadContext: new ProtocolError('offline', …)}`. */
  failures: Partial<Record<RequestName, ProtocolError>> = {};
  /** Every request, in order. */
  requests: Recorded[] = [];
  private nextLocalId = 1;
  private held = new Map<number, Held>();

  constructor(init: Partial<Pick<FakeBackground, 'me' | 'leads' | 'touches' | 'handoffs' | 'outcomes' | 'rejected'>> = {}) {
    Object.assign(this, init);
  }

  /** The `mutate` requests made so far: `{call, holdMs}`. */
  get mutations(): { call: MutationCall; holdMs?: number }[] {
    return this.requests.filter((r) => r.name === 'mutate').map((r) => r.data as { call: MutationCall; holdMs?: number });
  }

  requestsOf(name: RequestName): unknown[] {
    return this.requests.filter((r) => r.name === name).map((r) => r.data);
  }

  lead(id: string): Lead | undefined {
    return this.leads.find((l) => l.id === id);
  }

  /** The mocked `call` of lib/messages. */
  handle = async (name: RequestName, data: unknown): Promise<unknown> => {
    await Promise.resolve();
    const schema = Requests[name];
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new ProtocolError('validation_failed', `invalid ${name} request: ${parsed.error.message}`);
    this.requests.push({ name, data: parsed.data });
    const failure = this.failures[name];
    if (failure) throw failure;
    const value = await this.answer(name, parsed.data as never);
    return structuredClone(value);
  };

  private async answer(name: RequestName, data: never): Promise<Responses[RequestName] | undefined> {
    switch (name) {
      case 'getLeadContext':
        return this.leadContext(data as PageContext);
      case 'listTouches': {
        const { leadId, types, limit } = data as { leadId: string; types?: string[]; limit?: number };
        const list = this.touchesOf(leadId).filter((t) => !types || types.includes(t.type));
        return limit ? list.slice(0, limit) : list;
      }
      case 'mutate': {
        const { call, holdMs } = data as { call: MutationCall; holdMs?: number };
        const localId = this.nextLocalId++;
        if (holdMs) this.held.set(localId, { until: Date.now() + holdMs, snapshot: this.snapshot() });
        this.apply(call);
        this.syncStatus = { ...this.syncStatus, pending: this.syncStatus.pending + 1 };
        return { localId };
      }
      case 'undoMutation': {
        const { localId } = data as { localId: number };
        const held = this.held.get(localId);
        if (!held || held.until <= Date.now()) return { undone: false };
        this.restore(held.snapshot);
        this.held.delete(localId);
        this.syncStatus = { ...this.syncStatus, pending: Math.max(0, this.syncStatus.pending - 1) };
        return { undone: true };
      }
      case 'dismissRejected': {
        const { localId } = data as { localId: number };
        const before = this.rejected.length;
        this.rejected = this.rejected.filter((r) => r.localId !== localId);
        return { dismissed: this.rejected.length < before };
      }
      case 'getSettings':
        return { ...this.settings, me: this.settings.serverUrl ? this.settings.me : this.me };
      case 'saveSettings': {
        const patch = data as {
          serverUrl?: string | null;
          token?: string | null;
          language?: Settings['language'];
          notifications?: boolean;
          quietHours?: Settings['quietHours'];
          slaWarnAt?: number;
          discardPending?: true;
        };
        if ((patch.serverUrl || patch.token) && this.unsentOnSwitch > 0) {
          if (!patch.discardPending) throw new ProtocolError('unsynced_changes', 'changes not sent', { pending: this.unsentOnSwitch });
          this.unsentOnSwitch = 0;
          this.syncStatus = { ...this.syncStatus, pending: 0 };
        }
        if (patch.serverUrl !== undefined) this.settings.serverUrl = patch.serverUrl;
        if (patch.token !== undefined) this.settings.hasToken = patch.token !== null;
        if (patch.language) this.settings.language = patch.language;
        if (patch.notifications !== undefined) this.settings.notifications = patch.notifications;
        if (patch.quietHours) this.settings.quietHours = patch.quietHours;
        if (patch.slaWarnAt !== undefined) this.settings.slaWarnAt = patch.slaWarnAt;
        if (patch.serverUrl || patch.token) {
          if (this.connection instanceof ProtocolError) throw this.connection;
          this.settings.me = this.connection.user;
          this.settings.workspaceName = this.connection.workspace.name;
        }
        return this.answer('getSettings', {} as never);
      }
      case 'testConnection':
        if (this.connection instanceof ProtocolError) throw this.connection;
        return this.connection;
      case 'getSyncStatus':
      case 'syncNow':
        return { ...this.syncStatus, rejected: this.rejected };
      case 'signOut':
        this.leads = [];
        this.touches = [];
        this.handoffs = [];
        this.outcomes = [];
        this.rejected = [];
        this.settings = { ...this.settings, serverUrl: null, hasToken: false, me: null, workspaceName: null };
        this.syncStatus = { mode: 'local-only', state: 'idle', lastSyncedAt: null, pending: 0, lastError: null, needsAttention: false, rejected: [] };
        return { cleared: true };
      case 'exportLocalData':
        return { fileName: 'aun-export-2026-03-02T01-00-00.000Z.json', json: JSON.stringify({ leads: this.leads, touches: this.touches }, null, 2) };
      case 'getBadge':
        return { state: 'none' };
      case 'getMyQueue':
        return this.myQueue();
      case 'openLead':
        return { opened: true };
    }
    return undefined;
  }

  /** The popup's lists, computed with lib/queue like lib/background/attention.ts does. */
  private myQueue(): MyQueue {
    const now = Date.now();
    const leads = new Map(this.leads.map((l) => [l.id, l]));
    const item = (row: QueueRow): QueueItem => {
      const lead = row.lead;
      return {
        handoff: row.handoff,
        leadId: row.handoff.leadId,
        name: lead ? displayName(lead.name, lead.email) : '',
        email: lead?.email ?? '',
        company: lead?.company ?? null,
        source: lead?.source ?? null,
        stage: lead?.stage ?? null,
        grade: lead ? gradeLead(lead, this.touchesOf(lead.id), this.definition, now).grade : null,
        crmUrl: lead?.crmLinks[0]?.url ?? null,
        dueInMs: row.dueInMs,
        overdue: row.overdue,
      };
    };
    const manager = this.me.role === 'manager' || this.me.role === 'admin';
    return {
      role: this.me.role,
      away: this.me.away,
      assigned: salesQueue(this.handoffs, leads, this.me, now).map(item),
      handedOver: marketingHandoffs(this.handoffs, leads, this.me, now).map(item),
      overdue: manager ? overdueHandoffs(this.handoffs, leads, now).map(item) : [],
    };
  }

  private touchesOf(leadId: string): Touch[] {
    return this.touches.filter((t) => t.leadId === leadId).sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  }

  private leadContext(ctx: PageContext): LeadContext {
    const lead =
      (ctx.crmRecord && this.leads.find((l) => l.crmLinks.some((k) => k.system === ctx.crmRecord!.system && k.recordId === ctx.crmRecord!.recordId))) ||
      this.leads.find((l) => ctx.emails.includes(l.email)) ||
      null;
    const base: LeadContext = {
      me: this.me,
      currency: this.settings.currency,
      definition: this.definition,
      lead: null,
      email: ctx.emails[0] ?? null,
      grade: null,
      touches: [],
      touchCount: 0,
      handoff: null,
      handoffDefinition: null,
      outcomes: [],
      users: this.users,
      queues: this.queues,
      conflict: null,
    };
    if (!lead) return base;
    const touches = this.touchesOf(lead.id);
    const handoff = this.handoffs.filter((h) => h.leadId === lead.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
    const rejected = this.rejected.filter((r) => r.leadId === lead.id).at(-1);
    return {
      ...base,
      lead,
      email: lead.email,
      grade: gradeLead(lead, touches, this.definition, Date.now()),
      touches: touches.slice(0, 50),
      touchCount: touches.length,
      handoff,
      handoffDefinition: handoff ? this.definition : null,
      outcomes: this.outcomes.filter((o) => o.leadId === lead.id),
      conflict: rejected ? { localId: rejected.localId, ...rejected.error } : null,
    };
  }

  private snapshot(): string {
    return JSON.stringify({ leads: this.leads, touches: this.touches, handoffs: this.handoffs, outcomes: this.outcomes });
  }

  private restore(snapshot: string): void {
    Object.assign(this, JSON.parse(snapshot));
  }

  /** The same effects as lib/sync/apply-local.ts, on arrays. */
  private apply(call: MutationCall): void {
    const now = new Date().toISOString();
    const userId = this.me.id;
    switch (call.name) {
      case 'lead.upsert': {
        const patch = Object.fromEntries(Object.entries(call.args.lead).filter(([, v]) => v !== undefined));
        const existing = this.lead(call.args.lead.id);
        const base: Lead = existing ?? {
          id: call.args.lead.id,
          email: call.args.lead.email,
          name: {},
          firmographics: {},
          source: { channel: 'other' },
          stage: 'inquiry',
          crmLinks: [],
          createdAt: now,
          updatedAt: now,
        };
        this.putLead({ ...base, ...patch, updatedAt: now } as Lead);
        return;
      }
      case 'lead.linkCrm': {
        const lead = this.lead(call.args.leadId);
        if (!lead) return;
        const link = call.args.link;
        this.putLead({ ...lead, crmLinks: [...lead.crmLinks.filter((l) => !(l.system === link.system && l.recordId === link.recordId)), link] });
        return;
      }
      case 'touch.add':
        this.touches = [...this.touches.filter((t) => t.id !== call.args.touch.id), { ...call.args.touch, createdBy: userId }];
        return;
      case 'handoff.create': {
        const a = call.args;
        const stage = stageById(this.definition, a.stageId);
        this.handoffs.push({
          id: a.id,
          leadId: a.leadId,
          stageId: a.stageId,
          definitionVersion: this.definition.version,
          fromUserId: userId,
          ...(a.toUserId ? { toUserId: a.toUserId, assignedAt: a.createdAt } : {}),
          ...(a.toQueueId ? { toQueueId: a.toQueueId } : {}),
          ...(stage ? { dueAt: slaDueAt(a.createdAt, stage, this.definition.calendar) } : {}),
          ...(a.note ? { note: a.note } : {}),
          checklist: Object.fromEntries(a.checkedItemIds.map((id) => [id, { checked: true, by: userId, at: a.createdAt }])),
          status: 'pending',
          createdAt: a.createdAt,
          updatedAt: now,
        });
        const lead = this.lead(a.leadId);
        if (lead) this.putLead({ ...lead, stage: stageAfterHandoffCreated(lead.stage) });
        return;
      }
      case 'handoff.checkItem': {
        const h = this.handoffs.find((x) => x.id === call.args.handoffId);
        if (!h) return;
        h.checklist = { ...h.checklist, [call.args.itemId]: { checked: call.args.checked, by: userId, at: call.args.at } };
        return;
      }
      case 'handoff.claim': {
        const h = this.handoffs.find((x) => x.id === call.args.handoffId);
        const stage = h && stageById(this.definition, h.stageId);
        if (!h || h.toUserId || !stage) return;
        Object.assign(h, { toUserId: userId, assignedAt: call.args.at, dueAt: h.dueAt ?? slaDueAt(h.createdAt, stage, this.definition.calendar) });
        return;
      }
      case 'handoff.decide': {
        const h = this.handoffs.find((x) => x.id === call.args.handoffId);
        if (!h || h.status !== 'pending') return;
        const a = call.args;
        h.status = a.kind === 'accept' ? 'accepted' : a.kind === 'reject' ? 'rejected' : 'recycled';
        h.decision = { kind: a.kind, by: userId, at: a.at, ...(a.reasonCode ? { reasonCode: a.reasonCode } : {}), ...(a.note ? { note: a.note } : {}) };
        const lead = this.lead(h.leadId);
        if (lead) this.putLead({ ...lead, stage: stageAfterDecision(lead.stage, a.kind), ...(a.kind === 'accept' ? { ownerId: userId } : {}) });
        return;
      }
      case 'outcome.record': {
        this.outcomes.push({ ...call.args, recordedBy: userId });
        const lead = this.lead(call.args.leadId);
        if (lead) this.putLead({ ...lead, stage: stageAfterOutcome(lead.stage, call.args.kind) });
        return;
      }
      case 'user.setAway':
        this.me = { ...this.me, away: call.args.away };
        return;
      default:
        return;
    }
  }

  private putLead(lead: Lead): void {
    this.leads = [...this.leads.filter((l) => l.id !== lead.id), lead];
  }
}

/* ---------- fixtures ---------- */

export const CRM_LINK = {
  system: 'salesforce' as const,
  objectType: 'Lead',
  recordId: '00Q5g00000ABCDE',
  url: 'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000ABCDE/view',
};

export function makeLead(email: string, patch: Partial<Lead> = {}): Lead {
  const at = new Date(Date.now() - 30 * 24 * HOUR).toISOString();
  return {
    id: leadIdForEmail(email),
    email,
    name: { family: '山田', given: '太郎' },
    company: '株式会社アクメ',
    title: '情報システム部 部長',
    department: '情報システム部',
    firmographics: { industry: 'manufacturing', employeeBand: '300-999', country: 'JP' },
    source: { channel: 'webinar', campaign: '2026-03 DX webinar' },
    stage: 'mql',
    crmLinks: [CRM_LINK],
    createdAt: at,
    updatedAt: at,
    ...patch,
  };
}

export function makeTouches(leadId: string, n: number, patch: (i: number) => Partial<Touch> = () => ({})): Touch[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `t-${leadId}-${i}`,
    leadId,
    type: 'web_visit' as const,
    occurredAt: new Date(Date.now() - (i + 1) * 5 * HOUR).toISOString(),
    origin: 'test',
    detail: `/pricing?page=${i}`,
    ...patch(i),
  }));
}

/** A handoff made 3 hours ago, assigned to the sales rep 1 hour after, due 24 h after assignment. */
export function makeHandoff(leadId: string, patch: Partial<Handoff> = {}): Handoff {
  const created = Date.now() - 3 * HOUR;
  return {
    id: `h-${leadId}`,
    leadId,
    stageId: 'marketing_to_sales',
    definitionVersion: 1,
    fromUserId: 'u-marketer',
    toUserId: 'u-sales',
    checklist: {},
    status: 'pending',
    createdAt: new Date(created).toISOString(),
    assignedAt: new Date(created + HOUR).toISOString(),
    dueAt: new Date(created + 25 * HOUR).toISOString(),
    note: '予算は来期で確保済みとのこと',
    updatedAt: new Date(created).toISOString(),
    ...patch,
  };
}

/** Every required item of the default stage checked by the marketer. */
export function allRequiredChecked(): Handoff['checklist'] {
  const at = new Date(Date.now() - 3 * HOUR).toISOString();
  return Object.fromEntries(
    stageById(DEFAULT_DEFINITION, 'marketing_to_sales')!
      .checklist.filter((i) => i.required)
      .map((i) => [i.id, { checked: true, by: 'u-marketer', at }]),
  );
}

export function crmContext(email: string, patch: Partial<PageContext> = {}): PageContext {
  return { site: 'salesforce', kind: 'crm-record', emails: [email], name: '山田 太郎', company: '株式会社アクメ', crmRecord: CRM_LINK, ...patch };
}

export function emailContext(from: string, patch: Partial<PageContext> = {}): PageContext {
  return {
    site: 'gmail',
    kind: 'email-thread',
    emails: [from],
    name: '山田 太郎',
    message: { subject: '製品導入のご相談', from, date: '2026-03-02T01:23:00.000Z', threadId: '18e0a1b2c3d4e5f6' },
    ...patch,
  };
}

export function rejectedDecision(localId: number, leadId: string, code: ErrorCode, details: unknown): RejectedMutation {
  return { localId, name: 'handoff.decide', leadId, decision: 'reject', error: { code, message: 'The handoff was already decided.', details }, at: new Date().toISOString() };
}
