import type { Context } from 'hono';
import type { z } from 'zod';
import type { AuthContext } from './auth';
import { AppError, validationError } from './errors';

export type AppEnv = { Variables: { auth: AuthContext } };

/** Read a JSON body and validate it; every failure is a 4xx ErrorBody, never a 500. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new AppError('unsupported_media_type', 'Send JSON with content-type application/json.', undefined, 415);
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

export function errorResponse(c: Context, error: AppError): Response {
  return c.json({ error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) } }, error.status);
}
