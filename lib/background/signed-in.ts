import type { AunDatabase } from '../db/database';
import type { User } from '../domain';
import { currentUser, type StoredSettings } from './settings';

/**
 * The signed-in user now. Settings keep the user as /api/me answered at sign-in; an admin may
 * since have changed their role or queues, or they set themselves away. Sync keeps the replica's
 * row current, so that row wins; the saved one stands in until the first pull brings it.
 * In local-only mode: the local admin.
 */
export async function signedInUser(db: AunDatabase, settings: StoredSettings): Promise<User> {
  const saved = currentUser(settings);
  if (!settings.serverUrl || !settings.me) return saved;
  return (await db.users.get(saved.id)) ?? saved;
}
