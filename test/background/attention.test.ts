import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AunDatabase } from '../../lib/db/database';
import { toHandoffRow, toLeadRow } from '../../lib/db/rows';
import { myQueue, refreshAttention } from '../../lib/background/attention';
import { loadSettings } from '../../lib/background/settings';
import { signedInUser } from '../../lib/background/signed-in';
import { DEFAULT_NOTIFICATION_PREFS } from '../../lib/queue/notifications';
import { DEFAULT_DEFINITION, type User } from '../../lib/domain';
import { freshDbName, makeHandoff, makeLead } from '../support/factories';

const NOW = Date.parse('2026-03-10T01:00:00.000Z'); // Tue 10:00 JST
const rep: User = { id: 'u-sales', email: 'rep@x.co.jp', name: 'Rep', role: 'sales', queueIds: [], away: false, territories: [], createdAt: '2026-01-01T00:00:00.000Z' };
let db: AunDatabase;

beforeEach(async () => {
  fakeBrowser.reset();
  db = new AunDatabase(freshDbName());
  const a = makeLead('a@acme.co.jp', { crmLinks: [{ system: 'salesforce', objectType: 'Lead', recordId: '00Q000000000001', url: 'https://acme.lightning.force.com/lightning/r/Lead/00Q000000000001/view' }] });
  const b = makeLead('b@beta.co.jp', { name: { given: 'Ann', family: 'Lee' }, company: 'Beta' });
  await db.leads.bulkPut([toLeadRow(a), { ...toLeadRow(b), _grade: 'B2' }]);
  await db.handoffs.bulkPut([
    toHandoffRow(makeHandoff(a.id, { id: 'h-a', createdAt: '2026-03-09T00:00:00.000Z', assignedAt: '2026-03-09T00:00:00.000Z', dueAt: '2026-03-10T00:00:00.000Z' })), // overdue
    toHandoffRow(makeHandoff(b.id, { id: 'h-b', createdAt: '2026-03-10T00:30:00.000Z', assignedAt: '2026-03-10T00:30:00.000Z', dueAt: '2026-03-11T00:30:00.000Z' })),
  ]);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('attention', () => {
  it("builds a rep's queue with grade, name, company, CRM link and time left", async () => {
    const queue = await myQueue(db, rep, NOW);
    expect(queue.assigned.map((i) => i.handoff.id)).toEqual(['h-a', 'h-b']);
    expect(queue.assigned[0]).toMatchObject({ name: '山田 太郎', company: '株式会社アクメ', overdue: true, crmUrl: expect.stringContaining('lightning.force.com') });
    expect(queue.assigned[1]).toMatchObject({ name: 'Ann Lee', grade: 'B2', overdue: false, dueInMs: 23.5 * 3_600_000 });
    expect(queue.overdue).toEqual([]);
    const manager = await myQueue(db, { ...rep, id: 'u-boss', role: 'manager' }, NOW);
    expect(manager.overdue.map((i) => i.handoff.id)).toEqual(['h-a']);
    expect(manager.handedOver).toEqual([]);
    const marketer = await myQueue(db, { ...rep, id: 'u-marketer', role: 'marketer' }, NOW);
    expect(marketer.handedOver.map((i) => i.handoff.id).sort()).toEqual(['h-a', 'h-b']);
  });

  it("uses the signed-in user now: the replica's row, newer than sign-in (a queue joined, away set since)", async () => {
    await db.handoffs.put(toHandoffRow(makeHandoff('ld_q', { id: 'h-q', toUserId: undefined, toQueueId: 'q-1', assignedAt: undefined, dueAt: undefined })));
    const settings = { ...(await loadSettings()), serverUrl: 'http://127.0.0.1:8787', token: 'aun_tok_0123456789', me: rep };
    expect(await signedInUser(db, settings)).toEqual(rep);
    expect((await myQueue(db, await signedInUser(db, settings), NOW)).assigned.map((i) => i.handoff.id)).not.toContain('h-q');
    await db.users.put({ ...rep, queueIds: ['q-1'], away: true });
    const queue = await myQueue(db, await signedInUser(db, settings), NOW);
    expect(queue.away).toBe(true);
    expect(queue.assigned.map((i) => i.handoff.id)).toContain('h-q');
    // The toolbar badge counts it too.
    await refreshAttention(db, await signedInUser(db, settings), { ...DEFAULT_NOTIFICATION_PREFS, enabled: false }, NOW, 'en');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');
    // Local-only mode is the local admin, whatever the replica holds.
    expect((await signedInUser(db, { ...settings, serverUrl: null })).id).toBe('local');
  });

  it('sets the toolbar badge and notifies each handoff once', async () => {
    const create = vi.fn(async () => 'id');
    fakeBrowser.notifications.create = create as never;
    await refreshAttention(db, rep, DEFAULT_NOTIFICATION_PREFS, NOW, 'ja');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([220, 38, 38, 255]);
    // h-a is past due (the manager's business), h-b is new: one notification.
    expect(create).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledWith('aun:assigned:h-b', expect.objectContaining({ title: '新しい引き渡しがあります', message: 'Ann Lee · Beta' }));
    await refreshAttention(db, rep, DEFAULT_NOTIFICATION_PREFS, NOW + 60_000, 'ja');
    expect(create).toHaveBeenCalledTimes(1);
  });

  it("warns by the handoff's stage: business hours when its definition version says so", async () => {
    const create = vi.fn(async (_id: string) => 'id');
    fakeBrowser.notifications.create = create as never;
    const stages = DEFAULT_DEFINITION.stages.map((st) => ({ ...st, businessHoursOnly: true }));
    await db.definitions.put({ ...DEFAULT_DEFINITION, version: 3, stages });
    await db.handoffs.clear();
    // Friday 17:00 JST, 8 business hours: due Monday 16:00 JST. Monday 09:30 JST is early in business time.
    const friday = { createdAt: '2026-03-13T08:00:00.000Z', assignedAt: '2026-03-13T08:00:00.000Z', dueAt: '2026-03-16T07:00:00.000Z' };
    await db.handoffs.bulkPut([toHandoffRow(makeHandoff('l-biz', { id: 'h-biz', definitionVersion: 3, ...friday })), toHandoffRow(makeHandoff('l-wall', { id: 'h-wall', definitionVersion: 1, ...friday }))]);
    await refreshAttention(db, rep, DEFAULT_NOTIFICATION_PREFS, Date.parse('2026-03-16T00:30:00.000Z'), 'en');
    expect(create.mock.calls.map(([id]) => id).sort()).toEqual(['aun:assigned:h-biz', 'aun:sla-warning:h-wall']);
  });

  it('sends nothing while notifications are off, but keeps the badge current', async () => {
    const create = vi.fn(async () => 'id');
    fakeBrowser.notifications.create = create as never;
    await refreshAttention(db, rep, { ...DEFAULT_NOTIFICATION_PREFS, enabled: false }, NOW, 'en');
    expect(create).not.toHaveBeenCalled();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });
});
