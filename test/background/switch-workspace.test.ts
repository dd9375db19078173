import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AunDatabase } from '../../lib/db/database';
import { toHandoffRow, toLeadRow } from '../../lib/db/rows';
import { createHandlers, dispatch } from '../../lib/background/handlers';
import { loadSettings } from '../../lib/background/settings';
import { SyncEngine } from '../../lib/sync/engine';
import { readOwner } from '../../lib/sync/identity';
import { recordMutation } from '../../lib/sync/replica';
import { DEFAULT_DEFINITION, type MeResponse, type User } from '../../lib/domain';
import { freshDbName, makeHandoff, makeLead, T0 } from '../support/factories';

const NOW = Date.parse('2026-03-02T02:00:00.000Z');
const SERVER = 'https://aun.acme.example';
const rep: User = { id: 'u-rep', email: 'rep@acme.co.jp', name: 'Rep', role: 'sales', queueIds: [], away: false, territories: [], createdAt: T0 };
const other: User = { ...rep, id: 'u-other', email: 'rep@beta.co.jp' };

/** /api/me by token: two tokens of the rep in workspace A, one of a user in workspace B. */
const ME: Record<string, MeResponse> = {
  aun_token_a_first: { user: rep, workspace: { id: 'ws-a', name: 'Acme', currency: 'JPY', timezone: 'Asia/Tokyo' }, definition: DEFAULT_DEFINITION },
  aun_token_a_renewed: { user: rep, workspace: { id: 'ws-a', name: 'Acme', currency: 'JPY', timezone: 'Asia/Tokyo' }, definition: DEFAULT_DEFINITION },
  aun_token_b_other: { user: other, workspace: { id: 'ws-b', name: 'Beta', currency: 'USD', timezone: 'America/New_York' }, definition: DEFAULT_DEFINITION },
};

let db: AunDatabase;
let engine: SyncEngine | undefined;
beforeEach(() => {
  fakeBrowser.reset();
  db = new AunDatabase(freshDbName());
});
afterEach(async () => {
  // Saving a connection starts a sync in the background: let it end before the database closes.
  await engine?.sync('manual');
  engine = undefined;
  db.close();
  await Dexie.delete(db.name);
});

function setup(pull?: () => Promise<Response>) {
  const fetchImpl = vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const token = new Headers(init.headers).get('authorization')?.replace('Bearer ', '') ?? '';
    if (url.pathname === '/api/me') return ME[token] ? Response.json(ME[token]) : Response.json({ error: { code: 'unauthorized', message: 'no' } }, { status: 401 });
    if (url.pathname === '/api/sync/pull' && pull) return pull();
    // Sync after saving: the tests look at what saving did, so the server has nothing to say.
    return new Response('{}', { status: 503 });
  });
  engine = new SyncEngine({
    db,
    connection: async () => {
      const s = await loadSettings();
      return s.serverUrl && s.token ? { serverUrl: s.serverUrl, token: s.token } : null;
    },
    userId: async () => (await loadSettings()).me?.id ?? 'local',
    fetch: fetchImpl as never,
    now: () => NOW,
  });
  const handlers = createHandlers({ db, engine, now: () => NOW, fetch: fetchImpl as never });
  return { handlers, engine };
}

/** A replica of workspace A that has pulled (cursor c-41), with a lead and one unsent change. */
async function syncedWithA(handlers: ReturnType<typeof setup>['handlers'], options: { pending: boolean } = { pending: true }) {
  await handlers.saveSettings({ serverUrl: SERVER, token: 'aun_token_a_first' });
  await engine!.sync('manual');
  const lead = makeLead('taro@acme.co.jp');
  await db.leads.put(toLeadRow(lead));
  await db.handoffs.put(toHandoffRow(makeHandoff(lead.id, { toUserId: rep.id })));
  await db.meta.bulkPut([
    { key: 'cursor', value: 'c-41' },
    { key: 'clientId', value: 'client-a' },
  ]);
  await db.rejected.put({ localId: 1, name: 'user.setAway', args: { away: true }, leadId: null, error: { code: 'forbidden', message: 'no' }, at: T0 });
  if (options.pending) await recordMutation(db, { name: 'handoff.checkItem', args: { handoffId: `h-${lead.id}`, itemId: 'consent', checked: true, at: T0 } }, { userId: rep.id, now: T0 });
  return lead;
}

async function replicaState() {
  return {
    leads: await db.leads.count(),
    handoffs: await db.handoffs.count(),
    outbox: await db.outbox.count(),
    rejected: await db.rejected.count(),
    cursor: (await db.meta.get('cursor'))?.value ?? null,
    clientId: (await db.meta.get('clientId'))?.value ?? null,
  };
}

