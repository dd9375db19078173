import type { Kysely } from 'kysely';
import { DEFAULT_DEFINITION, Email, Role, type Queue, type User } from '../../lib/domain';
import type { DB } from './db/schema';
import { lockWorkspace, writeWorkspace, type WorkspaceStore } from './store';
import { hashToken, newId, newToken } from './tokens';

/**
 * Workspace and user administration, shared by the admin CLI, the first start and the tests.
 * Every function takes a Kysely handle so it also works on the one pinned PGlite connection.
 */

export interface WorkspaceInfo {
  id: string;
  name: string;
  currency: string;
  timezone: string;
}

export async function createWorkspace(
  db: Kysely<DB>,
  input: { name: string; currency?: string; timezone?: string; id?: string; now?: string },
): Promise<WorkspaceInfo> {
  const now = input.now ?? new Date().toISOString();
  const workspace = { id: input.id ?? newId('ws'), name: input.name, currency: input.currency ?? 'JPY', timezone: input.timezone ?? 'Asia/Tokyo' };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('workspaces').values({ ...workspace, created_at: now }).execute();
    // Version 1 of the lead definition is a record like any other, so clients pull it.
    const store = await lockWorkspace(tx, workspace.id);
    await store.put('definition', DEFAULT_DEFINITION);
  });
  return workspace;
}

export async function listWorkspaces(db: Kysely<DB>): Promise<WorkspaceInfo[]> {
  return db.selectFrom('workspaces').select(['id', 'name', 'currency', 'timezone']).orderBy('created_at').execute();
}

/** The workspace to act on: the one named, or the only one there is. */
export async function resolveWorkspace(db: Kysely<DB>, idOrName?: string): Promise<WorkspaceInfo> {
  const all = await listWorkspaces(db);
  if (idOrName) {
    const found = all.find((w) => w.id === idOrName) ?? all.filter((w) => w.name === idOrName);
    if (!Array.isArray(found)) return found;
    if (found.length === 1) return found[0]!;
    throw new Error(found.length === 0 ? `no workspace ${idOrName}` : `several workspaces are named ${idOrName}; use the id`);
  }
  if (all.length === 1) return all[0]!;
  throw new Error(all.length === 0 ? 'no workspace yet: run create-workspace first' : 'several workspaces: pass --workspace');
}

async function issueTokenIn(store: WorkspaceStore, userId: string, now: string): Promise<string> {
  const token = newToken();
  await store.tx.insertInto('tokens').values({ hash: hashToken(token), workspace_id: store.workspaceId, user_id: userId, created_at: now, revoked_at: null }).execute();
  return token;
}

export async function addUser(
  db: Kysely<DB>,
  input: { workspaceId: string; email: string; name: string; role: Role; id?: string; now?: string },
): Promise<{ user: User; token: string }> {
  const now = input.now ?? new Date().toISOString();
  const role = Role.parse(input.role);
  const email = Email.parse(input.email);
  return writeWorkspace(db, input.workspaceId, async (store) => {
    const taken = await store.tx
      .selectFrom('records')
      .select('id')
      .where('workspace_id', '=', input.workspaceId)
      .where('entity', '=', 'user')
      .where('email', '=', email)
      .where('deleted', '=', false)
      .executeTakeFirst();
    if (taken) throw new Error(`a user with that email already exists (${taken.id})`);
    const user: User = { id: input.id ?? newId('us'), email, name: input.name.trim(), role, queueIds: [], away: false, territories: [], createdAt: now };
    await store.put('user', user);
    return { user, token: await issueTokenIn(store, user.id, now) };
  });
}

export async function listUsers(db: Kysely<DB>, workspaceId: string): Promise<(User & { activeTokens: number })[]> {
  const users = await db
    .selectFrom('records')
    .select('data')
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', 'user')
    .where('deleted', '=', false)
    .execute();
  const counts = await db
    .selectFrom('tokens')
    .select(['user_id', db.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .groupBy('user_id')
    .execute();
  const byUser = new Map(counts.map((c) => [c.user_id, Number(c.n)]));
  return users.map((r) => r.data as User).map((u) => ({ ...u, activeTokens: byUser.get(u.id) ?? 0 })).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function findUser(db: Kysely<DB>, workspaceId: string, by: { email?: string; id?: string }): Promise<User | undefined> {
  let q = db.selectFrom('records').select('data').where('workspace_id', '=', workspaceId).where('entity', '=', 'user').where('deleted', '=', false);
  q = by.id ? q.where('id', '=', by.id) : q.where('email', '=', Email.parse(by.email ?? ''));
  return (await q.executeTakeFirst())?.data as User | undefined;
}

/** Revoke every active token of a user; returns how many. */
export async function revokeTokens(db: Kysely<DB>, workspaceId: string, userId: string, now = new Date().toISOString()): Promise<number> {
  const result = await db
    .updateTable('tokens')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function issueToken(db: Kysely<DB>, workspaceId: string, userId: string): Promise<string> {
  return writeWorkspace(db, workspaceId, (store) => issueTokenIn(store, userId, new Date().toISOString()));
}

/** A queue, and the queue id added to each member's `queueIds`. */
export async function addQueue(db: Kysely<DB>, input: { workspaceId: string; name: string; memberIds?: string[]; id?: string }): Promise<Queue> {
  return writeWorkspace(db, input.workspaceId, async (store) => {
    const queue: Queue = { id: input.id ?? newId('qu'), name: input.name.trim(), memberIds: input.memberIds ?? [] };
    const members = await store.getMany('user', queue.memberIds);
    const missing = queue.memberIds.filter((id) => !members.has(id));
    if (missing.length) throw new Error(`unknown user ids: ${missing.join(', ')}`);
    await store.put('queue', queue);
    for (const user of members.values()) await store.put('user', { ...user, queueIds: [...new Set([...user.queueIds, queue.id])] });
    return queue;
  });
}

/** Replace a user's territories (prefectures / countries rule-based routing matches, see `mutations/routing.ts`). */
export async function setTerritories(db: Kysely<DB>, input: { workspaceId: string; userId: string; territories: string[] }): Promise<User> {
  return writeWorkspace(db, input.workspaceId, async (store) => {
    const user = await store.get('user', input.userId);
    if (!user) throw new Error('no such user in this workspace');
    const territories = [...new Set(input.territories.map((t) => t.trim()).filter(Boolean))];
    const updated = { ...user, territories };
    await store.put('user', updated);
    return updated;
  });
}

export interface Bootstrap {
  workspace: WorkspaceInfo;
  admin: User;
  token: string;
}

/**
 * On an empty database, create a workspace and its first admin; otherwise do nothing (null).
 * Callers hold the startup lock, so of several processes starting together only one creates them.
 */
export async function bootstrapIfEmpty(
  db: Kysely<DB>,
  input: { workspaceName?: string; adminEmail?: string; adminName?: string } = {},
): Promise<Bootstrap | null> {
  const any = await db.selectFrom('workspaces').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const workspace = await createWorkspace(db, { name: input.workspaceName ?? 'Aun' });
  const { user, token } = await addUser(db, {
    workspaceId: workspace.id,
    email: input.adminEmail ?? 'admin@aun.local',
    name: input.adminName ?? 'Admin',
    role: 'admin',
  });
  return { workspace, admin: user, token };
}
