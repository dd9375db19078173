/**
 * Japanese public holidays (国民の祝日) by rule, as the Act on National Holidays stands since 2020:
 * fixed days, Happy Monday days, the equinoxes by the standard astronomical approximation
 * (valid 1980–2099), substitute holidays (振替休日) and citizens' holidays (国民の休日).
 * The one-off Olympic shifts of 2020–2021 are included; future one-offs must be added by hand.
 */

const key = (y: number, m: number, d: number) => `${y}-${m}-${d}`;
const cache = new Map<number, Set<string>>();

function nthMonday(year: number, month: number, n: number): number {
  const firstDow = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const firstMonday = 1 + ((8 - firstDow) % 7);
  return firstMonday + (n - 1) * 7;
}

function vernalEquinox(year: number): number {
  return Math.floor(20.8431 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}

function autumnalEquinox(year: number): number {
  return Math.floor(23.2488 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}

function baseHolidays(year: number): Array<[number, number]> {
  const days: Array<[number, number]> = [
    [1, 1],
    [1, nthMonday(year, 1, 2)],
    [2, 11],
    [2, 23],
    [3, vernalEquinox(year)],
    [4, 29],
    [5, 3],
    [5, 4],
    [5, 5],
    [9, nthMonday(year, 9, 3)],
    [9, autumnalEquinox(year)],
    [11, 3],
    [11, 23],
  ];
  if (year === 2020) days.push([7, 23], [7, 24], [8, 10]);
  else if (year === 2021) days.push([7, 22], [7, 23], [8, 8]);
  else days.push([7, nthMonday(year, 7, 3)], [8, 11], [10, nthMonday(year, 10, 2)]);
  return days;
}

function holidaysOf(year: number): Set<string> {
  const cached = cache.get(year);
  if (cached) return cached;
  const base = baseHolidays(year);
  const set = new Set(base.map(([m, d]) => key(year, m, d)));
  const isHoliday = (t: number) => {
    const dt = new Date(t);
    return set.has(key(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()));
  };
  const DAY = 86_400_000;
  // 国民の休日: a weekday sandwiched between two holidays.
  for (const [m, d] of base) {
    const t = Date.UTC(year, m - 1, d);
    if (isHoliday(t + 2 * DAY) && !isHoliday(t + DAY) && new Date(t + DAY).getUTCDay() !== 0) {
      const dt = new Date(t + DAY);
      set.add(key(year, dt.getUTCMonth() + 1, dt.getUTCDate()));
    }
  }
  // 振替休日: a holiday on a Sunday moves to the next day that is not a holiday.
  for (const [m, d] of base) {
    const t = Date.UTC(year, m - 1, d);
    if (new Date(t).getUTCDay() !== 0) continue;
    let next = t + DAY;
    while (isHoliday(next)) next += DAY;
    const dt = new Date(next);
    if (dt.getUTCFullYear() === year) set.add(key(year, dt.getUTCMonth() + 1, dt.getUTCDate()));
  }
  cache.set(year, set);
  return set;
}

/** Whether a calendar date (in Japan) is a public holiday. Month is 1–12. */
export function isJapaneseHoliday(year: number, month: number, day: number): boolean {
  return holidaysOf(year).has(key(year, month, day));
}
