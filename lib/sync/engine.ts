import { PullResponse, PushResponse, type ErrorCode } from '../domain';
import { ErrorBody } from '../domain/errors';
import type { AunDatabase } from '../db/database';
import type { OutboxEntry } from '../db/rows';
import type { SyncStatus } from '../messages';
import { applyPulledPage, confirmMutations, planPage, withdrawMutation } from './replica';
import { regradeQueued } from './regrade';
import { backoffMs } from './backoff';

/** Rows per pull request: the server's maximum (PullQuery), so a big initial sync takes few round trips. */
export const PULL_PAGE_SIZE = 5000;

export interface Connection {
  serverUrl: string;
  token: string;
}

export interface SyncEngineDeps {
  db: AunDatabase;
  /** null in local-only mode: nothing is sent, the outbox waits. */
  connection: () => Promise<Connection | null>;
  /** The signed-in user's id, for optimistic re-application. */
  userId: () => Promise<string>;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  pageSize?: number;
  pushBatch?: number;
  /**
   * Called after every run (badge, notifications), also one skipped for backoff or a rejected
   * token, so SLA warnings keep coming while offline; `changed` when a pull applied something.
   */
  afterSync?: (result: { changed: boolean }) => Promise<void>;
}

export type SyncTrigger = 'alarm' | 'sidebar' | 'live' | 'mutation' | 'online' | 'manual' | 'popup' | 'review' | 'startup' | 'page';

interface PersistedState {
  state: SyncStatus['state'];
  lastSyncedAt: string | null;
  lastError: { code: ErrorCode; message: string } | null;
  failures: number;
  nextAttemptAt: number;
  /** The last failure needs a person (401, 403, 413, 422…), not just time. */
  needsAttention: boolean;
}

const INITIAL: PersistedState = { state: 'idle', lastSyncedAt: null, lastError: null, failures: 0, nextAttemptAt: 0, needsAttention: false };

/** A failure that heals by itself (network, 5xx, 429) vs one that needs a person (401, 403, 413, 422). */
class SyncFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retry: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Push the outbox, then pull pages until the server has no more. Single-flight: triggers that
 * arrive while a sync runs share it. Backs off exponentially with jitter on network or server
 * errors, and more slowly (at most 15 min) on errors that need a person; stops on a rejected
 * token until the settings change. The outbox is never dropped.
 */
