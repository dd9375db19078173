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
