import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readReviewRows, reviewSnapshotSaved } from '../../lib/db/review-snapshot';
import { AunDatabase } from '../../lib/db/database';
import { toHandoffRow, toLeadRow } from '../../lib/db/rows';
import { createHandlers, dispatch } from '../../lib/background/handlers';
import { SyncEngine } from '../../lib/sync/engine';
import { saveSettings } from '../../lib/background/settings';
import { DEFAULT_DEFINITION, type MeResponse, type User } from '../../lib/domain';
import type { PageContext } from '../../lib/adapters/page-context';
import { freshDbName, makeHandoff, makeLead, makeTouch, T0 } from '../support/factories';

const NOW = Date.parse('2026-03-02T02:00:00.000Z');
let db: AunDatabase;

beforeEach(() => {
  fakeBrowser.reset();
  db = new AunDatabase(freshDbName());
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

function setup(fetchImpl: typeof fetch = vi.fn(async () => new Response('{}', { status: 500 }))) {
  const engine = new SyncEngine({ db, connection: async () => null, userId: async () => 'local', now: () => NOW });
  const onMutation = vi.fn();
  const handlers = createHandlers({ db, engine, now: () => NOW, fetch: fetchImpl, onMutation });
  return { handlers, onMutation, engine };
}

const sfPage = (email: string): PageContext => ({
  site: 'salesforce',
  kind: 'crm-record',
  emails: [email],
  crmRecord: { system: 'salesforce', objectType: 'Lead', recordId: '00Q5g00000AbCdEFGH', url: 'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEFGH/view' },
});

describe('background message handlers', () => {
  it('rejects malformed messages with validation_failed and never throws', async () => {
    const { handlers } = setup();
    const reply = await dispatch(handlers, 'getBadge', { site: 'salesforce', kind: 'crm-record', emails: 'x', evil: true });
    expect(reply).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const unknown = await dispatch(handlers, 'dropTables' as never, {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const badMutation = await dispatch(handlers, 'mutate', { call: { name: 'handoff.decide', args: { handoffId: 'h', kind: 'maybe', at: 'now' } } });
    expect(badMutation).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await db.outbox.count()).toBe(0);
  });

  it('answers the badge: nothing, unknown person, or the live grade of a known lead', async () => {
    const { handlers } = setup();
    expect(await handlers.getBadge({ site: 'gmail', kind: 'email-thread', emails: [] })).toEqual({ state: 'none' });
    expect(await handlers.getBadge(sfPage('new@acme.co.jp'))).toEqual({ state: 'unknown', email: 'new@acme.co.jp' });
    const lead = makeLead('taro@acme.co.jp');
    await db.leads.put(toLeadRow(lead));
    await db.touches.bulkPut([makeTouch(lead.id, 1, { type: 'webinar_attended' })]);
    await db.handoffs.put(toHandoffRow(makeHandoff(lead.id)));
    expect(await handlers.getBadge(sfPage('taro@acme.co.jp'))).toEqual({ state: 'known', leadId: lead.id, grade: 'A2', mqlReady: true, pendingHandoff: true });
  });

  it('gives the sidebar the lead, grade, touches, handoff with its definition, and a conflict', async () => {
    const { handlers } = setup();
    const lead = makeLead('taro@acme.co.jp');
    await db.leads.put(toLeadRow(lead));
    await db.touches.bulkPut(Array.from({ length: 60 }, (_, n) => makeTouch(lead.id, n)));
    await db.handoffs.put(toHandoffRow(makeHandoff(lead.id)));
    await db.rejected.put({ localId: 7, name: 'handoff.decide', args: {} as never, leadId: lead.id, error: { code: 'already_decided', message: 'x' }, at: T0 });
    const ctx = await handlers.getLeadContext(sfPage('taro@acme.co.jp'));
    expect(ctx.lead?.id).toBe(lead.id);
    expect(ctx.touches).toHaveLength(50);
    expect(ctx.touchCount).toBe(60);
    expect(ctx.touches[0]!.occurredAt >= ctx.touches[1]!.occurredAt).toBe(true);
    expect(ctx.handoff?.id).toBe(`h-${lead.id}`);
    expect(ctx.handoffDefinition?.version).toBe(DEFAULT_DEFINITION.version);
    expect(ctx.grade?.grade).toMatch(/^[A-D][1-4]$/);
    expect(ctx.conflict).toMatchObject({ localId: 7, code: 'already_decided' });
    expect(ctx.me?.role).toBe('admin'); // local-only mode
  });

  it('mutate applies optimistically and asks for a sync; undo works only while held', async () => {
    const { handlers, onMutation } = setup();
    const lead = makeLead('taro@acme.co.jp');
    await db.leads.put(toLeadRow(lead));
    await db.handoffs.put(toHandoffRow(makeHandoff(lead.id)));
    const { localId } = await handlers.mutate({ call: { name: 'handoff.decide', args: { handoffId: `h-${lead.id}`, kind: 'accept', at: T0 } }, holdMs: 10_000 });
    expect(onMutation).toHaveBeenCalled();
    expect((await handlers.getLeadContext(sfPage('taro@acme.co.jp'))).handoff?.status).toBe('accepted');
    expect(await handlers.undoMutation({ localId })).toEqual({ undone: true });
    expect((await handlers.getLeadContext(sfPage('taro@acme.co.jp'))).handoff?.status).toBe('pending');

    const unheld = await handlers.mutate({ call: { name: 'handoff.decide', args: { handoffId: `h-${lead.id}`, kind: 'accept', at: T0 } } });
    expect(await handlers.undoMutation({ localId: unheld.localId })).toEqual({ undone: false });
  });

  it('tests a connection against /api/me and reports a rejected token and a dead network clearly', async () => {
    const me: MeResponse = {
      user: { id: 'u1', email: 'rep@acme.co.jp', name: 'Rep', role: 'sales', queueIds: [], away: false, territories: [], createdAt: T0 },
      workspace: { id: 'w1', name: 'Acme', currency: 'JPY', timezone: 'Asia/Tokyo' },
      definition: DEFAULT_DEFINITION,
    };
    const fetchOk = vi.fn(async () => Response.json(me));
    expect(await setup(fetchOk as never).handlers.testConnection({ serverUrl: 'http://127.0.0.1:8787', token: 'aun_0123456789abcdef' })).toEqual({
      user: me.user,
      workspace: { id: 'w1', name: 'Acme' },
    });
    const fetch401 = vi.fn(async () => Response.json({ error: { code: 'unauthorized', message: 'no' } }, { status: 401 }));
    const r401 = await dispatch(setup(fetch401 as never).handlers, 'testConnection', { serverUrl: 'http://127.0.0.1:8787', token: 'aun_0123456789abcdef' });
    expect(r401).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const fetchDown = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const rDown = await dispatch(setup(fetchDown as never).handlers, 'testConnection', { serverUrl: 'http://127.0.0.1:9', token: 'aun_0123456789abcdef' });
    expect(rDown).toMatchObject({ ok: false, error: { code: 'offline' } });
    const insecure = await dispatch(setup().handlers, 'testConnection', { serverUrl: 'http://aun.example.com', token: 'aun_0123456789abcdef' });
    expect(insecure).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('never exposes the token, and sign-out clears settings and every local record', async () => {
    const { handlers } = setup();
    await saveSettings({ serverUrl: 'http://127.0.0.1:8787', token: 'aun_secret_token_value' });
    const settings = await handlers.getSettings({});
    expect(JSON.stringify(settings)).not.toContain('aun_secret_token_value');
    expect(settings.hasToken).toBe(true);
    await db.leads.put(toLeadRow(makeLead('taro@acme.co.jp')));
    await readReviewRows(db);
    await reviewSnapshotSaved(db);
    const exported = await handlers.exportLocalData({});
    expect(JSON.parse(exported.json).leads[0].email).toBe('taro@acme.co.jp');
    // The review's cache is not the user's data.
    expect(Object.keys(JSON.parse(exported.json))).not.toContain('reviewSnapshot');
    expect(Object.keys(JSON.parse(exported.json))).not.toContain('reviewDirty');
    expect(exported.json).not.toContain('aun_secret_token_value');
    await handlers.signOut({ confirm: true });
    expect(await db.leads.count()).toBe(0);
    expect(await db.reviewSnapshot.count()).toBe(0);
    expect((await handlers.getSettings({})).serverUrl).toBeNull();
    expect(await dispatch(handlers, 'signOut', {})).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('keeps the SLA warning share in the settings, within 50–95%', async () => {
    const { handlers } = setup();
    expect((await handlers.getSettings({})).slaWarnAt).toBe(0.75);
    expect(await dispatch(handlers, 'saveSettings', { slaWarnAt: 0.9 })).toMatchObject({ ok: true, value: { slaWarnAt: 0.9 } });
    expect(await dispatch(handlers, 'saveSettings', { slaWarnAt: 0.2 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await dispatch(handlers, 'saveSettings', { slaWarnAt: 1 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect((await handlers.getSettings({})).slaWarnAt).toBe(0.9);
  });

  it('a role or queue change pulled from the server reaches the sidebar, the popup and the settings', async () => {
    const rep: User = { id: 'u-rep', email: 'rep@acme.co.jp', name: 'Rep', role: 'sales', queueIds: [], away: false, territories: [], createdAt: T0 };
    await saveSettings({ serverUrl: 'http://127.0.0.1:8787', token: 'aun_rep_token_0123', me: rep, workspaceName: 'Acme' });
    const lead = makeLead('taro@acme.co.jp');
    await db.leads.put(toLeadRow(lead));
    // Waiting unclaimed in a queue the rep is not in yet.
    const queued = makeHandoff(lead.id, { id: 'h-queued', toQueueId: 'q-tokyo' });
    delete queued.toUserId;
    delete queued.assignedAt;
    delete queued.dueAt;
    await db.handoffs.put(toHandoffRow(queued));

    // An admin made the rep a manager in the Tokyo queue; the next pull brings the user row.
    let promoted: User | null = null;
    const fetchImpl = vi.fn(async (input: string | URL | Request) => {
      const url = new URL(String(input));
      const changes = promoted ? [{ entity: 'user' as const, id: rep.id, op: 'put' as const, data: promoted }] : [];
      if (url.pathname === '/api/sync/pull') return Response.json({ changes, cursor: promoted ? 'c1' : '', hasMore: false, lastMutationId: 0 });
      return new Response('{}', { status: 404 });
    });
    const engine = new SyncEngine({ db, connection: async () => ({ serverUrl: 'http://127.0.0.1:8787', token: 'aun_rep_token_0123' }), userId: async () => rep.id, fetch: fetchImpl as never, now: () => NOW });
    const handlers = createHandlers({ db, engine, now: () => NOW });
    expect((await handlers.getMyQueue({})).assigned).toEqual([]);

    promoted = { ...rep, role: 'manager', queueIds: ['q-tokyo'], away: true };
    await engine.sync('manual');
    const queue = await handlers.getMyQueue({});
    expect(queue).toMatchObject({ role: 'manager', away: true });
    expect(queue.assigned.map((i) => i.handoff.id)).toEqual(['h-queued']);
    expect((await handlers.getLeadContext(sfPage('taro@acme.co.jp'))).me).toMatchObject({ role: 'manager', queueIds: ['q-tokyo'] });
    expect((await handlers.getSettings({})).me).toMatchObject({ role: 'manager' });
  });
});
