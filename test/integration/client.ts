import Dexie from 'dexie';
import { AunDatabase } from '../../lib/db/database';
import { SyncEngine, type SyncEngineDeps } from '../../lib/sync/engine';
import { recordMutation } from '../../lib/sync/replica';
import type { MutationCall } from '../../lib/domain';
import { ownerOf, takeOwnership, type OwnerChange } from '../../lib/sync/identity';
import type { SeededUser } from '../../server/src/testing';

let counter = 0;

/** One extension install: its own replica, outbox and sync engine, signed in as `user`. */
export class Client {
  readonly db: AunDatabase;
  engine: SyncEngine;
  online = true;

  constructor(
    public serverUrl: string,
    public user: SeededUser,
    private readonly overrides: Partial<SyncEngineDeps> = {},
  ) {
    counter += 1;
    this.db = new AunDatabase(`aun-int-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`);
    this.engine = this.newEngine();
  }

  /** A fresh engine over the same database: what a restarted service worker gets. */
  newEngine(overrides: Partial<SyncEngineDeps> = {}): SyncEngine {
    this.engine = new SyncEngine({
      db: this.db,
      connection: async () => ({ serverUrl: this.serverUrl, token: this.user.token }),
      userId: async () => this.user.id,
      fetch: (input, init) => (this.online ? fetch(input, init) : Promise.reject(new TypeError('Failed to fetch'))),
      pageSize: 50,
      ...this.overrides,
      ...overrides,
    });
    return this.engine;
  }

  /**
   * What saving a new URL or token does in the background (lib/background/handlers.ts): with no
   * sync in flight, check whose replica this is (clearing it for someone else, refusing to drop
   * unsent changes unless `discard`), forget backoff and a rejected token, use the new connection.
   */
  reconnect(user: SeededUser, options: { serverUrl?: string; workspaceId?: string; discard?: boolean } = {}): Promise<OwnerChange> {
    return this.engine.exclusive(async () => {
      const serverUrl = options.serverUrl ?? this.serverUrl;
      const change = await takeOwnership(this.db, ownerOf(serverUrl, options.workspaceId ?? null, user.id), {
        previous: ownerOf(this.serverUrl, null, this.user.id),
        discard: options.discard ?? false,
      });
      await this.engine.reset();
      this.serverUrl = serverUrl;
      this.user = user;
      return change;
    });
  }

  mutate(call: MutationCall, holdMs = 0) {
    return recordMutation(this.db, call, { userId: this.user.id, now: new Date().toISOString() }, holdMs);
  }

  sync() {
    return this.engine.sync('manual');
  }

  async close() {
    this.db.close();
    await Dexie.delete(this.db.name);
  }
}
