/** Dates, times, durations and amounts through Intl, in the UI's language. */
import { intlLocale, translate, type Locale } from '../i18n';

/**
 * Formatters are costly to create (ICU data lookups) and cheap to reuse: a timeline of 50 touches
 * formats 50 times, so each kind is made once per locale.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(locale: Locale, kind: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(intlLocale(locale), options)));
  return format;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(locale, 'dateTime', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(locale, 'time', { hour: '2-digit', minute: '2-digit' }).format(date);
}

/** A day heading: "Mon, Mar 2, 2026" / "2026年3月2日(月)". */
export function formatDay(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(locale, 'day', { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' }).format(date);
}

/** The local calendar day of an instant, for grouping: "2026-03-02". */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'invalid';
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "3 hours ago" / "3 時間前", "in 2 days" / "2 日後". */
export function formatRelative(iso: string, now: number, locale: Locale): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const diff = then - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' });
  if (abs < MINUTE) return rtf.format(0, 'second');
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  if (abs < 30 * DAY) return rtf.format(Math.round(diff / DAY), 'day');
  if (abs < 365 * DAY) return rtf.format(Math.round(diff / (30 * DAY)), 'month');
  return rtf.format(Math.round(diff / (365 * DAY)), 'year');
}

/** A span of time, coarse enough to read at a glance: "2 d 3 h", "5 h 10 min", "4 min" / "2日3時間". */
export function formatDuration(ms: number, locale: Locale): string {
  const total = Math.max(0, Math.round(Math.abs(ms) / MINUTE));
  const days = Math.floor(total / (24 * 60));
  const hours = Math.floor((total % (24 * 60)) / 60);
  const minutes = total % 60;
  if (days > 0) return hours > 0 ? translate(locale, 'duration.dh', { d: days, h: hours }) : translate(locale, 'duration.d', { d: days });
  if (hours > 0) return minutes > 0 ? translate(locale, 'duration.hm', { h: hours, m: minutes }) : translate(locale, 'duration.h', { h: hours });
  return translate(locale, 'duration.m', { m: minutes });
}

/** ￥1,200,000 in Japanese, ¥1,200,000 in English; any ISO currency. */
export function formatMoney(value: number, currency: string, locale: Locale): string {
  try {
    return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency }).format(value);
  } catch {
    return `${new Intl.NumberFormat(intlLocale(locale)).format(value)} ${currency}`;
  }
}

/** The currency symbol or code Intl uses, for an amount field's label. */
export function currencySymbol(currency: string, locale: Locale): string {
  try {
    const part = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency })
      .formatToParts(0)
      .find((p) => p.type === 'currency');
    return part?.value ?? currency;
  } catch {
    return currency;
  }
}

/**
 * An amount typed by a person: digits with commas or spaces, full-width digits, an optional
 * currency sign or 円 ("1,200,000", "￥1200000", "１２０００００円"). Null unless a non-negative number.
 */
export function parseAmount(raw: string): number | null {
  const cleaned = raw
    .normalize('NFKC')
    .replace(/[\s,_]/g, '')
    .replace(/^[¥￥$€£]|円$/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) && value >= 0 && value <= 1e13 ? value : null;
}
