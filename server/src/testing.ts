import type { Kysely } from 'kysely';
import type { Role } from '../../lib/domain';
import { loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db/connect';
import type { DB } from './db/schema';
import { createLogger } from './log';
import { addQueue, addUser, createWorkspace } from './seed';
import { startServer } from './server';

/**
 * Helpers for tests of other projects (extension sync engine, e2e): a real server on a free port
 * with a seeded workspace and tokens per role.
 */

export interface SeededUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  token: string;
}

export interface Seed {
  workspaceId: string;
  admin: SeededUser;
  manager: SeededUser;
  marketer: SeededUser;
  sales: SeededUser;
  /** A second sales rep, e.g. to race a decision. */
  sales2: SeededUser;
  integration: SeededUser;
  /** A queue whose members are both sales reps. */
  queueId: string;
}

/** A new workspace with one user per role (emails are unique per workspace, prefixed by `tag`). */
export async function seedWorkspace(db: Kysely<DB>, options: { name?: string; tag?: string } = {}): Promise<Seed> {
  const tag = options.tag ?? Math.random().toString(36).slice(2, 8);
  const workspace = await createWorkspace(db, { name: options.name ?? `Test ${tag}` });
  const make = async (role: Role, local: string, name: string): Promise<SeededUser> => {
    const email = `${local}.${tag}@example.com`;
    const { user, token } = await addUser(db, { workspaceId: workspace.id, email, name, role });
    return { id: user.id, email, name, role, token };
  };
  const admin = await make('admin', 'admin', 'Ada Admin');
  const manager = await make('manager', 'manager', 'Mona Manager');
  const marketer = await make('marketer', 'marketer', '佐藤 花子');
  const sales = await make('sales', 'sales', '鈴木 一郎');
  const sales2 = await make('sales', 'sales2', 'Sam Sales');
  const integration = await make('integration', 'integration', 'Marketo Sync');
  const queue = await addQueue(db, { workspaceId: workspace.id, name: 'Inside sales', memberIds: [sales.id, sales2.id] });
  return { workspaceId: workspace.id, admin, manager, marketer, sales, sales2, integration, queueId: queue.id };
}

export interface TestServer {
  url: string;
  port: number;
  seed: Seed;
  database: Database;
  close(): Promise<void>;
}

/**
 * Start a listening server on 127.0.0.1 at a free port. Storage: PGlite in memory, or in
 * `dataDir`, or PostgreSQL at `databaseUrl` (an existing database; tables are created if missing).
 * Logs are silent unless `logLevel` is given.
 */
export async function startTestServer(
  options: { dataDir?: string; databaseUrl?: string; config?: Partial<Config>; logLevel?: string } = {},
): Promise<TestServer> {
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: options.databaseUrl,
    bootstrap: false,
    rateLimit: { perSecond: 1000, burst: 5000 },
    ...options.config,
  };
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  const server = await startServer(config, { database, logger: createLogger({ level: options.logLevel ?? 'silent' }) });
  const seed = await seedWorkspace(database.db);
  return {
    url: server.url,
    port: server.port,
    seed,
    database,
    close: async () => {
      await server.close();
      await database.close();
    },
  };
}