export class SyncEngine {
  private running: Promise<SyncStatus> | null = null;
  /** Settles when the last `exclusive` section is done; every run starts after it. */
  private gate: Promise<void> = Promise.resolve();
  private pulledChanges = 0;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly deps: SyncEngineDeps) {
    this.fetch = deps.fetch ?? ((...args) => globalThis.fetch(...args));
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
  }

  sync(trigger: SyncTrigger = 'manual'): Promise<SyncStatus> {
    if (this.running) return this.running;
    this.running = this.gate.then(() => this.run(trigger)).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Run `fn` with no sync in flight, e.g. to clear the replica and change the connection: waits
   * for a running sync (which still uses the old connection), and syncs asked for meanwhile
   * start only after `fn`, with whatever connection it left.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const inFlight = this.running;
    const previous = this.gate;
    const result = previous.then(async () => {
      await inFlight?.catch(() => undefined);
      return fn();
    });
    this.gate = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async status(): Promise<SyncStatus> {
    const state = await this.state();
    const connection = await this.deps.connection();
    const pending = await this.deps.db.outbox.count();
    const rejected = await this.deps.db.rejected.orderBy('localId').toArray();
    return {
      mode: connection ? 'server' : 'local-only',
      // A worker stopped mid-sync leaves 'syncing' behind; only a run in this worker is really syncing.
      state: !connection ? 'idle' : state.state === 'syncing' && !this.running ? 'idle' : state.state,
      lastSyncedAt: state.lastSyncedAt,
      pending,
      lastError: state.lastError,
      needsAttention: !!connection && state.needsAttention,
      rejected: rejected.map((r) => ({
        localId: r.localId,
        name: r.name,
        leadId: r.leadId,
        decision: r.name === 'handoff.decide' ? (r.args as { kind: 'accept' | 'reject' | 'recycle' }).kind : null,
        error: r.error,
        at: r.at,
      })),
    };
  }

  /** Forget backoff and a rejected token (after the user changed settings). */
  async reset(): Promise<void> {
    await this.save(INITIAL);
  }

  private async run(trigger: SyncTrigger): Promise<SyncStatus> {
    const connection = await this.deps.connection();
    const state = await this.state();
    // Automatic triggers respect backoff and a rejected token; a person asking (sidebar, manual) retries now.
    const automatic = trigger === 'alarm' || trigger === 'live' || trigger === 'mutation' || trigger === 'startup' || trigger === 'page';
    const waiting = automatic && (state.state === 'token-rejected' || this.now() < state.nextAttemptAt);
    this.pulledChanges = 0;
    if (connection && !waiting) await this.exchange(connection, state);
    // Local work goes on whatever the network does: grades of local changes, badge, notifications.
    await this.regrade();
    await this.deps.afterSync?.({ changed: this.pulledChanges > 0 }).catch(() => undefined);
    return this.status();
  }

  /** One push and pull; records success, or the failure with when to try again. */
  private async exchange(connection: Connection, state: PersistedState): Promise<void> {
    await this.save({ ...state, state: 'syncing' });
    try {
      await this.push(connection);
      await this.pull(connection);
      await this.save({ ...INITIAL, lastSyncedAt: new Date(this.now()).toISOString() });
    } catch (error) {
      const failure = error instanceof SyncFailure ? error : new SyncFailure('offline', 'The server could not be reached.', true);
      const failures = state.failures + 1;
      await this.save({
        state: failure.code === 'unauthorized' ? 'token-rejected' : failure.code === 'offline' ? 'offline' : 'error',
        lastSyncedAt: state.lastSyncedAt,
        lastError: { code: failure.code, message: failure.message },
        failures,
        // Never "stop for good": an error a person must fix is retried rarely (an admin may fix it
        // server-side). Only a rejected token waits for new settings, through its state.
        nextAttemptAt: this.now() + backoffMs(failure.retry ? 'transient' : 'attention', failures, this.random()),
        needsAttention: !failure.retry,
      });
    }
  }

  private async regrade(): Promise<void> {
    await regradeQueued(this.deps.db, this.now());
  }

  private async push(connection: Connection): Promise<void> {
    const { db } = this.deps;
    const clientId = await this.clientId();
    const batchSize = this.deps.pushBatch ?? 100;
    for (;;) {
      const sendable = await this.sendable(batchSize);
      if (sendable.length === 0) return;
      let response: PushResponse;
      try {
        response = await this.request(connection, 'POST', '/api/sync/push', PushResponse, {
          clientId,
          mutations: sendable.map((e) => ({ id: e.localId, name: e.name, args: e.args })),
        });
      } catch (error) {
        // A batch the server cannot read as a whole: send one at a time so one bad mutation
        // is rejected on its own instead of blocking the rest forever.
        if (error instanceof SyncFailure && error.status === 400 && sendable.length > 1) {
          await this.pushOneByOne(connection, clientId, sendable);
          continue;
        }
        if (error instanceof SyncFailure && error.status === 400 && sendable.length === 1) {
          await withdrawMutation(db, sendable[0]!.localId!, await this.actor(), { code: error.code, message: error.message });
          continue;
        }
        throw error;
      }
      await this.settle(response);
    }
  }

  private async pushOneByOne(connection: Connection, clientId: string, entries: OutboxEntry[]): Promise<void> {
    for (const entry of entries) {
      try {
        const response = await this.request(connection, 'POST', '/api/sync/push', PushResponse, {
          clientId,
          mutations: [{ id: entry.localId, name: entry.name, args: entry.args }],
        });
        await this.settle(response);
      } catch (error) {
        if (error instanceof SyncFailure && error.status === 400) {
          await withdrawMutation(this.deps.db, entry.localId!, await this.actor(), { code: error.code, message: error.message });
        } else throw error;
      }
    }
  }

  private async settle(response: PushResponse): Promise<void> {
    const done: number[] = [];
    for (const result of response.results) {
      if (result.status === 'rejected') {
        await withdrawMutation(this.deps.db, result.id, await this.actor(), result.error ?? { code: 'bad_request', message: 'rejected' });
      } else done.push(result.id);
    }
    await confirmMutations(this.deps.db, done);
  }

  /** The outbox in order, up to the first mutation still held for undo: order is never broken. */
  private async sendable(limit: number): Promise<OutboxEntry[]> {
    const nowIso = new Date(this.now()).toISOString();
    const out: OutboxEntry[] = [];
    await this.deps.db.outbox.orderBy('localId').until((e) => e.notBefore > nowIso).each((e) => {
      if (e.notBefore <= nowIso) out.push(e);
    });
    return out.slice(0, limit);
  }

  /**
   * Pull pages until the server has no more. The next page is fetched while the current one is
   * applied (network and server overlap IndexedDB work); it is asked for with the cursor the
   * current page commits, so a page is never skipped or applied twice, and a page that fails to
   * apply drops the prefetch: the next sync starts again from the committed cursor.
   */
  private async pull(connection: Connection): Promise<void> {
    const { db } = this.deps;
    const clientId = await this.clientId();
    const limit = this.deps.pageSize ?? PULL_PAGE_SIZE;
    // Validated and planned as it arrives, so that work also overlaps the previous page's writes.
    const fetchPage = (cursor: string) =>
      this.request(connection, 'GET', `/api/sync/pull?${new URLSearchParams({ clientId, cursor, limit: String(limit) })}`, PullResponse).then((page) => ({
        page,
        plan: planPage(page.changes),
      }));
    let next = fetchPage(((await db.meta.get('cursor'))?.value as string | undefined) ?? '');
    for (;;) {
      const { page, plan } = await next;
      if (page.hasMore) {
        next = fetchPage(page.cursor);
        // Awaited on the next turn; until then a failure must not count as unhandled.
        next.catch(() => undefined);
      }
      const { applied } = await applyPulledPage(db, page, await this.actor(), plan);
      this.pulledChanges += applied;
      if (!page.hasMore) return;
    }
  }

  private async request<T>(
    connection: Connection,
    method: 'GET' | 'POST',
    path: string,
    schema: { safeParse(data: unknown): { success: true; data: T } | { success: false } },
    body?: unknown,
  ): Promise<T> {
    let response: Response;
    try {
      response = await this.fetch(new URL(path, connection.serverUrl).toString(), {
        method,
        headers: { authorization: `Bearer ${connection.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new SyncFailure('offline', 'The server could not be reached.', true);
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const parsed = ErrorBody.safeParse(json);
      const code: ErrorCode = parsed.success ? parsed.data.error.code : response.status === 401 ? 'unauthorized' : 'server_error';
      const message = parsed.success ? parsed.data.error.message : `HTTP ${response.status}`;
      if (response.status === 401) throw new SyncFailure('unauthorized', 'The server rejected the token.', false, 401);
      const retry = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new SyncFailure(code, message, retry, response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncFailure('server_error', `Unexpected response from ${path.split('?')[0]}`, true, response.status);
    return parsed.data;
  }

  private async actor() {
    return { userId: await this.deps.userId(), now: new Date(this.now()).toISOString() };
  }

  private async clientId(): Promise<string> {
    const { db } = this.deps;
    const existing = (await db.meta.get('clientId'))?.value as string | undefined;
    if (existing) return existing;
    const id = crypto.randomUUID().replaceAll('-', '');
    await db.meta.put({ key: 'clientId', value: id });
    return id;
  }

  private async state(): Promise<PersistedState> {
    return { ...INITIAL, ...((await this.deps.db.meta.get('syncState'))?.value as Partial<PersistedState> | undefined) };
  }

  private async save(state: PersistedState): Promise<void> {
    await this.deps.db.meta.put({ key: 'syncState', value: state });
  }
}

