import { z } from 'zod';

/** Every error the server or the background returns has one of these codes. */
export const ErrorCode = z.enum([
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unknown_mutation',
  'already_decided',
  'already_claimed',
  'not_pending',
  /** The lead already has a pending handoff; details.handoffId names it. */
  'handoff_pending',
  'email_taken',
  'unknown_reason',
  'unknown_stage',
  'checklist_incomplete',
  'definition_invalid',
  'csv_invalid',
  'offline',
  /** Extension only: switching to another workspace, user or server would drop unsent changes; details.pending counts them. */
  'unsynced_changes',
  'server_error',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: ErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
