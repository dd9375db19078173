import type { Kysely } from 'kysely';
import { DEFAULT_DEFINITION, leadIdForEmail, type MutationCall } from '../../lib/domain';
import type { DB } from '../../server/src/db/schema';
import { addQueue, addUser } from '../../server/src/seed';
import type { Seed, SeededUser } from '../../server/src/testing';
import { Client } from './client';
import { canonical, clientIdOf, clientState, diffStates, lastMutationIds, serverState, workspaceVersion } from './state';

/**
 * The concurrency soak: marketers and reps, each a real extension sync engine over its own
 * replica, mutate at random and sync against one or more server processes at once. Reps race to
 * decide the same handoffs. Afterwards every invariant is checked against the database itself.
 * Used by `npm run soak` (long, PostgreSQL, several servers) and by a short run in `npm test`.
 */

export interface SoakOptions {
  db: Kysely<DB>;
  seed: Seed;
  /** Base URLs of the server processes; every request goes to a random one, as behind a load balancer. */
  servers: string[];
  clients: number;
  durationMs: number;
  /** Random pause between a client's steps (ms, uniform 0..max). */
  maxPauseMs?: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  clients: number;
  servers: number;
  durationMs: number;
  mutations: number;
  applied: number;
  rejected: Record<string, number>;
  /** Decisions that lost a race to another rep (already_decided / not_pending). Refused erases count as `forbidden`. */
  conflicts: number;
  handoffs: { created: number; decided: number; pending: number };
  requests: { push: number; pull: number };
  syncs: number;
  failedSyncs: Record<string, number>;
  /** Applied mutations per second over the whole run, and the lowest over any 5 s window. */
  appliedPerSecond: number;
  minAppliedPerSecond5s: number | null;
  syncMs: { p50: number; p95: number; max: number };
  violations: string[];
}

type Role = 'marketer' | 'sales' | 'manager';
/** Errors a well-behaved client can get when others got there first. */
const RACE_CODES = new Set(['already_decided', 'not_pending', 'already_claimed', 'handoff_pending']);
const REASONS = DEFAULT_DEFINITION.rejectionReasons.map((r) => r.code);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/** Users for `n` clients: about a third marketers, one manager from 10 clients up, the rest reps, all in one queue. */
export async function castUsers(db: Kysely<DB>, seed: Seed, n: number): Promise<{ users: { role: Role; user: SeededUser }[]; queueId: string }> {
  const marketers = Math.max(1, Math.round(n * 0.35));
  const managers = n >= 10 ? 1 : 0;
  const roles: Role[] = Array.from({ length: n }, (_, i) => (i < marketers ? 'marketer' : i < marketers + managers ? 'manager' : 'sales'));
  const users: { role: Role; user: SeededUser }[] = [];
  for (const [i, role] of roles.entries()) {
    const email = `soak-${role}-${i}.${seed.workspaceId}@example.com`;
    const { user, token } = await addUser(db, { workspaceId: seed.workspaceId, email, name: `Soak ${role} ${i}`, role });
    users.push({ role, user: { id: user.id, email, name: user.name, role, token } });
  }
  const queue = await addQueue(db, { workspaceId: seed.workspaceId, name: 'Soak queue', memberIds: users.filter((u) => u.role === 'sales').map((u) => u.user.id) });
  return { users, queueId: queue.id };
}

interface Sent {
  localId: number;
  call: MutationCall;
}

/** One simulated install: its engine, what it sent, and its counters. */
class SoakClient {
  readonly client: Client;
  readonly sent: Sent[] = [];
  syncs = 0;
  readonly syncMs: number[] = [];
  readonly failed: Record<string, number> = {};
  private seq = 0;

  constructor(
    readonly index: number,
    readonly role: Role,
    readonly user: SeededUser,
    private readonly ctx: { servers: string[]; queueId: string; reps: string[]; requests: { push: number; pull: number } },
  ) {
    // A load balancer without sticky sessions: each request to any server.
    const balanced: typeof fetch = (input, init) => {
      const url = new URL(String(input));
      if (url.pathname.endsWith('/push')) ctx.requests.push++;
      if (url.pathname.endsWith('/pull')) ctx.requests.pull++;
      return fetch(new URL(url.pathname + url.search, pick(ctx.servers)!), init);
    };
    this.client = new Client(ctx.servers[0]!, user, { fetch: balanced, pushBatch: 50 });
  }

  private id(prefix: string) {
    return `${prefix}_${this.index}_${++this.seq}_${Math.random().toString(36).slice(2, 6)}`;
  }