describe('changing the server or token', () => {
  it('a renewed token for the same user and workspace keeps the replica, outbox and cursor', async () => {
    const { handlers } = setup();
    await syncedWithA(handlers);
    const before = await replicaState();
    expect(before).toEqual({ leads: 1, handoffs: 1, outbox: 1, rejected: 1, cursor: 'c-41', clientId: 'client-a' });

    const settings = await handlers.saveSettings({ token: 'aun_token_a_renewed' });
    await engine!.sync('manual');
    expect(settings).toMatchObject({ serverUrl: SERVER, hasToken: true, workspaceName: 'Acme', me: { id: rep.id } });
    expect(await replicaState()).toEqual(before);
    expect((await loadSettings()).token).toBe('aun_token_a_renewed');
    expect(await readOwner(db)).toEqual({ origin: SERVER, workspaceId: 'ws-a', userId: rep.id });
  });

  it('another workspace with unsent changes is refused with a clear error, changing nothing', async () => {
    const { handlers } = setup();
    await syncedWithA(handlers);
    const before = await replicaState();

    const reply = await dispatch(handlers, 'saveSettings', { token: 'aun_token_b_other' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unsynced_changes', details: { pending: 1 } } });
    expect(!reply.ok && reply.error.message).toMatch(/1 changes made here have not been sent/);
    expect(await replicaState()).toEqual(before);
    // The old connection stays, so "Sync now" can still send the changes.
    expect(await loadSettings()).toMatchObject({ serverUrl: SERVER, token: 'aun_token_a_first', workspaceName: 'Acme', me: { id: rep.id } });
  });

  it('discarding on purpose clears the replica, outbox, rejected changes, cursor and client id', async () => {
    const { handlers } = setup();
    await syncedWithA(handlers);
    const settings = await handlers.saveSettings({ token: 'aun_token_b_other', discardPending: true });
    expect(settings).toMatchObject({ workspaceName: 'Beta', currency: 'USD', me: { id: other.id } });
    expect(await replicaState()).toEqual({ leads: 0, handoffs: 0, outbox: 0, rejected: 0, cursor: null, clientId: null });
    expect(await readOwner(db)).toEqual({ origin: SERVER, workspaceId: 'ws-b', userId: other.id });
    // Nothing of A shows any more.
    expect((await handlers.getLeadContext({ site: 'salesforce', kind: 'crm-record', emails: ['taro@acme.co.jp'] })).lead).toBeNull();
  });

  it('another workspace with nothing unsent switches without asking', async () => {
    const { handlers } = setup();
    await syncedWithA(handlers, { pending: false });
    await handlers.saveSettings({ token: 'aun_token_b_other' });
    expect(await replicaState()).toEqual({ leads: 0, handoffs: 0, outbox: 0, rejected: 0, cursor: null, clientId: null });
  });

  it('the same workspace and user on another server origin is another replica', async () => {
    const { handlers } = setup();
    await syncedWithA(handlers);
    const reply = await dispatch(handlers, 'saveSettings', { serverUrl: 'https://staging.acme.example', token: 'aun_token_a_first' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unsynced_changes' } });
    await handlers.saveSettings({ serverUrl: 'https://staging.acme.example', token: 'aun_token_a_first', discardPending: true });
    expect((await replicaState()).cursor).toBeNull();
  });

  it('disconnecting keeps the replica; reconnecting to the same workspace keeps it too', async () => {
    const { handlers } = setup();
    await syncedWithA(handlers);
    const before = await replicaState();
    await handlers.saveSettings({ serverUrl: null, token: null });
    expect(await replicaState()).toEqual(before);
    await handlers.saveSettings({ serverUrl: SERVER, token: 'aun_token_a_renewed' });
    expect(await replicaState()).toEqual(before);
    // …but another workspace after a disconnect is still another workspace.
    expect(await dispatch(handlers, 'saveSettings', { serverUrl: SERVER, token: 'aun_token_b_other' })).toMatchObject({ ok: false, error: { code: 'unsynced_changes' } });
  });

  it('a replica from before owners were recorded is judged by the saved server and user', async () => {
    const { handlers } = setup();
    await syncedWithA(handlers);
    await db.meta.delete('owner');
    // The saved settings say: rep on SERVER. The same user keeps everything…
    await handlers.saveSettings({ token: 'aun_token_a_renewed' });
    expect((await replicaState()).outbox).toBe(1);
    expect(await readOwner(db)).toMatchObject({ workspaceId: 'ws-a' });
    await db.meta.delete('owner');
    // …another user is refused while changes are unsent.
    expect(await dispatch(handlers, 'saveSettings', { token: 'aun_token_b_other' })).toMatchObject({ ok: false, error: { code: 'unsynced_changes' } });
  });

  it('local-only changes made before the first connection are kept and sent to that server', async () => {
    const { handlers } = setup();
    const lead = makeLead('taro@acme.co.jp');
    await db.leads.put(toLeadRow(lead));
    await recordMutation(db, { name: 'lead.upsert', args: { lead: { id: lead.id, email: lead.email, company: 'Acme' } } }, { userId: 'local', now: T0 });
    await handlers.saveSettings({ serverUrl: SERVER, token: 'aun_token_a_first' });
    expect(await replicaState()).toMatchObject({ leads: 1, outbox: 1 });
    expect(await readOwner(db)).toEqual({ origin: SERVER, workspaceId: 'ws-a', userId: rep.id });
  });

  it('waits for a sync in flight before clearing, so its pull cannot write the old workspace back', async () => {
    let release!: () => void;
    const late = makeLead('late@acme.co.jp');
    let pulls = 0;
    const { handlers } = setup(async () => {
      pulls++;
      if (pulls > 1) return Response.json({ changes: [], cursor: '', hasMore: false, lastMutationId: 0 });
      // A's server answers slowly: the switch is asked for meanwhile.
      await new Promise<void>((resolve) => (release = resolve));
      return Response.json({ changes: [{ entity: 'lead', id: late.id, op: 'put', data: late }], cursor: 'c-42', hasMore: false, lastMutationId: 0 });
    });
    await handlers.saveSettings({ serverUrl: SERVER, token: 'aun_token_a_first' });
    await vi.waitFor(() => expect(pulls).toBe(1));
    let switched = false;
    const switching = handlers.saveSettings({ token: 'aun_token_b_other' }).then(() => (switched = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(switched).toBe(false);
    release();
    await switching;
    expect(await db.leads.get(late.id)).toBeUndefined();
    expect((await db.meta.get('cursor'))?.value).not.toBe('c-42');
    expect(await readOwner(db)).toMatchObject({ workspaceId: 'ws-b' });
  });
});
