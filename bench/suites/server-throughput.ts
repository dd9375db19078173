import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { ROOT } from '../../e2e/support/chromium';
import { DEFAULT_DEFINITION } from '../../lib/domain/default-definition';
import type { Role } from '../../lib/domain';
import type { DB } from '../../server/src/db/schema';
import { seedDemoData } from '../../server/src/demo';
import { addUser, createWorkspace } from '../../server/src/seed';
import type { BenchContext } from '../support/context';
import { figure, type Figure } from '../support/figure';
import { startReferenceServer, type ReferenceServer } from '../support/reference-server';
import { REFERENCE_NOW, REFERENCE_SEED, scaled } from '../support/scale';
import { benchTouchPrefix, type LoadJob, type LoadResult, type PullJob, type PushFixture, type PushJob } from '../support/throughput-workload';
import type { Suite } from '../run';

/**
 * Item 6: server throughput at 50 concurrent clients, on PGlite and on PostgreSQL.
 *
 * - Push: each autocannon connection is one person's extension (own token, own client id,
 *   increasing mutation ids), pushing one mutation per request as the debounced sync does:
 *   touches logged, lead edits, handoff checklist items. The database is counted afterwards.
 * - Pull: incremental pulls from near the head (the 30 s poll) and 1,000-change pages from
 *   anywhere in the reference workspace (initial sync), both with a client id.
 * - Ingest: /api/ingest/touches, 5,000-touch batches one after another, as one integration sends.
 *
 * Pulls read the reference workspace. Writes go to a second workspace on the same server (its
 * records share the one table and its indexes), seeded by the same generator at a tenth of the
 * reference: the reference stays as other suites measure it.
 */

const CONNECTIONS = 50;
const RUNS = 3;
const RUN_SECONDS = 5;
const WARMUP_SECONDS = 2;
const INGEST_BATCH = 5000;
const INGEST_BATCHES = 6;
/** Pull page size: the extension's default (lib/sync/engine.ts). */
const PAGE_LIMIT = 1000;
/** Incremental pulls start at most this many changes behind the head. */
const INCREMENTAL_BEHIND = 50;
const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type StoreName = 'pglite' | 'postgres';
const STORE_LABEL: Record<StoreName, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

export const suite: Suite = {
  name: 'server-throughput',
  async run(context) {
    const figures: Figure[] = [];
    figures.push(...(await measureStore(context, await context.referenceServer(), 'pglite')));
    await withScratchDatabase(context, async (databaseUrl) => {
      context.log(`seeding the reference workspace on PostgreSQL at scale ${context.scale}…`);
      const server = await startReferenceServer({ scale: context.scale, databaseUrl });
      context.log(`seeded ${server.counts.leads + server.counts.touches + server.counts.handoffs + server.counts.outcomes} rows on PostgreSQL in ${server.seedSeconds.toFixed(0)} s`);
      try {
        figures.push(...(await measureStore(context, server, 'postgres')));
      } finally {
        await server.close();
      }
    });
    return figures;
  },
};

