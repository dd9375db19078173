import type { z } from 'zod';
import type { ErrorCode } from '../../lib/domain';

/**
 * An expected failure: bad input, a rule that forbids the change, a missing record.
 * Routes turn it into an ErrorBody with `status`; push turns it into a rejected mutation.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 = 400,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Zod issues without the offending values (which may be personal data). */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 50).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function validationError(error: z.ZodError, message = 'The input is not valid.'): AppError {
  return new AppError('validation_failed', message, { issues: issuesOf(error) });
}

export const forbidden = (message = 'Your role may not do this.') => new AppError('forbidden', message, undefined, 403);
export const notFound = (what: string) => new AppError('not_found', `${what} not found.`, undefined, 404);

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const unstorable = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** The path of the first string (or key) PostgreSQL cannot store: a NUL or an unpaired surrogate. */
export function unstorablePath(value: unknown): string | undefined {
  return unstorableKeys(value)?.join('.');
}

/**
 * The keys down to it, innermost last. Runs on every row written, so it allocates nothing until it
 * finds one (a closure and a path array per value were a fifth of the CPU of a bulk seed).
 */
function unstorableKeys(value: unknown): string[] | undefined {
  if (typeof value === 'string') return unstorable(value) ? [] : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const k of Object.keys(value)) {
    if (unstorable(k)) return ['(key)'];
    const found = unstorableKeys((value as Record<string, unknown>)[k]);
    if (found !== undefined) return [k, ...found];
  }
  return undefined;
}

/**
 * Text with a NUL or an unpaired UTF-16 surrogate (valid JSON escapes, invalid Unicode) makes
 * PostgreSQL fail the query: refuse it as bad input instead of answering 500.
 */
export function assertStorable(value: unknown): void {
  const path = unstorablePath(value);
  if (path !== undefined) {
    throw new AppError('validation_failed', 'Text contains a NUL character or an unpaired surrogate.', { issues: [{ path, message: 'not storable text' }] });
  }
}
