import { z } from 'zod';
import { Id, LongText, Money, ShortText, Timestamp } from './common';

export const HandoffStatus = z.enum(['pending', 'accepted', 'rejected', 'recycled', 'expired']);
export type HandoffStatus = z.infer<typeof HandoffStatus>;

export const ChecklistMark = z.strictObject({
  checked: z.boolean(),
  by: Id,
  at: Timestamp,
});
export type ChecklistMark = z.infer<typeof ChecklistMark>;

export const DecisionKind = z.enum(['accept', 'reject', 'recycle']);
export type DecisionKind = z.infer<typeof DecisionKind>;

export const Decision = z.strictObject({
  kind: DecisionKind,
  reasonCode: z.string().max(41).optional(),
  note: LongText.optional(),
  by: Id,
  at: Timestamp,
});
export type Decision = z.infer<typeof Decision>;

export const Handoff = z.strictObject({
  id: Id,
  leadId: Id,
  stageId: Id,
  /** The lead-definition version the handoff was made under: its checklist, SLA and reasons. */
  definitionVersion: z.number().int().positive(),
  fromUserId: Id,
  toUserId: Id.optional(),
  toQueueId: Id.optional(),
  /** Context the sender gives the receiver. */
  note: LongText.optional(),
  checklist: z.record(Id, ChecklistMark).default({}),
  status: HandoffStatus,
  decision: Decision.optional(),
  createdAt: Timestamp,
  /** When a person became responsible: at creation when sent to a user, at claim/routing for a queue. */
  assignedAt: Timestamp.optional(),
  /** SLA due time, computed when assigned (wall clock or business hours, per stage). */
  dueAt: Timestamp.optional(),
  updatedAt: Timestamp,
});
export type Handoff = z.infer<typeof Handoff>;

export const OutcomeKind = z.enum(['contacted', 'meeting', 'opportunity', 'won', 'lost']);
export type OutcomeKind = z.infer<typeof OutcomeKind>;

export const Outcome = z
  .strictObject({
    id: Id,
    leadId: Id,
    handoffId: Id.optional(),
    kind: OutcomeKind,
    amount: Money.optional(),
    lostReason: ShortText.optional(),
    note: LongText.optional(),
    occurredAt: Timestamp,
    recordedBy: Id,
  })
  .superRefine(checkOutcome);
export type Outcome = z.infer<typeof Outcome>;

/** Opportunities and wins carry an amount; losses a reason. Shared with the `outcome.record` mutation. */
export function checkOutcome(o: { kind: OutcomeKind; amount?: unknown; lostReason?: string }, ctx: z.RefinementCtx): void {
  if ((o.kind === 'opportunity' || o.kind === 'won') && !o.amount) {
    ctx.addIssue({ code: 'custom', path: ['amount'], message: `an ${o.kind} needs an amount` });
  }
  if (o.kind === 'lost' && !o.lostReason) ctx.addIssue({ code: 'custom', path: ['lostReason'], message: 'a lost outcome needs a reason' });
}