async function withScratchDatabase(context: BenchContext, fn: (databaseUrl: string) => Promise<void>): Promise<void> {
  const name = `aun_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    try {
      await fn(url.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error: unknown) => context.log(`could not drop ${name}: ${String(error)}`));
    }
  } finally {
    await admin.end();
  }
}

export interface WriteWorkspace {
  workspaceId: string;
  /** One app user per connection. */
  tokens: string[];
  integrationToken: string;
  fixture: PushFixture;
  /** Emails of its leads, for ingest. */
  emails: string[];
}

/** The workspace the write phases use: 50 people, and the generator's data at a tenth of the reference. */
export async function prepareWriteWorkspace(db: Kysely<DB>, scale: number): Promise<WriteWorkspace> {
  const tag = randomBytes(3).toString('hex');
  const workspace = await createWorkspace(db, { name: `Throughput ${tag}` });
  const roles: Role[] = Array.from({ length: CONNECTIONS }, (_, i) => (i < 40 ? 'sales' : i < 48 ? 'marketer' : 'manager'));
  const users: { id: string; role: Role; token: string }[] = [];
  for (const [i, role] of roles.entries()) {
    const { user, token } = await addUser(db, { workspaceId: workspace.id, email: `bench${i}.${tag}@example.com`, name: `Bench ${i}`, role });
    users.push({ id: user.id, role, token });
  }
  const integration = await addUser(db, { workspaceId: workspace.id, email: `integration.${tag}@example.com`, name: 'Bench integration', role: 'integration' });
  await seedDemoData(db, workspace.id, {
    ...scaled(scale / 10),
    seed: REFERENCE_SEED + 1,
    now: REFERENCE_NOW,
    marketerIds: users.filter((u) => u.role === 'marketer').map((u) => u.id),
    repIds: users.filter((u) => u.role === 'sales').map((u) => u.id),
  });
  const leads = await sql<{ id: string; email: string }>`
    SELECT id, email FROM records WHERE workspace_id = ${workspace.id} AND entity = 'lead' AND NOT deleted ORDER BY id
  `.execute(db);
  const pending = await sql<{ id: string }>`
    SELECT id FROM records WHERE workspace_id = ${workspace.id} AND entity = 'handoff' AND status = 'pending' AND NOT deleted ORDER BY id
  `.execute(db);
  if (pending.rows.length === 0) throw new Error('the write workspace has no pending handoff to tick items on');
  await sql`ANALYZE`.execute(db); // as after the reference seed (bench/support/reference-server.ts)
  return {
    workspaceId: workspace.id,
    tokens: users.map((u) => u.token),
    integrationToken: integration.token,
    fixture: {
      leads: leads.rows,
      pendingHandoffIds: pending.rows.map((r) => r.id),
      checklistItemIds: DEFAULT_DEFINITION.stages[0]!.checklist.map((item) => item.id),
    },
    emails: leads.rows.map((r) => r.email),
  };
}

/** Run load jobs one after another in one child process (bench/support/throughput-load.ts). */
export function runLoad(jobs: LoadJob[]): Promise<LoadResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/support/throughput-load.ts')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out) as LoadResult[]);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.stdin.end(JSON.stringify(jobs));
  });
}

const runTag = (phase: string, run: number) => `${phase}${run}x${randomBytes(3).toString('hex')}`;

/** Responses that were not 2xx (429 would mean the rate limiter, not the server, was measured). */
function assertClean(what: string, result: LoadResult): void {
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${what}: ${result.non2xx} non-2xx responses, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
}

async function pushRuns(context: BenchContext, server: ReferenceServer, write: WriteWorkspace, store: StoreName) {
  const job = (tag: string, duration: number): PushJob => ({ kind: 'push', url: server.url, connections: CONNECTIONS, duration, tokens: write.tokens, runTag: tag, fixture: write.fixture });
  const tags = Array.from({ length: RUNS }, (_, i) => runTag('p', i + 1));
  const [, ...results] = await runLoad([job(runTag('pw', 0), WARMUP_SECONDS), ...tags.map((tag) => job(tag, RUN_SECONDS))]);
  const runs: { result: LoadResult; applied: number; touches: number }[] = [];
  for (const [i, result] of results.entries()) {
    const tag = tags[i]!;
    assertClean(`push ${store}`, result);
    const { applied, touches } = await countPushed(server.database.db, write.workspaceId, tag);
    const answered = result.statuses.applied + result.statuses.duplicate + result.statuses.rejected;
    // Requests still in flight when a run stops are applied but never answered: at most one per connection.
    const appliedTouches = result.appliedByName['touch.add'] ?? 0;
    if (result.statuses.duplicate || result.statuses.rejected || applied < answered || applied > answered + CONNECTIONS || touches < appliedTouches || touches > appliedTouches + CONNECTIONS) {
      throw new Error(`push ${store}: answers ${JSON.stringify(result.statuses)} do not match the database (${applied} mutation ids, ${touches} touches)`);
    }
    context.log(`  push ${store} run ${i + 1}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ${applied} mutations in the database`);
    runs.push({ result, applied, touches });
  }
  return runs;
}

/** Mutation ids the server recorded for a run's clients, and the touches it stored. */
async function countPushed(db: Kysely<DB>, workspaceId: string, tag: string): Promise<{ applied: number; touches: number }> {
  const clients = await sql<{ applied: number | null }>`
    SELECT sum(last_mutation_id)::int AS applied FROM clients WHERE workspace_id = ${workspaceId} AND starts_with(client_id, ${tag})
  `.execute(db);
  const touches = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM records WHERE workspace_id = ${workspaceId} AND entity = 'touch' AND starts_with(id, ${benchTouchPrefix(tag)})
  `.execute(db);
  return { applied: Number(clients.rows[0]?.applied ?? 0), touches: Number(touches.rows[0]!.n) };
}

interface CursorRow {
  version: number;
  entity: string;
  id: string;
}
const cursorOf = (r: CursorRow) => `${Number(r.version)}:${r.entity}:${r.id}`;

