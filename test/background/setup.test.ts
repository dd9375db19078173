import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupBackground, SYNC_ALARM } from '../../lib/background';
import { saveSettings } from '../../lib/background/settings';
import { AunDatabase } from '../../lib/db/database';
import { toHandoffRow, toLeadRow } from '../../lib/db/rows';
import type { PullResponse, User } from '../../lib/domain';
import { call, removeAllListeners } from '../../lib/messages';
import { DATA_CHANGED } from '../../lib/content/messages-from-background';
import { SyncEngine, type SyncTrigger } from '../../lib/sync/engine';
import { freshDbName, makeHandoff, makeLead } from '../support/factories';

/**
 * The background's wiring (lib/background/index.ts) with WXT's fake browser: the alarm and its
 * re-creation, every sync trigger, first install, and attention on every tick. Time is faked
 * (setTimeout and Date only: fake-indexeddb keeps its real setImmediate), so nothing here
 * depends on how fast the machine is.
 */

const START = Date.parse('2026-03-10T01:00:00.000Z'); // Tue 10:00 JST
const HOUR = 3_600_000;
const rep: User = { id: 'u-rep', email: 'rep@acme.co.jp', name: 'Rep', role: 'sales', queueIds: [], away: false, territories: [], createdAt: '2026-01-01T00:00:00.000Z' };

let db: AunDatabase;
let engine: SyncEngine | undefined;
let triggers: SyncTrigger[];
let server: { mode: 'ok' | 'offline' | 'unauthorized'; changes: PullResponse['changes'] };
const fetchImpl = vi.fn(async (input: string | URL | Request) => {
  const url = new URL(String(input));
  if (server.mode === 'offline') throw new TypeError('Failed to fetch');
  if (server.mode === 'unauthorized') return Response.json({ error: { code: 'unauthorized', message: 'bad token' } }, { status: 401 });
  if (url.pathname === '/api/sync/pull') {
    const cursor = url.searchParams.get('cursor') ?? '';
    const changes = cursor === '' ? server.changes : [];
    return Response.json({ changes, cursor: changes.length > 0 ? 'c1' : cursor, hasMore: false, lastMutationId: 0 } satisfies PullResponse);
  }
  return new Response('{}', { status: 404 });
});
const pulls = () => fetchImpl.mock.calls.filter(([u]) => String(u).includes('/api/sync/pull')).length;
const windowListeners: [string, EventListenerOrEventListenerObject][] = [];

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START });
  db = new AunDatabase(freshDbName());
  server = { mode: 'ok', changes: [] };
  fetchImpl.mockClear();
  triggers = [];
  const sync = SyncEngine.prototype.sync;
  vi.spyOn(SyncEngine.prototype, 'sync').mockImplementation(function (this: SyncEngine, trigger?: SyncTrigger) {
    triggers.push(trigger ?? 'manual');
    return sync.call(this, trigger);
  });
  // What the fake browser does not implement.
  vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockResolvedValue([]);
  vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
  const add = globalThis.addEventListener.bind(globalThis);
  vi.spyOn(globalThis, 'addEventListener').mockImplementation((type: string, listener: EventListenerOrEventListenerObject) => {
    windowListeners.push([type, listener]);
    add(type, listener);
  });
});

afterEach(async () => {
  // Let a sync still running finish before its database closes.
  await engine?.sync('manual');
  engine = undefined;
  for (const [type, listener] of windowListeners.splice(0)) globalThis.removeEventListener(type, listener);
  removeAllListeners();
  vi.useRealTimers();
  vi.restoreAllMocks();
  db.close();
  await Dexie.delete(db.name);
});

/** Start the worker as the entrypoint does, signed in as `me` (or in local-only mode). */
async function start(me: User | null = rep) {
  if (me) await saveSettings({ serverUrl: 'http://127.0.0.1:8787', token: 'aun_rep_token_0123', me, workspaceName: 'Acme' });
  ({ engine } = setupBackground({ db, fetch: fetchImpl as never }));
  await settle();
}

/** Wait for the sync the last trigger started (if any) to end. */
async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await engine!.sync('manual');
  triggers.pop();
}

async function tick() {
  await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: Date.now() });
  await settle();
}

