import { describe, expect, it } from 'vitest';
import { BADGE_OK, BADGE_OVERDUE, iconBadge, marketingHandoffs, overdueHandoffs, salesQueue } from '../../lib/queue/queue';
import { DEFAULT_NOTIFICATION_PREFS, isQuiet, planNotifications, slaElapsedShare, type NotificationPrefs } from '../../lib/queue/notifications';
import { addBusinessHours, DEFAULT_DEFINITION, type Lead } from '../../lib/domain';
import { makeHandoff, makeLead } from '../support/factories';

const NOW = Date.parse('2026-03-10T03:00:00.000Z'); // Tue 12:00 JST
const me = { id: 'u-rep', queueIds: ['q-tokyo'] };
const leads = new Map<string, Lead>([['l1', makeLead('a@acme.co.jp', { id: 'l1' })]]);

const handoffs = [
  makeHandoff('l1', { id: 'mine-late', toUserId: 'u-rep', dueAt: '2026-03-10T05:00:00.000Z' }),
  makeHandoff('l2', { id: 'mine-soon', toUserId: 'u-rep', dueAt: '2026-03-10T04:00:00.000Z' }),
  makeHandoff('l3', { id: 'mine-overdue', toUserId: 'u-rep', dueAt: '2026-03-10T01:00:00.000Z' }),
  makeHandoff('l4', { id: 'queue-unclaimed', toUserId: undefined, toQueueId: 'q-tokyo', dueAt: undefined, assignedAt: undefined }),
  makeHandoff('l5', { id: 'other-queue', toUserId: undefined, toQueueId: 'q-osaka', dueAt: undefined, assignedAt: undefined }),
  makeHandoff('l6', { id: 'someone-else', toUserId: 'u-other', dueAt: '2026-03-09T00:00:00.000Z' }),
  makeHandoff('l7', { id: 'mine-decided', toUserId: 'u-rep', status: 'accepted' }),
  makeHandoff('l8', { id: 'sent-by-me', fromUserId: 'u-rep', toUserId: 'u-other', status: 'rejected', createdAt: '2026-03-09T00:00:00.000Z' }),
];

describe('queues by role', () => {
  it('a rep sees pending handoffs assigned to them or unclaimed in their queues, soonest due first', () => {
    const rows = salesQueue(handoffs, leads, me, NOW);
    expect(rows.map((r) => r.handoff.id)).toEqual(['mine-overdue', 'mine-soon', 'mine-late', 'queue-unclaimed']);
    expect(rows[0]).toMatchObject({ overdue: true, dueInMs: -2 * 3_600_000 });
    expect(rows[1]).toMatchObject({ overdue: false, dueInMs: 3_600_000 });
    expect(rows[3]).toMatchObject({ overdue: false, dueInMs: null });
    expect(rows.find((r) => r.handoff.id === 'mine-late')?.lead?.email).toBe('a@acme.co.jp');
  });

  it('a marketer sees what they handed over, newest first, whatever its status', () => {
    const rows = marketingHandoffs(
      [makeHandoff('a', { id: 'old', createdAt: '2026-03-01T00:00:00.000Z' }), makeHandoff('b', { id: 'new', createdAt: '2026-03-05T00:00:00.000Z' }), ...handoffs.slice(7)],
      leads,
      { id: 'u-marketer' },
      NOW,
    );
    expect(rows.map((r) => r.handoff.id)).toEqual(['new', 'old']);
    expect(marketingHandoffs(handoffs, leads, { id: 'u-rep' }, NOW).map((r) => r.handoff.status)).toEqual(['rejected']);
  });

  it('a manager sees every overdue pending handoff of the team', () => {
    expect(overdueHandoffs(handoffs, leads, NOW).map((r) => r.handoff.id)).toEqual(['someone-else', 'mine-overdue']);
  });

  it('an unclaimed queue handoff past its SLA (which runs from the handoff) is overdue for the manager and sorted by due time for the rep', () => {
    const waiting = makeHandoff('l9', { id: 'queue-stale', toUserId: undefined, toQueueId: 'q-tokyo', assignedAt: undefined, dueAt: '2026-03-10T02:00:00.000Z' });
    expect(overdueHandoffs([...handoffs, waiting], leads, NOW).map((r) => r.handoff.id)).toEqual(['someone-else', 'mine-overdue', 'queue-stale']);
    expect(salesQueue([...handoffs, waiting], leads, me, NOW).map((r) => r.handoff.id)).toEqual(['mine-overdue', 'queue-stale', 'mine-soon', 'mine-late', 'queue-unclaimed']);
  });

  it('the icon badge counts my queue and turns red when one is overdue', () => {
    expect(iconBadge([])).toEqual({ text: '', color: BADGE_OK });
    expect(iconBadge(salesQueue(handoffs, leads, me, NOW))).toEqual({ text: '4', color: BADGE_OVERDUE });
    expect(iconBadge(salesQueue(handoffs.slice(0, 2), leads, me, NOW))).toEqual({ text: '2', color: BADGE_OK });
  });
});

