import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { MeResponse } from '../../../lib/domain';
import { appUser } from '../auth';
import type { DB } from '../db/schema';
import type { AppEnv } from '../http';
import { readDefinition } from '../store';

export function registerHealth(app: Hono<AppEnv>, deps: { version: string; storage: 'pglite' | 'postgres' }): void {
  app.get('/api/health', (c) => c.json({ ok: true, version: deps.version, storage: deps.storage }));
}

/** Who am I: the user, the workspace and the current lead definition. */
export function registerMe(app: Hono<AppEnv>, deps: { db: Kysely<DB> }): void {
  app.get('/api/me', appUser, async (c) => {
    const { workspaceId, user } = c.get('auth');
    const workspace = await deps.db.selectFrom('workspaces').select(['id', 'name', 'currency', 'timezone']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
    const body: MeResponse = { user, workspace, definition: await readDefinition(deps.db, workspaceId) };
    return c.json(body);
  });
}
