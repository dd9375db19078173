import fc from 'fast-check';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITION, ErrorBody, ErrorCode, leadIdForEmail, MutationArgs, PullResponse, PushResponse, type MutationCall } from '../../lib/domain';
import { unstorablePath } from '../src/errors';
import { IngestTouch } from '../src/routes/ingest';
import type { Seed } from '../src/testing';
import { ApiClient } from './support/client';
import { createHandoff, T0, upsertLead } from './support/fixtures';
import { openHarness, STORAGES, type Harness } from './support/storages';

/**
 * Property-based fuzzing of every route with random and malformed input (issue #10).
 * Properties: never a 500; every 4xx is an ErrorBody with a known ErrorCode; a rejected request or
 * mutation writes nothing ("never a partial write"); valid mutations mixed into a batch with
 * invalid ones follow the Replicache rules of docs/api.md; nothing is written outside the caller's
 * workspace. Fixed seed and bounded runs, so the file is fast and reproducible; raise the runs
 * with AUN_FUZZ_RUNS=<n> (and vary AUN_FUZZ_SEED) for a longer local session.
 */
const SEED = Number(process.env.AUN_FUZZ_SEED ?? '') || 0x0a0e_2026;
const SCALE = Number(process.env.AUN_FUZZ_RUNS ?? '') || 0;
const runs = (n: number) => ({ seed: SEED, numRuns: SCALE || n, endOnFailure: true });
/** Per property: the default runs take seconds; AUN_FUZZ_RUNS sessions get room. */
const TIMEOUT = SCALE ? 1_800_000 : 60_000;

const MAX_BODY = 256 * 1024;
const ROUTES = ['/api/health', '/api/me', '/api/sync/push', '/api/sync/pull', '/api/ingest/touches', '/api/import/leads', '/api/openapi.json'] as const;
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'text/csv',
  'text/csv; charset=shift_jis',
  'multipart/form-data',
  'multipart/form-data; boundary=----fuzz',
  'application/octet-stream',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/jsonp',
];

let counter = 0;
const STATS: Record<string, number> = {};
const stat = (k: string) => { STATS[k] = (STATS[k] ?? 0) + 1; };
afterAll(() => { process.stdout.write('STATS ' + JSON.stringify(STATS, null, 1) + '\n'); });
const fresh = (prefix: string) => `${prefix}_${(counter++).toString(36).padStart(6, '0')}`;

/** A 4xx/5xx answer must be an ErrorBody with a known code; returns the code. */
async function expectErrorBody(res: Response): Promise<ErrorCode> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`status ${res.status} with a non-JSON body: ${text.slice(0, 200)}`);
  }
  const parsed = ErrorBody.safeParse(json);
  if (!parsed.success) throw new Error(`status ${res.status} with a body that is not an ErrorBody: ${text.slice(0, 300)}`);
  return parsed.data.error.code;
}

/** What a JSON body carries once the server parsed it (undefined dropped, -0 → 0, …). */
const roundTrip = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** Does the server's per-mutation check accept this name and these args (schema and storable text)? */
function schemaValid(name: string, args: unknown): boolean {
  if (!Object.hasOwn(MutationArgs, name)) return false;
  const parsed = MutationArgs[name as keyof typeof MutationArgs].safeParse(roundTrip(args));
  return parsed.success && unstorablePath(parsed.data) === undefined;
}

/** Does ingest accept this row? */
function ingestValid(row: unknown): boolean {
  const parsed = IngestTouch.safeParse(roundTrip(row));
  return parsed.success && unstorablePath(parsed.data) === undefined;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const asciiText = (maxLength = 40) => fc.string({ maxLength });
/** Strings from every corner: unicode, control-free ascii, Japanese, long, email- and id-like. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '\uFEFF', '\uD800', '𠮷野家', '株式会社テスト', '<script>alert(1)</script>', "'; DROP TABLE records; --", '../../etc/passwd', 'a@b', '__proto__', 'constructor', 'NaN', '1e309'),
  fc.emailAddress(),
  fc.integer({ min: 201, max: 6000 }).map((n) => 'あ'.repeat(n)),
);
/** A value of any JSON type, or a string from the corners above. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 3 }),
  nastyString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, 1e308, [], {}),
);

/** Paths of every key and array index inside a JSON-ish value. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

type Corruption = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'unknownKey'; key: string; value: unknown } | { kind: 'huge'; length: number } | { kind: 'wrongType' };

const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  anyValue.map((value) => ({ kind: 'set' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.record({ kind: fc.constant('unknownKey' as const), key: fc.string({ minLength: 1, maxLength: 12 }), value: anyValue }),
  fc.integer({ min: 201, max: 20_000 }).map((length) => ({ kind: 'huge' as const, length })),
  fc.constant({ kind: 'wrongType' as const }),
);

/** A deep copy of `value` with one corruption applied at `path` (the root when path is empty). */
function corrupt(value: unknown, path: (string | number)[], c: Corruption): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  if (path.length === 0) {
    if (c.kind === 'unknownKey' && copy && typeof copy === 'object' && !Array.isArray(copy)) return { ...copy, [`x_${c.key}`]: c.value };
    return c.kind === 'set' ? c.value : c.kind === 'huge' ? 'x'.repeat(c.length) : c.kind === 'wrongType' ? [copy] : undefined;
  }
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const current = parent[last];
  switch (c.kind) {
    case 'set':
      parent[last] = c.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'unknownKey':
      if (current && typeof current === 'object' && !Array.isArray(current)) (current as Record<string, unknown>)[`x_${c.key}`] = c.value;
      else (parent as Record<string, unknown>)[`x_${c.key}`] = c.value;
      break;
    case 'huge':
      parent[last] = 'x'.repeat(c.length);
      break;
    case 'wrongType':
      parent[last] = typeof current === 'string' ? 42 : typeof current === 'number' ? String(current) : typeof current === 'boolean' ? 'true' : Array.isArray(current) ? {} : current === null ? [] : [current];
      break;
  }
  return copy;
}

