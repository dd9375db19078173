/** Ids the UI makes. New objects get random ids; idempotent ones (a tagged email's touch) a stable hash. */

export function newId(): string {
  return crypto.randomUUID();
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** A 64-bit FNV-1a-style hash in hex, for ids derived from content (not a security measure). */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 16777619);
    h2 = Math.imul(h2 ^ ch, 2246822507);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/**
 * The (origin 'aun', externalId) of an email thread's inbound_email touch: the thread id when the
 * webmail gives one, else the sender and subject, so tagging the same email twice adds one touch.
 */
export function inboundEmailExternalId(message: { threadId?: string | undefined; subject: string; from: string }): string {
  if (message.threadId) return `thread:${message.threadId}`.slice(0, 200);
  return `mail:${stableHash(`${message.from.trim().toLowerCase()}\n${message.subject.trim()}`)}`;
}

/** The touch id for an (origin, externalId) pair on a lead; the same inputs always give the same id. */
export function touchIdFor(leadId: string, externalId: string): string {
  return `tc_${stableHash(`${leadId}\n${externalId}`)}`;
}

/** A date from a mail header or webmail text as a canonical timestamp; now when it cannot be read. */
export function timestampFrom(raw: string | undefined, fallback: () => string = nowIso): string {
  if (!raw) return fallback();
  const t = Date.parse(raw);
  if (Number.isNaN(t)) return fallback();
  const year = new Date(t).getUTCFullYear();
  return year >= 1970 && year <= 9999 ? new Date(t).toISOString() : fallback();
}
