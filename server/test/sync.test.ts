import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySchemas, leadIdForEmail, MeResponse } from '../../lib/domain';
import { ApiClient } from './support/client';
import { createHandoff, upsertLead } from './support/fixtures';
import { openHarness, STORAGES, type Harness } from './support/storages';

describe.each(STORAGES)('sync on $name', (storage) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(storage);
  });
  afterAll(async () => h?.close());

  it('GET /api/health needs no token and names the storage', async () => {
    const res = await h.app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: 'test', storage: storage.name });
  });

  it('GET /api/me returns user, workspace and the current definition', async () => {
    const seed = await h.seed();
    const res = await new ApiClient(h.app, seed.marketer.token).request('/api/me');
    expect(res.status).toBe(200);
    const me = MeResponse.parse(await res.json());
    expect(me.user.id).toBe(seed.marketer.id);
    expect(me.workspace.id).toBe(seed.workspaceId);
    expect(me.definition.version).toBe(1);
  });

  it('GET /api/me rejects missing, unknown and integration tokens', async () => {
    const seed = await h.seed();
    expect((await h.app.request('/api/me')).status).toBe(401);
    expect((await new ApiClient(h.app, 'aun_nope').request('/api/me')).status).toBe(401);
    const res = await new ApiClient(h.app, seed.integration.token).request('/api/me');
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });

  it('push applies, pull returns every entity parsing with the shared schemas', async () => {
    const seed = await h.seed();
    const marketer = new ApiClient(h.app, seed.marketer.token);
    const email = 'taro@acme.co.jp';
    const leadId = leadIdForEmail(email);
    const push = await marketer.push(upsertLead(email, { company: 'ACME', name: { family: '山田', given: '太郎' } }), createHandoff(leadId, { toUserId: seed.sales.id }));
    expect(push.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(push.lastMutationId).toBe(2);

    const { state } = await marketer.pullAll();
    const kinds = new Set([...state.keys()].map((k) => k.split(':')[0]));
    expect(kinds).toEqual(new Set(['lead', 'handoff', 'definition', 'user', 'queue']));
    for (const [key, data] of state) EntitySchemas[key.split(':')[0] as keyof typeof EntitySchemas].parse(data);
    const lead = state.get(`lead:${leadId}`) as { stage: string; company: string };
    expect(lead).toMatchObject({ stage: 'mql', company: 'ACME' });
    // Users carry public fields only.
    for (const [key, data] of state) if (key.startsWith('user:')) expect(Object.keys(data as object).sort()).toEqual(['away', 'createdAt', 'email', 'id', 'name', 'queueIds', 'role', 'territories']);
  });

  it('replaying a batch answers duplicate and applies effects exactly once', async () => {
    const seed = await h.seed();
    const client = new ApiClient(h.app, seed.marketer.token);
    const mutations = [
      { id: 1, ...upsertLead('once@acme.co.jp') },
      { id: 2, name: 'touch.add', args: { touch: { id: 't1', leadId: leadIdForEmail('once@acme.co.jp'), type: 'web_visit', occurredAt: '2026-03-01T00:00:00.000Z', origin: 'aun' } } },
    ];
    const first = await client.pushRaw(mutations);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const { cursor } = await client.pullAll();
    const replay = await client.pushRaw(mutations);
    expect(replay.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(replay.lastMutationId).toBe(2);
    const after = await client.pull(cursor);
    expect(after.changes).toEqual([]);
    expect(after.lastMutationId).toBe(2);
  });

  it('the same batch pushed twice at once still applies each mutation exactly once', async () => {
    const seed = await h.seed();
    const client = new ApiClient(h.app, seed.marketer.token);
    const leadId = leadIdForEmail('twice@acme.co.jp');
    const batch = [
      { id: 1, ...upsertLead('twice@acme.co.jp') },
      ...[2, 3, 4].map((id) => ({ id, name: 'touch.add', args: { touch: { id: `tw${id}`, leadId, type: 'call', occurredAt: '2026-03-01T00:00:00.000Z', origin: 'aun' } } })),
    ];
    const [a, b] = await Promise.all([client.pushRaw(batch), client.pushRaw(batch)]);
    for (let i = 0; i < batch.length; i++) {
      expect([a.results[i]!.status, b.results[i]!.status].sort()).toEqual(['applied', 'duplicate']);
    }
    const { state } = await client.pullAll();
    expect([...state.keys()].filter((k) => k.startsWith('touch:')).sort()).toEqual(['touch:tw2', 'touch:tw3', 'touch:tw4']);
  });

  it('a rejected mutation is recorded and does not block later ones', async () => {
    const seed = await h.seed();
    const client = new ApiClient(h.app, seed.marketer.token);
    const res = await client.pushRaw([
      { id: 1, name: 'no.such', args: {} },
      { id: 2, name: 'lead.upsert', args: { lead: { id: 'wrong', email: 'x@acme.co.jp' } } },
      { id: 3, name: 'lead.upsert', args: { lead: { id: 'x', email: 'not-an-email' } } },
      { id: 4, ...upsertLead('ok@acme.co.jp') },
    ]);
    expect(res.results.map((r) => [r.status, r.error?.code])).toEqual([
      ['rejected', 'unknown_mutation'],
      ['rejected', 'validation_failed'],
      ['rejected', 'validation_failed'],
      ['applied', undefined],
    ]);
    expect(res.lastMutationId).toBe(4);
    // A replay (its answer was lost) gets the same answers: the refusal again, duplicate for the applied one.
    const again = await client.pushRaw([{ id: 2, name: 'lead.upsert', args: { lead: { id: 'wrong', email: 'x@acme.co.jp' } } }, { id: 4, ...upsertLead('ok@acme.co.jp') }]);
    expect(again.results.map((r) => [r.status, r.error?.code])).toEqual([
      ['rejected', 'validation_failed'],
      ['duplicate', undefined],
    ]);
    expect(again.results[0]!.error).toEqual(res.results[1]!.error);
    expect(again.lastMutationId).toBe(4);
  });

  it("clients are keyed by user: one user's token cannot advance another's client", async () => {
    const seed = await h.seed();
    const a = new ApiClient(h.app, seed.marketer.token, 'shared_client_id');
    const b = new ApiClient(h.app, seed.sales.token, 'shared_client_id');
    await a.pushRaw([{ id: 10, ...upsertLead('a@acme.co.jp') }]);
    const res = await b.pushRaw([{ id: 1, ...upsertLead('b@acme.co.jp') }]);
    expect(res.results[0]!.status).toBe('applied');
    expect((await a.pull()).lastMutationId).toBe(10);
    expect((await b.pull()).lastMutationId).toBe(1);
  });

  it('pull pages through a large change set without loss or repeats, inside a version too', async () => {
    const seed = await h.seed();
    const admin = new ApiClient(h.app, seed.admin.token);
    // One ingest = one version holding 120 rows: pages must cut inside it and resume exactly.
    const touches = Array.from({ length: 60 }, (_, i) => ({ email: `p${i}@acme.co.jp`, type: 'web_visit', occurredAt: '2026-03-01T00:00:00Z', origin: 'test', externalId: `e${i}` }));
    expect((await admin.postJson('/api/ingest/touches', { touches })).status).toBe(200);
    const big = await admin.pullAll('', 7);
    const small = await admin.pullAll('', 1000);
    expect(big.pages).toBeGreaterThan(10);
    expect([...big.state.keys()].sort()).toEqual([...small.state.keys()].sort());
    expect(big.state.size).toBe(120 + 1 + 6 + 1);
  });

  it('pull rejects a bad cursor, bad limits and unknown parameters with 400', async () => {
    const seed = await h.seed();
    const client = new ApiClient(h.app, seed.sales.token);
    for (const q of ['cursor=garbage', 'limit=0', 'limit=99999', 'clientId=x', 'foo=bar', 'cursor=1:nope:x']) {
      const res = await client.request(`/api/sync/pull?${q}`);
      expect(res.status, q).toBe(400);
      expect(['bad_request', 'validation_failed']).toContain((await res.json()).error.code);
    }
  });

  it('a workspace never sees or changes another workspace', async () => {
    const a = await h.seed();
    const b = await h.seed();
    const clientA = new ApiClient(h.app, a.admin.token);
    const clientB = new ApiClient(h.app, b.admin.token);
    const email = 'shared@acme.co.jp';
    await clientA.apply(upsertLead(email, { company: 'A corp' }));
    // B creates the same person: a separate lead in B's workspace (same derived id is fine).
    await clientB.apply(upsertLead(email, { company: 'B corp' }));
    const handoffA = createHandoff(leadIdForEmail(email), { toUserId: a.sales.id });
    await clientA.apply(handoffA);
    // B cannot decide, claim, check, or erase A's rows: they do not exist for B.
    const res = await clientB.push(
      { name: 'handoff.decide', args: { handoffId: handoffA.args.id, kind: 'accept', at: '2026-03-02T01:00:00.000Z' } },
      { name: 'handoff.checkItem', args: { handoffId: handoffA.args.id, itemId: 'consent', checked: true, at: '2026-03-02T01:00:00.000Z' } },
      { name: 'handoff.create', args: { id: 'ho_x', leadId: leadIdForEmail(email), stageId: 'marketing_to_sales', toUserId: a.sales.id, checkedItemIds: [], createdAt: '2026-03-02T01:00:00.000Z' } },
    );
    expect(res.results.map((r) => r.error?.code)).toEqual(['not_found', 'not_found', 'not_found']);
    const stateA = (await clientA.pullAll()).state;
    const stateB = (await clientB.pullAll()).state;
    expect((stateA.get(`lead:${leadIdForEmail(email)}`) as { company: string }).company).toBe('A corp');
    expect((stateB.get(`lead:${leadIdForEmail(email)}`) as { company: string }).company).toBe('B corp');
    expect([...stateB.keys()].some((k) => k.startsWith('handoff:'))).toBe(false);
    const usersB = [...stateB.keys()].filter((k) => k.startsWith('user:'));
    expect(usersB.every((k) => !k.endsWith(a.admin.id))).toBe(true);
  });
});
