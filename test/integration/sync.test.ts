import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, startTestServer, type TestServer } from '../../server/src/testing';
import { UnsentChangesError } from '../../lib/sync/identity';
import { leadIdForEmail, type MutationCall } from '../../lib/domain';
import { stripDerived } from '../../lib/db/rows';
import { Client } from './client';

let server: TestServer;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

function client(user: keyof TestServer['seed'] & ('marketer' | 'sales' | 'sales2' | 'admin' | 'manager')) {
  const c = new Client(server.url, server.seed[user]);
  clients.push(c);
  return c;
}

let n = 0;
const now = () => new Date().toISOString();

/** What a marketer's "Tag as qualified lead" sends. */
function tagCalls(email: string, toUserId: string, handoffId = `h-${++n}-${Date.now()}`): MutationCall[] {
  const leadId = leadIdForEmail(email);
  return [
    {
      name: 'lead.upsert',
      args: { lead: { id: leadId, email, name: { family: '山田', given: '太郎' }, company: '株式会社アクメ', title: '情報システム部 部長', source: { channel: 'inbound_email', campaign: 'Inbound' } } },
    },
    { name: 'touch.add', args: { touch: { id: `t-${handoffId}`, leadId, type: 'inbound_email', occurredAt: now(), detail: '見積もりのご相談', origin: 'aun', externalId: `thread:${handoffId}` } } },
    { name: 'handoff.create', args: { id: handoffId, leadId, stageId: 'marketing_to_sales', toUserId, checkedItemIds: ['contact_verified', 'need_confirmed', 'consent'], createdAt: now() } },
  ];
}

async function snapshot(c: Client) {
  const sortById = <T extends { id: string }>(rows: T[]) => rows.map((r) => stripDerived(r)).sort((a, b) => a.id.localeCompare(b.id));
  return {
    leads: sortById(await c.db.leads.toArray()),
    touches: sortById(await c.db.touches.toArray()),
    handoffs: sortById(await c.db.handoffs.toArray()),
    outcomes: sortById(await c.db.outcomes.toArray()),
    definitions: (await c.db.definitions.toArray()).map((d) => d.version),
  };
}

