// Kept free of zod so the content script can use it within its size budget.

export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Pragmatic address check: one @, no spaces or brackets, a dot in the domain. */
export const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export function isEmail(raw: string): boolean {
  return raw.length <= 254 && EMAIL_PATTERN.test(normaliseEmail(raw));
}
