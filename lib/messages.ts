/**
 * The one typed protocol between every UI surface (content script, sidebar, popup, options,
 * review) and the background service worker, which alone owns the Dexie database and the network.
 *
 * Each message has a zod schema for its request (lib/message-schemas.ts); the background validates
 * every message on receipt (lib/background/handlers.ts) and answers `{ok: true, value}` or `{ok: false, error}`.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { z } from 'zod';
import type { ErrorCode } from './domain/errors';
import type { Requests } from './message-schemas';
import type { Handoff, LeadDefinition, Lead, Outcome, Touch, User, Queue, MutationCall } from './domain';
import type { GradeResult } from './grading';
import type { PageContext } from './adapters/page-context';
import type { ReviewLeadsResponse, ReviewResponse, WhatIfResult } from './background/review';

export type RequestName = keyof typeof Requests;
export type RequestOf<N extends RequestName> = z.infer<(typeof Requests)[N]>;

export type BadgeInfo =
  | { state: 'none' }
  | { state: 'unknown'; email: string }
  | { state: 'known'; leadId: string; grade: GradeResult['grade']; mqlReady: boolean; pendingHandoff: boolean };

export interface LeadContext {
  me: User | null;
  /** The workspace's currency for amounts (ISO 4217, JPY by default). */
  currency: string;
  definition: LeadDefinition;
  lead: Lead | null;
  /** The email the context is about (first on the page), for "Start tracking" / "Tag". */
  email: string | null;
  grade: GradeResult | null;
  /** Newest first, at most 50; `touchCount` tells whether "show all" is needed. */
  touches: Touch[];
  touchCount: number;
  /** The newest handoff of the lead, with the definition version it was made under. */
  handoff: Handoff | null;
  handoffDefinition: LeadDefinition | null;
  outcomes: Outcome[];
  users: User[];
  queues: Queue[];
  /** A mutation of ours the server rejected for this lead, e.g. already_decided, with what won. */
  conflict: { localId: number; code: ErrorCode; message: string; details?: unknown } | null;
}

export interface Settings {
  /** null: local-only mode; everything works and the outbox waits for a server. */
  serverUrl: string | null;
  hasToken: boolean;
  language: 'auto' | 'ja' | 'en';
  notifications: boolean;
  /** Notifications wait while it is quiet (e.g. nights and weekends). */
  quietHours: { enabled: boolean; start: string; end: string; weekends: boolean; timezone: string };
  /** Share of the SLA time after which "about to breach" is notified, e.g. 0.75. */
  slaWarnAt: number;
  /** The signed-in user, from the last successful /api/me; a local stand-in in local-only mode. */
  me: User | null;
  workspaceName: string | null;
  /** ISO 4217, from the workspace; JPY until a server says otherwise. */
  currency: string;
}

export interface RejectedMutation {
  localId: number;
  name: MutationCall['name'];
  /** The lead the mutation was about, when it had one. */
  leadId: string | null;
  /** For a refused `handoff.decide`: what I decided (accept, reject, recycle). */
  decision: 'accept' | 'reject' | 'recycle' | null;
  error: { code: ErrorCode; message: string; details?: unknown };
  at: string;
}

export interface SyncStatus {
  mode: 'local-only' | 'server';
  state: 'idle' | 'syncing' | 'offline' | 'token-rejected' | 'error';
  lastSyncedAt: string | null;
  /** Mutations waiting in the outbox (held ones included). */
  pending: number;
  lastError: { code: ErrorCode; message: string } | null;
  /**
   * The last failure needs a person (a rejected token, 403, 413, 422…): shown as an error to act on.
   * Automatic sync still retries it (at most every 15 min) and keeps the outbox.
   */
  needsAttention: boolean;
  rejected: RejectedMutation[];
}

export interface ConnectionInfo {
  user: User;
  workspace: { id: string; name: string };
}

export interface QueueItem {
  handoff: Handoff;
  leadId: string;
  name: string;
  email: string;
  company: string | null;
  source: Lead['source'] | null;
  /** The lead's lifecycle stage now (a rejected handoff's lead may since be recycled or re-handed). */
  stage: Lead['stage'] | null;
  /** Cached grade, e.g. "A2"; null until graded. */
  grade: string | null;
  crmUrl: string | null;
  dueInMs: number | null;
  overdue: boolean;
}

/** The popup's lists, by role: a rep's queue, a marketer's handoffs, a manager's overdue ones. */
export interface MyQueue {
  role: User['role'];
  /** Whether I am marked away (automatic routing skips me). */
  away: boolean;
  assigned: QueueItem[];
  handedOver: QueueItem[];
  overdue: QueueItem[];
}

export interface MutateResult {
  localId: number;
}

export interface Responses {
  getBadge: BadgeInfo;
  getLeadContext: LeadContext;
  listTouches: Touch[];
  mutate: MutateResult;
  undoMutation: { undone: boolean };
  dismissRejected: { dismissed: boolean };
  getSettings: Settings;
  saveSettings: Settings;
  testConnection: ConnectionInfo;
  getSyncStatus: SyncStatus;
  syncNow: SyncStatus;
  signOut: { cleared: true };
  /** Everything in the local replica and the outbox, as pretty JSON. */
  exportLocalData: { fileName: string; json: string };
  getMyQueue: MyQueue;
  openLead: { opened: boolean };
  getActiveTabContext: PageContext | null;
  getReview: ReviewResponse;
  getReviewLeads: ReviewLeadsResponse;
  getDefinition: LeadDefinition;
  getTeam: { users: User[]; queues: Queue[] };
  whatIfDefinition: WhatIfResult;
}

/** Every answer is wrapped so an error crosses the message boundary with its code intact. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

type ProtocolMap = { [N in RequestName]: (data: RequestOf<N>) => Reply<Responses[N]> };

export const { sendMessage, onMessage, removeAllListeners } = defineExtensionMessaging<ProtocolMap>();

export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Send a request and unwrap its reply; throws ProtocolError on `{ok: false}`. For React Query's queryFn. */
export async function call<N extends RequestName>(name: N, data: RequestOf<N>): Promise<Responses[N]> {
  const reply = (await sendMessage(name, data as never)) as Reply<Responses[N]>;
  if (!reply.ok) throw new ProtocolError(reply.error.code, reply.error.message, reply.error.details);
  return reply.value;
}

export type { MutationCall };
