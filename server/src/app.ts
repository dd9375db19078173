import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Kysely } from 'kysely';
import { bearerAuth } from './auth';
import type { Config } from './config';
import type { DB } from './db/schema';
import { AppError } from './errors';
import { errorResponse, type AppEnv } from './http';
import { createLogger, safeError, scrub, type Logger } from './log';
import { RateLimiter } from './rate-limit';
import { registerHealth, registerMe } from './routes/health';
import { registerImport } from './routes/import';
import { registerIngest } from './routes/ingest';
import { registerOpenApi } from './routes/openapi';
import { registerSync } from './routes/sync';

export interface AppDeps {
  db: Kysely<DB>;
  storage: 'pglite' | 'postgres';
  config: Pick<Config, 'allowedOrigins' | 'rateLimit' | 'maxBodyBytes' | 'version'>;
  logger?: Logger;
  /** The server's clock; tests pin it. */
  now?: () => Date;
}

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9-]+$/;

/** The whole HTTP API, without a socket: `app.request()` in tests, `serve()` in main. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const logger = deps.logger ?? createLogger();
  const now = deps.now ?? (() => new Date());
  const limiter = new RateLimiter(deps.config.rateLimit.perSecond, deps.config.rateLimit.burst);
  const allowed = new Set(deps.config.allowedOrigins);

  // One log line per request: route, status, time and ids only, never bodies or query strings.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const auth = c.get('auth') as AppEnv['Variables']['auth'] | undefined;
    logger.info({
      method: c.req.method,
      path: scrub(c.req.path, 200),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...(auth ? { workspaceId: auth.workspaceId, userId: auth.user.id } : {}),
    });
  });

  app.use(
    '/api/*',
    cors({
      origin: (origin) => (EXTENSION_ORIGIN.test(origin) || allowed.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type'],
      maxAge: 600,
    }),
  );

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: (c) => errorResponse(c, new AppError('payload_too_large', `The body is larger than ${deps.config.maxBodyBytes} bytes.`, { maxBytes: deps.config.maxBodyBytes }, 413)),
    }),
  );

  registerHealth(app, { version: deps.config.version, storage: deps.storage });
  registerOpenApi(app, { version: deps.config.version });

  app.use('/api/*', bearerAuth(deps.db, limiter));
  registerMe(app, deps);
  registerSync(app, { db: deps.db, now });
  registerIngest(app, { db: deps.db, now });
  registerImport(app, { db: deps.db, now });

  app.notFound((c) => errorResponse(c, new AppError('not_found', 'No such route.', undefined, 404)));
  app.onError((error, c) => {
    if (error instanceof AppError) return errorResponse(c, error);
    logger.error({ err: safeError(error), method: c.req.method, path: scrub(c.req.path, 200) }, 'request failed');
    return c.json({ error: { code: 'server_error', message: 'Something went wrong on the server.' } }, 500);
  });
  return app;
}
