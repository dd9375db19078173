import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AunDatabase } from '../../lib/db/database';
import { toHandoffRow, toLeadRow } from '../../lib/db/rows';
import { SyncEngine, type SyncEngineDeps } from '../../lib/sync/engine';
import { recordMutation } from '../../lib/sync/replica';
import type { PullResponse, PushRequest, PushResponse } from '../../lib/domain';
import { freshDbName, makeHandoff, makeLead, T0 } from '../support/factories';

let db: AunDatabase;
let clock: number;
const lead = makeLead('taro@acme.co.jp');
const handoff = makeHandoff(lead.id);

beforeEach(async () => {
  db = new AunDatabase(freshDbName());
  clock = Date.parse('2026-03-02T02:00:00.000Z');
  await db.leads.put(toLeadRow(lead));
  await db.handoffs.put(toHandoffRow(handoff));
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

/** A scripted server: each call goes to the handler for its path. Records what was pushed. */
function fakeServer(handlers: { push?: Handler; pull?: Handler }) {
  const pushed: PushRequest[] = [];
  const fetchImpl = vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    if (url.pathname === '/api/sync/push') {
      pushed.push(JSON.parse(String(init.body)));
      return (handlers.push ?? okPush)(url, init);
    }
    if (url.pathname === '/api/sync/pull') return (handlers.pull ?? emptyPull)(url, init);
    return new Response('not found', { status: 404 });
  });
  return { fetchImpl, pushed };
}

const okPush: Handler = (_url, init) => {
  const body = JSON.parse(String(init.body)) as PushRequest;
  const response: PushResponse = { results: body.mutations.map((m) => ({ id: m.id, status: 'applied' })), lastMutationId: body.mutations.at(-1)!.id };
  return Response.json(response);
};
const emptyPull: Handler = (url) => Response.json({ changes: [], cursor: url.searchParams.get('cursor') || 'c0', hasMore: false, lastMutationId: 0 } satisfies PullResponse);

function engineWith(fetchImpl: typeof fetch, connected = true, extra: Partial<SyncEngineDeps> = {}) {
  return new SyncEngine({
    db,
    connection: async () => (connected ? { serverUrl: 'http://127.0.0.1:8787', token: 'aun_test_token' } : null),
    userId: async () => 'u-sales',
    fetch: fetchImpl,
    now: () => clock,
    random: () => 0.5,
    ...extra,
  });
}

const MINUTE = 60_000;
const pushes = (fetchImpl: { mock: { calls: unknown[][] } }) => fetchImpl.mock.calls.filter(([u]) => String(u).includes('/push')).length;

const actor = () => ({ userId: 'u-sales', now: new Date(clock).toISOString() });
const check = (itemId: string) => ({ name: 'handoff.checkItem' as const, args: { handoffId: handoff.id, itemId, checked: true, at: T0 } });