interface World {
  a: Seed;
  b: Seed;
  /** A lead of A with a pending handoff to A's sales rep. */
  leadId: string;
  handoffId: string;
  /** A second lead of A with a pending queue handoff. */
  queueLeadId: string;
  queueHandoffId: string;
  /** Lead and handoff of B, which A's tokens must never see or change. */
  bLeadId: string;
  bHandoffId: string;
}

/** One valid call per mutation name, against the world (fresh ids where a new object is made). */
function validCalls(w: World): MutationCall[] {
  const email = `${fresh('fz')}@acme.co.jp`;
  return [
    upsertLead(email, { company: 'ACME', name: { family: '山田', given: '太郎' }, firmographics: { industry: 'software', country: 'JP' } }),
    { name: 'lead.linkCrm', args: { leadId: w.leadId, link: { system: 'salesforce', objectType: 'Lead', recordId: fresh('00Q'), url: 'https://acme.lightning.force.com/lightning/r/Lead/x/view' } } },
    { name: 'lead.erase', args: { leadId: fresh('ld_gone') } },
    { name: 'touch.add', args: { touch: { id: fresh('tc'), leadId: w.leadId, type: 'web_visit', occurredAt: T0, origin: 'aun', externalId: fresh('ext') } } },
    { name: 'handoff.create', args: { id: fresh('ho'), leadId: w.leadId, stageId: 'marketing_to_sales', toUserId: w.a.sales.id, checkedItemIds: ['contact_verified'], createdAt: T0 } },
    { name: 'handoff.checkItem', args: { handoffId: w.handoffId, itemId: 'need_confirmed', checked: true, at: T0 } },
    { name: 'handoff.claim', args: { handoffId: w.queueHandoffId, at: T0 } },
    { name: 'handoff.decide', args: { handoffId: w.handoffId, kind: 'reject', reasonCode: 'bad_timing', note: 'Q3', at: T0 } },
    { name: 'outcome.record', args: { id: fresh('oc'), leadId: w.leadId, kind: 'opportunity', amount: { value: 1_000_000, currency: 'JPY' }, occurredAt: T0 } },
    { name: 'definition.publish', args: { definition: { ...DEFAULT_DEFINITION, mql: { ...DEFAULT_DEFINITION.mql, minEngagement: 3 } } } },
    { name: 'user.setAway', args: { away: true } },
  ] as MutationCall[];
}

/** Calls that pass the schema but that a rule always rejects (missing records, bad ids, stages). */
function ruleInvalidCalls(w: World): MutationCall[] {
  return [
    { name: 'lead.upsert', args: { lead: { id: 'ld_not_derived', email: `${fresh('fz')}@acme.co.jp` } } },
    { name: 'lead.linkCrm', args: { leadId: fresh('ld_missing'), link: { system: 'other', objectType: 'x', recordId: 'y', url: 'https://crm.example.com/y' } } },
    { name: 'touch.add', args: { touch: { id: fresh('tc'), leadId: fresh('ld_missing'), type: 'call', occurredAt: T0, origin: 'aun' } } },
    { name: 'handoff.create', args: { id: fresh('ho'), leadId: w.leadId, stageId: 'no_such_stage', toUserId: w.a.sales.id, checkedItemIds: [], createdAt: T0 } },
    { name: 'handoff.checkItem', args: { handoffId: fresh('ho_missing'), itemId: 'consent', checked: true, at: T0 } },
    { name: 'handoff.claim', args: { handoffId: fresh('ho_missing'), at: T0 } },
    { name: 'handoff.decide', args: { handoffId: fresh('ho_missing'), kind: 'accept', at: T0 } },
    { name: 'outcome.record', args: { id: fresh('oc'), leadId: fresh('ld_missing'), kind: 'contacted', occurredAt: T0 } },
    // B's ids do not exist for A.
    { name: 'handoff.decide', args: { handoffId: w.bHandoffId, kind: 'accept', at: T0 } },
    { name: 'lead.linkCrm', args: { leadId: w.bLeadId, link: { system: 'other', objectType: 'x', recordId: 'y', url: 'https://crm.example.com/y' } } },
  ] as MutationCall[];
}