  async mutate(call: MutationCall): Promise<void> {
    const { localId } = await this.client.mutate(call);
    this.sent.push({ localId, call });
  }

  async sync(): Promise<void> {
    const started = performance.now();
    const status = await this.client.sync();
    this.syncMs.push(performance.now() - started);
    this.syncs++;
    if (status.state !== 'idle') this.failed[status.lastError?.code ?? status.state] = (this.failed[status.lastError?.code ?? status.state] ?? 0) + 1;
  }

  /** One random step for this client's role, chosen from what its own replica shows. */
  async step(): Promise<void> {
    const db = this.client.db;
    const now = new Date().toISOString();
    const leads = await db.leads.toCollection().primaryKeys();
    const handoffs = await db.handoffs.toArray();
    const pending = handoffs.filter((h) => h.status === 'pending').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const touch = async () => {
      const leadId = pick(leads);
      if (!leadId) return;
      const id = this.id('t');
      await this.mutate({ name: 'touch.add', args: { touch: { id, leadId, type: 'web_visit', occurredAt: now, origin: 'aun', externalId: id } } });
    };
    const r = Math.random();
    if (this.role === 'marketer') {
      if (r < 0.3 || leads.length === 0) {
        const email = `${this.id('lead')}@soak.example.co.jp`;
        const leadId = leadIdForEmail(email);
        await this.mutate({ name: 'lead.upsert', args: { lead: { id: leadId, email, company: `Soak ${this.index}`, source: { channel: 'webinar' } } } });
        await this.mutate({ name: 'touch.add', args: { touch: { id: this.id('t'), leadId, type: 'webinar_attended', occurredAt: now, origin: 'aun' } } });
        await this.handOver(leadId, now);
      } else if (r < 0.7) await touch();
      else if (r < 0.82) {
        const lead = await db.leads.get(pick(leads)!);
        if (lead) await this.mutate({ name: 'lead.upsert', args: { lead: { id: lead.id, email: lead.email, company: `Soak ${this.index} ${this.seq}` } } });
      } else if (r < 0.85) {
        // Marketers may not erase: refused, and the replica must get the lead and its children back.
        await this.mutate({ name: 'lead.erase', args: { leadId: pick(leads)! } });
      } else {
        // Hand a lead over again once its last handoff was rejected or recycled.
        const free = leads.filter((id) => !handoffs.some((h) => h.leadId === id && h.status === 'pending'));
        const leadId = pick(free);
        if (leadId) await this.handOver(leadId, now);
      }
      return;
    }
    // Reps and managers: mostly decide, racing for the oldest pending handoffs.
    const target = pick(pending.slice(0, 3));
    if (r < 0.55 && target) {
      const kind = pick(['accept', 'accept', 'reject', 'reject', 'recycle'] as const)!;
      await this.mutate({ name: 'handoff.decide', args: { handoffId: target.id, kind, ...(kind === 'reject' ? { reasonCode: pick(REASONS)! } : {}), at: now } });
    } else if (r < 0.65) {
      const unclaimed = pick(pending.filter((h) => h.toQueueId && !h.toUserId));
      if (unclaimed) await this.mutate({ name: 'handoff.claim', args: { handoffId: unclaimed.id, at: now } });
    } else if (r < 0.75 && target) {
      await this.mutate({ name: 'handoff.checkItem', args: { handoffId: target.id, itemId: pick(['timing_known', 'decision_maker'])!, checked: Math.random() < 0.7, at: now } });
    } else if (r < 0.85) {
      const accepted = pick(handoffs.filter((h) => h.status === 'accepted'));
      if (accepted) {
        await this.mutate({
          name: 'outcome.record',
          args: { id: this.id('o'), leadId: accepted.leadId, handoffId: accepted.id, kind: 'opportunity', amount: { value: 1_000_000, currency: 'JPY' }, occurredAt: now },
        });
      }
    } else await touch();
  }

