import { browser } from 'wxt/browser';
import { PageContext } from '../adapters/page-context';
import { GET_CONTEXT } from '../content/messages-from-background';
import { MeResponse, type ErrorCode } from '../domain';
import { ErrorBody } from '../domain/errors';
import type { AunDatabase } from '../db/database';
import {
  countTouches,
  currentDefinition,
  definitionByVersion,
  findLeadForPage,
  latestHandoff,
  listTouches,
  outcomesForLead,
} from '../db/queries';
import { stripDerived } from '../db/rows';
import { gradeStoredLead } from '../db/queries';
import { Requests } from '../message-schemas';
import { ProtocolError, type LeadContext, type RequestName, type RequestOf, type Responses } from '../messages';
import { recordMutation, withdrawMutation } from '../sync/replica';
import type { SyncEngine } from '../sync/engine';
import { ownerOf, takeOwnership, UnsentChangesError } from '../sync/identity';
import { myQueue, openLead } from './attention';
import { clearSettings, currentUser, loadSettings, publicSettings, saveSettings } from './settings';
import { signedInUser } from './signed-in';
import { getDefinition, getReview, getReviewDrill, getReviewLeads, invalidateReviewCache, whatIfDefinition } from './review';

export interface BackgroundDeps {
  db: AunDatabase;
  engine: SyncEngine;
  now?: () => number;
  fetch?: typeof fetch;
  /** A local mutation asks for a (debounced) sync. */
  onMutation?: () => void;
  /** A CRM or webmail page with a person was opened: a (throttled) sync keeps what it shows fresh. */
  onPageVisit?: () => void;
  /** Settings changed: re-check alarms, badge, permissions. */
  onSettingsChanged?: () => void;
}

type Handlers = { [N in RequestName]: (data: RequestOf<N>) => Promise<Responses[N]> };

const TOUCH_PAGE = 50;

