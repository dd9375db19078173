import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadIdForEmail, type Lead, type Touch } from '../../lib/domain';
import { ApiClient } from './support/client';
import { openHarness, STORAGES, type Harness } from './support/storages';

describe.each(STORAGES)('POST /api/ingest/touches on $name', (storage) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(storage);
  });
  afterAll(async () => h?.close());

  const fit = { title: '情報システム部長', firmographics: { industry: 'software', employeeBand: '100-299' } };
  const row = (externalId: string, extra: Record<string, unknown> = {}) => ({
    email: 'Hanako@Example.co.jp',
    type: 'web_visit',
    occurredAt: '2026-03-02 09:00:00+09:00',
    origin: 'marketo',
    externalId,
    lead: { name: { family: '佐藤', given: '花子' }, company: '株式会社サンプル', ...fit },
    ...extra,
  });

  it('creates inquiries, is idempotent, and flags leads that cross the MQL threshold', async () => {
    const seed = await h.seed();
    const integration = new ApiClient(h.app, seed.integration.token);
    const first = await integration.postJson('/api/ingest/touches', { touches: [row('a1'), row('a1'), { bad: true }] });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      received: 3,
      inserted: 1,
      duplicates: 1,
      leadsCreated: 1,
      newlyMql: 0,
      rejected: [{ index: 2, code: 'validation_failed', message: expect.any(String) }],
    });
    const leadId = leadIdForEmail('hanako@example.co.jp');
    const admin = new ApiClient(h.app, seed.admin.token);
    let state = (await admin.pullAll()).state;
    expect(state.get(`lead:${leadId}`)).toMatchObject({ stage: 'inquiry', email: 'hanako@example.co.jp', company: '株式会社サンプル' });

    const second = await integration.postJson('/api/ingest/touches', { touches: [row('a1'), row('f1', { type: 'form_submit', detail: '資料請求' })] });
    expect(await second.json()).toMatchObject({ received: 2, inserted: 1, duplicates: 1, leadsCreated: 0, newlyMql: 1, rejected: [] });
    state = (await admin.pullAll()).state;
    const lead = state.get(`lead:${leadId}`) as Lead;
    expect(lead).toMatchObject({ stage: 'mql', mqlAt: h.clock.now.toISOString() });
    const touches = [...state.entries()].filter(([k]) => k.startsWith('touch:')).map(([, v]) => v as Touch);
    expect(touches.map((t) => t.occurredAt)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-02T00:00:00.000Z']);
    expect(touches.every((t) => t.leadId === leadId && t.origin === 'marketo')).toBe(true);

    // Already MQL: more touches do not flag it again.
    const third = await integration.postJson('/api/ingest/touches', { touches: [row('f2', { type: 'form_submit' })] });
    expect((await third.json()).newlyMql).toBe(0);
  });

  it('fills only missing lead fields of existing leads', async () => {
    const seed = await h.seed();
    const marketer = new ApiClient(h.app, seed.marketer.token);
    await marketer.apply({ name: 'lead.upsert', args: { lead: { id: leadIdForEmail('hanako@example.co.jp'), email: 'hanako@example.co.jp', company: 'Edited by a person' } } });
    await new ApiClient(h.app, seed.admin.token).postJson('/api/ingest/touches', { touches: [row('z1')] });
    const lead = (await marketer.pullAll()).state.get(`lead:${leadIdForEmail('hanako@example.co.jp')}`) as Lead;
    expect(lead.company).toBe('Edited by a person');
    expect(lead.title).toBe(fit.title);
  });

  it("writes only to the token's workspace", async () => {
    const a = await h.seed();
    const b = await h.seed();
    await new ApiClient(h.app, a.integration.token).postJson('/api/ingest/touches', { touches: [row('iso1')] });
    const inB = (await new ApiClient(h.app, b.admin.token).pullAll()).state;
    expect([...inB.keys()].filter((k) => k.startsWith('lead:') || k.startsWith('touch:'))).toEqual([]);
    // The same event ingested into B is new there, not a duplicate of A's.
    const res = await new ApiClient(h.app, b.integration.token).postJson('/api/ingest/touches', { touches: [row('iso1')] });
    expect(await res.json()).toMatchObject({ inserted: 1, duplicates: 0, leadsCreated: 1 });
  });

  it('accepts only integration and admin tokens', async () => {
    const seed = await h.seed();
    for (const who of ['marketer', 'sales', 'manager'] as const) {
      const res = await new ApiClient(h.app, seed[who].token).postJson('/api/ingest/touches', { touches: [] });
      expect(res.status, who).toBe(403);
    }
    // and integration tokens can do nothing else
    const integration = new ApiClient(h.app, seed.integration.token);
    expect((await integration.postJson('/api/sync/push', { clientId: 'client_0001', mutations: [] })).status).toBe(403);
    expect((await integration.request('/api/sync/pull')).status).toBe(403);
  });

  it('rejects oversized batches, unknown fields and malformed bodies without writing', async () => {
    const seed = await h.seed();
    const integration = new ApiClient(h.app, seed.integration.token);
    const many = Array.from({ length: 5001 }, (_, i) => ({ email: `x${i}@a.jp`, type: 'web_visit', occurredAt: 0, origin: 'o', externalId: String(i) }));
    const big = await integration.postJson('/api/ingest/touches', { touches: many });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large');
    expect((await integration.postJson('/api/ingest/touches', { touches: [], extra: 1 })).status).toBe(400);
    expect((await integration.request('/api/ingest/touches', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"touches": [' })).status).toBe(400);
    expect((await integration.request('/api/ingest/touches', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    const state = (await new ApiClient(h.app, seed.admin.token).pullAll()).state;
    expect([...state.keys()].filter((k) => k.startsWith('lead:') || k.startsWith('touch:'))).toEqual([]);
  });

  it('a full batch of 5,000 touches is ingested in one request', async () => {
    const seed = await h.seed();
    const touches = Array.from({ length: 5000 }, (_, i) => ({ email: `bulk${i % 1000}@example.com`, type: 'email_open', occurredAt: '2026-03-01T00:00:00Z', origin: 'bulk', externalId: `b${i}` }));
    const res = await new ApiClient(h.app, seed.integration.token).postJson('/api/ingest/touches', { touches });
    expect(await res.json()).toMatchObject({ received: 5000, inserted: 5000, leadsCreated: 1000, duplicates: 0 });
  });
});