describe('sync engine against a real server', () => {
  it('a marketer tags a lead, the rep sees it after one sync, rejects it, and the marketer sees the reason', async () => {
    const marketer = client('marketer');
    const rep = client('sales');
    const email = `tag-${Date.now()}@acme.co.jp`;
    const [upsert, touch, create] = tagCalls(email, server.seed.sales.id);
    for (const call of [upsert!, touch!, create!]) await marketer.mutate(call);
    expect(await marketer.sync()).toMatchObject({ state: 'idle', pending: 0, rejected: [] });

    await rep.sync();
    const lead = await rep.db.leads.get(leadIdForEmail(email));
    expect(lead).toMatchObject({ email, company: '株式会社アクメ', stage: 'mql' });
    const handoffId = (create as Extract<MutationCall, { name: 'handoff.create' }>).args.id;
    const handoff = await rep.db.handoffs.get(handoffId);
    expect(handoff).toMatchObject({ status: 'pending', toUserId: server.seed.sales.id, fromUserId: server.seed.marketer.id });
    expect(Object.keys(handoff!.checklist).sort()).toEqual(['consent', 'contact_verified', 'need_confirmed']);
    expect(await rep.db.touches.where('leadId').equals(lead!.id).count()).toBeGreaterThanOrEqual(1);
    // The rep's replica grades the lead once synced.
    expect((await rep.db.leads.get(lead!.id))?._grade).toMatch(/^[A-D][1-4]$/);

    await rep.mutate({ name: 'handoff.decide', args: { handoffId, kind: 'reject', reasonCode: 'no_budget', note: '来期予算', at: now() } });
    expect(await rep.sync()).toMatchObject({ pending: 0, rejected: [] });
    await marketer.sync();
    const seen = await marketer.db.handoffs.get(handoffId);
    expect(seen).toMatchObject({ status: 'rejected', decision: { kind: 'reject', reasonCode: 'no_budget', note: '来期予算', by: server.seed.sales.id } });
  });

  it('two reps decide the same handoff: the first wins, the other sees who decided and is rolled back', async () => {
    const marketer = client('marketer');
    const rep1 = client('sales');
    const rep2 = client('sales2');
    const email = `race-${Date.now()}@acme.co.jp`;
    const calls = tagCalls(email, server.seed.sales.id);
    for (const call of calls) await marketer.mutate(call);
    await marketer.sync();
    await rep1.sync();
    await rep2.sync();
    const handoffId = (calls[2] as Extract<MutationCall, { name: 'handoff.create' }>).args.id;

    await rep1.mutate({ name: 'handoff.decide', args: { handoffId, kind: 'accept', at: now() } });
    await rep2.mutate({ name: 'handoff.decide', args: { handoffId, kind: 'reject', reasonCode: 'poor_fit', at: now() } });
    expect((await rep2.db.handoffs.get(handoffId))?.status).toBe('rejected'); // optimistic
    await rep1.sync();
    const status = await rep2.sync();
    expect(status.rejected).toHaveLength(1);
    expect(status.rejected[0]!.error).toMatchObject({ code: 'already_decided', details: { decision: { kind: 'accept', by: server.seed.sales.id } } });
    const after = await rep2.db.handoffs.get(handoffId);
    expect(after).toMatchObject({ status: 'accepted', decision: { kind: 'accept', by: server.seed.sales.id } });
    expect((await rep2.db.leads.get(leadIdForEmail(email)))?.stage).toBe('sal');
  });

  it('a confirmed mutation the server applied differently (here: no lead change) leaves the replica equal to the server', async () => {
    // Found by the soak: the optimistic lead (a new updatedAt) stayed for ever, because the server
    // wrote no new lead version and so no pull ever corrected it.
    const marketer = client('marketer');
    const rep = client('sales');
    const calls = tagCalls(`settle-${Date.now()}@acme.co.jp`, server.seed.sales.id);
    for (const call of calls) await marketer.mutate(call);
    await marketer.sync();
    await rep.sync();
    const handoffId = (calls[2] as Extract<MutationCall, { name: 'handoff.create' }>).args.id;
    const leadId = (calls[0] as Extract<MutationCall, { name: 'lead.upsert' }>).args.lead.id;
    await rep.mutate({ name: 'handoff.decide', args: { handoffId, kind: 'accept', at: now() } });
    await rep.mutate({ name: 'outcome.record', args: { id: `o1-${handoffId}`, leadId, handoffId, kind: 'opportunity', amount: { value: 1, currency: 'JPY' }, occurredAt: now() } });
    await rep.sync();
    await new Promise((r) => setTimeout(r, 5));
    // A second opportunity does not move the stage: the server leaves the lead as it is.
    await rep.mutate({ name: 'outcome.record', args: { id: `o2-${handoffId}`, leadId, handoffId, kind: 'opportunity', amount: { value: 2, currency: 'JPY' }, occurredAt: now() } });
    expect(await rep.sync()).toMatchObject({ state: 'idle', pending: 0, rejected: [] });
    const fresh = client('manager');
    await fresh.sync();
    expect(await snapshot(rep)).toEqual(await snapshot(fresh));
  });

  it('a sync cut at any page boundary resumes to exactly the same state as an uninterrupted one', async () => {
    const marketer = client('marketer');
    for (let i = 0; i < 12; i++) for (const call of tagCalls(`page-${i}-${Date.now()}@beta.co.jp`, server.seed.sales.id)) await marketer.mutate(call);
    await marketer.sync();

    const reference = client('sales');
    let referencePages = 0;
    reference.newEngine({
      pageSize: 7,
      fetch: (input, init) => {
        if (String(input).includes('/api/sync/pull')) referencePages++;
        return fetch(input, init);
      },
    });
    await reference.sync();
    const expected = await snapshot(reference);
    const finalCursor = (await reference.db.meta.get('cursor'))?.value;
    expect(expected.leads.length).toBeGreaterThanOrEqual(12);
    expect(referencePages).toBeGreaterThan(4);

    for (let cutAfter = 1; cutAfter < referencePages; cutAfter++) {
      const c = client('sales');
      let pulls = 0;
      // The worker dies after `cutAfter` committed pages: the next request never returns.
      c.newEngine({
        pageSize: 7,
        fetch: async (input, init) => {
          if (String(input).includes('/api/sync/pull') && ++pulls > cutAfter) throw new TypeError('Failed to fetch');
          return fetch(input, init);
        },
      });
      await c.sync();
      // Cut short: the committed cursor is a page boundary before the end.
      expect((await c.db.meta.get('cursor'))?.value).not.toEqual(finalCursor);
      c.newEngine({ pageSize: 7 });
      await c.sync();
      expect(await snapshot(c)).toEqual(expected);
    }
  });

  it('mutations made offline are sent in order after reconnecting', async () => {
    const marketer = client('marketer');
    const rep = client('sales');
    const calls = tagCalls(`offline-${Date.now()}@acme.co.jp`, server.seed.sales.id);
    for (const call of calls) await marketer.mutate(call);
    await marketer.sync();
    await rep.sync();
    const handoffId = (calls[2] as Extract<MutationCall, { name: 'handoff.create' }>).args.id;
    const leadId = (calls[0] as Extract<MutationCall, { name: 'lead.upsert' }>).args.lead.id;

    rep.online = false;
    await rep.mutate({ name: 'handoff.checkItem', args: { handoffId, itemId: 'timing_known', checked: true, at: now() } });
    await rep.mutate({ name: 'handoff.decide', args: { handoffId, kind: 'accept', at: now() } });
    // An outcome is only valid after acceptance: order matters.
    await rep.mutate({ name: 'outcome.record', args: { id: `o-${handoffId}`, leadId, handoffId, kind: 'opportunity', amount: { value: 3_000_000, currency: 'JPY' }, occurredAt: now() } });
    expect(await rep.sync()).toMatchObject({ state: 'offline', pending: 3 });
    rep.online = true;
    expect(await rep.sync()).toMatchObject({ state: 'idle', pending: 0, rejected: [] });

    await marketer.sync();
    expect(await marketer.db.handoffs.get(handoffId)).toMatchObject({ status: 'accepted', checklist: { timing_known: { checked: true } } });
    expect(await marketer.db.outcomes.get(`o-${handoffId}`)).toMatchObject({ kind: 'opportunity', amount: { value: 3_000_000 } });
    expect((await marketer.db.leads.get(leadId))?.stage).toBe('opportunity');
  });

  it('a rejected token and a server outage are shown and recovered from', async () => {
    const rep = client('sales');
    const badToken = new Client(server.url, { ...server.seed.sales, token: 'aun_not_a_real_token_000000000000000000000' });
    clients.push(badToken);
    expect(await badToken.sync()).toMatchObject({ state: 'token-rejected', lastError: { code: 'unauthorized' } });
    // Corrected on the same client: it syncs again, and the change made meanwhile is sent.
    await badToken.mutate({ name: 'user.setAway', args: { away: false } });
    expect(await badToken.sync()).toMatchObject({ state: 'token-rejected', pending: 1 });
    expect(await badToken.reconnect(server.seed.sales)).toBe('kept');
    expect(await badToken.sync()).toMatchObject({ state: 'idle', pending: 0, lastError: null, rejected: [] });

    const stopped = new Client('http://127.0.0.1:9', server.seed.sales);
    clients.push(stopped);
    expect(await stopped.sync()).toMatchObject({ state: 'offline', lastError: { code: 'offline' } });

    // Recovery: the same replica with the right server and token syncs cleanly.
    await rep.mutate({ name: 'user.setAway', args: { away: false } });
    rep.online = false;
    expect(await rep.sync()).toMatchObject({ state: 'offline', pending: 1 });
    rep.online = true;
    expect(await rep.sync()).toMatchObject({ state: 'idle', pending: 0, lastError: null });
  });

  it('a client whose token was rejected recovers on the same replica once the token is corrected, losing nothing', async () => {
    const marketer = client('marketer');
    const calls = tagCalls(`token-${Date.now()}@acme.co.jp`, server.seed.sales.id);
    for (const call of calls) await marketer.mutate(call);
    await marketer.sync();
    const handoffId = (calls[2] as Extract<MutationCall, { name: 'handoff.create' }>).args.id;

    const rep = client('sales');
    await rep.sync();
    expect(await rep.db.handoffs.get(handoffId)).toMatchObject({ status: 'pending' });
    // The admin revoked and re-issued the token, and the rep first pastes a wrong one.
    await rep.reconnect({ ...server.seed.sales, token: 'aun_not_a_real_token_000000000000000000000' });
    await rep.mutate({ name: 'handoff.checkItem', args: { handoffId, itemId: 'timing_known', checked: true, at: now() } });
    await rep.mutate({ name: 'handoff.decide', args: { handoffId, kind: 'accept', at: now() } });
    expect(await rep.sync()).toMatchObject({ state: 'token-rejected', pending: 2, lastError: { code: 'unauthorized' } });
    // Automatic triggers wait for new settings rather than hammering the server.
    expect(await rep.engine.sync('alarm')).toMatchObject({ state: 'token-rejected', pending: 2 });
    expect(await rep.db.leads.count()).toBeGreaterThan(0);

    // The right token, on the same client: same user and workspace, so nothing is cleared.
    expect(await rep.reconnect(server.seed.sales, { workspaceId: server.seed.workspaceId })).toBe('kept');
    expect(await rep.engine.sync('alarm')).toMatchObject({ state: 'idle', pending: 0, lastError: null, needsAttention: false, rejected: [] });
    expect(await rep.db.handoffs.get(handoffId)).toMatchObject({ status: 'accepted', checklist: { timing_known: { checked: true } } });
    await marketer.sync();
    expect(await marketer.db.handoffs.get(handoffId)).toMatchObject({ status: 'accepted', decision: { by: server.seed.sales.id }, checklist: { timing_known: { checked: true } } });
  });

  it('switching to another workspace starts from its first change: nothing of the old one stays, nothing of the new one is skipped', async () => {
    // Workspace A has many changes, so a cursor into A is far past workspace B's early versions.
    const marketer = client('marketer');
    for (let i = 0; i < 5; i++) for (const call of tagCalls(`switch-a-${i}-${Date.now()}@acme.co.jp`, server.seed.sales.id)) await marketer.mutate(call);
    await marketer.sync();
    const rep = client('sales');
    await rep.sync();
    const seenInA = (await rep.db.leads.toArray()).map((l) => l.id);
    expect(seenInA.length).toBeGreaterThanOrEqual(5);

    const b = await seedWorkspace(server.database.db, { name: 'Beta' });
    const bMarketer = new Client(server.url, b.marketer);
    clients.push(bMarketer);
    for (const call of tagCalls(`switch-b-${Date.now()}@beta.co.jp`, b.sales.id)) await bMarketer.mutate(call);
    await bMarketer.sync();

    // An unsent change of A blocks the switch…
    await rep.mutate({ name: 'user.setAway', args: { away: true } });
    await expect(rep.reconnect(b.sales, { workspaceId: b.workspaceId })).rejects.toBeInstanceOf(UnsentChangesError);
    expect(await rep.db.outbox.count()).toBe(1);
    // …until it is sent to A, where it belongs.
    expect(await rep.sync()).toMatchObject({ pending: 0, rejected: [] });
    expect(await rep.reconnect(b.sales, { workspaceId: b.workspaceId })).toBe('cleared');
    expect(await rep.sync()).toMatchObject({ state: 'idle', pending: 0 });

    // Exactly what a fresh install signed in to B has.
    const fresh = new Client(server.url, b.sales);
    clients.push(fresh);
    await fresh.sync();
    expect(await snapshot(rep)).toEqual(await snapshot(fresh));
    expect((await rep.db.users.toArray()).map((u) => u.id).sort()).toEqual((await fresh.db.users.toArray()).map((u) => u.id).sort());
    expect(await rep.db.leads.bulkGet(seenInA)).toEqual(seenInA.map(() => undefined));
    expect((await rep.db.leads.toArray()).length).toBe(1);
    // A's away change reached A, not B.
    expect(await rep.db.users.get(server.seed.sales.id)).toBeUndefined();
  });
});