describe('notification scheduling', () => {
  const assignedAt = '2026-03-10T00:00:00.000Z';
  // 8 h SLA, running from the handoff.
  const h = makeHandoff('l1', { id: 'h', toUserId: 'u-rep', createdAt: assignedAt, assignedAt, dueAt: '2026-03-10T08:00:00.000Z' });
  const plan = (now: number, prefs: NotificationPrefs = DEFAULT_NOTIFICATION_PREFS, sent = new Set<string>(), role: 'sales' | 'manager' = 'sales', id = 'u-rep') =>
    planNotifications({ handoffs: [h], me: { id, role }, now, prefs, sent }).map((n) => n.id);

  it('notifies a new assignment once', () => {
    const now = Date.parse('2026-03-10T01:00:00.000Z');
    expect(plan(now)).toEqual(['assigned:h']);
    expect(plan(now, DEFAULT_NOTIFICATION_PREFS, new Set(['assigned:h']))).toEqual([]);
  });

  it('warns at the set share of the SLA, not before', () => {
    expect(plan(Date.parse('2026-03-10T05:59:00.000Z'), DEFAULT_NOTIFICATION_PREFS, new Set(['assigned:h']))).toEqual([]);
    expect(plan(Date.parse('2026-03-10T06:00:00.000Z'), DEFAULT_NOTIFICATION_PREFS, new Set(['assigned:h']))).toEqual(['sla-warning:h']);
    expect(plan(Date.parse('2026-03-10T03:00:00.000Z'), { ...DEFAULT_NOTIFICATION_PREFS, warnAt: 0.25 }, new Set(['assigned:h']))).toEqual(['sla-warning:h']);
  });

  it('tells the manager on a breach, and not the rep', () => {
    const late = Date.parse('2026-03-10T09:00:00.000Z');
    expect(plan(late, DEFAULT_NOTIFICATION_PREFS, new Set(), 'manager', 'u-boss')).toEqual(['breach:h']);
    expect(plan(late)).toEqual([]);
  });

  it('holds everything during quiet hours and weekends, and sends it after', () => {
    const quiet = { ...DEFAULT_NOTIFICATION_PREFS, quiet: { ...DEFAULT_NOTIFICATION_PREFS.quiet, enabled: true } };
    expect(plan(Date.parse('2026-03-10T12:00:00.000Z'), quiet)).toEqual([]); // 21:00 JST
    expect(plan(Date.parse('2026-03-10T01:00:00.000Z'), quiet)).toEqual(['assigned:h']); // 10:00 JST
    expect(isQuiet(Date.parse('2026-03-14T03:00:00.000Z'), quiet.quiet)).toBe(true); // Saturday noon JST
    expect(isQuiet(Date.parse('2026-03-09T22:59:00.000Z'), quiet.quiet)).toBe(true); // 07:59 JST
    expect(isQuiet(Date.parse('2026-03-09T23:00:00.000Z'), quiet.quiet)).toBe(false); // 08:00 JST
  });

  it('tells queue members of a new unclaimed handoff in their queue, and warns them before it breaches', () => {
    const queued = makeHandoff('l2', { id: 'q', toUserId: undefined, toQueueId: 'q-tokyo', createdAt: assignedAt, assignedAt: undefined, dueAt: '2026-03-10T08:00:00.000Z' });
    const planFor = (now: number, queueIds: string[], sent = new Set<string>()) =>
      planNotifications({ handoffs: [queued], me: { id: 'u-rep', role: 'sales', queueIds }, now, prefs: DEFAULT_NOTIFICATION_PREFS, sent }).map((n) => n.id);
    expect(planFor(Date.parse('2026-03-10T01:00:00.000Z'), ['q-tokyo'])).toEqual(['queued:q']);
    expect(planFor(Date.parse('2026-03-10T01:00:00.000Z'), ['q-osaka'])).toEqual([]);
    expect(planFor(Date.parse('2026-03-10T06:30:00.000Z'), ['q-tokyo'], new Set(['queued:q']))).toEqual(['sla-warning:q']);
    // Once someone claims it, it is theirs alone.
    const claimed = { ...queued, toUserId: 'u-other', assignedAt: '2026-03-10T02:00:00.000Z' };
    expect(planNotifications({ handoffs: [claimed], me: { id: 'u-rep', role: 'sales', queueIds: ['q-tokyo'] }, now: Date.parse('2026-03-10T06:30:00.000Z'), prefs: DEFAULT_NOTIFICATION_PREFS, sent: new Set() })).toEqual([]);
  });

  it('measures the warning share in business hours when the stage counts only those', () => {
    // Handed off Friday 17:00 JST with an 8-business-hour SLA: due Monday 16:00 JST (09:00–18:00, Mon–Fri).
    const createdAt = '2026-03-13T08:00:00.000Z';
    const dueAt = addBusinessHours(createdAt, 8, DEFAULT_DEFINITION.calendar);
    expect(dueAt).toBe('2026-03-16T07:00:00.000Z');
    const friday = makeHandoff('l3', { id: 'f', toUserId: 'u-rep', createdAt, assignedAt: createdAt, dueAt });
    const planAt = (iso: string, business: boolean) =>
      planNotifications({
        handoffs: [friday],
        me: { id: 'u-rep', role: 'sales' },
        now: Date.parse(iso),
        prefs: DEFAULT_NOTIFICATION_PREFS,
        sent: new Set(['assigned:f']),
        slaCalendar: () => (business ? DEFAULT_DEFINITION.calendar : null),
      }).map((n) => n.id);
    // Monday 09:30 JST: 1.5 of 8 business hours gone, though 88% of the wall-clock time has.
    expect(planAt('2026-03-16T00:30:00.000Z', true)).toEqual([]);
    expect(planAt('2026-03-16T00:30:00.000Z', false)).toEqual(['sla-warning:f']);
    expect(slaElapsedShare(friday, Date.parse('2026-03-16T00:30:00.000Z'), DEFAULT_DEFINITION.calendar)).toBeCloseTo(1.5 / 8);
    // Monday 14:00 JST: 6 of 8 business hours = 75%: warn.
    expect(planAt('2026-03-16T05:00:00.000Z', true)).toEqual(['sla-warning:f']);
    // The weekend in between counts for nothing.
    expect(planAt('2026-03-14T03:00:00.000Z', true)).toEqual([]);
  });

  it('sends nothing when notifications are off', () => {
    expect(plan(Date.parse('2026-03-10T01:00:00.000Z'), { ...DEFAULT_NOTIFICATION_PREFS, enabled: false })).toEqual([]);
  });
});
