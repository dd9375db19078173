import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITION, leadIdForEmail, type Firmographics, type Handoff, type LeadDefinition, type MutationCall, type Role, type Routing } from '../../lib/domain';
import { addQueue, addUser, setTerritories } from '../src/seed';
import { ApiClient } from './support/client';
import { createHandoff, T0, uid, upsertLead } from './support/fixtures';
import { openHarness, STORAGES, TEST_DATABASE_URL, type Harness, type Storage } from './support/storages';

const HOUR = 3_600_000;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const codes = (res: { results: { status: string; error?: { code: string } }[] }) => res.results.map((r) => r.error?.code ?? r.status);
const claim = (handoffId: string, at = T0): MutationCall => ({ name: 'handoff.claim', args: { handoffId, at } });
/** created → assigned: the routing delay the joint review reports. */
const routingDelay = (h: Handoff) => (h.assignedAt ? Date.parse(h.assignedAt) - Date.parse(h.createdAt) : null);

/**
 * A workspace with a queue of three reps in the order A, C, B (C can be sent away), a manager and a
 * rep outside the queue; helpers to publish a routing on the stage and to hand leads to the queue.
 */
async function routingWorld(h: Harness) {
  const seed = await h.seed();
  const db = h.database.db;
  const client = (token: string) => new ApiClient(h.app, token);
  const person = async (role: Role, name: string) => {
    const { user, token } = await addUser(db, { workspaceId: seed.workspaceId, email: `${name}.${uid('u')}@example.com`, name, role });
    return { id: user.id, client: client(token) };
  };
  const A = { id: seed.sales.id, client: client(seed.sales.token) };
  const B = { id: seed.sales2.id, client: client(seed.sales2.token) };
  const C = await person('sales', 'carol');
  const outsider = await person('sales', 'oscar');
  const manager = { id: seed.manager.id, client: client(seed.manager.token) };
  const admin = client(seed.admin.token);
  const marketer = client(seed.marketer.token);
  const queue = await addQueue(db, { workspaceId: seed.workspaceId, name: 'Routed', memberIds: [A.id, C.id, B.id] });

  const publish = async (routing: Routing) => {
    const stage = { ...DEFAULT_DEFINITION.stages[0]!, routing };
    const res = await admin.push({ name: 'definition.publish', args: { definition: { ...DEFAULT_DEFINITION, stages: [stage] } } });
    return res.results[0]!;
  };
  /** A new lead with these firmographics, handed to the routed queue; returns the stored handoff. */
  const handOff = async (firmographics: Firmographics = {}, createdAt = T0) => {
    const email = `${uid('lead')}@acme.co.jp`;
    await marketer.apply(upsertLead(email, { company: 'ACME', firmographics }));
    const call = createHandoff(leadIdForEmail(email), { toQueueId: queue.id }, { createdAt });
    await marketer.apply(call);
    return (await handoff(call.args.id))!;
  };
  const handoff = async (id: string) => (await admin.pullAll()).state.get(`handoff:${id}`) as Handoff | undefined;
  const definition = async () => [...(await admin.pullAll()).state.entries()].filter(([k]) => k.startsWith('definition:')).map(([, v]) => v as LeadDefinition);
  return { seed, db, A, B, C, outsider, manager, admin, marketer, queue, publish, handOff, handoff, definition };
}

