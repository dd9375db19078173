import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { can, type Role, type User } from '../../lib/domain';
import type { DB } from './db/schema';
import { AppError, forbidden } from './errors';
import type { AppEnv } from './http';
import type { RateLimiter } from './rate-limit';
import { hashToken } from './tokens';

export interface AuthContext {
  workspaceId: string;
  user: User;
}

/** The user behind a token, or undefined for an unknown or revoked token. */
export async function authenticate(db: Kysely<DB>, token: string): Promise<AuthContext | undefined> {
  const row = await db
    .selectFrom('tokens as t')
    .innerJoin('records as r', (join) => join.onRef('r.workspace_id', '=', 't.workspace_id').onRef('r.id', '=', 't.user_id').on('r.entity', '=', 'user'))
    .select(['t.workspace_id', 'r.data'])
    .where('t.hash', '=', hashToken(token))
    .where('t.revoked_at', 'is', null)
    .where('r.deleted', '=', false)
    .executeTakeFirst();
  return row ? { workspaceId: row.workspace_id, user: row.data as User } : undefined;
}

/**
 * Bearer authentication with a rate limit per token. The limit is taken before the database is
 * asked, so a flood with one token costs no queries.
 */
export function bearerAuth(db: Kysely<DB>, limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
    if (!match) throw new AppError('unauthorized', 'Send a token as "Authorization: Bearer <token>".', undefined, 401);
    const token = match[1]!;
    const limit = limiter.take(hashToken(token));
    if (!limit.ok) {
      c.header('retry-after', String(Math.ceil(limit.retryAfterMs / 1000)));
      throw new AppError('rate_limited', 'Too many requests; slow down.', { retryAfterMs: limit.retryAfterMs }, 429);
    }
    const auth = await authenticate(db, token);
    if (!auth) throw new AppError('unauthorized', 'The token is unknown or revoked.', undefined, 401);
    c.set('auth', auth);
    await next();
  };
}

/** Gate a route by role, e.g. `allow(can.useApp)`. */
export function allow(check: (role: Role) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!check(c.get('auth').user.role)) throw forbidden('Your role may not use this route.');
    await next();
  };
}

export const appUser = allow(can.useApp);