/** Cursors 0…INCREMENTAL_BEHIND changes behind the head of the reference workspace. */
export async function incrementalCursors(db: Kysely<DB>, workspaceId: string): Promise<string[]> {
  const rows = await sql<CursorRow>`
    SELECT version, entity, id FROM records WHERE workspace_id = ${workspaceId}
    ORDER BY version DESC, entity DESC, id DESC LIMIT ${INCREMENTAL_BEHIND + 1}
  `.execute(db);
  return rows.rows.map(cursorOf);
}

/** Cursors spread evenly over the reference workspace (one index scan), each with at least a full page after it. */
export async function pageCursors(db: Kysely<DB>, workspaceId: string, total: number): Promise<string[]> {
  const count = 40;
  const step = Math.max(1, Math.floor(Math.max(1, total - 2 * PAGE_LIMIT) / count));
  const rows = await sql<CursorRow>`
    SELECT version, entity, id FROM (
      SELECT version, entity, id, row_number() OVER (ORDER BY version, entity, id) AS n FROM records WHERE workspace_id = ${workspaceId}
    ) ranked WHERE n % ${step} = 0 AND n <= ${total - 2 * PAGE_LIMIT} LIMIT ${count}
  `.execute(db);
  if (rows.rows.length === 0) throw new Error('the reference workspace is too small for page pulls');
  return rows.rows.map(cursorOf);
}

async function pullRuns(context: BenchContext, server: ReferenceServer, store: StoreName, kind: 'incremental' | 'page', cursors: string[]) {
  const { seed } = server;
  const people = [seed.sales, seed.sales2, seed.marketer, seed.manager, seed.admin];
  const tokens = Array.from({ length: CONNECTIONS }, (_, i) => people[i % people.length]!.token);
  const limit = PAGE_LIMIT;
  const job = (tag: string, duration: number): PullJob => ({ kind: 'pull', url: server.url, connections: CONNECTIONS, duration, tokens, runTag: tag, cursors, limit });
  const [, ...runs] = await runLoad([job(runTag('lw', 0), WARMUP_SECONDS), ...Array.from({ length: RUNS }, (_, i) => job(runTag('l', i + 1), RUN_SECONDS))]);
  for (const [i, result] of runs.entries()) {
    assertClean(`pull ${kind} ${store}`, result);
    context.log(`  pull ${kind} ${store} run ${i + 1}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ${(result.changes / result.ok).toFixed(0)} changes per pull`);
  }
  return runs;
}

/**
 * One integration batch: 5,000 touches of 2,500 people, two each (an email open and a web visit),
 * nine in ten of them already leads of the workspace and one in ten new.
 */
export function ingestBody(emails: string[], tag: string, batch: number): string {
  const people = INGEST_BATCH / 2;
  const touches: unknown[] = [];
  for (let p = 0; p < people; p++) {
    const fresh = p % 10 === 9 || emails.length === 0;
    const email = fresh ? `new.${tag}.${batch}.${p}@ingest.example` : emails[(batch * people + p) % emails.length]!;
    for (const [t, type] of (['email_open', 'web_visit'] as const).entries()) {
      touches.push({
        email,
        type,
        occurredAt: new Date(Date.parse(REFERENCE_NOW) - (p * 2 + t) * 1000).toISOString(),
        campaign: 'Bench nurture',
        detail: t === 0 ? 'Newsletter' : '/pricing',
        origin: 'marketo',
        externalId: `bench-${tag}-${batch}-${p}-${t}`,
        ...(fresh && t === 0 ? { lead: { company: 'Bench KK', title: 'Analyst' } } : {}),
      });
    }
  }
  return JSON.stringify({ touches });
}

async function ingestBatches(context: BenchContext, server: ReferenceServer, write: WriteWorkspace, store: StoreName): Promise<{ ms: number; inserted: number }[]> {
  const tag = randomBytes(3).toString('hex');
  const out: { ms: number; inserted: number }[] = [];
  for (let batch = 0; batch <= INGEST_BATCHES; batch++) {
    const body = ingestBody(write.emails, tag, batch);
    const t0 = performance.now();
    const response = await fetch(`${server.url}/api/ingest/touches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${write.integrationToken}`, 'content-type': 'application/json' },
      body,
    });
    const result = (await response.json()) as { inserted?: number; rejected?: unknown[] };
    const ms = performance.now() - t0;
    if (!response.ok || result.inserted !== INGEST_BATCH || result.rejected?.length) {
      throw new Error(`ingest ${store}: HTTP ${response.status}, inserted ${result.inserted}, rejected ${result.rejected?.length}`);
    }
    if (batch === 0) continue; // warm-up
    context.log(`  ingest ${store} batch ${batch}: ${ms.toFixed(0)} ms`);
    out.push({ ms, inserted: result.inserted });
  }
  return out;
}