/** The background's answers to every protocol message. Inputs are already validated. */
export function createHandlers(deps: BackgroundDeps): Handlers {
  const { db, engine } = deps;
  const now = deps.now ?? Date.now;
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));

  return {
    async getBadge(ctx) {
      if (ctx.emails.length === 0 && !ctx.crmRecord) return { state: 'none' };
      deps.onPageVisit?.();
      // Reads that do not depend on each other go together: the badge waits on this.
      const [row, definition] = await Promise.all([findLeadForPage(db, ctx), currentDefinition(db)]);
      if (!row) return ctx.emails[0] ? { state: 'unknown', email: ctx.emails[0] } : { state: 'none' };
      // Graded live from the lead's touches so the badge is right even before the cache catches up.
      const [grade, pending] = await Promise.all([
        gradeStoredLead(db, stripDerived(row), definition, now()),
        db.handoffs.where('leadId').equals(row.id).filter((h) => h.status === 'pending').count(),
      ]);
      return { state: 'known', leadId: row.id, grade: grade.grade, mqlReady: grade.mqlReady, pendingHandoff: pending > 0 };
    },

    async getLeadContext(ctx) {
      // The drawer's first paint waits on this: independent reads go together.
      const [settings, definition, users, queues, row] = await Promise.all([
        loadSettings(),
        currentDefinition(db),
        db.users.toArray(),
        db.queues.toArray(),
        findLeadForPage(db, ctx),
      ]);
      const base: LeadContext = {
        me: await signedInUser(db, settings),
        currency: settings.currency,
        definition,
        lead: null,
        email: ctx.emails[0] ?? null,
        grade: null,
        touches: [],
        touchCount: 0,
        handoff: null,
        handoffDefinition: null,
        outcomes: [],
        users,
        queues,
        conflict: null,
      };
      if (!row) return base;
      const lead = stripDerived(row);
      const [grade, touches, touchCount, handoff, outcomes, rejected] = await Promise.all([
        gradeStoredLead(db, lead, definition, now()),
        listTouches(db, lead.id, { limit: TOUCH_PAGE }),
        countTouches(db, lead.id),
        latestHandoff(db, lead.id),
        outcomesForLead(db, lead.id),
        db.rejected.where('leadId').equals(lead.id).last(),
      ]);
      return {
        ...base,
        lead,
        email: lead.email,
        grade,
        touches,
        touchCount,
        handoff: handoff ?? null,
        handoffDefinition: handoff ? ((await definitionByVersion(db, handoff.definitionVersion)) ?? definition) : null,
        outcomes,
        conflict: rejected ? { ...rejected.error, localId: rejected.localId } : null,
      };
    },

    listTouches: ({ leadId, types, limit }) => listTouches(db, leadId, { ...(types ? { types } : {}), ...(limit ? { limit } : {}) }),

    async mutate({ call, holdMs }) {
      const settings = await loadSettings();
      const { localId } = await recordMutation(db, call, { userId: currentUser(settings).id, now: new Date(now()).toISOString() }, holdMs ?? 0);
      // The review reads the replica: a decision just made must show there at once, not in a minute.
      invalidateReviewCache(db);
      deps.onMutation?.();
      return { localId };
    },

    async undoMutation({ localId }) {
      const entry = await db.outbox.get(localId);
      // Only a mutation still held (never sent) can be taken back.
      if (!entry || entry.notBefore <= new Date(now()).toISOString()) return { undone: false };
      const settings = await loadSettings();
      const undone = await withdrawMutation(db, localId, { userId: currentUser(settings).id, now: new Date(now()).toISOString() });
      if (undone) invalidateReviewCache(db);
      return { undone };
    },

    async dismissRejected({ localId }) {
      const existed = !!(await db.rejected.get(localId));
      await db.rejected.delete(localId);
      return { dismissed: existed };
    },

    async getSettings() {
      const settings = await loadSettings();
      const shown = publicSettings(settings);
      return shown.serverUrl && shown.me ? { ...shown, me: await signedInUser(db, settings) } : shown;
    },

    async saveSettings(patch) {
      const before = await loadSettings();
      const next: Parameters<typeof saveSettings>[0] = {};
      if (patch.language !== undefined) next.language = patch.language;
      if (patch.notifications !== undefined) next.notifications = patch.notifications;
      if (patch.quietHours !== undefined) next.quietHours = patch.quietHours;
      if (patch.slaWarnAt !== undefined) next.slaWarnAt = patch.slaWarnAt;
      const connectionChanged = (patch.serverUrl !== undefined && patch.serverUrl !== before.serverUrl) || patch.token !== undefined;
      if (!connectionChanged) {
        const saved = await saveSettings(next);
        deps.onSettingsChanged?.();
        return publicSettings(saved);
      }
      if (patch.serverUrl !== undefined) next.serverUrl = patch.serverUrl;
      if (patch.token !== undefined) next.token = patch.token;
      next.me = null;
      next.workspaceName = null;
      const serverUrl = patch.serverUrl !== undefined ? patch.serverUrl : before.serverUrl;
      const token = patch.token !== undefined ? patch.token : before.token;
      const me = serverUrl && token ? await fetchMe(doFetch, serverUrl, token) : null;
      if (me) {
        next.me = me.user;
        next.workspaceName = me.workspace.name;
        next.currency = me.workspace.currency;
      }
      // No sync may run between checking whose replica this is and saving the new connection.
      const saved = await engine.exclusive(async () => {
        if (serverUrl && me) {
          const change = await takeOwnership(db, ownerOf(serverUrl, me.workspace.id, me.user.id), {
            previous: before.serverUrl && before.me ? ownerOf(before.serverUrl, null, before.me.id) : null,
            discard: patch.discardPending === true,
          }).catch((error: unknown) => {
            if (error instanceof UnsentChangesError) {
              throw new ProtocolError(
                'unsynced_changes',
                `${error.pending} changes made here have not been sent. Sync or export them before switching to another workspace, user or server, or confirm discarding them.`,
                { pending: error.pending },
              );
            }
            throw error;
          });
          if (change === 'cleared') invalidateReviewCache(db);
        }
        await engine.reset();
        return saveSettings(next);
      });
      deps.onSettingsChanged?.();
      void engine.sync('manual');
      return publicSettings(saved);
    },

    async testConnection({ serverUrl, token }) {
      const me = await fetchMe(doFetch, serverUrl, token);
      return { user: me.user, workspace: { id: me.workspace.id, name: me.workspace.name } };
    },

    getSyncStatus: () => engine.status(),
    syncNow: ({ reason }) => engine.sync(reason),

    async signOut() {
      // Exclusive: a pull still in flight must not write the old rows back after the clear.
      await engine.exclusive(async () => {
        await db.transaction('rw', db.tables, async () => {
          await Promise.all(db.tables.map((t) => t.clear()));
        });
        await clearSettings();
      });
      deps.onSettingsChanged?.();
      return { cleared: true };
    },

    getMyQueue: async () => myQueue(db, await signedInUser(db, await loadSettings()), now()),

    openLead: async ({ leadId }) => ({ opened: await openLead(db, leadId) }),

    getReview: ({ filters, refresh }) => getReview(db, filters, now(), refresh ?? false),
    getReviewLeads: (request) => ('ids' in request ? getReviewLeads(db, request.ids) : getReviewDrill(db, request.drill)),
    getDefinition: () => getDefinition(db),
    async getTeam() {
      const [users, queues] = await Promise.all([db.users.toArray(), db.queues.toArray()]);
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      return { users: users.sort(byName), queues: queues.sort(byName) };
    },
    whatIfDefinition: ({ definition, limit }) => whatIfDefinition(db, definition, now(), limit ? { limit } : {}),

    async getActiveTabContext() {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      if (tab?.id === undefined) return null;
      // Tabs without our content script reject; a page without a person answers null.
      const reply: unknown = await browser.tabs.sendMessage(tab.id, { type: GET_CONTEXT }).catch(() => null);
      const parsed = PageContext.safeParse(reply);
      return parsed.success ? parsed.data : null;
    },

    async exportLocalData() {
      const dump: Record<string, unknown[]> = {};
      for (const table of db.tables) {
        // Internal bookkeeping and caches, not the user's data.
        if (['shadows', 'regradeQueue', 'reviewSnapshot', 'reviewDirty'].includes(table.name)) continue;
        dump[table.name] = (await table.toArray()).map((row) => stripDerived(row as object));
      }
      const stamp = new Date(now()).toISOString().replaceAll(':', '-');
      return { fileName: `aun-export-${stamp}.json`, json: JSON.stringify({ exportedAt: new Date(now()).toISOString(), ...dump }, null, 2) };
    },
  };
}

