import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Logs carry ids, codes, routes and timings, never names or emails. Nothing personal is passed to
 * the logger on purpose; redaction and `scrub` are the safety net for what slips through.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'aun-server' },
      redact: {
        paths: ['email', 'name', '*.email', '*.name', '*.*.email', '*.*.name', 'authorization', '*.authorization', 'token', '*.token'],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

const EMAIL_LIKE = /[^\s@<>()[\]\\,;:"'=]+@[^\s@<>()[\]\\,;:"'=]+/g;

/** Text with anything email-like replaced, e.g. a request path someone put an address in. */
export function scrub(text: string, max = 300): string {
  return text.replace(EMAIL_LIKE, '[email]').slice(0, max);
}

/** An error as a log-safe object: its type, code and message with anything email-like removed. */
export function safeError(error: unknown): { type: string; code?: string; message: string } {
  const e = error as { name?: unknown; code?: unknown; message?: unknown };
  return {
    type: typeof e?.name === 'string' ? e.name : typeof error,
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    message: scrub(typeof e?.message === 'string' ? e.message : String(error)),
  };
}
