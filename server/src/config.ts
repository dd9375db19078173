import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL when set; embedded PGlite in `dataDir` otherwise. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Web origins allowed besides extension origins (chrome-extension://, moz-extension://). */
  allowedOrigins: string[];
  rateLimit: { perSecond: number; burst: number };
  maxBodyBytes: number;
  logLevel: string;
  version: string;
  /** Create a workspace and an admin on an empty database at start. */
  bootstrap: boolean;
}

export const ROOT = resolve(import.meta.dirname, '../..');

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function positive(value: string | undefined, fallback: number, name: string, min = Number.MIN_VALUE): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a positive number`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: positive(env.PORT, 8787, 'PORT', 0), // 0: any free port
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.AUN_DATA_DIR || resolve(ROOT, 'data')),
    allowedOrigins: (env.AUN_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    rateLimit: { perSecond: positive(env.AUN_RATE_LIMIT_RPS, 50, 'AUN_RATE_LIMIT_RPS'), burst: positive(env.AUN_RATE_LIMIT_BURST, 200, 'AUN_RATE_LIMIT_BURST') },
    maxBodyBytes: positive(env.AUN_MAX_BODY_BYTES, 5 * 1024 * 1024, 'AUN_MAX_BODY_BYTES'),
    logLevel: env.LOG_LEVEL || 'info',
    version: packageVersion(),
    bootstrap: env.AUN_BOOTSTRAP !== '0',
  };
}
