import { expect } from 'vitest';
import { PageContext } from '../../lib/adapters/page-context';

/** The context must pass the schema the background validates `getBadge` with. */
export function expectValid(ctx: unknown): PageContext {
  const parsed = PageContext.safeParse(ctx);
  expect(parsed.error?.issues ?? []).toEqual([]);
  return parsed.data!;
}
