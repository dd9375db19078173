import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITION, ErrorBody, leadIdForEmail, type MutationCall } from '../../lib/domain';
import { createApp } from '../src/app';
import type { DB } from '../src/db/schema';
import { issueToken, revokeTokens } from '../src/seed';
import type { Seed } from '../src/testing';
import { hashToken } from '../src/tokens';
import { ApiClient } from './support/client';
import { createHandoff, T0, uid, upsertLead } from './support/fixtures';
import { captureLogger, openHarness, STORAGES, type Harness } from './support/storages';

describe.each(STORAGES)('security and hygiene on $name', (storage) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(storage, { maxBodyBytes: 64 * 1024 });
  });
  afterAll(async () => h?.close());

  it('CORS allows extension origins and configured origins only', async () => {
    const preflight = (origin: string) =>
      h.app.request('/api/sync/pull', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://1234-abcd', 'https://app.example.com']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin'), origin).toBe(origin);
    }
    for (const origin of ['https://evil.example.com', 'http://localhost:3000', 'chrome-extension://../x']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('rate limits per token with 429 rate_limited', async () => {
    const seed = await h.seed();
    const app = createApp({ db: h.database.db, storage: h.database.storage, config: { allowedOrigins: [], rateLimit: { perSecond: 1, burst: 5 }, maxBodyBytes: 1024, version: 't' }, logger: captureLogger().logger });
    const client = new ApiClient(app, seed.sales.token);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await client.request('/api/me')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await client.request('/api/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect((await limited.json()).error.code).toBe('rate_limited');
    // Another token is unaffected.
    expect((await new ApiClient(app, seed.marketer.token).request('/api/me')).status).toBe(200);
  });

  it('bad input is a 4xx ErrorBody and writes nothing', async () => {
    const seed = await h.seed();
    const client = new ApiClient(h.app, seed.admin.token);
    const post = (body: string, type = 'application/json') => client.request('/api/sync/push', { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [Promise<Response>, number, string][] = [
      [post('{"clientId":'), 400, 'bad_request'],
      [post('{"clientId":"client_0001","mutations":[]}', 'text/plain'), 415, 'unsupported_media_type'],
      [post(JSON.stringify({ clientId: 'client_0001', mutations: [], extra: true })), 400, 'validation_failed'],
      [post(JSON.stringify({ clientId: 'x', mutations: [] })), 400, 'validation_failed'],
      [post(JSON.stringify({ clientId: 'client_0001', mutations: [{ id: 1, name: 'lead.upsert', args: {}, what: 1 }] })), 400, 'validation_failed'],
      [post(JSON.stringify({ clientId: 'client_0001', mutations: [{ id: -1, name: 'lead.upsert', args: {} }] })), 400, 'validation_failed'],
      [post(JSON.stringify({ clientId: 'client_0001', mutations: [upsertLead('big@acme.co.jp', { company: 'x'.repeat(70 * 1024) })].map((m, i) => ({ id: i + 1, ...m })) })), 413, 'payload_too_large'],
      [post('null'), 400, 'validation_failed'],
      [client.request('/api/nope'), 404, 'not_found'],
    ];
    for (const [response, status, code] of cases) {
      const res = await response;
      expect(res.status).toBe(status);
      const body = ErrorBody.parse(await res.json());
      expect(body.error.code).toBe(code);
    }
    const { state } = await client.pullAll();
    expect([...state.keys()].filter((k) => k.startsWith('lead:'))).toEqual([]);
  });

  it('logs carry ids and routes but never emails or names', async () => {
    const seed = await h.seed();
    const marketer = new ApiClient(h.app, seed.marketer.token);
    await marketer.push(upsertLead('secret.person@acme.co.jp', { name: { family: '秘密', given: '花子' } }));
    await marketer.push(upsertLead('secret.person@acme.co.jp', { id: 'mismatch' }));
    await marketer.request('/api/leads/secret.person@acme.co.jp');
    await marketer.request('/api/import/leads?dryRun=true', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'email,name\nsecret.person@acme.co.jp,秘密 花子\n' });
    const raw = h.logs.raw();
    expect(raw).not.toMatch(/secret\.person|acme\.co\.jp|秘密|花子/);
    for (const user of Object.values(seed).filter((v) => typeof v === 'object')) expect(raw).not.toContain((user as { email: string }).email);
    const pushLine = h.logs.lines().find((l) => l.path === '/api/sync/push' && l.userId === seed.marketer.id);
    expect(pushLine).toMatchObject({ method: 'POST', status: 200, workspaceId: seed.workspaceId, ms: expect.any(Number) });
  });

  it('GET /api/openapi.json documents every route with component schemas', async () => {
    const res = await h.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/health', '/api/import/leads', '/api/ingest/touches', '/api/me', '/api/openapi.json', '/api/sync/pull', '/api/sync/push']);
    expect(doc.components.schemas.PushRequest).toBeTruthy();
    expect(doc.components.schemas['MutationArgs_handoff.decide']).toBeTruthy();
  });
});

describe('unexpected failures', () => {
  it('answer 500 server_error without details, and log no personal data', async () => {
    const logs = captureLogger();
    // A database that fails every query, with an email in the error message and detail.
    const failing = {
      executeQuery: async () => {
        throw Object.assign(new Error('duplicate key for someone@acme.co.jp'), { code: '23505', detail: 'Key (email)=(someone@acme.co.jp)' });
      },
      streamQuery: () => {
        throw new Error('no');
      },
    };
    const broken = new Kysely<DB>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => ({
          init: async () => {},
          acquireConnection: async () => failing,
          beginTransaction: async () => {},
          commitTransaction: async () => {},
          rollbackTransaction: async () => {},
          releaseConnection: async () => {},
          destroy: async () => {},
        }),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    const app = createApp({ db: broken, storage: 'pglite', config: { allowedOrigins: [], rateLimit: { perSecond: 10, burst: 10 }, maxBodyBytes: 1024, version: 't' }, logger: logs.logger });
    const res = await app.request('/api/me', { headers: { authorization: 'Bearer aun_whatever' } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'server_error', message: 'Something went wrong on the server.' } });
    expect(logs.raw()).toContain('request failed');
    expect(logs.raw()).not.toContain('someone@acme.co.jp');
  });
});

describe.each(STORAGES)('workspace isolation, roles and tokens on $name', (storage) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(storage);
  });
  afterAll(async () => h?.close());

  /** A digest of every record, client and token row of one workspace. */
  async function digest(workspaceId: string): Promise<string> {
    const q = (table: 'records' | 'clients' | 'tokens') =>
      sql<{ d: string | null; n: string }>`SELECT count(*)::text AS n, md5(string_agg(t::text, ',' ORDER BY t::text)) AS d FROM ${sql.table(table)} t WHERE workspace_id = ${workspaceId}`.execute(h.database.db);
    const parts = await Promise.all([q('records'), q('clients'), q('tokens')]);
    return parts.map((p) => `${p.rows[0]!.n}:${p.rows[0]!.d ?? ''}`).join('/');
  }

  /** Two workspaces holding the same person (same derived lead id), each with a pending handoff and an outcome. */
  async function twoWorkspaces() {
    const a = await h.seed();
    const b = await h.seed();
    const email = `${uid('same')}@acme.co.jp`;
    const leadId = leadIdForEmail(email);
    const setup = async (s: Seed, company: string) => {
      const marketer = new ApiClient(h.app, s.marketer.token);
      await marketer.apply(upsertLead(email, { company, name: { family: '共通', given: '花子' } }));
      const handoff = createHandoff(leadId, { toUserId: s.sales.id });
      await marketer.apply(handoff);
      const queued = createHandoff(leadIdForEmail(`q.${email}`), { toQueueId: s.queueId });
      await marketer.apply(upsertLead(`q.${email}`));
      await marketer.apply(queued);
      await marketer.apply(upsertLead(`free.${email}`)); // a lead with no handoff yet
      const outcomeId = uid('oc');
      await new ApiClient(h.app, s.sales.token).apply({ name: 'outcome.record', args: { id: outcomeId, leadId, kind: 'contacted', occurredAt: T0 } });
      return { handoffId: handoff.args.id, queuedId: queued.args.id, outcomeId };
    };
    const inA = await setup(a, 'A corp');
    const inB = await setup(b, 'B corp');
    await new ApiClient(h.app, b.marketer.token).apply(upsertLead(`b-only.${email}`)); // a lead only B has
    return { a, b, email, leadId, inA, inB };
  }

  it("no route lets workspace A's tokens read or change anything of workspace B", async () => {
    const { a, b, email, leadId, inA, inB } = await twoWorkspaces();
    const bBefore = await digest(b.workspaceId);
    const bIds = new Set<string>(
      (await sql<{ id: string }>`SELECT id FROM records WHERE workspace_id = ${b.workspaceId} AND entity IN ('user', 'queue', 'handoff', 'outcome')`.execute(h.database.db)).rows.map((r) => r.id),
    );

    // /api/me: A's user and workspace, nothing of B.
    for (const role of ['admin', 'manager', 'marketer', 'sales'] as const) {
      const me = await (await new ApiClient(h.app, a[role].token).request('/api/me')).json();
      expect(me.user.id).toBe(a[role].id);
      expect(me.workspace.id).toBe(a.workspaceId);
    }

    // Pull, from the start and with a cursor past A's changes, paged: only A's rows.
    const adminA = new ApiClient(h.app, a.admin.token);
    for (const limit of [1, 1000]) {
      const { state } = await adminA.pullAll('', limit);
      const aRows = (await sql<{ k: string }>`SELECT entity || ':' || id AS k FROM records WHERE workspace_id = ${a.workspaceId} AND NOT deleted`.execute(h.database.db)).rows.map((r) => r.k);
      expect([...state.keys()].sort()).toEqual(aRows.sort());
      for (const key of state.keys()) expect(bIds.has(key.slice(key.indexOf(':') + 1)), key).toBe(false);
      expect((state.get(`lead:${leadId}`) as { company: string }).company).toBe('A corp');
    }
    const far = await adminA.pull('999999999999:user:zzzz');
    expect(far.changes).toEqual([]);

    // Push: every mutation that names B's handoffs, outcomes, queue or users is rejected; those
    // naming the shared lead id act on A's own lead. Run as A's admin, who may do everything.
    const pushes: MutationCall[] = [
      { name: 'handoff.decide', args: { handoffId: inB.handoffId, kind: 'accept', at: T0 } },
      { name: 'handoff.checkItem', args: { handoffId: inB.handoffId, itemId: 'consent', checked: true, at: T0 } },
      { name: 'handoff.claim', args: { handoffId: inB.queuedId, at: T0 } },
      { name: 'outcome.record', args: { id: inB.outcomeId, leadId: uid('ld'), kind: 'contacted', occurredAt: T0 } },
      { name: 'outcome.record', args: { id: uid('oc'), leadId, handoffId: inB.handoffId, kind: 'contacted', occurredAt: T0 } },
      { name: 'handoff.create', args: { id: uid('ho'), leadId: leadIdForEmail(`free.${email}`), stageId: 'marketing_to_sales', toUserId: b.sales.id, checkedItemIds: [], createdAt: T0 } },
      { name: 'handoff.create', args: { id: uid('ho'), leadId: leadIdForEmail(`free.${email}`), stageId: 'marketing_to_sales', toQueueId: b.queueId, checkedItemIds: [], createdAt: T0 } },
      { name: 'touch.add', args: { touch: { id: uid('tc'), leadId: leadIdForEmail(`b-only.${email}`), type: 'call', occurredAt: T0, origin: 'aun' } } },
      { name: 'lead.linkCrm', args: { leadId: leadIdForEmail(`b-only.${email}`), link: { system: 'other', objectType: 'x', recordId: 'y', url: 'https://crm.example.com/y' } } },
      { name: 'handoff.create', args: { id: inB.handoffId, leadId: leadIdForEmail(`free.${email}`), stageId: 'marketing_to_sales', toUserId: a.sales.id, checkedItemIds: [], createdAt: T0 } },
    ];
    const res = await adminA.push(...pushes);
    // The last one reuses B's handoff id in A: ids are per workspace, so it is simply A's new handoff.
    expect(res.results.map((r) => r.error?.code ?? r.status)).toEqual([...pushes.slice(0, -1).map(() => 'not_found'), 'applied']);
    // Same-id changes land in A only: upsert, away, and finally erasing "the" lead.
    const applied = await adminA.push(
      upsertLead(email, { company: 'A corp renamed' }),
      { name: 'user.setAway', args: { away: true } },
      { name: 'handoff.decide', args: { handoffId: inA.handoffId, kind: 'accept', at: T0 } },
      { name: 'lead.erase', args: { leadId } },
    );
    expect(applied.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);

    // Ingest and import with A's tokens, for the same person and new ones.
    const touch = { email, type: 'web_visit', occurredAt: T0, origin: 'marketo', externalId: uid('mk') };
    expect((await new ApiClient(h.app, a.integration.token).postJson('/api/ingest/touches', { touches: [touch, { ...touch, email: `new.${email}`, externalId: uid('mk') }] })).status).toBe(200);
    const csv = `email,company\n${email},Imported A\nimported.${email},Imported A\n`;
    for (const dryRun of ['true', 'false']) {
      const imported = await new ApiClient(h.app, a.marketer.token).request(`/api/import/leads?dryRun=${dryRun}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
      expect(imported.status).toBe(200);
    }

    // B is exactly as it was: records, clients and tokens.
    expect(await digest(b.workspaceId)).toBe(bBefore);
    const stateB = (await new ApiClient(h.app, b.admin.token).pullAll()).state;
    expect(stateB.get(`lead:${leadId}`)).toMatchObject({ company: 'B corp' });
    expect(stateB.get(`handoff:${inB.handoffId}`)).toMatchObject({ status: 'pending' });
  });

  it("a push cannot advance another workspace's Replicache client, even with the same clientId", async () => {
    const a = await h.seed();
    const b = await h.seed();
    const clientId = 'shared_client_across_ws';
    await new ApiClient(h.app, b.sales.token, clientId).pushRaw([{ id: 5, ...upsertLead(`${uid('b')}@acme.co.jp`) }]);
    const bBefore = await digest(b.workspaceId);
    const res = await new ApiClient(h.app, a.sales.token, clientId).pushRaw([{ id: 1, ...upsertLead(`${uid('a')}@acme.co.jp`) }]);
    expect(res.results[0]!.status).toBe('applied');
    expect(res.lastMutationId).toBe(1);
    expect(await digest(b.workspaceId)).toBe(bBefore);
    expect((await new ApiClient(h.app, b.sales.token, clientId).pull()).lastMutationId).toBe(5);
  });

  it('role matrix: each role reaches exactly its routes; integration tokens only ingest', async () => {
    const s = await h.seed();
    const call = (token: string) => {
      const c = new ApiClient(h.app, token);
      return {
        me: () => c.request('/api/me'),
        pull: () => c.request('/api/sync/pull'),
        push: () => c.postJson('/api/sync/push', { clientId: 'matrix_client_01', mutations: [] }),
        ingest: () => c.postJson('/api/ingest/touches', { touches: [] }),
        import: () => c.request('/api/import/leads?dryRun=true', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'email\nmatrix@acme.co.jp\n' }),
      };
    };
    const expected: Record<'admin' | 'manager' | 'marketer' | 'sales' | 'integration', Record<'me' | 'pull' | 'push' | 'ingest' | 'import', number>> = {
      admin: { me: 200, pull: 200, push: 200, ingest: 200, import: 200 },
      manager: { me: 200, pull: 200, push: 200, ingest: 403, import: 200 },
      marketer: { me: 200, pull: 200, push: 200, ingest: 403, import: 200 },
      sales: { me: 200, pull: 200, push: 200, ingest: 403, import: 403 },
      integration: { me: 403, pull: 403, push: 403, ingest: 200, import: 403 },
    };
    for (const [role, routes] of Object.entries(expected) as [keyof typeof expected, (typeof expected)['admin']][]) {
      const routesOf = call(s[role].token);
      for (const [route, status] of Object.entries(routes) as [keyof typeof routes, number][]) {
        const res = await routesOf[route]();
        expect(res.status, `${role} ${route}`).toBe(status);
        if (status === 403) expect((ErrorBody.parse(await res.json())).error.code).toBe('forbidden');
      }
    }
  });

  it('mutation roles: a marketer cannot decide a handoff, sales cannot publish a definition or erase a lead', async () => {
    const s = await h.seed();
    const marketer = new ApiClient(h.app, s.marketer.token);
    const sales = new ApiClient(h.app, s.sales.token);
    const email = `${uid('role')}@acme.co.jp`;
    await marketer.apply(upsertLead(email));
    const handoff = createHandoff(leadIdForEmail(email), { toUserId: s.sales.id });
    await marketer.apply(handoff);
    const records = async () => (await sql<{ d: string }>`SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS d FROM records t WHERE workspace_id = ${s.workspaceId}`.execute(h.database.db)).rows[0]!.d;
    const before = await records();
    const codes = async (client: ApiClient, ...calls: MutationCall[]) => (await client.push(...calls)).results.map((r) => r.error?.code ?? r.status);
    expect(await codes(marketer, { name: 'handoff.decide', args: { handoffId: handoff.args.id, kind: 'accept', at: T0 } })).toEqual(['forbidden']);
    expect(await codes(marketer, { name: 'handoff.decide', args: { handoffId: handoff.args.id, kind: 'reject', reasonCode: 'no_budget', at: T0 } })).toEqual(['forbidden']);
    expect(await codes(sales, { name: 'definition.publish', args: { definition: DEFAULT_DEFINITION } })).toEqual(['forbidden']);
    expect(await codes(sales, { name: 'lead.erase', args: { leadId: leadIdForEmail(email) } })).toEqual(['forbidden']);
    expect(await codes(marketer, { name: 'definition.publish', args: { definition: DEFAULT_DEFINITION } })).toEqual(['forbidden']);
    // Only the clients' last mutation ids moved; no record changed.
    expect(await records()).toBe(before);
    // The assigned rep may decide: what stopped the marketer was the role, not a broken route.
    await sales.apply({ name: 'handoff.decide', args: { handoffId: handoff.args.id, kind: 'accept', at: T0 } });
    expect(await records()).not.toBe(before);
  });

  it('tokens are stored only as SHA-256 hashes: no raw token anywhere in the database', async () => {
    const s = await h.seed();
    const tokens = [s.admin, s.manager, s.marketer, s.sales, s.sales2, s.integration].map((u) => u.token);
    const rows = (await sql<{ hash: string }>`SELECT hash FROM tokens WHERE workspace_id = ${s.workspaceId}`.execute(h.database.db)).rows.map((r) => r.hash);
    expect(rows.sort()).toEqual(tokens.map(hashToken).sort());
    for (const hash of rows) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // Every table, dumped as text, contains no raw token (nor its random part).
    const tables = (await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`.execute(h.database.db)).rows.map((r) => r.tablename);
    expect(tables).toContain('tokens');
    let dump = '';
    for (const table of tables) dump += (await sql<{ t: string }>`SELECT t::text AS t FROM ${sql.table(table)} t`.execute(h.database.db)).rows.map((r) => r.t).join('\n');
    for (const token of tokens) {
      expect(token).toMatch(/^aun_[A-Za-z0-9_-]{43}$/);
      expect(dump).not.toContain(token.slice(4));
    }
    // /api/me and pull never return a token or a hash either.
    const client = new ApiClient(h.app, s.admin.token);
    const text = (await (await client.request('/api/me')).text()) + JSON.stringify([...(await client.pullAll()).state.values()]);
    for (const token of tokens) {
      expect(text).not.toContain(token.slice(4));
      expect(text).not.toContain(hashToken(token));
    }
  });

  it('a revoked token fails at once, on every route, while other tokens keep working', async () => {
    const s = await h.seed();
    const second = await issueToken(h.database.db, s.workspaceId, s.marketer.id);
    const revoked = new ApiClient(h.app, s.marketer.token);
    expect((await revoked.request('/api/me')).status).toBe(200);
    expect(await revokeTokens(h.database.db, s.workspaceId, s.marketer.id)).toBe(2);
    const before = await digest(s.workspaceId);
    const attempts = [
      revoked.request('/api/me'),
      revoked.request('/api/sync/pull'),
      revoked.postJson('/api/sync/push', { clientId: 'revoked_client_1', mutations: [{ id: 1, ...upsertLead(`${uid('r')}@acme.co.jp`) }] }),
      revoked.request('/api/import/leads', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'email\nrevoked@acme.co.jp\n' }),
      new ApiClient(h.app, second).request('/api/me'),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect(ErrorBody.parse(await res.json()).error.code).toBe('unauthorized');
    }
    expect(await digest(s.workspaceId)).toBe(before);
    expect((await new ApiClient(h.app, s.sales.token).request('/api/me')).status).toBe(200);
    // A revoked integration token cannot ingest either; a fresh token works at once.
    await revokeTokens(h.database.db, s.workspaceId, s.integration.id);
    expect((await new ApiClient(h.app, s.integration.token).postJson('/api/ingest/touches', { touches: [] })).status).toBe(401);
    const fresh = await issueToken(h.database.db, s.workspaceId, s.integration.id);
    expect((await new ApiClient(h.app, fresh).postJson('/api/ingest/touches', { touches: [] })).status).toBe(200);
  });

  it('rate limiting answers 429 rate_limited on every authenticated route, unknown tokens included, and writes nothing', async () => {
    const s = await h.seed();
    const app = createApp({ db: h.database.db, storage: h.database.storage, config: { allowedOrigins: [], rateLimit: { perSecond: 0.001, burst: 2 }, maxBodyBytes: 64 * 1024, version: 't' }, logger: captureLogger().logger });
    const before = await digest(s.workspaceId);
    const routes: [string, string, RequestInit][] = [
      [s.admin.token, '/api/sync/push', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: 'rate_client_01', mutations: [{ id: 1, ...upsertLead(`${uid('rl')}@acme.co.jp`) }] }) }],
      [s.integration.token, '/api/ingest/touches', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ touches: [{ email: 'rl@acme.co.jp', type: 'web_visit', occurredAt: T0, origin: 'o', externalId: 'rl1' }] }) }],
      [s.marketer.token, '/api/import/leads', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'email\nrl@acme.co.jp\n' }],
      [s.sales.token, '/api/sync/pull', {}],
      ['aun_unknown_token_for_rate_limit', '/api/me', {}],
    ];
    for (const [token, path, init] of routes) {
      const client = new ApiClient(app, token);
      // Use up the burst with requests that write nothing (GET /api/me), then the route itself.
      await client.request('/api/me');
      await client.request('/api/me');
      const res = await client.request(path, init);
      expect(res.status, path).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(ErrorBody.parse(await res.json()).error.code).toBe('rate_limited');
    }
    expect(await digest(s.workspaceId)).toBe(before);
  });

  it('logs of ingest and import (writes, rejected rows, errors) carry no names or emails', async () => {
    const s = await h.seed();
    const integration = new ApiClient(h.app, s.integration.token);
    const marketer = new ApiClient(h.app, s.marketer.token);
    const person = { email: 'hidden.person@secret-corp.co.jp', name: { family: '極秘', given: '太郎' } };
    await integration.postJson('/api/ingest/touches', {
      touches: [
        { email: person.email, type: 'webinar_attended', occurredAt: T0, origin: 'marketo', externalId: uid('mk'), lead: { name: person.name, company: '極秘商事' } },
        { email: 'not-an-email hidden.person@secret-corp.co.jp', type: 'web_visit', occurredAt: T0, origin: 'marketo', externalId: uid('mk') },
        { email: person.email, type: 'nope', occurredAt: 'never', origin: 'marketo', externalId: 'x' },
      ],
    });
    await integration.postJson('/api/ingest/touches', { touches: [{ email: person.email }], extra: person });
    await integration.request('/api/ingest/touches', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: person.email });
    await integration.request(`/api/ingest/touches?email=${encodeURIComponent(person.email)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"touches":[' });
    await marketer.request('/api/import/leads?dryRun=false', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `email,姓,名,会社名\n${person.email},極秘,太郎,極秘商事\n${person.email},極秘,太郎,重複\nbroken-secret-corp,極秘,太郎,x\n` });
    await marketer.request('/api/import/leads', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `名前\n極秘 太郎\n` }); // no email column: csv_invalid
    await marketer.request(`/api/import/leads/${person.email}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x' });
    const raw = h.logs.raw();
    expect(raw).not.toMatch(/hidden\.person|secret-corp|極秘|太郎/);
    expect(raw).not.toContain(s.integration.token.slice(4));
    expect(raw).not.toContain(s.marketer.token.slice(4));
    const lines = h.logs.lines();
    expect(lines.some((l) => l.path === '/api/ingest/touches' && l.status === 200 && l.workspaceId === s.workspaceId)).toBe(true);
    expect(lines.some((l) => l.path === '/api/import/leads' && l.status === 200 && l.userId === s.marketer.id)).toBe(true);
  });
});
