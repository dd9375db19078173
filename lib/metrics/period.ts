/** Time-zone aware period boundaries and ISO weeks, without a date library. */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (Asia/Tokyo: +9 h). Cached per zone and hour. */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const key = `${timeZone}|${Math.floor(ms / HOUR_MS)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  const offset = asUtc - Math.floor(ms / 1000) * 1000;
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The instant a local calendar day ('YYYY-MM-DD') starts in a zone. */
export function zonedDayStart(ymd: string, timeZone: string): number {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - zoneOffsetMs(guess, timeZone);
  return guess - zoneOffsetMs(first, timeZone);
}

/** The local calendar day of an instant, 'YYYY-MM-DD'. */
export function zonedYmd(ms: number, timeZone: string): string {
  return new Date(ms + zoneOffsetMs(ms, timeZone)).toISOString().slice(0, 10);
}

export interface IsoWeek {
  /** e.g. '2026-W01'; the ISO week-numbering year, which differs from the calendar year around New Year. */
  key: string;
  /** The local date of the week's Monday, 'YYYY-MM-DD'. */
  monday: string;
}

/** The ISO 8601 week (Monday-first; week 1 holds the year's first Thursday) of an instant, in a zone. */
export function isoWeek(ms: number, timeZone = 'UTC'): IsoWeek {
  const local = new Date(ms + zoneOffsetMs(ms, timeZone));
  const day = local.getUTCDay() || 7;
  const monday = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - (day - 1));
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { key: `${year}-W${String(week).padStart(2, '0')}`, monday: new Date(monday).toISOString().slice(0, 10) };
}

export type PeriodKind = 'week' | 'month' | 'quarter' | 'custom' | 'all';

/** Half-open [from, to) in epoch ms; ±Infinity when unbounded. */
export interface Interval {
  from: number;
  to: number;
}

/**
 * The period a filter means. week / month / quarter are the trailing 7 / 30 / 90 days up to now;
 * custom runs from the start of `from` to the end of `to` (both local days in the zone, inclusive);
 * a missing end is open. 'all' is unbounded.
 */
export function resolvePeriod(period: { period: PeriodKind; from?: string | undefined; to?: string | undefined }, now: number, timeZone = 'UTC'): Interval {
  switch (period.period) {
    case 'week':
      return { from: now - 7 * DAY_MS, to: now + 1 };
    case 'month':
      return { from: now - 30 * DAY_MS, to: now + 1 };
    case 'quarter':
      return { from: now - 90 * DAY_MS, to: now + 1 };
    case 'custom':
      return {
        from: period.from ? zonedDayStart(period.from, timeZone) : -Infinity,
        to: period.to ? zonedDayStart(nextDay(period.to), timeZone) : Infinity,
      };
    case 'all':
      return { from: -Infinity, to: Infinity };
  }
}

function nextDay(ymd: string): string {
  return new Date(Date.parse(`${ymd}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

export const inInterval = (iso: string | undefined, i: Interval): boolean => {
  if (!iso) return false;
  const ms = Date.parse(iso);
  return ms >= i.from && ms < i.to;
};