describe.each(STORAGES)('routing on $name', (storage) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(storage);
  });
  afterAll(async () => h?.close());

  it('manual (the default): unassigned until a member claims it; the claim time is the routing delay', async () => {
    const w = await routingWorld(h);
    const ho = await w.handOff();
    expect(ho).toMatchObject({ toQueueId: w.queue.id, status: 'pending', definitionVersion: 1 });
    expect(ho.toUserId).toBeUndefined();
    expect(routingDelay(ho)).toBeNull();

    expect(codes(await w.outsider.client.push(claim(ho.id)))).toEqual(['forbidden']);
    const at = plus(T0, 90 * 60_000);
    await w.B.client.apply(claim(ho.id, at));
    const claimed = (await w.handoff(ho.id))!;
    // The SLA ran from the handoff while it waited: claiming does not buy time.
    expect(ho.dueAt).toBe(plus(T0, 24 * HOUR));
    expect(claimed).toMatchObject({ toUserId: w.B.id, toQueueId: w.queue.id, assignedAt: at, dueAt: plus(T0, 24 * HOUR) });
    expect(routingDelay(claimed)).toBe(90 * 60_000);
    const late = await w.manager.client.push(claim(ho.id));
    expect(late.results[0]!.error).toMatchObject({ code: 'already_claimed', details: { toUserId: w.B.id, assignedAt: at } });

    // Managers take from any queue.
    const other = await w.handOff();
    await w.manager.client.apply(claim(other.id, plus(T0, HOUR)));
    expect(await w.handoff(other.id)).toMatchObject({ toUserId: w.manager.id, assignedAt: plus(T0, HOUR) });
  });

  it('round-robin, published via definition.publish: A, B, A skipping C while away, then C again; routing delay 0', async () => {
    const w = await routingWorld(h);
    expect(await w.publish({ mode: 'round_robin' })).toMatchObject({ status: 'applied' });
    expect((await w.definition()).map((d) => [d.version, d.stages[0]!.routing])).toEqual([
      [1, { mode: 'manual' }],
      [2, { mode: 'round_robin' }],
    ]);
    await w.C.client.apply({ name: 'user.setAway', args: { away: true } });

    const picks: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const ho = await w.handOff();
      expect(ho).toMatchObject({ definitionVersion: 2, toQueueId: w.queue.id, assignedAt: ho.createdAt, dueAt: plus(ho.createdAt, 24 * HOUR) });
      expect(routingDelay(ho)).toBe(0);
      picks.push(ho.toUserId);
    }
    expect(picks).toEqual([w.A.id, w.B.id, w.A.id]);

    await w.C.client.apply({ name: 'user.setAway', args: { away: false } });
    expect((await w.handOff()).toUserId).toBe(w.C.id);
    const routed = await w.handOff();
    expect(routed.toUserId).toBe(w.B.id);

    // A routed handoff is taken: claiming it says who has it.
    const res = await w.A.client.push(claim(routed.id));
    expect(res.results[0]!.error).toMatchObject({ code: 'already_claimed', details: { toUserId: w.B.id, assignedAt: routed.createdAt } });
    // A handoff straight to a user is not routed and does not move the rotation.
    const email = `${uid('lead')}@acme.co.jp`;
    await w.marketer.apply(upsertLead(email));
    const direct = createHandoff(leadIdForEmail(email), { toUserId: w.C.id });
    await w.marketer.apply(direct);
    expect((await w.handoff(direct.args.id))!.toUserId).toBe(w.C.id);
    expect((await w.handOff()).toUserId).toBe(w.A.id);
  });

  it('round-robin with everyone away: the create still applies and the handoff waits for a claim', async () => {
    const w = await routingWorld(h);
    await w.publish({ mode: 'round_robin' });
    for (const rep of [w.A, w.B, w.C]) await rep.client.apply({ name: 'user.setAway', args: { away: true } });
    const ho = await w.handOff();
    expect(ho.toUserId).toBeUndefined();
    expect(ho.assignedAt).toBeUndefined();
    await w.C.client.apply(claim(ho.id, plus(T0, 5 * 60_000)));
    expect(routingDelay((await w.handoff(ho.id))!)).toBe(5 * 60_000);
  });

  it('rules: by prefecture, industry and company size; first match wins; territories; fallbacks', async () => {
    const w = await routingWorld(h);
    const rules = [
      { field: 'region' as const, values: ['東京都', 'Tokyo'], assignTo: w.A.id },
      { field: 'industry' as const, values: ['finance'], assignTo: w.B.id },
      { field: 'employeeBand' as const, values: ['1000-4999', '5000+'], assignTo: w.manager.id },
    ];
    expect(await w.publish({ mode: 'rules', rules, fallback: 'round_robin' })).toMatchObject({ status: 'applied' });

    const byPrefecture = await w.handOff({ region: '東京', industry: 'finance' });
    expect(byPrefecture).toMatchObject({ toUserId: w.A.id, assignedAt: T0, dueAt: plus(T0, 24 * HOUR) });
    expect((await w.handOff({ region: 'tokyo' })).toUserId).toBe(w.A.id);
    expect((await w.handOff({ region: '大阪府', industry: 'finance' })).toUserId).toBe(w.B.id);
    const bySize = await w.handOff({ employeeBand: '5000+' });
    expect(bySize.toUserId).toBe(w.manager.id); // an explicit rule may name someone outside the queue
    expect(routingDelay(bySize)).toBe(0);

    // No rule matches → round-robin fallback (A, C, B order), which rule picks do not move.
    expect((await w.handOff({ industry: 'retail' })).toUserId).toBe(w.A.id);
    expect((await w.handOff({})).toUserId).toBe(w.C.id);
    // The rule's assignee is away → fallback.
    await w.A.client.apply({ name: 'user.setAway', args: { away: true } });
    expect((await w.handOff({ region: '東京都' })).toUserId).toBe(w.B.id);
    await w.A.client.apply({ name: 'user.setAway', args: { away: false } });

    // Territories: a queue member covering the prefecture takes unmatched leads before the fallback.
    await setTerritories(w.db, { workspaceId: w.seed.workspaceId, userId: w.C.id, territories: ['大阪府', '兵庫県'] });
    expect((await w.handOff({ region: '大阪', industry: 'retail' })).toUserId).toBe(w.C.id);
    expect((await w.handOff({ region: '大阪府', industry: 'retail' })).toUserId).toBe(w.C.id);

    // Fallback manual: unmatched leads wait in the queue.
    expect(await w.publish({ mode: 'rules', rules, fallback: 'manual' })).toMatchObject({ status: 'applied' });
    const unmatched = await w.handOff({ region: '福岡県' });
    expect(unmatched).toMatchObject({ definitionVersion: 3 });
    expect(unmatched.toUserId).toBeUndefined();
    expect((await w.handOff({ employeeBand: '1000-4999' })).toUserId).toBe(w.manager.id);
  });

  it('definition.publish rejects rules naming unknown users or users who cannot take handoffs', async () => {
    const w = await routingWorld(h);
    const res = await w.publish({
      mode: 'rules',
      rules: [
        { field: 'country', values: ['JP'], assignTo: w.A.id },
        { field: 'country', values: ['US'], assignTo: 'us_nobody' },
        { field: 'country', values: ['KR'], assignTo: w.seed.marketer.id },
      ],
      fallback: 'manual',
    });
    expect(res.error).toMatchObject({
      code: 'definition_invalid',
      details: {
        issues: [
          { path: 'stages.0.routing.rules.1.assignTo', message: 'no such user in this workspace' },
          { path: 'stages.0.routing.rules.2.assignTo', message: 'a marketer user cannot take handoffs' },
        ],
      },
    });
    expect((await w.definition()).length).toBe(1);
  });
});

