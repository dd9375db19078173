import type { Handoff, Role } from '../domain';

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

export type NotificationKind = 'assigned' | 'sla-warning' | 'breach';

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
 * What to notify now. Pure: the caller passes the ids already sent and records the ones it
 * sends. During quiet hours nothing is planned, so the notifications come when they end.
 */
export function planNotifications(input: {
  handoffs: readonly Handoff[];
  me: { id: string; role: Role };
  now: number;
  prefs: NotificationPrefs;
  sent: ReadonlySet<string>;
}): PlannedNotification[] {
  const { handoffs, me, now, prefs, sent } = input;
  if (!prefs.enabled || isQuiet(now, prefs.quiet)) return [];
  const out: PlannedNotification[] = [];
  const add = (kind: NotificationKind, h: Handoff) => {
    const id = `${kind}:${h.id}`;
    if (!sent.has(id)) out.push({ id, kind, handoffId: h.id, leadId: h.leadId });
  };
  const manager = me.role === 'manager' || me.role === 'admin';
  for (const h of handoffs) {
    if (h.status !== 'pending') continue;
    const due = h.dueAt ? Date.parse(h.dueAt) : null;
    if (h.toUserId === me.id) {
      if (due !== null && now >= due) continue; // past due: the manager hears of it, the rep already saw the warning
      const assigned = h.assignedAt ? Date.parse(h.assignedAt) : Date.parse(h.createdAt);
      if (due !== null && now >= assigned + (due - assigned) * prefs.warnAt) add('sla-warning', h);
      else add('assigned', h);
    }
    if (manager && due !== null && now >= due) add('breach', h);
  }
  return out;
}
