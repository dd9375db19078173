/**
 * Runtime schemas for the requests of lib/messages.ts. Only the background imports this file
 * (it validates every message on receipt); UI and content scripts import the protocol's types,
 * which keeps zod out of the content-script bundle.
 */
import { z } from 'zod';
import { Id } from './domain/common';
import { MutationCallSchema } from './domain/mutations';
import { TouchType } from './domain/touch';
import { PageContext } from './adapters/page-context';

export const Requests = {
  /** The light answer the content script needs to draw the badge. */
  getBadge: PageContext,
  /** Everything the sidebar shows for the page's person. */
  getLeadContext: PageContext,
  listTouches: z.strictObject({
    leadId: Id,
    types: z.array(TouchType).max(20).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  }),
  /** Apply a mutation locally (optimistically) and queue it in the outbox. */
  mutate: z.strictObject({
    call: MutationCallSchema,
    /** Hold the mutation this long before it may be sent, so it can be undone (Accept's 10 s undo). */
    holdMs: z.number().int().min(0).max(60_000).optional(),
  }),
  /** Take back a held mutation that has not been sent yet. */
  undoMutation: z.strictObject({ localId: z.number().int().positive() }),
} as const;
