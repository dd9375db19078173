import Dexie from 'dexie';
import { AunDatabase } from '../../lib/db/database';
import { SyncEngine, type SyncEngineDeps } from '../../lib/sync/engine';
import { recordMutation } from '../../lib/sync/replica';
import type { MutationCall } from '../../lib/domain';
import type { SeededUser } from '../../server/src/testing';

let counter = 0;

/** One extension install: its own replica, outbox and sync engine, signed in as `user`. */
export class Client {
  readonly db: AunDatabase;
  engine: SyncEngine;
  online = true;

  constructor(
    readonly serverUrl: string,
    readonly user: SeededUser,
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
