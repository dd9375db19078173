import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../../src/app';
import { openDatabase, type Database } from '../../src/db/connect';
import { migrate, withStartupLock } from '../../src/db/migrations';
import { createLogger, type Logger } from '../../src/log';
import { seedWorkspace, type Seed } from '../../src/testing';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export interface Storage {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated database; `close` drops it (PostgreSQL) or discards it (PGlite). */
  open(): Promise<Database>;
}

/** A throwaway PostgreSQL database with a random name on the server of `baseUrl`, dropped on close. */
export async function createPostgresDatabase(baseUrl = TEST_DATABASE_URL): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `aun_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

const pglite: Storage = {
  name: 'pglite',
  open: async () => {
    const database = await openDatabase({});
    await withStartupLock(database.db, migrate);
    return database;
  },
};

const postgres: Storage = {
  name: 'postgres',
  open: async () => {
    const throwaway = await createPostgresDatabase();
    const database = await openDatabase({ databaseUrl: throwaway.url });
    await withStartupLock(database.db, migrate);
    return {
      ...database,
      close: async () => {
        await database.close();
        await throwaway.drop();
      },
    };
  },
};

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. Use with `describe.each`. */
export const STORAGES: Storage[] = TEST_DATABASE_URL ? [pglite, postgres] : [pglite];

/** Lines a logger wrote, parsed, so tests can check what reaches the logs. */
export function captureLogger(): { logger: Logger; lines: () => Record<string, unknown>[]; raw: () => string } {
  const chunks: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (s: string) => void chunks.push(s) } });
  return { logger, raw: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export interface Harness {
  database: Database;
  app: ReturnType<typeof createApp>;
  logs: ReturnType<typeof captureLogger>;
  /** Pin or move the server clock. */
  clock: { now: Date };
  seed(): Promise<Seed>;
  close(): Promise<void>;
}

/** One database per test file (PGlite boots slowly); each test seeds its own workspace. */
export async function openHarness(storage: Storage, config: Partial<Parameters<typeof createApp>[0]['config']> = {}): Promise<Harness> {
  const database = await storage.open();
  const logs = captureLogger();
  const clock = { now: new Date('2026-03-02T01:00:00.000Z') };
  const app = createApp({
    db: database.db,
    storage: database.storage,
    config: { allowedOrigins: ['https://app.example.com'], rateLimit: { perSecond: 1000, burst: 5000 }, maxBodyBytes: 5 * 1024 * 1024, version: 'test', ...config },
    logger: logs.logger,
    now: () => clock.now,
  });
  return { database, app, logs, clock, seed: () => seedWorkspace(database.db), close: () => database.close() };
}
