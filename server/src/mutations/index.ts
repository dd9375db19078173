import { MutationArgs, type MutationName } from '../../../lib/domain';
import { AppError, validationError } from '../errors';
import type { MutationContext, MutationHandler } from './context';
import { checkHandoffItem, claim, createHandoff, decide } from './handoff';
import { eraseLead, linkCrm, upsertLead } from './lead';
import { publishDefinition, recordOutcome, setAway } from './other';
import { addTouch } from './touch';

export type { MutationContext } from './context';

const HANDLERS: { [N in MutationName]: MutationHandler<N> } = {
  'lead.upsert': upsertLead,
  'lead.linkCrm': linkCrm,
  'lead.erase': eraseLead,
  'touch.add': addTouch,
  'handoff.create': createHandoff,
  'handoff.checkItem': checkHandoffItem,
  'handoff.claim': claim,
  'handoff.decide': decide,
  'outcome.record': recordOutcome,
  'definition.publish': publishDefinition,
  'user.setAway': setAway,
};

export interface ParsedMutation {
  name: MutationName;
  args: unknown;
}

/** Check a mutation's name and arguments; an AppError means it can never apply. */
export function parseMutation(name: string, args: unknown): ParsedMutation {
  if (!Object.hasOwn(MutationArgs, name)) throw new AppError('unknown_mutation', `Unknown mutation ${name.slice(0, 64)}.`);
  const schema = MutationArgs[name as MutationName];
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw validationError(parsed.error, `The arguments of ${name} are not valid.`);
  return { name: name as MutationName, args: parsed.data };
}

export async function runMutation(ctx: MutationContext, mutation: ParsedMutation): Promise<void> {
  const handler = HANDLERS[mutation.name] as MutationHandler<MutationName>;
  await handler(ctx, mutation.args as never);
}
