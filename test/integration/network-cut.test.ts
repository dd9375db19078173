import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { leadIdForEmail, type MutationCall } from '../../lib/domain';
import { startTestServer, type TestServer } from '../../server/src/testing';
import { Client } from './client';
import { FaultProxy } from './fault-proxy';
import { clientIdOf, clientState, diffStates, lastMutationIds, serverState, workspaceVersion } from './state';

/**
 * The network dies in the middle of a push or a pull, while the request is being sent or while the
 * answer comes back (a TCP proxy forwards half and resets both sides). The engine must lose
 * nothing, apply nothing twice, and end equal to the server once the network is back.
 */
let server: TestServer;
let proxy: FaultProxy;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startTestServer();
  proxy = await FaultProxy.start(server.url);
});
afterAll(async () => {
  await proxy?.close();
  await server?.close();
});
afterEach(async () => {
  expect(proxy.armed, 'every armed cut fired').toBe(0);
  for (const c of clients.splice(0)) await c.close();
});

function client(user: 'marketer' | 'sales' | 'sales2' | 'manager', overrides: ConstructorParameters<typeof Client>[2] = {}) {
  const c = new Client(proxy.url, server.seed[user], overrides);
  clients.push(c);
  return c;
}

let n = 0;
const now = () => new Date().toISOString();
const db = () => server.database.db;
const version = () => workspaceVersion(db(), server.seed.workspaceId);
const serverLastId = async (c: Client) => (await lastMutationIds(db(), server.seed.workspaceId)).get(await clientIdOf(c)) ?? 0;

/** A new lead with a touch and a handoff to the first rep: three mutations. */
function newLead(): { leadId: string; handoffId: string; calls: MutationCall[] } {
  const email = `cut-${++n}-${Date.now()}@acme.co.jp`;
  const leadId = leadIdForEmail(email);
  const handoffId = `h-cut-${n}-${Date.now()}`;
  return {
    leadId,
    handoffId,
    calls: [
      { name: 'lead.upsert', args: { lead: { id: leadId, email, company: '株式会社カット' } } },
      { name: 'touch.add', args: { touch: { id: `t-${handoffId}`, leadId, type: 'form_submit', occurredAt: now(), origin: 'aun' } } },
      { name: 'handoff.create', args: { id: handoffId, leadId, stageId: 'marketing_to_sales', toUserId: server.seed.sales.id, checkedItemIds: ['contact_verified', 'need_confirmed', 'consent'], createdAt: now() } },
    ],
  };
}

const touch = (leadId: string): MutationCall => ({ name: 'touch.add', args: { touch: { id: `t-${++n}-${Date.now()}`, leadId, type: 'web_visit', occurredAt: now(), origin: 'aun' } } });

async function expectEqualToServer(c: Client) {
  expect(diffStates(await serverState(db(), server.seed.workspaceId), await clientState(c))).toEqual([]);
}