async function fetchMe(doFetch: typeof fetch, serverUrl: string, token: string): Promise<MeResponse> {
  let response: Response;
  try {
    response = await doFetch(new URL('/api/me', serverUrl).toString(), { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ProtocolError('offline', 'The server could not be reached. Check the URL and your network.');
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.status === 401) throw new ProtocolError('unauthorized', 'The server rejected the token.');
  if (!response.ok) {
    const body = ErrorBody.safeParse(json);
    throw new ProtocolError(body.success ? body.data.error.code : 'server_error', body.success ? body.data.error.message : `HTTP ${response.status}`);
  }
  const me = MeResponse.safeParse(json);
  if (!me.success) throw new ProtocolError('server_error', 'That URL does not answer like an Aun server.');
  return me.data;
}

/**
 * Validate a raw message with its schema, run its handler, and wrap the answer so errors keep
 * their code across the message boundary. Never throws.
 */
export async function dispatch<N extends RequestName>(
  handlers: Handlers,
  name: N,
  raw: unknown,
): Promise<{ ok: true; value: Responses[N] } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } }> {
  // Own keys only: a name like "constructor" or "__proto__" must not reach Object.prototype.
  if (!Object.hasOwn(Requests, name)) return { ok: false, error: { code: 'bad_request', message: `unknown message ${String(name).slice(0, 64)}` } };
  const parsed = Requests[name].safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: { code: 'validation_failed', message: `invalid ${name} request`, details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } };
  }
  try {
    return { ok: true, value: await handlers[name](parsed.data as never) };
  } catch (error) {
    if (error instanceof ProtocolError) return { ok: false, error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
    return { ok: false, error: { code: 'server_error', message: 'Something went wrong in the extension. Your data is safe; try again.' } };
  }
}