const NAME_NOISE = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'lead.Upsert', 'lead.upsert ', ' lead.upsert', 'lead', 'handoff.decide\u0000', 'x'.repeat(100)),
);

/** A mutation: a valid call with one corruption in its args, an unknown name, or random args. */
function mutationArb(w: () => World): fc.Arbitrary<{ name: string; args: unknown }> {
  const corrupted = fc.tuple(fc.nat(), fc.nat(), corruptionArb).map(([pick, at, c]) => {
    const calls = validCalls(w());
    const call = calls[pick % calls.length]!;
    const paths = [[], ...pathsOf(call.args)];
    return { name: call.name as string, args: corrupt(call.args, paths[at % paths.length]!, c) };
  });
  return fc.oneof(
    { weight: 5, arbitrary: corrupted },
    { weight: 1, arbitrary: fc.record({ name: NAME_NOISE, args: anyValue }) },
    { weight: 1, arbitrary: fc.record({ name: fc.constantFrom(...(Object.keys(MutationArgs) as string[])), args: anyValue }) },
    { weight: 1, arbitrary: fc.nat().map((pick) => { const calls = validCalls(w()); return calls[pick % calls.length] as { name: string; args: unknown }; }) },
    { weight: 1, arbitrary: fc.nat().map((pick) => { const calls = ruleInvalidCalls(w()); return calls[pick % calls.length] as { name: string; args: unknown }; }) },
  );
}

/** Certainly rejected: schema-invalid (filtered) or rule-invalid. */
function invalidMutationArb(w: () => World): fc.Arbitrary<{ name: string; args: unknown }> {
  return fc.oneof(
    mutationArb(w).filter((m) => m.args !== undefined && !schemaValid(m.name, m.args)),
    fc.nat().map((pick) => {
      const calls = ruleInvalidCalls(w());
      return calls[pick % calls.length] as { name: string; args: unknown };
    }),
  );
}

// ---------------------------------------------------------------------------------------------

