import { fill, REVIEW_STRINGS, type Lang } from './strings';

/** Numbers, percentages, money, durations and dates in the user's language. */
export interface Formatters {
  lang: Lang;
  count: (n: number) => string;
  pct: (rate: number | null) => string;
  money: (value: number | null, currency: string) => string;
  duration: (ms: number | null) => string;
  dateTime: (iso: string) => string;
  date: (iso: string) => string;
}

export function formatters(lang: Lang, timeZone?: string): Formatters {
  const locale = lang === 'ja' ? 'ja-JP' : 'en-US';
  const s = REVIEW_STRINGS[lang];
  const count = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const money = new Map<string, Intl.NumberFormat>();
  const tz = timeZone ? { timeZone } : {};
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...tz });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...tz });
  return {
    lang,
    count: (n) => count.format(n),
    pct: (rate) => (rate === null ? '—' : pct.format(rate)),
    money: (value, currency) => {
      if (value === null) return '—';
      let f = money.get(currency);
      if (!f) money.set(currency, (f = new Intl.NumberFormat(locale, { style: 'currency', currency })));
      return f.format(value);
    },
    duration: (ms) => {
      if (ms === null) return '—';
      const hours = ms / 3_600_000;
      if (hours < 1) return fill(s.minutes, { n: one.format(ms / 60_000) });
      if (hours < 48) return fill(s.hours, { n: one.format(hours) });
      return fill(s.days, { n: one.format(hours / 24) });
    },
    dateTime: (iso) => dateTime.format(new Date(iso)),
    date: (iso) => date.format(new Date(iso)),
  };
}