async function measureStore(context: BenchContext, server: ReferenceServer, store: StoreName): Promise<Figure[]> {
  const label = STORE_LABEL[store];
  const db = server.database.db;
  const t0 = performance.now();
  const write = await prepareWriteWorkspace(db, context.scale);
  context.log(`  ${store}: write workspace with ${write.fixture.leads.length} leads ready in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const referenceRows = server.counts.leads + server.counts.touches + server.counts.handoffs + server.counts.outcomes;

  const push = await pushRuns(context, server, write, store);
  const incremental = await pullRuns(context, server, store, 'incremental', await incrementalCursors(db, server.seed.workspaceId));
  const pages = await pullRuns(context, server, store, 'page', await pageCursors(db, server.seed.workspaceId, referenceRows));
  const ingest = await ingestBatches(context, server, write, store);

  const setting =
    `${CONNECTIONS} connections (one request at a time each), ${RUNS} runs of ${RUN_SECONDS} s after a ${WARMUP_SECONDS} s warm-up; ` +
    `the server in the bench process (PostgreSQL: pool of 10, the default), autocannon in a child process; per-token rate limit raised out of the way, no non-2xx answers`;
  const writeSpace = `a second workspace on the same server (${write.fixture.leads.length.toLocaleString('en-US')} leads, the generator at a tenth of the reference scale, 50 users), so the reference stays as other suites measure it`;
  const pushed = push.reduce((n, r) => n + r.applied, 0);
  const perPage = pages.reduce((n, r) => n + r.changes, 0) / pages.reduce((n, r) => n + r.ok, 0);
  const perIncremental = incremental.reduce((n, r) => n + r.changes, 0) / incremental.reduce((n, r) => n + r.ok, 0);
  return [
    figure({
      id: `server.push.${store}.rps`,
      item: 6,
      label: `Push requests/s, 50 clients (${label})`,
      unit: 'req/s',
      samples: push.map((r) => r.result.requestsPerSecond),
      note: `${setting}. One mutation per push, as the debounced sync sends them, from 50 distinct clients (own token, client id and increasing ids) into ${writeSpace}: per 10, 6 touch.add, 2 lead.upsert, 2 handoff.checkItem. Every one was answered "applied", and the database holds ${pushed} new mutation ids over the runs, matching the answers.`,
    }),
    figure({ id: `server.push.${store}.p99`, item: 6, label: `Push p99 latency, 50 clients (${label})`, unit: 'ms', samples: push.map((r) => r.result.latency.p99), note: 'autocannon p99 per run.' }),
    figure({
      id: `server.pull-incremental.${store}.rps`,
      item: 6,
      label: `Incremental pull requests/s, 50 clients (${label})`,
      unit: 'req/s',
      samples: incremental.map((r) => r.requestsPerSecond),
      note: `Setting as for push. The 30 s poll: cursors 0–${INCREMENTAL_BEHIND} changes behind the head of the reference workspace (${perIncremental.toFixed(0)} changes per pull on average), with a client id.`,
    }),
    figure({ id: `server.pull-incremental.${store}.p99`, item: 6, label: `Incremental pull p99 latency, 50 clients (${label})`, unit: 'ms', samples: incremental.map((r) => r.latency.p99) }),
    figure({
      id: `server.pull-page.${store}.rps`,
      item: 6,
      label: `Pull page requests/s (1,000 changes), 50 clients (${label})`,
      unit: 'req/s',
      samples: pages.map((r) => r.requestsPerSecond),
      note: `Setting as for push. Initial-sync pages of ${PAGE_LIMIT} changes from 40 cursors spread over the reference workspace (${perPage.toFixed(0)} changes per page received).`,
    }),
    figure({ id: `server.pull-page.${store}.p99`, item: 6, label: `Pull page p99 latency, 50 clients (${label})`, unit: 'ms', samples: pages.map((r) => r.latency.p99) }),
    figure({
      id: `server.ingest.${store}.touches-per-second`,
      item: 6,
      label: `Ingest touches/s, 5,000-touch batches (${label})`,
      unit: 'touches/s',
      samples: ingest.map((b) => (b.inserted / b.ms) * 1000),
      note: `${INGEST_BATCHES} batches one after another after a warm-up batch, as one integration sends them, into ${writeSpace}: 2,500 people per batch (one in ten new), two touches each; all inserted, every affected lead regraded. Latency is the whole request, from the bench process.`,
    }),
    figure({ id: `server.ingest.${store}.batch-ms`, item: 6, label: `Ingest latency per 5,000-touch batch (${label})`, unit: 'ms', samples: ingest.map((b) => b.ms) }),
  ];
}