const postgres = STORAGES.find((s) => s.name === 'postgres') as Storage | undefined;

describe.skipIf(!TEST_DATABASE_URL)('routing under concurrency (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(postgres!);
  });
  afterAll(async () => h?.close());

  it('two members claim at once: exactly one applied, the other already_claimed, one assignee', async () => {
    const w = await routingWorld(h);
    for (let round = 0; round < 5; round++) {
      const ho = await w.handOff();
      // Fresh clients, so neither push waits on the other's client row.
      const a = new ApiClient(h.app, w.A.client.token);
      const b = new ApiClient(h.app, w.B.client.token);
      const [ra, rb] = await Promise.all([a.push(claim(ho.id, plus(T0, 60_000))), b.push(claim(ho.id, plus(T0, 120_000)))]);
      const results = [ra.results[0]!, rb.results[0]!];
      expect(results.map((r) => r.status).sort()).toEqual(['applied', 'rejected']);
      const winner = results[0]!.status === 'applied' ? w.A.id : w.B.id;
      const loser = results.find((r) => r.status === 'rejected')!;
      expect(loser.error).toMatchObject({ code: 'already_claimed', details: { toUserId: winner } });
      const stored = (await w.handoff(ho.id))!;
      expect(stored.toUserId).toBe(winner);
      expect(stored.assignedAt).toBe(winner === w.A.id ? plus(T0, 60_000) : plus(T0, 120_000));
    }
  });

  it('concurrent creates to a round-robin queue share the rotation fairly: the pointer is serialised', async () => {
    const w = await routingWorld(h);
    await w.publish({ mode: 'round_robin' });
    await w.C.client.apply({ name: 'user.setAway', args: { away: true } });
    const emails = Array.from({ length: 12 }, () => `${uid('lead')}@acme.co.jp`);
    for (const email of emails) await w.marketer.apply(upsertLead(email));
    const token = w.seed.marketer.token;
    const calls = emails.map((email) => createHandoff(leadIdForEmail(email), { toQueueId: w.queue.id }));
    const results = await Promise.all(calls.map((call) => new ApiClient(h.app, token).push(call)));
    expect(results.map((r) => r.results[0]!.status)).toEqual(calls.map(() => 'applied'));
    const state = (await w.admin.pullAll()).state;
    const assignees = calls.map((c) => (state.get(`handoff:${c.args.id}`) as Handoff).toUserId);
    expect(assignees.filter((id) => id === w.A.id)).toHaveLength(6);
    expect(assignees.filter((id) => id === w.B.id)).toHaveLength(6);
  });
});