describe.each(STORAGES)('fuzzing the HTTP API on $name', (storage) => {
  let h: Harness;
  let w: World;
  const world = () => w;

  beforeAll(async () => {
    h = await openHarness(storage, { maxBodyBytes: MAX_BODY });
    const a = await h.seed();
    const b = await h.seed();
    const marketerA = new ApiClient(h.app, a.marketer.token);
    const marketerB = new ApiClient(h.app, b.marketer.token);
    const leadEmail = 'fuzz.lead@acme.co.jp';
    const queueEmail = 'fuzz.queue@acme.co.jp';
    await marketerA.apply(upsertLead(leadEmail, { company: 'ACME' }));
    await marketerA.apply(upsertLead(queueEmail, { company: 'ACME' }));
    const ho = createHandoff(leadIdForEmail(leadEmail), { toUserId: a.sales.id });
    const hq = createHandoff(leadIdForEmail(queueEmail), { toQueueId: a.queueId });
    await marketerA.apply(ho);
    await marketerA.apply(hq);
    const bEmail = 'fuzz.b@acme.co.jp';
    await marketerB.apply(upsertLead(bEmail, { company: 'B corp' }));
    const hb = createHandoff(leadIdForEmail(bEmail), { toUserId: b.sales.id });
    await marketerB.apply(hb);
    w = {
      a,
      b,
      leadId: leadIdForEmail(leadEmail),
      handoffId: ho.args.id,
      queueLeadId: leadIdForEmail(queueEmail),
      queueHandoffId: hq.args.id,
      bLeadId: leadIdForEmail(bEmail),
      bHandoffId: hb.args.id,
    };
  });
  afterAll(async () => h?.close());

  /** A digest of every record row (all workspaces), and of the Replicache client table. */
  async function snapshot(workspaceId?: string): Promise<{ records: string; clients: string }> {
    const where = workspaceId === undefined ? sql`TRUE` : sql`workspace_id = ${workspaceId}`;
    const records = await sql<{ n: string; d: string | null }>`
      SELECT count(*)::text AS n, md5(string_agg(workspace_id || '|' || entity || '|' || id || '|' || version::text || '|' || deleted::text || '|' || coalesce(data::text, ''), ',' ORDER BY workspace_id, entity, id)) AS d
      FROM records WHERE ${where}
    `.execute(h.database.db);
    const clients = await sql<{ n: string; d: string | null }>`
      SELECT count(*)::text AS n, md5(string_agg(workspace_id || '|' || user_id || '|' || client_id || '|' || last_mutation_id::text, ',' ORDER BY workspace_id, user_id, client_id)) AS d
      FROM clients WHERE ${where}
    `.execute(h.database.db);
    const r = records.rows[0]!;
    const c = clients.rows[0]!;
    return { records: `${r.n}:${r.d ?? ''}`, clients: `${c.n}:${c.d ?? ''}` };
  }

  /** Record keys (entity:id → version) of a workspace. */
  async function rowsOf(workspaceId: string): Promise<Map<string, string>> {
    const rows = await sql<{ entity: string; id: string; version: string }>`SELECT entity, id, version::text AS version FROM records WHERE workspace_id = ${workspaceId}`.execute(h.database.db);
    return new Map(rows.rows.map((r) => [`${r.entity}:${r.id}`, r.version]));
  }

  const tokenOf = (role: 'admin' | 'manager' | 'marketer' | 'sales' | 'integration') => w.a[role].token;

  it('any route, method, header, query and body: never a 500, every error an ErrorBody, a rejected request writes nothing', async () => {
    const authArb = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('admin', 'manager', 'marketer', 'sales', 'integration').map((role) => `Bearer ${tokenOf(role)}`) },
      fc.constant(undefined),
      asciiText(60),
      asciiText(60).map((s) => `Bearer ${s}`),
      fc.constantFrom('Bearer', 'Bearer ', `Bearer ${'a'.repeat(201)}`, 'Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'bearer aun_', `Bearer  aun_${'x'.repeat(43)}`),
    );
    const bodyArb: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.record({ clientId: fc.oneof(fc.constant('fuzz_client_0001'), asciiText()), mutations: fc.array(anyValue, { maxLength: 3 }) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      fc.record({ touches: fc.oneof(fc.array(anyValue, { maxLength: 3 }), anyValue) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      fc.jsonValue({ maxDepth: 3 }).chain((v) => {
        const text = JSON.stringify(v);
        return fc.nat({ max: text.length }).map((cut) => text.slice(0, cut)); // truncated JSON
      }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 1000 }),
      fc.integer({ min: MAX_BODY - 1024, max: MAX_BODY + 4096 }).map((n) => `{"touches":["${'x'.repeat(n)}"]}`),
    );
    const queryArb = fc.oneof(
      fc.constant(''),
      fc.dictionary(fc.constantFrom('clientId', 'cursor', 'limit', 'dryRun', 'foo', '__proto__'), asciiText(30), { maxKeys: 4 }).map((d) => `?${new URLSearchParams(d)}`),
      asciiText(60).map((s) => `?${s}`),
    );
    const pathArb = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...ROUTES) },
      { weight: 1, arbitrary: fc.webSegment().map((s) => `/api/${s}`) },
      { weight: 1, arbitrary: fc.constantFrom('/api/', '/api/sync/push/', '/api//me', '/API/me', '/api/sync', '/', '/api/me/../health', '/api/%2e%2e/me') },
    );
    const headersArb = fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,12}$/), asciiText(40), { maxKeys: 3 });
    const METHOD_OF: Record<string, string> = { '/api/sync/push': 'POST', '/api/ingest/touches': 'POST', '/api/import/leads': 'POST' };
    const routeArb = fc.oneof(
      // Mostly the route's own method, so the body reaches the handler; sometimes any method.
      { weight: 4, arbitrary: fc.constantFrom(...ROUTES).map((path) => ({ path, method: METHOD_OF[path] ?? 'GET' })) },
      { weight: 1, arbitrary: fc.record({ path: pathArb, method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH') }) },
    );
    const requestArb = fc.record({
      route: routeArb,
      query: queryArb,
      auth: authArb,
      contentType: fc.oneof(fc.constant(undefined), { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) }, asciiText(40)),
      origin: fc.oneof(fc.constant(undefined), fc.constantFrom('chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'https://evil.example.com', 'null')),
      extra: headersArb,
      body: bodyArb,
    });

    await fc.assert(
      fc.asyncProperty(requestArb, async ({ route: { method, path }, ...r }) => {
        const headers = new Headers(r.extra);
        if (r.auth !== undefined) headers.set('authorization', r.auth);
        if (r.contentType !== undefined) headers.set('content-type', r.contentType);
        if (r.origin !== undefined) headers.set('origin', r.origin);
        const before = await snapshot();
        const body = method === 'GET' ? undefined : r.body;
        const res = await h.app.request(`${path}${r.query}`, { method, headers, ...(body !== undefined ? { body: body as BodyInit } : {}) });
        stat(`any:${res.status}`);
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        if (res.status >= 400) {
          await expectErrorBody(res);
          expect(await snapshot()).toEqual(before);
        } else await res.arrayBuffer();
      }),
      runs(300),
    );
  }, TIMEOUT);

  it('push: corrupted, unknown and random mutations are rejected one by one with a known code; a batch with nothing applied writes nothing', async () => {
    const roleArb = fc.constantFrom('admin', 'manager', 'marketer', 'sales') as fc.Arbitrary<'admin' | 'manager' | 'marketer' | 'sales'>;
    await fc.assert(
      fc.asyncProperty(roleArb, fc.array(mutationArb(world), { minLength: 1, maxLength: 6 }), async (role, calls) => {
        const client = new ApiClient(h.app, tokenOf(role), fresh('fuzzclient'));
        const mutations = calls.map((c, i) => ({ id: i + 1, name: c.name, args: c.args }));
        const before = await snapshot();
        const res = await client.postJson('/api/sync/push', { clientId: client.clientId, mutations });
        if (res.status !== 200) {
          // Only a body over the limit, or a mutation without its args key, fails the envelope.
          const code = await expectErrorBody(res);
          if (res.status === 400) {
            expect(code).toBe('validation_failed');
            expect(mutations.some((m) => m.args === undefined)).toBe(true);
          } else {
            expect(res.status).toBe(413);
            expect(code).toBe('payload_too_large');
          }
          expect(await snapshot()).toEqual(before);
          return;
        }
        const body = PushResponse.parse(await res.json());
        for (const r of body.results) stat(`push:${r.status}:${r.error?.code ?? ''}`);
        expect(body.results.map((r) => r.id)).toEqual(mutations.map((m) => m.id));
        expect(body.lastMutationId).toBe(mutations.length);
        body.results.forEach((result, i) => {
          const m = mutations[i]!;
          expect(['applied', 'rejected']).toContain(result.status);
          if (result.status === 'rejected') {
            expect(ErrorCode.safeParse(result.error?.code).success, JSON.stringify(result.error)).toBe(true);
            expect(typeof result.error?.message).toBe('string');
          }
          if (!Object.hasOwn(MutationArgs, m.name)) expect(result.error?.code).toBe('unknown_mutation');
          else if (!schemaValid(m.name, m.args)) expect(result.error?.code).toBe('validation_failed');
        });
        if (body.results.every((r) => r.status === 'rejected')) expect((await snapshot()).records).toBe(before.records);
        // Nothing ever lands in another workspace.
      }),
      runs(150),
    );
  }, TIMEOUT);

  it('push: one valid mutation among invalid ones is applied exactly once, the others rejected, ids recorded, replay is a no-op', async () => {
    const batchArb = fc
      .tuple(fc.array(invalidMutationArb(world), { minLength: 1, maxLength: 5 }), fc.nat())
      .map(([invalid, at]) => {
        const email = `${fresh('mixed')}@acme.co.jp`;
        const valid = upsertLead(email, { company: 'Mixed KK' });
        const list: { name: string; args: unknown }[] = [...invalid];
        const position = at % (list.length + 1);
        list.splice(position, 0, valid);
        return { list, position, leadId: leadIdForEmail(email) };
      });
    await fc.assert(
      fc.asyncProperty(batchArb, async ({ list, position, leadId }) => {
        const client = new ApiClient(h.app, tokenOf('admin'), fresh('mixedclient'));
        const base = 1000;
        const mutations = list.map((m, i) => ({ id: base + i, name: m.name, args: m.args }));
        const rowsBefore = await rowsOf(w.a.workspaceId);
        const otherBefore = await snapshot(w.b.workspaceId);
        const res = await client.pushRaw(mutations);
        expect(res.results.map((r) => r.status)).toEqual(mutations.map((_, i) => (i === position ? 'applied' : 'rejected')));
        for (const r of res.results) if (r.status === 'rejected') expect(ErrorCode.safeParse(r.error?.code).success).toBe(true);
        expect(res.lastMutationId).toBe(base + mutations.length - 1);
        // The only change in A is the valid mutation's lead; B is untouched.
        const rowsAfter = await rowsOf(w.a.workspaceId);
        const changed = [...rowsAfter].filter(([k, v]) => rowsBefore.get(k) !== v).map(([k]) => k);
        expect(changed).toEqual([`lead:${leadId}`]);
        expect(await snapshot(w.b.workspaceId)).toEqual(otherBefore);
        // Replaying the batch changes nothing and answers as the first time: duplicate for the
        // applied one, the same refusal for the others.
        const all = await snapshot();
        const replay = await client.pushRaw(mutations);
        expect(replay.results).toEqual(res.results.map((r) => (r.status === 'applied' ? { id: r.id, status: 'duplicate' } : r)));
        expect(replay.lastMutationId).toBe(res.lastMutationId);
        expect(await snapshot()).toEqual(all);
      }),
      runs(100),
    );
  }, TIMEOUT);

  it('push: malformed envelopes are a 400/413 ErrorBody and touch neither records nor clients', async () => {
    const validMutation = { id: 1, name: 'user.setAway', args: { away: false } };
    const envelope = { clientId: 'fuzz_envelope_01', mutations: [validMutation] };
    const envelopeArb = fc.oneof(
      fc.tuple(fc.nat(), corruptionArb).map(([at, c]) => {
        const paths = [[], ...pathsOf(envelope)].filter((p) => !(p[0] === 'mutations' && p.length > 2 && p[2] === 'args'));
        return corrupt(envelope, paths[at % paths.length]!, c);
      }),
      fc.record({ clientId: fc.oneof(asciiText(70), anyValue), mutations: fc.array(fc.record({ id: anyValue, name: anyValue, args: anyValue }), { maxLength: 3 }) }),
      fc.integer({ min: 501, max: 520 }).map((n) => ({ clientId: 'fuzz_envelope_02', mutations: Array.from({ length: n }, (_, i) => ({ ...validMutation, id: i + 1 })) })),
    );
    await fc.assert(
      fc.asyncProperty(envelopeArb, async (body) => {
        const before = await snapshot();
        const res = await new ApiClient(h.app, tokenOf('admin')).postJson('/api/sync/push', body);
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) {
          // The corruption happened to leave a valid envelope (e.g. a new valid clientId).
          PushResponse.parse(await res.json());
          return;
        }
        expect([400, 413]).toContain(res.status);
        expect(['bad_request', 'validation_failed', 'payload_too_large']).toContain(await expectErrorBody(res));
        expect(await snapshot()).toEqual(before);
      }),
      runs(150),
    );
  }, TIMEOUT);

  it('pull: random and near-valid cursors, limits and client ids are 200 with only own rows, or a 400 ErrorBody', async () => {
    const aUsers = new Set([w.a.admin.id, w.a.manager.id, w.a.marketer.id, w.a.sales.id, w.a.sales2.id, w.a.integration.id]);
    const bIds = new Set([w.b.admin.id, w.b.manager.id, w.b.marketer.id, w.b.sales.id, w.b.sales2.id, w.b.integration.id, w.b.queueId, w.bHandoffId]);
    const cursorArb = fc.oneof(
      { weight: 3, arbitrary: fc.constant('') },
      fc.constantFrom('1:user:a', '0:lead:x', '3:definition:1', `999999999999999999:lead:${'z'.repeat(64)}`, `1:lead:${'z'.repeat(65)}`),
      asciiText(80),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.tuple(fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 19n }).map(String), asciiText(5)), fc.constantFrom('lead', 'touch', 'user', 'definition', 'handoff', 'nope', 'LEAD', ''), fc.oneof(asciiText(70), fc.constant(':::'))).map(
        ([v, e, id]) => `${v}:${e}:${id}`,
      ),
    );
    const limitArb = fc.oneof(fc.integer({ min: -10, max: 6000 }).map(String), fc.constantFrom('', ' 5', '1e3', '0x10', '5.5', 'NaN', 'Infinity', '-0', '99999999999999999999'), asciiText(8));
    const queryArb = fc.record({
      clientId: fc.option(fc.oneof({ weight: 3, arbitrary: fc.constant('fuzz_pull_client') }, asciiText(70)), { freq: 3 }),
      cursor: fc.option(cursorArb, { freq: 3 }),
      limit: fc.option(fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 1, max: 5000 }).map(String) }, limitArb), { freq: 3 }),
      extra: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, fc.tuple(asciiText(10), asciiText(10))),
    });
    const client = new ApiClient(h.app, tokenOf('sales'));
    await fc.assert(
      fc.asyncProperty(queryArb, async (q) => {
        const params = new URLSearchParams();
        if (q.clientId !== null) params.set('clientId', q.clientId);
        if (q.cursor !== null) params.set('cursor', q.cursor);
        if (q.limit !== null) params.set('limit', q.limit);
        if (q.extra) params.append(q.extra[0], q.extra[1]);
        const res = await client.request(`/api/sync/pull?${params}`);
        expect(res.status).toBeLessThan(500);
        stat(`pull:${res.status}`);
        if (res.status === 200) {
          const page = PullResponse.parse(await res.json());
          for (const change of page.changes) {
            expect(bIds.has(change.id), change.id).toBe(false);
            if (change.entity === 'user') expect(aUsers.has(change.id)).toBe(true);
          }
        } else {
          expect(res.status).toBe(400);
          expect(['bad_request', 'validation_failed']).toContain(await expectErrorBody(res));
        }
      }),
      runs(200),
    );
  }, TIMEOUT);

  it('ingest: near-valid and random touches — exactly the invalid rows are rejected, nothing lands outside the workspace', async () => {
    const validTouch = () => ({
      email: `${fresh('ing')}@example.co.jp`,
      type: 'webinar_attended',
      occurredAt: '2026-03-01T09:00:00+09:00',
      campaign: 'Spring webinar',
      detail: 'DX seminar',
      origin: 'marketo',
      externalId: fresh('mk'),
      lead: { company: 'ACME', name: { family: '田中' }, firmographics: { employeeBand: '100-299', country: 'JP' }, source: { channel: 'webinar' } },
    });
    const touchArb = fc.oneof(
      { weight: 2, arbitrary: fc.constant(null).map(() => validTouch()) },
      {
        weight: 5,
        arbitrary: fc.tuple(fc.nat(), corruptionArb).map(([at, c]) => {
          const t = validTouch();
          const paths = pathsOf(t);
          return corrupt(t, paths[at % paths.length]!, c);
        }),
      },
      { weight: 1, arbitrary: anyValue },
    );
    const tokenArb = fc.constantFrom('integration', 'admin') as fc.Arbitrary<'integration' | 'admin'>;
    await fc.assert(
      fc.asyncProperty(tokenArb, fc.array(touchArb, { maxLength: 8 }), async (role, touches) => {
        const otherBefore = await snapshot(w.b.workspaceId);
        const before = await snapshot();
        const res = await new ApiClient(h.app, tokenOf(role)).postJson('/api/ingest/touches', { touches });
        if (res.status === 413) {
          expect(await expectErrorBody(res)).toBe('payload_too_large');
          expect(await snapshot()).toEqual(before);
          return;
        }
        stat(`ingest:${res.status}`);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { received: number; inserted: number; duplicates: number; rejected: { index: number; code: string }[] };
        const invalid = touches.flatMap((t, i) => (ingestValid(t) ? [] : [i]));
        expect(body.rejected.map((r) => r.index)).toEqual(invalid);
        expect(body.rejected.every((r) => r.code === 'validation_failed')).toBe(true);
        stat(`ingest:inserted>0:${body.inserted > 0}`);
        expect(body.inserted + body.duplicates).toBe(touches.length - invalid.length);
        if (body.inserted === 0) expect((await snapshot()).records).toBe(before.records);
        expect(await snapshot(w.b.workspaceId)).toEqual(otherBefore);
      }),
      runs(150),
    );
  }, TIMEOUT);

  it('regression: NUL and unpaired surrogates (valid JSON escapes PostgreSQL cannot store) are validation_failed, never a 500', async () => {
    const admin = new ApiClient(h.app, tokenOf('admin'), fresh('nulclient'));
    const integration = new ApiClient(h.app, tokenOf('integration'));
    const before = await snapshot();
    for (const bad of ['\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\udbff\u0041']) {
      const email = `${fresh('nul')}@acme.co.jp`;
      const res = await admin.push(
        upsertLead(email, { company: bad }),
        { name: 'touch.add', args: { touch: { id: fresh('tc'), leadId: w.leadId, type: 'call', occurredAt: T0, origin: 'aun', externalId: bad } } },
        { name: 'handoff.decide', args: { handoffId: w.handoffId, kind: 'reject', reasonCode: 'bad_timing', note: bad, at: T0 } },
      );
      expect(res.results.map((r) => r.error?.code)).toEqual(['validation_failed', 'validation_failed', 'validation_failed']);
      const touch = { email, type: 'web_visit', occurredAt: T0, origin: 'marketo', externalId: fresh('mk') };
      const ingest = await integration.postJson('/api/ingest/touches', { touches: [{ ...touch, detail: bad }, { ...touch, externalId: bad }, { ...touch, origin: bad }, { ...touch, lead: { company: bad } }] });
      expect(ingest.status).toBe(200);
      expect(((await ingest.json()) as { rejected: { index: number }[] }).rejected.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    }
    for (const cursor of ['1:lead:\u0000', '5:touch:a\u0000b']) {
      const pull = await admin.request(`/api/sync/pull?${new URLSearchParams({ cursor })}`);
      expect(pull.status).toBe(400);
      expect(await expectErrorBody(pull)).toBe('bad_request');
    }
    // The pushes recorded their ids (rejections) but wrote no record.
    expect((await snapshot()).records).toBe(before.records);
  });

  it('import: random bytes, broken UTF-8 and Shift_JIS fragments as CSV — a 200 report or a 4xx ErrorBody, dry runs and failures write nothing', async () => {
    const HEADER_NAMES = ['email', 'メールアドレス', '会社名', 'company', '氏名', 'name', '姓', '名', '役職', '従業員数', '都道府県', 'country', '流入元', 'campaign', 'phone', 'unknown', ''];
    const cellArb = fc.oneof(
      { weight: 3, arbitrary: fc.emailAddress() },
      fc.constantFrom('株式会社サンプル', '東京都', '100-299', '1,000名', 'JP', '日本', 'Webinar', '"quoted, cell"', '"broken', '\r', '=cmd|\' /C calc\'!A0', '０３－１２３４－５６７８'),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    const csvTextArb = fc
      .tuple(
        fc.tuple(fc.constantFrom('email', 'メールアドレス', 'Eメール', 'company'), fc.array(fc.constantFrom(...HEADER_NAMES), { maxLength: 5 })).map(([first, rest]) => [first, ...rest]), fc.array(fc.array(cellArb, { maxLength: 7 }), { maxLength: 8 }), fc.constantFrom(',', '\t', ';'), fc.constantFrom('\n', '\r\n', '\r'))
      .map(([headers, rows, sep, nl]) => [headers.join(sep), ...rows.map((r) => r.join(sep))].join(nl));
    const INVALID_FRAGMENTS = [[0x82], [0xff], [0x80, 0x80], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80], [0x81, 0x7f], [0x00], [0xef, 0xbb, 0xbf], [0xff, 0xfe]];
    const bytesArb: fc.Arbitrary<Uint8Array> = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      csvTextArb.map((t) => new Uint8Array(Buffer.from(t, 'utf8'))),
      csvTextArb.map((t) => new Uint8Array(iconv.encode(t, 'cp932'))),
      csvTextArb.map((t) => new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(t, 'utf8')])),
      csvTextArb.map((t) => new Uint8Array([0xff, 0xfe, ...Buffer.from(t, 'utf16le')])),
      fc.tuple(csvTextArb, fc.constantFrom('utf8', 'cp932'), fc.constantFrom(...INVALID_FRAGMENTS), fc.nat()).map(([t, enc, frag, at]) => {
        const bytes = enc === 'utf8' ? Buffer.from(t, 'utf8') : iconv.encode(t, 'cp932');
        const cut = at % (bytes.length + 1);
        return new Uint8Array([...bytes.subarray(0, cut), ...frag, ...bytes.subarray(cut)]);
      }),
    );
    const dryRunArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('true', 'false', undefined) }, asciiText(6));
    const modeArb = fc.constantFrom('text/csv', 'text/csv', 'text/csv; charset=shift_jis', 'application/octet-stream', 'multipart', 'multipart', 'multipart-wrong-field', 'multipart-raw');
    const roleArb = fc.constantFrom('admin', 'manager', 'marketer') as fc.Arbitrary<'admin' | 'manager' | 'marketer'>;
    await fc.assert(
      fc.asyncProperty(bytesArb, dryRunArb, modeArb, roleArb, async (bytes, dryRun, mode, role) => {
        const client = new ApiClient(h.app, tokenOf(role));
        let init: RequestInit;
        if (mode === 'multipart' || mode === 'multipart-wrong-field') {
          const form = new FormData();
          form.append(mode === 'multipart' ? 'file' : 'upload', new Blob([bytes as BlobPart]), 'leads.csv');
          init = { method: 'POST', body: form };
        } else if (mode === 'multipart-raw') {
          init = { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=fuzzboundary' }, body: bytes as BodyInit };
        } else init = { method: 'POST', headers: { 'content-type': mode }, body: bytes as BodyInit };
        const otherBefore = await snapshot(w.b.workspaceId);
        const before = await snapshot();
        const res0 = await client.request(`/api/import/leads${dryRun === undefined ? '' : `?dryRun=${encodeURIComponent(dryRun)}`}`, init);
        const res = res0.clone(); stat(`import:${res0.status}:${res0.status === 200 ? JSON.stringify(((await res0.json()) as {created:number}).created > 0) : ((await res0.json()) as {error:{code:string}}).error.code}`);
        expect(res.status).toBeLessThan(500);
        if (res.status !== 200) {
          expect([400, 413]).toContain(res.status);
          expect(['bad_request', 'csv_invalid', 'payload_too_large']).toContain(await expectErrorBody(res));
          expect(await snapshot()).toEqual(before);
          return;
        }
        const report = (await res.json()) as { dryRun: boolean; rows: number; accepted: number; created: number; updated: number; unchanged: number; rejected: unknown[] };
        expect(report.accepted + report.rejected.length).toBe(report.rows);
        expect(report.created + report.updated + report.unchanged).toBe(report.accepted);
        if (report.dryRun || report.created + report.updated === 0) expect((await snapshot()).records).toBe(before.records);
        expect(await snapshot(w.b.workspaceId)).toEqual(otherBefore);
      }),
      runs(150),
    );
  }, TIMEOUT);
});
