import { businessMsBetween, type BusinessCalendar, type Handoff, type Role } from '../domain';

export interface QuietHours {
  enabled: boolean;
  /** Local "HH:MM"; a window that crosses midnight (20:00–08:00) is allowed. */
  start: string;
  end: string;
  weekends: boolean;
  timezone: string;
}

export interface NotificationPrefs {
  enabled: boolean;
  /** Share of the SLA time after which "about to breach" is sent, e.g. 0.75. */
  warnAt: number;
  quiet: QuietHours;
}

export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = {
  enabled: true,
  warnAt: 0.75,
  quiet: { enabled: false, start: '20:00', end: '08:00', weekends: true, timezone: 'Asia/Tokyo' },
};

/** assigned: a handoff to me; queued: a new unclaimed one in a queue of mine; sla-warning; breach (managers). */
export type NotificationKind = 'assigned' | 'queued' | 'sla-warning' | 'breach';

export interface PlannedNotification {
  /** Stable id: each (kind, handoff) is notified once. */
  id: string;
  kind: NotificationKind;
  handoffId: string;
  leadId: string;
}

function localClock(now: number, timeZone: string): { minutes: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', weekday: 'short' }).formatToParts(new Date(now));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { minutes: Number(get('hour')) * 60 + Number(get('minute')), weekday };
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

export function isQuiet(now: number, quiet: QuietHours): boolean {
  if (!quiet.enabled) return false;
  const { minutes, weekday } = localClock(now, quiet.timezone);
  if (quiet.weekends && weekday >= 6) return true;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * How much of a handoff's SLA has gone by: its clock runs from the handoff to `dueAt`, in business
 * hours when its stage counts only those (a Friday-evening handoff is not "75% gone" on Monday at 9).
 */
export function slaElapsedShare(h: Pick<Handoff, 'createdAt' | 'dueAt'>, now: number, calendar: BusinessCalendar | null): number | null {
  if (!h.dueAt) return null;
  const nowIso = new Date(now).toISOString();
  const total = calendar ? businessMsBetween(h.createdAt, h.dueAt, calendar) : Date.parse(h.dueAt) - Date.parse(h.createdAt);
  const elapsed = calendar ? businessMsBetween(h.createdAt, nowIso, calendar) : now - Date.parse(h.createdAt);
  return total > 0 ? elapsed / total : 1;
}

/**
 * What to notify now. Pure: the caller passes the ids already sent and records the ones it
 * sends. During quiet hours nothing is planned, so the notifications come when they end.
 * A rep hears of handoffs to them and of unclaimed ones in their queues (and of either about to
 * breach); a manager hears of every breach.
 */
export function planNotifications(input: {
  handoffs: readonly Handoff[];
  me: { id: string; role: Role; queueIds?: readonly string[] };
  now: number;
  prefs: NotificationPrefs;
  sent: ReadonlySet<string>;
  /** The business calendar a handoff's SLA counts in (its stage says so), or null for wall-clock hours. */
  slaCalendar?: (h: Handoff) => BusinessCalendar | null;
}): PlannedNotification[] {
  const { handoffs, me, now, prefs, sent, slaCalendar = () => null } = input;
  if (!prefs.enabled || isQuiet(now, prefs.quiet)) return [];
  const out: PlannedNotification[] = [];
  const add = (kind: NotificationKind, h: Handoff) => {
    const id = `${kind}:${h.id}`;
    if (!sent.has(id)) out.push({ id, kind, handoffId: h.id, leadId: h.leadId });
  };
  const manager = me.role === 'manager' || me.role === 'admin';
  const queues = new Set(me.queueIds ?? []);
  for (const h of handoffs) {
    if (h.status !== 'pending') continue;
    const due = h.dueAt ? Date.parse(h.dueAt) : null;
    const mine = h.toUserId === me.id;
    const inMyQueue = !h.toUserId && h.toQueueId !== undefined && queues.has(h.toQueueId);
    if (mine || inMyQueue) {
      if (due !== null && now >= due) {
        // Past due: the manager hears of it; the rep already had the warning.
      } else {
        const share = slaElapsedShare(h, now, slaCalendar(h));
        if (share !== null && share >= prefs.warnAt) add('sla-warning', h);
        else add(mine ? 'assigned' : 'queued', h);
      }
    }
    if (manager && due !== null && now >= due) add('breach', h);
  }
  return out;
}
