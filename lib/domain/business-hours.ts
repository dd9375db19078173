import type { BusinessCalendar } from './definition';
import { isJapaneseHoliday } from './holidays-jp';

/**
 * SLA arithmetic in a business calendar: working days and hours in the calendar's time zone,
 * skipping public holidays. Pure; no dependency beyond Intl.
 */

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(ms: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The UTC instant of a wall-clock time in a zone (DST-safe by two refinement steps). */
function zonedToUtc(date: LocalDate, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(guess, timeZone);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess += wall - seen;
  }
  return guess;
}

function nextDate(d: LocalDate): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function isoWeekday(d: LocalDate): number {
  const dow = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export function isWorkingDay(d: LocalDate, calendar: BusinessCalendar): boolean {
  if (!calendar.workdays.includes(isoWeekday(d))) return false;
  return !(calendar.holidays === 'jp' && isJapaneseHoliday(d.year, d.month, d.day));
}

const hm = (s: string) => s.split(':').map(Number) as [number, number];
const MAX_DAYS = 3700;

/** The working window [start, end) of a local date, as UTC ms, or null on a non-working day. */
function windowOf(d: LocalDate, calendar: BusinessCalendar): [number, number] | null {
  if (!isWorkingDay(d, calendar)) return null;
  const [sh, sm] = hm(calendar.start);
  const [eh, em] = hm(calendar.end);
  return [zonedToUtc(d, sh, sm, calendar.timezone), zonedToUtc(d, eh, em, calendar.timezone)];
}

/** The instant `hours` working hours after `fromIso`. */
export function addBusinessHours(fromIso: string, hours: number, calendar: BusinessCalendar): string {
  let remaining = hours * 3_600_000;
  const from = Date.parse(fromIso);
  const p = localParts(from, calendar.timezone);
  let date: LocalDate = { year: p.year, month: p.month, day: p.day };
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    const window = windowOf(date, calendar);
    if (!window) continue;
    const start = Math.max(window[0], from);
    if (start >= window[1]) continue;
    const available = window[1] - start;
    if (remaining <= available) return new Date(start + remaining).toISOString();
    remaining -= available;
  }
  throw new Error('business calendar has no working time within ten years');
}

/** Working milliseconds between two instants (0 if `toIso` is not after `fromIso`). */
export function businessMsBetween(fromIso: string, toIso: string, calendar: BusinessCalendar): number {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (to <= from) return 0;
  const p = localParts(from, calendar.timezone);
  let date: LocalDate = { year: p.year, month: p.month, day: p.day };
  let total = 0;
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    const window = windowOf(date, calendar);
    if (window) total += Math.max(0, Math.min(window[1], to) - Math.max(window[0], from));
    if (zonedToUtc(nextDate(date), 0, 0, calendar.timezone) >= to) break;
  }
  return total;
}