describe('SyncEngine', () => {
  it('in local-only mode sends nothing and keeps the outbox', async () => {
    const { fetchImpl } = fakeServer({});
    await recordMutation(db, check('consent'), actor());
    const status = await engineWith(fetchImpl as never, false).sync('manual');
    expect(fetchImpl).not.toHaveBeenCalled();
    expect(status).toMatchObject({ mode: 'local-only', pending: 1 });
  });

  it('pushes the outbox in order, then pulls; a held mutation and everything after it wait', async () => {
    const { fetchImpl, pushed } = fakeServer({});
    const m1 = await recordMutation(db, check('consent'), actor());
    const held = await recordMutation(db, { name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'accept', at: T0 } }, actor(), 10_000);
    const m3 = await recordMutation(db, check('timing_known'), actor());
    const engine = engineWith(fetchImpl as never);
    let status = await engine.sync('manual');
    expect(pushed.flatMap((p) => p.mutations.map((m) => m.id))).toEqual([m1.localId]);
    expect(status).toMatchObject({ state: 'idle', pending: 2, lastError: null });
    clock += 10_001;
    status = await engine.sync('manual');
    expect(pushed.flatMap((p) => p.mutations.map((m) => m.id))).toEqual([m1.localId, held.localId, m3.localId]);
    expect(status.pending).toBe(0);
    expect(status.lastSyncedAt).toBe(new Date(clock).toISOString());
  });

  it('a rejected mutation leaves the outbox, is shown with its reason, and the rest still apply', async () => {
    const winner = { kind: 'accept', by: 'u-other', at: T0 };
    const { fetchImpl } = fakeServer({
      push: (_u, init) => {
        const body = JSON.parse(String(init.body)) as PushRequest;
        return Response.json({
          results: body.mutations.map((m) =>
            m.name === 'handoff.decide' ? { id: m.id, status: 'rejected', error: { code: 'already_decided', message: 'Decided already', details: { decision: winner } } } : { id: m.id, status: 'applied' },
          ),
          lastMutationId: body.mutations.at(-1)!.id,
        });
      },
      // As a real server: the applied check comes back in the pull.
      pull: () =>
        Response.json({
          changes: [{ entity: 'handoff', id: handoff.id, op: 'put', data: { ...handoff, checklist: { ...handoff.checklist, consent: { checked: true, by: 'u-sales', at: T0 } } } }],
          cursor: 'c1',
          hasMore: false,
          lastMutationId: 2,
        } satisfies PullResponse),
    });
    await recordMutation(db, { name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'reject', reasonCode: 'no_budget', at: T0 } }, actor());
    await recordMutation(db, check('consent'), actor());
    const status = await engineWith(fetchImpl as never).sync('manual');
    expect(status.pending).toBe(0);
    expect(status.rejected).toEqual([expect.objectContaining({ name: 'handoff.decide', leadId: lead.id, decision: 'reject', error: expect.objectContaining({ code: 'already_decided', details: { decision: winner } }) })]);
    // The local optimistic reject is rolled back; the check stays.
    const h = await db.handoffs.get(handoff.id);
    expect(h?.status).toBe('pending');
    expect(h?.checklist.consent?.checked).toBe(true);
  });

  it('a 401 stops sync as "token rejected" until the settings change; nothing is dropped', async () => {
    const { fetchImpl } = fakeServer({ push: () => Response.json({ error: { code: 'unauthorized', message: 'bad token' } }, { status: 401 }) });
    await recordMutation(db, check('consent'), actor());
    const engine = engineWith(fetchImpl as never);
    expect(await engine.sync('manual')).toMatchObject({ state: 'token-rejected', pending: 1, lastError: { code: 'unauthorized' } });
    fetchImpl.mockClear();
    await engine.sync('alarm');
    expect(fetchImpl).not.toHaveBeenCalled();
    await engine.reset();
    await engine.sync('alarm');
    expect(fetchImpl).toHaveBeenCalled();
  });

  it('backs off exponentially on a dead network and on 5xx, and recovers', async () => {
    let down = true;
    const { fetchImpl } = fakeServer({
      pull: (url) => {
        if (down) throw new TypeError('Failed to fetch');
        return emptyPull(url, {});
      },
    });
    const engine = engineWith(fetchImpl as never);
    expect(await engine.sync('alarm')).toMatchObject({ state: 'offline', lastError: { code: 'offline' } });
    const calls = fetchImpl.mock.calls.length;
    clock += 500; // first backoff is 1 s × jitter(1.0)
    await engine.sync('alarm');
    expect(fetchImpl.mock.calls.length).toBe(calls);
    clock += 600;
    await engine.sync('alarm');
    expect(fetchImpl.mock.calls.length).toBe(calls + 1);
    // Second failure: 2 s.
    clock += 1500;
    await engine.sync('alarm');
    expect(fetchImpl.mock.calls.length).toBe(calls + 1);
    down = false;
    // A person asking (sidebar opened) does not wait for the backoff.
    expect(await engine.sync('sidebar')).toMatchObject({ state: 'idle', lastError: null });
  });

  it('a server error is reported with its code and retried later', async () => {
    const { fetchImpl } = fakeServer({ pull: () => Response.json({ error: { code: 'server_error', message: 'db down' } }, { status: 503 }) });
    expect(await engineWith(fetchImpl as never).sync('manual')).toMatchObject({ state: 'error', lastError: { code: 'server_error', message: 'db down' } });
  });

  it('a batch the server cannot read is retried one by one, so one bad mutation cannot block the rest', async () => {
    const { fetchImpl, pushed } = fakeServer({
      push: (url, init) => {
        const body = JSON.parse(String(init.body)) as PushRequest;
        if (body.mutations.some((m) => m.name === 'handoff.checkItem' && m.args.itemId === 'poison')) {
          return Response.json({ error: { code: 'validation_failed', message: 'bad item' } }, { status: 400 });
        }
        return okPush(url, init);
      },
    });
    const good1 = await recordMutation(db, check('consent'), actor());
    const bad = await recordMutation(db, check('poison'), actor());
    const good2 = await recordMutation(db, check('timing_known'), actor());
    const status = await engineWith(fetchImpl as never).sync('manual');
    expect(status.pending).toBe(0);
    expect(status.rejected.map((r) => r.localId)).toEqual([bad.localId]);
    const applied = pushed.filter((p) => p.mutations.length === 1).map((p) => p.mutations[0]!.id);
    expect(applied).toEqual([good1.localId, bad.localId, good2.localId]);
  });

  it('pulls every page until hasMore is false, committing each cursor', async () => {
    const pages: PullResponse[] = [
      { changes: [{ entity: 'lead', id: makeLead('p1@x.co.jp').id, op: 'put', data: makeLead('p1@x.co.jp') }], cursor: 'c1', hasMore: true, lastMutationId: 0 },
      { changes: [{ entity: 'lead', id: makeLead('p2@x.co.jp').id, op: 'put', data: makeLead('p2@x.co.jp') }], cursor: 'c2', hasMore: false, lastMutationId: 0 },
    ];
    const seen: string[] = [];
    const { fetchImpl } = fakeServer({
      pull: (url) => {
        const cursor = url.searchParams.get('cursor') ?? '';
        seen.push(cursor);
        return Response.json(cursor === '' ? pages[0] : pages[1]);
      },
    });
    await engineWith(fetchImpl as never).sync('manual');
    expect(seen).toEqual(['', 'c1']);
    expect((await db.meta.get('cursor'))?.value).toBe('c2');
    expect(await db.leads.count()).toBe(3);
  });

  it('fetches the next page while applying one, asking for each cursor once, in order, with the server maximum per page', async () => {
    const leadsOnPage = (n: number) => [0, 1].map((i) => makeLead(`p${n}-${i}@x.co.jp`));
    const pages: PullResponse[] = [1, 2, 3, 4].map((n) => ({
      changes: leadsOnPage(n).map((l) => ({ entity: 'lead' as const, id: l.id, op: 'put' as const, data: l })),
      cursor: `c${n}`,
      hasMore: n < 4,
      lastMutationId: 0,
    }));
    const asked: string[] = [];
    const committedWhenAsked: Array<string | undefined> = [];
    const { fetchImpl } = fakeServer({
      pull: async (url) => {
        const cursor = url.searchParams.get('cursor') ?? '';
        expect(url.searchParams.get('limit')).toBe('5000');
        asked.push(cursor);
        committedWhenAsked.push((await db.meta.get('cursor'))?.value as string | undefined);
        return Response.json(pages[cursor === '' ? 0 : Number(cursor.slice(1))]);
      },
    });
    await engineWith(fetchImpl as never).sync('manual');
    expect(asked).toEqual(['', 'c1', 'c2', 'c3']);
    // Page n+1 was asked for before page n had committed (the prefetch), never after a later one.
    expect(committedWhenAsked.slice(1).some((committed, i) => committed !== `c${i + 1}`)).toBe(true);
    expect((await db.meta.get('cursor'))?.value).toBe('c4');
    expect(await db.leads.count()).toBe(1 + 8);
  });

  it('a page that fails to apply, or a prefetch that fails, leaves the last committed cursor for the next sync to resume from', async () => {
    const a = makeLead('dup@x.co.jp');
    const pages: Record<string, PullResponse> = {
      '': { changes: [{ entity: 'lead', id: a.id, op: 'put', data: a }], cursor: 'c1', hasMore: true, lastMutationId: 0 },
      // Two leads with one email: the page cannot commit.
      c1: { changes: [{ entity: 'lead', id: 'other', op: 'put', data: { ...a, id: 'other' } }], cursor: 'c2', hasMore: true, lastMutationId: 0 },
      c2: { changes: [], cursor: 'c3', hasMore: false, lastMutationId: 0 },
    };
    let offlineAt: string | null = null;
    const asked: string[] = [];
    const { fetchImpl } = fakeServer({
      pull: (url) => {
        const cursor = url.searchParams.get('cursor') ?? '';
        asked.push(cursor);
        if (cursor === offlineAt) throw new TypeError('Failed to fetch');
        return Response.json(pages[cursor]);
      },
    });
    const engine = engineWith(fetchImpl as never);
    expect((await engine.sync('manual')).state).not.toBe('idle');
    expect((await db.meta.get('cursor'))?.value).toBe('c1');
    expect(await db.leads.get('other')).toBeUndefined();

    // The server fixes the page; the network then dies while the page after it is prefetched.
    pages.c1 = { changes: [{ entity: 'lead', id: makeLead('ok@x.co.jp').id, op: 'put', data: makeLead('ok@x.co.jp') }], cursor: 'c2', hasMore: true, lastMutationId: 0 };
    offlineAt = 'c2';
    asked.length = 0;
    expect((await engine.sync('manual')).state).toBe('offline');
    expect(asked).toEqual(['c1', 'c2']);
    expect((await db.meta.get('cursor'))?.value).toBe('c2');

    offlineAt = null;
    asked.length = 0;
    expect((await engine.sync('manual')).state).toBe('idle');
    expect(asked).toEqual(['c2']);
    expect((await db.meta.get('cursor'))?.value).toBe('c3');
  });

  it('shares one run between triggers that arrive together', async () => {
    const { fetchImpl } = fakeServer({});
    const engine = engineWith(fetchImpl as never);
    await Promise.all([engine.sync('alarm'), engine.sync('sidebar'), engine.sync('mutation')]);
    expect(fetchImpl.mock.calls.filter(([u]) => String(u).includes('/pull')).length).toBe(1);
  });

  it.each([
    [403, 'forbidden'],
    [413, 'payload_too_large'],
    [422, 'definition_invalid'],
  ] as const)('a %i push error needs attention but is retried (at most every 15 min) and never drops the outbox', async (status, code) => {
    let broken = true;
    const { fetchImpl } = fakeServer({
      push: (url, init) => (broken ? Response.json({ error: { code, message: `refused ${status}` } }, { status }) : okPush(url, init)),
    });
    await recordMutation(db, check('consent'), actor());
    // Jitter at its top (×1.5): the cap must still hold.
    const engine = engineWith(fetchImpl as never, true, { random: () => 0.999 });
    expect(await engine.sync('alarm')).toMatchObject({ state: 'error', needsAttention: true, pending: 1, lastError: { code, message: `refused ${status}` } });
    expect(pushes(fetchImpl)).toBe(1);
    // Not hammered: the next tick, 30 s later, waits.
    clock += 30_000;
    await engine.sync('alarm');
    expect(pushes(fetchImpl)).toBe(1);
    // Many failures later it is still retried, never more than 15 min apart.
    for (let attempt = 2; attempt <= 8; attempt++) {
      clock += 15 * MINUTE;
      expect(await engine.sync('alarm')).toMatchObject({ state: 'error', needsAttention: true, pending: 1 });
      expect(pushes(fetchImpl)).toBe(attempt);
    }
    // The admin fixes it server-side: the next automatic attempt sends the kept mutation.
    broken = false;
    clock += 15 * MINUTE;
    expect(await engine.sync('alarm')).toMatchObject({ state: 'idle', needsAttention: false, pending: 0, lastError: null });
  });

  it('a transient failure does not need attention', async () => {
    const { fetchImpl } = fakeServer({ pull: () => Response.json({ error: { code: 'server_error', message: 'db down' } }, { status: 503 }) });
    expect(await engineWith(fetchImpl as never).sync('manual')).toMatchObject({ state: 'error', needsAttention: false });
  });

  it('runs the after-sync work (badge, notifications) and regrades on every run, also one skipped for backoff or a rejected token', async () => {
    const afterSync = vi.fn(async () => undefined);
    let reply: 'offline' | 401 = 'offline';
    const { fetchImpl } = fakeServer({
      pull: () => {
        if (reply === 'offline') throw new TypeError('Failed to fetch');
        return Response.json({ error: { code: 'unauthorized', message: 'bad token' } }, { status: 401 });
      },
    });
    const engine = engineWith(fetchImpl as never, true, { afterSync });
    await engine.sync('alarm');
    expect(afterSync).toHaveBeenCalledTimes(1);
    const calls = fetchImpl.mock.calls.length;
    // Backing off: nothing is sent, but the badge and notifications are refreshed…
    await engine.sync('alarm');
    expect(fetchImpl.mock.calls.length).toBe(calls);
    expect(afterSync).toHaveBeenCalledTimes(2);
    expect(afterSync).toHaveBeenLastCalledWith({ changed: false });
    // …and a change made meanwhile is graded locally.
    await recordMutation(db, { name: 'touch.add', args: { touch: { id: 't-offline', leadId: lead.id, type: 'webinar_attended', occurredAt: T0, origin: 'aun' } } }, actor());
    expect(await db.regradeQueue.count()).toBe(1);
    await engine.sync('mutation');
    expect(await db.regradeQueue.count()).toBe(0);
    expect((await db.leads.get(lead.id))?._grade).toMatch(/^[A-D][1-4]$/);

    reply = 401;
    await engine.sync('manual');
    expect((await engine.status()).state).toBe('token-rejected');
    afterSync.mockClear();
    await engine.sync('alarm');
    expect(afterSync).toHaveBeenCalledTimes(1);
  });
});
