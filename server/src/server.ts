import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app';
import type { Config } from './config';
import { openDatabase, type Database } from './db/connect';
import { startMaintenance } from './db/maintenance';
import { migrate, withStartupLock } from './db/migrations';
import { createLogger, type Logger } from './log';
import { bootstrapIfEmpty, type Bootstrap } from './seed';

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  /** Set when this start created the first workspace and admin (empty database). */
  bootstrap: Bootstrap | null;
  close(): Promise<void>;
}

/**
 * Open storage, migrate and (on an empty database) bootstrap under the startup advisory lock,
 * then listen. Port 0 picks a free port.
 */
export async function startServer(config: Config, options: { logger?: Logger; database?: Database } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const { applied, bootstrap } = await withStartupLock(database.db, async (conn) => ({
    applied: await migrate(conn),
    bootstrap: config.bootstrap ? await bootstrapIfEmpty(conn) : null,
  }));
  if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  if (bootstrap) logger.info({ workspaceId: bootstrap.workspace.id, userId: bootstrap.admin.id }, 'created the first workspace and admin');

  const maintenance = startMaintenance(database, { logger });
  const app = createApp({ db: database.db, storage: database.storage, config, logger });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info({ port, storage: database.storage }, 'listening');
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    database,
    bootstrap,
    close: async () => {
      await maintenance.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.database) await database.close();
    },
  };
}
