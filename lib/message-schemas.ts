/**
 * Runtime schemas for the requests of lib/messages.ts. Only the background imports this file
 * (it validates every message on receipt); UI and content scripts import the protocol's types,
 * which keeps zod out of the content-script bundle.
 */
import { z } from 'zod';
import { Id, TimeZone, Timestamp } from './domain/common';
import { MutationCallSchema } from './domain/mutations';
import { TouchType } from './domain/touch';
import { PageContext } from './adapters/page-context';
import { LeadDefinition } from './domain/definition';
import { ReviewFilters } from './metrics/filters';
import { DRILL_LIMIT } from './metrics/drill';

export const Language = z.enum(['auto', 'ja', 'en']);
/** http only for loopback (a local server); everything else must be https. */
export const ServerUrl = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .refine((raw) => {
    // zod runs this even when the url check above failed, so it must not throw on garbage.
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }, 'use https (http is allowed only for localhost)');

export const Requests = {
  /** The light answer the content script needs to draw the badge. */
  getBadge: PageContext,
  /** Everything the sidebar shows for the page's person. */
  getLeadContext: PageContext,
  listTouches: z.strictObject({
    leadId: Id,
    types: z.array(TouchType).max(20).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  }),
  /** Apply a mutation locally (optimistically) and queue it in the outbox. */
  mutate: z.strictObject({
    call: MutationCallSchema,
    /** Hold the mutation this long before it may be sent, so it can be undone (Accept's 10 s undo). */
    holdMs: z.number().int().min(0).max(60_000).optional(),
  }),
  /** Take back a held mutation that has not been sent yet. */
  undoMutation: z.strictObject({ localId: z.number().int().positive() }),
  /** Dismiss a mutation the server rejected, once the user has seen it. */
  dismissRejected: z.strictObject({ localId: z.number().int().positive() }),

  getSettings: z.strictObject({}),
  saveSettings: z.strictObject({
    serverUrl: ServerUrl.nullable().optional(),
    token: z.string().trim().min(10).max(500).nullable().optional(),
    language: Language.optional(),
    notifications: z.boolean().optional(),
    slaWarnAt: z.number().min(0.5).max(0.95).optional(),
    quietHours: z
      .strictObject({
        enabled: z.boolean(),
        start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
        end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
        weekends: z.boolean(),
        timezone: TimeZone,
      })
      .optional(),
    /**
     * The user confirmed dropping changes not yet sent: needed when the new URL or token is
     * another workspace, user or server and the outbox is not empty (else `unsynced_changes`).
     */
    discardPending: z.literal(true).optional(),
  }),
  /** Calls the server's /api/me with the given URL and token without saving them. */
  testConnection: z.strictObject({ serverUrl: ServerUrl, token: z.string().trim().min(10).max(500) }),
  getSyncStatus: z.strictObject({}),
  /**
   * Run a sync now: the sidebar when it opens ('sidebar', past any backoff), and every few seconds
   * while it is on screen ('live', which respects backoff and a rejected token like the alarm).
   */
  syncNow: z.strictObject({ reason: z.enum(['sidebar', 'live', 'manual', 'popup', 'review']).default('manual') }),
  /** Forget the server, the token and every local record. */
  signOut: z.strictObject({ confirm: z.literal(true) }),
  exportLocalData: z.strictObject({}),
  /** The popup's lists for the signed-in user's role. */
  getMyQueue: z.strictObject({}),
  /** Open a lead's CRM record, or the sidebar when it has none. */
  openLead: z.strictObject({ leadId: Id }),
  /** The person on the active tab, for the sidebar running as a side panel (no drawer to tell it). */
  getActiveTabContext: z.strictObject({}),
  /** The joint review's metrics for a set of filters, computed in the background from the replica. */
  getReview: z.strictObject({ filters: ReviewFilters, refresh: z.boolean().optional() }),
  /**
   * The leads behind a number of the review (a drill-down): given by id, or by the drill reference
   * of a getReview response (its filters, computedAt and the number's list).
   */
  getReviewLeads: z.union([
    z.strictObject({ ids: z.array(Id).max(DRILL_LIMIT) }),
    z.strictObject({ drill: z.strictObject({ filters: ReviewFilters, computedAt: Timestamp, list: z.number().int().min(0).max(1_000_000) }) }),
  ]),
  /** The current published lead definition. */
  getDefinition: z.strictObject({}),
  /** The workspace's users and queues from the replica (routing rules name them). */
  getTeam: z.strictObject({}),
  /** Regrade the replica's most recently updated leads under a draft definition; nothing is saved. */
  whatIfDefinition: z.strictObject({ definition: LeadDefinition, limit: z.number().int().min(1).max(100_000).optional() }),
} as const;