describe('background wiring', () => {
  it('creates the 30 s sync alarm at start, and re-creates it when the browser starts without it', async () => {
    await start();
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toMatchObject({ name: SYNC_ALARM, periodInMinutes: 0.5 });
    // Alarms may be lost across a browser restart or an update.
    await fakeBrowser.alarms.clear(SYNC_ALARM);
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toMatchObject({ periodInMinutes: 0.5 }));
    await vi.waitFor(() => expect(triggers).toContain('startup'));
  });

  it('syncs on every tick of its alarm, and only of its alarm', async () => {
    await start();
    const before = pulls();
    await tick();
    expect(triggers).toEqual(['alarm']);
    expect(pulls()).toBe(before + 1);
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'someone-else', scheduledTime: Date.now() });
    await settle();
    expect(triggers).toEqual(['alarm']);
  });

  it('a burst of local changes asks for one sync, 1.5 s after the last', async () => {
    await start(null);
    const lead = makeLead('taro@acme.co.jp');
    for (let n = 0; n < 3; n++) {
      await call('mutate', { call: { name: 'lead.upsert', args: { lead: { id: lead.id, email: lead.email, company: `Acme ${n}` } } } });
      vi.advanceTimersByTime(1_000);
    }
    expect(triggers).not.toContain('mutation');
    vi.advanceTimersByTime(499);
    expect(triggers).not.toContain('mutation');
    vi.advanceTimersByTime(1);
    expect(triggers.filter((t) => t === 'mutation')).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    expect(triggers.filter((t) => t === 'mutation')).toHaveLength(1);
  });

  it('syncs when the browser comes back online', async () => {
    await start();
    globalThis.dispatchEvent(new Event('online'));
    expect(triggers).toEqual(['online']);
  });

  it('syncs when the sidebar opens (syncNow from the sidebar), past any backoff', async () => {
    await start();
    server.mode = 'offline';
    await tick();
    const before = fetchImpl.mock.calls.length;
    await tick(); // backing off: the alarm sends nothing
    expect(fetchImpl.mock.calls.length).toBe(before);
    server.mode = 'ok';
    expect(await call('syncNow', { reason: 'sidebar' })).toMatchObject({ state: 'idle' });
    expect(triggers).toContain('sidebar');
    expect(pulls()).toBeGreaterThan(0);
  });

  it("an open sidebar's live syncs respect backoff like the alarm (a failing server is not asked every few seconds)", async () => {
    await start();
    server.mode = 'offline';
    await tick();
    const before = fetchImpl.mock.calls.length;
    expect(await call('syncNow', { reason: 'live' })).toMatchObject({ state: 'offline' });
    expect(triggers).toContain('live');
    expect(fetchImpl.mock.calls.length).toBe(before);
    // Once the backoff is over, a live sync reaches the server again.
    server.mode = 'ok';
    vi.setSystemTime(Date.now() + 10 * 60_000);
    expect(await call('syncNow', { reason: 'live' })).toMatchObject({ state: 'idle' });
    expect(fetchImpl.mock.calls.length).toBeGreaterThan(before);
  });

  it('a page with a person syncs at most once per 10 s', async () => {
    await start();
    const page = { site: 'salesforce' as const, kind: 'crm-record' as const, emails: ['taro@acme.co.jp'] };
    await call('getBadge', page);
    await call('getBadge', page);
    expect(triggers.filter((t) => t === 'page')).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    await call('getBadge', page);
    expect(triggers.filter((t) => t === 'page')).toHaveLength(2);
  });

  it('opens the options page on first install, not on an update', async () => {
    await start(null);
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });
    expect(fakeBrowser.runtime.openOptionsPage).toHaveBeenCalledTimes(1);
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9', temporary: false });
    expect(fakeBrowser.runtime.openOptionsPage).toHaveBeenCalledTimes(1);
    // Either way the alarm is there.
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toBeDefined());
  });

  it('keeps the badge and SLA notifications going on every tick while sync backs off or the token is rejected', async () => {
    const lead = makeLead('taro@acme.co.jp');
    await db.leads.put(toLeadRow(lead));
    const assignedNow = (id: string) =>
      toHandoffRow(makeHandoff(lead.id, { id, toUserId: rep.id, createdAt: new Date(Date.now()).toISOString(), assignedAt: new Date(Date.now()).toISOString(), dueAt: new Date(Date.now() + 24 * HOUR).toISOString() }));
    await db.handoffs.put(assignedNow('h-1'));
    server.mode = 'offline';
    await start();
    expect(await engine!.status()).toMatchObject({ state: 'offline' });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');

    // Backing off (the clock has not moved, so the next attempt is not due): a tick sends
    // nothing, yet the badge and notifications follow what the replica holds now.
    await db.handoffs.put(assignedNow('h-2'));
    const sent = fetchImpl.mock.calls.length;
    await tick();
    expect(triggers).toEqual(['alarm']);
    expect(fetchImpl.mock.calls.length).toBe(sent);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(Object.keys(await fakeBrowser.notifications.getAll()).sort()).toEqual(['aun:assigned:h-1', 'aun:assigned:h-2']);

    // The token is rejected: automatic sync stops until the settings change…
    server.mode = 'unauthorized';
    expect(await call('syncNow', { reason: 'manual' })).toMatchObject({ state: 'token-rejected' });
    const rejectedAt = fetchImpl.mock.calls.length;
    // …but 19 h later (past 75 % of the SLA) the warning still comes on the next tick.
    vi.setSystemTime(START + 19 * HOUR);
    await tick();
    expect(fetchImpl.mock.calls.length).toBe(rejectedAt);
    expect(Object.keys(await fakeBrowser.notifications.getAll()).sort()).toEqual(['aun:assigned:h-1', 'aun:assigned:h-2', 'aun:sla-warning:h-1', 'aun:sla-warning:h-2']);
  });

  it('a queue joined on the server reaches the toolbar badge with the next pull', async () => {
    const lead = makeLead('taro@acme.co.jp');
    await db.leads.put(toLeadRow(lead));
    const queued = makeHandoff(lead.id, { id: 'h-q', toQueueId: 'q-tokyo' });
    delete queued.toUserId;
    delete queued.assignedAt;
    delete queued.dueAt;
    await db.handoffs.put(toHandoffRow(queued));
    await start();
    await tick();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');

    server.changes = [{ entity: 'user', id: rep.id, op: 'put', data: { ...rep, queueIds: ['q-tokyo'] } }];
    const told = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('no content script'));
    await tick();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    // Open tabs were told to re-ask for their badges; one without our script does not stop the rest.
    expect(told).toHaveBeenCalledWith(expect.any(Number), { type: DATA_CHANGED });
  });

  it('open extension pages (a sidebar) are told when a pull changed data, and only then', async () => {
    await start();
    const told = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist'));
    await tick();
    expect(told).not.toHaveBeenCalledWith({ type: DATA_CHANGED });
    const lead = makeLead('hanako@acme.co.jp');
    server.changes = [{ entity: 'lead', id: lead.id, op: 'put', data: lead }];
    await tick();
    await vi.waitFor(() => expect(told).toHaveBeenCalledWith({ type: DATA_CHANGED }));
  });
});
