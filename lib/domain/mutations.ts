import { z } from 'zod';
import { Id, LongText, Money, ShortText, Timestamp } from './common';
import { CrmLink, LeadPatch } from './lead';
import { Touch } from './touch';
import { checkOutcome, DecisionKind, OutcomeKind } from './handoff';
import { LeadDefinition } from './definition';

/**
 * Every change a client can make, by name. The same schemas validate the mutation when the
 * UI creates it, when the background stores it in the outbox, and when the server receives it.
 * Ids of new objects are made by the client, so a mutation replayed after a crash is idempotent.
 */
export const MutationArgs = {
  'lead.upsert': z.strictObject({ lead: LeadPatch }),
  'lead.linkCrm': z.strictObject({ leadId: Id, link: CrmLink }),
  'lead.erase': z.strictObject({ leadId: Id }),
  'touch.add': z.strictObject({ touch: Touch.omit({ createdBy: true }) }),
  'handoff.create': z.strictObject({
    id: Id,
    leadId: Id,
    stageId: Id,
    toUserId: Id.optional(),
    toQueueId: Id.optional(),
    note: LongText.optional(),
    /** Checklist items the sender has already confirmed. */
    checkedItemIds: z.array(Id).max(30).default([]),
    createdAt: Timestamp,
  }),
  'handoff.checkItem': z.strictObject({ handoffId: Id, itemId: Id, checked: z.boolean(), at: Timestamp }),
  'handoff.claim': z.strictObject({ handoffId: Id, at: Timestamp }),
  'handoff.decide': z.strictObject({
    handoffId: Id,
    kind: DecisionKind,
    reasonCode: z.string().max(41).optional(),
    note: LongText.optional(),
    at: Timestamp,
  }),
  'outcome.record': z.strictObject({
    id: Id,
    leadId: Id,
    handoffId: Id.optional(),
    kind: OutcomeKind,
    amount: Money.optional(),
    lostReason: ShortText.optional(),
    note: LongText.optional(),
    occurredAt: Timestamp,
  }).superRefine(checkOutcome),
  'definition.publish': z.strictObject({ definition: LeadDefinition }),
  'user.setAway': z.strictObject({ away: z.boolean() }),
} as const;

export type MutationName = keyof typeof MutationArgs;
export const MUTATION_NAMES = Object.keys(MutationArgs) as MutationName[];
export type MutationArgsOf<N extends MutationName> = z.infer<(typeof MutationArgs)[N]>;

export type Mutation = { [N in MutationName]: { id: number; name: N; args: MutationArgsOf<N> } }[MutationName];
export type MutationCall = { [N in MutationName]: { name: N; args: MutationArgsOf<N> } }[MutationName];

const mutationVariants = MUTATION_NAMES.map((name) =>
  z.strictObject({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), name: z.literal(name), args: MutationArgs[name] }),
);

/** A mutation on the wire: `id` increases per client; the server remembers the last one it applied. */
export const MutationSchema = z.discriminatedUnion('name', mutationVariants as unknown as [typeof mutationVariants[0], ...typeof mutationVariants]) as unknown as z.ZodType<Mutation>;

/** A mutation call without its id, as the UI makes it. */
export const MutationCallSchema = z.discriminatedUnion(
  'name',
  MUTATION_NAMES.map((name) => z.strictObject({ name: z.literal(name), args: MutationArgs[name] })) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<MutationCall>;
