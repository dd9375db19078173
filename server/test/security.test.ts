import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../lib/domain';
import { createApp } from '../src/app';
import type { DB } from '../src/db/schema';
import { ApiClient } from './support/client';
import { upsertLead } from './support/fixtures';
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
