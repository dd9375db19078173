import { can, type MutationArgsOf, type MutationName, type Role, type User } from '../../../lib/domain';
import { forbidden } from '../errors';
import type { WorkspaceStore } from '../store';

/** What a mutation handler gets: the locked workspace, who is calling, and the server's clock. */
export interface MutationContext {
  store: WorkspaceStore;
  user: User;
  now: string;
}

export type MutationHandler<N extends MutationName> = (ctx: MutationContext, args: MutationArgsOf<N>) => Promise<void>;

/** Integration tokens only ingest; every mutation needs an app user, and some a role. */
export function requireRole(user: User, check: (role: Role) => boolean = can.useApp): void {
  if (!can.useApp(user.role) || !check(user.role)) throw forbidden();
}

/** Drop undefined values so a patch never erases what it does not mention. */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
