import { createHash, randomBytes } from 'node:crypto';

/** A recognisable prefix lets secret scanners and people spot a leaked token. */
export const TOKEN_PREFIX = 'aun_';

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Only this hash is stored: a database leak does not leak usable tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Short random ids with a type prefix, e.g. `us_k3…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
