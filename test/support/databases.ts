import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { AunDatabase } from '../../lib/db/database';
import { freshDbName } from './factories';

/**
 * `newDb()` opens an AunDatabase under a fresh name (or the one given, to reopen it); each one is
 * closed and deleted after the test. Call at the top of a test file.
 */
export function freshDatabases(): (name?: string) => AunDatabase {
  const open: Dexie[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  return (name = freshDbName()) => {
    const db = new AunDatabase(name);
    open.push(db);
    return db;
  };
}
