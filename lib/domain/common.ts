import { z } from 'zod';
import { EMAIL_PATTERN, normaliseEmail } from './email';

export { normaliseEmail };

/** Canonical instant: `Date#toISOString()` form, always UTC with milliseconds, so strings sort as times. */
export const Timestamp = z.iso.datetime({ precision: 3 });
export type Timestamp = z.infer<typeof Timestamp>;

/** Any parseable date-time from outside (ingest, CSV), normalised to the canonical form. */
export const LooseTimestamp = z
  .union([z.string().trim().min(1).max(64), z.number()])
  .transform((value, ctx) => {
    const date = new Date(value);
    // Years outside 0000–9999 would serialise as '+010000-…', which is not a canonical Timestamp.
    const year = date.getUTCFullYear();
    if (Number.isNaN(date.getTime()) || year < 0 || year > 9999) {
      ctx.addIssue({ code: 'custom', message: 'not a date-time' });
      return z.NEVER;
    }
    return date.toISOString();
  });

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_:.-]+$/, 'ids use letters, digits and _:.-');
export type Id = z.infer<typeof Id>;

/** Every label is bilingual; the UI picks the user's language. */
export const LocalizedText = z.strictObject({
  ja: z.string().min(1).max(500),
  en: z.string().min(1).max(500),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

/** Short free text that came from people or pages. Rendered as text only, never HTML. */
export const ShortText = z.string().trim().max(200);
export const LongText = z.string().trim().max(5000);

/** Whether this runtime knows the IANA time zone (Intl throws on an unknown one). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone such as Asia/Tokyo; an unknown one would make every SLA computation throw. */
export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone such as Asia/Tokyo');

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as JPY');

export const Money = z.strictObject({
  value: z.number().finite().nonnegative().max(1e13),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;


/**
 * An email address, normalised (trimmed, lower-case) before it is checked.
 * Deliberately pragmatic: one @, no spaces, a dot in the domain.
 */
export const Email = z
  .string()
  .max(254)
  .transform(normaliseEmail)
  .pipe(z.string().regex(EMAIL_PATTERN, 'not an email address'));
