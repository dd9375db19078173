import type { AunDatabase } from '../db/database';

/**
 * Whose data the replica holds: a server origin, a workspace and a user. The cursor, the outbox,
 * the client id and every row only make sense for that owner: pulling another workspace from the
 * old cursor would skip its early changes, its rows would mix with the old ones, and the outbox
 * would be pushed under someone else's name. So a new owner starts from an empty replica, and
 * never silently at the cost of unsent changes.
 */
export interface ReplicaOwner {
  origin: string;
  /** null for a replica from before owners were recorded: only the origin and user are known. */
  workspaceId: string | null;
  userId: string;
}

const OWNER_KEY = 'owner';

export function ownerOf(serverUrl: string, workspaceId: string | null, userId: string): ReplicaOwner {
  return { origin: new URL(serverUrl).origin, workspaceId, userId };
}

export function sameOwner(a: ReplicaOwner, b: ReplicaOwner): boolean {
  if (a.origin !== b.origin || a.userId !== b.userId) return false;
  return a.workspaceId === null || b.workspaceId === null || a.workspaceId === b.workspaceId;
}

export async function readOwner(db: AunDatabase): Promise<ReplicaOwner | null> {
  return ((await db.meta.get(OWNER_KEY))?.value as ReplicaOwner | undefined) ?? null;
}

/** Switching owner would drop mutations never sent to the current one. */
export class UnsentChangesError extends Error {
  constructor(readonly pending: number) {
    super(`${pending} changes have not been sent to the current server`);
    this.name = 'UnsentChangesError';
  }
}

export type OwnerChange =
  /** Same owner (e.g. a refreshed token): replica, outbox and cursor kept. */
  | 'kept'
  /** A replica that never pulled (local-only mode so far): kept, and its outbox is sent to the new owner. */
  | 'adopted'
  /** Another owner: replica, outbox, rejected mutations, cursor and client id cleared. */
  | 'cleared';

/**
 * Make `next` the replica's owner. `previous` stands in when no owner was recorded yet (a replica
 * from an older version: taken from the saved settings). Throws UnsentChangesError instead of
 * clearing an outbox that is not empty, unless `discard` says the user confirmed it.
 * One transaction: a mutation recorded meanwhile is either counted or lands in the new replica.
 */
export async function takeOwnership(
  db: AunDatabase,
  next: ReplicaOwner,
  options: { previous?: ReplicaOwner | null; discard?: boolean } = {},
): Promise<OwnerChange> {
  return db.transaction('rw', db.tables, async () => {
    const current = (await readOwner(db)) ?? options.previous ?? null;
    const neverPulled = !(await db.meta.get('cursor'))?.value;
    let change: OwnerChange;
    if (current ? sameOwner(current, next) : neverPulled) change = current ? 'kept' : 'adopted';
    else {
      const pending = await db.outbox.count();
      if (pending > 0 && !options.discard) throw new UnsentChangesError(pending);
      await Promise.all(db.tables.map((table) => table.clear()));
      change = 'cleared';
    }
    await db.meta.put({ key: OWNER_KEY, value: next });
    return change;
  });
}