  private async handOver(leadId: string, now: string) {
    const toQueue = Math.random() < 0.4;
    await this.mutate({
      name: 'handoff.create',
      args: { id: this.id('h'), leadId, stageId: 'marketing_to_sales', ...(toQueue ? { toQueueId: this.ctx.queueId } : { toUserId: pick(this.ctx.reps)! }), checkedItemIds: ['contact_verified', 'need_confirmed', 'consent'], createdAt: now },
    });
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { db, seed, servers } = options;
  const log = options.log ?? (() => undefined);
  const maxPause = options.maxPauseMs ?? 20;
  const { users, queueId } = await castUsers(db, seed, options.clients);
  const requests = { push: 0, pull: 0 };
  const reps = users.filter((u) => u.role === 'sales').map((u) => u.user.id);
  const clients = users.map(({ role, user }, i) => new SoakClient(i, role, user, { servers, queueId, reps, requests }));
  const violations: string[] = [];

  try {
    // Opening handoffs every rep sees before the clock starts; each rep's first move decides the
    // first of them, so decisions certainly conflict.
    const opener = clients.find((c) => c.role === 'marketer')!;
    for (let i = 0; i < 3; i++) {
      const email = `opening-${i}.${seed.workspaceId}@soak.example.co.jp`;
      await opener.mutate({ name: 'lead.upsert', args: { lead: { id: leadIdForEmail(email), email } } });
      await opener.mutate({
        name: 'handoff.create',
        args: { id: `h_opening_${i}`, leadId: leadIdForEmail(email), stageId: 'marketing_to_sales', toUserId: reps[0]!, checkedItemIds: ['contact_verified', 'need_confirmed', 'consent'], createdAt: new Date().toISOString() },
      });
    }
    await opener.sync();
    const openingSent = new Set(opener.sent.map((s) => s.localId));
    await Promise.all(clients.map((c) => c.sync()));
    const deciders = clients.filter((c) => c.role !== 'marketer');
    for (const c of deciders) await c.mutate({ name: 'handoff.decide', args: { handoffId: 'h_opening_0', kind: c.index % 2 ? 'accept' : 'recycle', at: new Date().toISOString() } });

    const versionStart = await workspaceVersion(db, seed.workspaceId);
    const started = performance.now();
    const deadline = started + options.durationMs;
    const timeline: { t: number; version: number }[] = [{ t: 0, version: versionStart }];
    const sampler = setInterval(() => {
      void workspaceVersion(db, seed.workspaceId).then((version) => timeline.push({ t: performance.now() - started, version }), () => undefined);
    }, 1000);
    let lastLog = started;

    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < deadline) {
          if (Math.random() < 0.7) await c.step();
          if (Math.random() < 0.6) await c.sync();
          await sleep(Math.random() * maxPause);
          if (c.index === 0 && performance.now() - lastLog > 10_000) {
            lastLog = performance.now();
            log(`  ${Math.round((lastLog - started) / 1000)} s: ${clients.reduce((n, x) => n + x.sent.length, 0)} mutations, ${requests.push} pushes, ${requests.pull} pulls`);
          }
        }
      }),
    );
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    const versionEnd = await workspaceVersion(db, seed.workspaceId);
    timeline.push({ t: elapsed, version: versionEnd });

    // Drain: everyone pushes what is left, then everyone pulls once more, with nobody mutating.
    for (const c of clients) {
      for (let i = 0; i < 10 && (await c.client.engine.status()).pending > 0; i++) await c.sync();
    }
    for (const c of clients) await c.sync();

    // --- Invariants, against the database itself ---
    const truth = await serverState(db, seed.workspaceId);
    const lastIds = await lastMutationIds(db, seed.workspaceId);
    const rejectedByClient = new Map<SoakClient, Map<number, string>>();
    const rejected: Record<string, number> = {};
    for (const c of clients) {
      const status = await c.client.engine.status();
      if (status.pending > 0 || status.state !== 'idle') violations.push(`client ${c.index} ended ${status.state} with ${status.pending} pending`);
      const diff = diffStates(truth, await clientState(c.client));
      if (diff.length) violations.push(`client ${c.index} (${c.role}) differs from the server: ${diff.join('; ')}`);
      const maxId = Math.max(0, ...c.sent.map((s) => s.localId));
      const serverLast = lastIds.get(await clientIdOf(c.client)) ?? 0;
      if (serverLast !== maxId) violations.push(`client ${c.index}: server's last mutation id ${serverLast}, client sent up to ${maxId}`);
      const lost = new Map(status.rejected.map((r) => [r.localId, r.error.code]));
      rejectedByClient.set(c, lost);
      for (const r of status.rejected) {
        rejected[r.error.code] = (rejected[r.error.code] ?? 0) + 1;
        const expected = r.name === 'lead.erase' ? r.error.code === 'forbidden' : RACE_CODES.has(r.error.code);
        if (!expected) violations.push(`client ${c.index}: unexpected rejection of ${r.name}: ${r.error.code} ${r.error.message} ${canonical(r.error.details)}`);
      }
    }
    const all = clients.flatMap((c) => c.sent.map((s) => ({ c, ...s, applied: !rejectedByClient.get(c)!.has(s.localId) })));
    const applied = all.filter((s) => s.applied);
    // Exactly once: the counter moved by one per mutation applied after the opening handoffs were in.
    const appliedSinceStart = applied.filter((s) => !openingSent.has(s.localId) || s.c !== opener).length;
    const versionNow = await workspaceVersion(db, seed.workspaceId);
    if (versionNow - versionStart !== appliedSinceStart) {
      violations.push(`workspace version moved by ${versionNow - versionStart}, but ${appliedSinceStart} mutations were applied`);
    }
    const entityIds = (entity: string) => new Set([...truth.keys()].filter((k) => k.startsWith(`${entity}:`)).map((k) => k.slice(entity.length + 1)));
    const expectSame = (what: string, expected: Set<string>, actual: Set<string>) => {
      const missing = [...expected].filter((id) => !actual.has(id));
      const extra = [...actual].filter((id) => !expected.has(id));
      if (missing.length || extra.length) violations.push(`${what}: missing ${missing.slice(0, 5).join(',')} extra ${extra.slice(0, 5).join(',')}`);
    };
    const appliedArgs = <N extends MutationCall['name']>(name: N) => applied.filter((s) => s.call.name === name).map((s) => ({ ...s, args: s.call.args as Extract<MutationCall, { name: N }>['args'] }));
    expectSame('touches', new Set(appliedArgs('touch.add').map((s) => s.args.touch.id)), entityIds('touch'));
    expectSame('handoffs', new Set(appliedArgs('handoff.create').map((s) => s.args.id)), entityIds('handoff'));
    expectSame('outcomes', new Set(appliedArgs('outcome.record').map((s) => s.args.id)), entityIds('outcome'));

    // Every handoff: decided exactly once, by the one decision the server applied; at most one claim.
    let decided = 0;
    for (const id of entityIds('handoff')) {
      const handoff = JSON.parse(truth.get(`handoff:${id}`)!) as { status: string; toUserId?: string; decision?: { by: string; kind: string } };
      const decisions = appliedArgs('handoff.decide').filter((s) => s.args.handoffId === id);
      const claims = appliedArgs('handoff.claim').filter((s) => s.args.handoffId === id);
      const expected = handoff.status === 'pending' ? 0 : 1;
      if (decisions.length !== expected) violations.push(`handoff ${id} is ${handoff.status} with ${decisions.length} applied decisions`);
      else if (expected === 1) {
        decided++;
        const d = decisions[0]!;
        if (handoff.decision?.by !== d.c.user.id || handoff.decision.kind !== d.args.kind) violations.push(`handoff ${id}: decision ${canonical(handoff.decision)} is not the applied one`);
      }
      if (claims.length > 1 || (claims.length === 1 && handoff.toUserId !== claims[0]!.c.user.id)) violations.push(`handoff ${id}: ${claims.length} applied claims`);
    }

    const windows: number[] = [];
    for (const a of timeline) {
      const b = timeline.find((x) => x.t >= a.t + 5000);
      if (b) windows.push(((b.version - a.version) * 1000) / (b.t - a.t));
    }
    const syncMs = clients.flatMap((c) => c.syncMs);
    const failedSyncs: Record<string, number> = {};
    for (const c of clients) for (const [k, v] of Object.entries(c.failed)) failedSyncs[k] = (failedSyncs[k] ?? 0) + v;
    const conflicts = (rejected.already_decided ?? 0) + (rejected.not_pending ?? 0);
    if (conflicts < deciders.length - 1) violations.push(`only ${conflicts} conflicting decisions, the opening race alone makes ${deciders.length - 1}`);
    return {
      clients: clients.length,
      servers: servers.length,
      durationMs: Math.round(elapsed),
      mutations: all.length,
      applied: applied.length,
      rejected,
      conflicts,
      handoffs: { created: entityIds('handoff').size, decided, pending: entityIds('handoff').size - decided },
      requests,
      syncs: clients.reduce((n, c) => n + c.syncs, 0),
      failedSyncs,
      appliedPerSecond: Math.round(((versionEnd - versionStart) * 1000) / elapsed),
      minAppliedPerSecond5s: windows.length ? Math.round(Math.min(...windows)) : null,
      syncMs: { p50: percentile(syncMs, 50), p95: percentile(syncMs, 95), max: percentile(syncMs, 100) },
      violations,
    };
  } finally {
    for (const c of clients) await c.client.close();
  }
}