describe('network cut mid-push', () => {
  it('during the request body: the server applies nothing, the engine resends, everything lands once', async () => {
    const marketer = client('marketer');
    await marketer.sync();
    const leads = [newLead(), newLead(), newLead()];
    for (const call of leads.flatMap((l) => l.calls)) await marketer.mutate(call);
    const before = await version();
    const lastBefore = await serverLastId(marketer);

    proxy.cutNext({ path: '/api/sync/push', phase: 'request' });
    expect(await marketer.sync()).toMatchObject({ state: 'offline', pending: 9 });
    const cut = proxy.cuts.at(-1)!;
    expect(cut.phase).toBe('request');
    expect(cut.forwarded).toBeGreaterThan(cut.headLength); // inside the body,
    expect(cut.forwarded).toBeLessThan(cut.length); // not after it
    expect(await version()).toBe(before);
    expect(await serverLastId(marketer)).toBe(lastBefore);

    expect(await marketer.sync()).toMatchObject({ state: 'idle', pending: 0, rejected: [] });
    expect(await version()).toBe(before + 9); // each of the 9 mutations applied exactly once
    await expectEqualToServer(marketer);
  });

  it('during the response: everything was applied, the replay is answered as the first time ("duplicate", or the same refusal), nothing is applied twice', async () => {
    const marketer = client('marketer');
    const rep1 = client('sales');
    const rep2 = client('sales2');
    const { leadId, handoffId, calls } = newLead();
    for (const call of calls) await marketer.mutate(call);
    await marketer.sync();
    await rep1.sync();
    await rep2.sync();
    await rep1.mutate({ name: 'handoff.decide', args: { handoffId, kind: 'accept', at: now() } });
    await rep1.sync();
    // rep2 has not seen rep1's decision: its decision loses, its touches apply.
    const batch: MutationCall[] = [touch(leadId), touch(leadId), { name: 'handoff.decide', args: { handoffId, kind: 'reject', reasonCode: 'no_budget', at: now() } }, touch(leadId), touch(leadId)];
    for (const call of batch) await rep2.mutate(call);
    expect((await rep2.db.handoffs.get(handoffId))?.status).toBe('rejected'); // optimistic
    const before = await version();

    proxy.cutNext({ path: '/api/sync/push', phase: 'response' });
    const failed = await rep2.sync();
    expect(failed.state).not.toBe('idle');
    expect(failed.pending).toBe(5);
    const cut = proxy.cuts.at(-1)!;
    expect(cut.phase).toBe('response');
    expect(cut.forwarded).toBeGreaterThan(cut.headLength);
    expect(cut.forwarded).toBeLessThan(cut.length);
    // The server committed the whole batch; only its answer was lost.
    const lastId = Math.max(...(await rep2.db.outbox.toCollection().primaryKeys()));
    expect(await serverLastId(rep2)).toBe(lastId);
    expect(await version()).toBe(before + 4);

    const replayed = await rep2.sync();
    expect(replayed).toMatchObject({ state: 'idle', pending: 0 });
    expect(await version()).toBe(before + 4); // the replay changed nothing
    // The lost answer's refusal is not lost: rep2 is told its decision came too late.
    expect(replayed.rejected.map((r) => [r.name, r.error.code])).toEqual([['handoff.decide', 'already_decided']]);
    // The lost race shows as the server has it: rep1's acceptance, not rep2's optimistic rejection.
    expect(await rep2.db.handoffs.get(handoffId)).toMatchObject({ status: 'accepted', decision: { kind: 'accept', by: server.seed.sales.id } });
    expect(await rep2.db.touches.where('leadId').equals(leadId).count()).toBe(5);
    await expectEqualToServer(rep2);
  });

  it('during the response of a push the server rejected: no phantom handoff stays in the replica', async () => {
    const first = client('marketer');
    const second = client('manager');
    const { leadId, calls } = newLead();
    await first.mutate(calls[0]!);
    await first.sync();
    await second.sync();
    await first.mutate(calls[2]!);
    await first.sync();
    // The second sender has not pulled the first handoff: the server refuses its own (handoff_pending).
    await second.mutate({ name: 'handoff.create', args: { id: `h-phantom-${Date.now()}`, leadId, stageId: 'marketing_to_sales', toUserId: server.seed.sales2.id, checkedItemIds: [], createdAt: now() } });
    expect(await second.db.handoffs.where('leadId').equals(leadId).count()).toBe(1); // its optimistic one
    const before = await version();
    proxy.cutNext({ path: '/api/sync/push', phase: 'response' });
    expect((await second.sync()).state).not.toBe('idle');
    expect(proxy.cuts.at(-1)!.phase).toBe('response');
    expect(await serverLastId(second)).toBe(1);
    const replayed = await second.sync();
    expect(replayed).toMatchObject({ state: 'idle', pending: 0 });
    expect(replayed.rejected.map((r) => [r.name, r.error.code])).toEqual([['handoff.create', 'handoff_pending']]);
    expect(await version()).toBe(before);
    expect((await second.db.handoffs.where('leadId').equals(leadId).toArray()).map((h) => h.id)).toEqual([(calls[2]!.args as { id: string }).id]);
    await expectEqualToServer(second);
  });
});

describe('network cut mid-pull', () => {
  it('during the request: nothing is applied, the cursor stays, the next sync converges', async () => {
    const marketer = client('marketer');
    const rep = client('sales');
    await rep.sync();
    const cursor = (await rep.db.meta.get('cursor'))?.value;
    for (const call of newLead().calls) await marketer.mutate(call);
    await marketer.sync();

    proxy.cutNext({ path: '/api/sync/pull', phase: 'request' });
    expect(await rep.sync()).toMatchObject({ state: 'offline' });
    const cut = proxy.cuts.at(-1)!;
    expect(cut.phase).toBe('request');
    expect(cut.forwarded).toBeLessThan(cut.headLength); // inside the request head (a GET has no body)
    expect((await rep.db.meta.get('cursor'))?.value).toEqual(cursor);

    expect(await rep.sync()).toMatchObject({ state: 'idle' });
    await expectEqualToServer(rep);
  });

  it('during the response of a middle page: the committed pages stay, the rest comes once on the next sync', async () => {
    const marketer = client('marketer');
    for (let i = 0; i < 6; i++) for (const call of newLead().calls) await marketer.mutate(call);
    await marketer.sync();

    let pulls = 0;
    const rep = client('sales', {
      pageSize: 5,
      // Arm the cut as the second page is asked for: the first page commits, the second is cut.
      fetch: (input, init) => {
        if (String(input).includes('/api/sync/pull') && ++pulls === 2) proxy.cutNext({ path: '/api/sync/pull', phase: 'response' });
        return fetch(input, init);
      },
    });
    const failed = await rep.sync();
    expect(failed.state).not.toBe('idle');
    const cut = proxy.cuts.at(-1)!;
    expect(cut.phase).toBe('response');
    expect(cut.forwarded).toBeGreaterThan(cut.headLength);
    expect(cut.forwarded).toBeLessThan(cut.length);
    const afterFirstPage = await clientState(rep);
    expect(afterFirstPage.size).toBe(5);

    expect(await rep.sync()).toMatchObject({ state: 'idle' });
    await expectEqualToServer(rep);
  });
});
