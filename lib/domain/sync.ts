import { z } from 'zod';
import { Id } from './common';
import { ErrorCode } from './errors';
import { MutationSchema } from './mutations';
import { Lead } from './lead';
import { Touch } from './touch';
import { Handoff, Outcome } from './handoff';
import { LeadDefinition } from './definition';
import { Queue, User } from './user';

/** Entities a client replicates, and the schema of each one's data. */
export const EntitySchemas = {
  lead: Lead,
  touch: Touch,
  handoff: Handoff,
  outcome: Outcome,
  definition: LeadDefinition,
  user: User,
  queue: Queue,
} as const;
export type EntityName = keyof typeof EntitySchemas;
export const Entity = z.enum(Object.keys(EntitySchemas) as [EntityName, ...EntityName[]]);

export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export const PushRequest = z.strictObject({
  clientId: ClientId,
  mutations: z.array(MutationSchema).max(500),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const MutationResult = z.strictObject({
  id: z.number().int(),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  error: z
    .strictObject({ code: ErrorCode, message: z.string(), details: z.unknown().optional() })
    .optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.strictObject({
  results: z.array(MutationResult),
  lastMutationId: z.number().int().nonnegative(),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const Change = z.strictObject({
  entity: Entity,
  /** For definitions the id is the version number as a string. */
  id: z.string(),
  op: z.enum(['put', 'delete']),
  /** The entity as `EntitySchemas[entity]` describes it; absent on delete. */
  data: z.unknown().optional(),
});
export type Change = z.infer<typeof Change>;

/** The pull cursor is opaque to clients; an empty cursor means "from the beginning". */
export const PullQuery = z.strictObject({
  clientId: ClientId.optional(),
  cursor: z.string().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const PullResponse = z.strictObject({
  changes: z.array(Change),
  cursor: z.string(),
  hasMore: z.boolean(),
  /** The last mutation id of `clientId` the server has applied (0 if none or no clientId). */
  lastMutationId: z.number().int().nonnegative(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const MeResponse = z.strictObject({
  user: User,
  workspace: z.strictObject({ id: Id, name: z.string(), currency: z.string(), timezone: z.string() }),
  definition: LeadDefinition,
});
export type MeResponse = z.infer<typeof MeResponse>;
