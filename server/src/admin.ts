import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { Role } from '../../lib/domain';
import { loadConfig } from './config';
import { openDatabase } from './db/connect';
import { migrate, withStartupLock } from './db/migrations';
import type { DB } from './db/schema';
import { addQueue, addUser, createWorkspace, findUser, issueToken, listUsers, listWorkspaces, resolveWorkspace, revokeTokens, setTerritories } from './seed';

const USAGE = `Usage: npm run admin -- <command> [options]

  create-workspace --name N [--currency JPY] [--timezone Asia/Tokyo]
  list-workspaces
  add-user --email E --name N --role admin|manager|marketer|sales|integration [--workspace W]
                       prints the new user's token as the last line
  issue-token (--email E | --user ID) [--workspace W]   a new token for an existing user
  revoke-token (--email E | --user ID) [--workspace W]  revokes every token of the user
  list-users [--workspace W]                            no tokens are shown
  add-queue --name N [--members email1,email2] [--workspace W]
  set-territories (--email E | --user ID) --territories 東京都,神奈川県,JP [--workspace W]
                       what rule-based routing matches the user on (empty to clear)

Storage is the server's: DATABASE_URL, else PGlite in AUN_DATA_DIR (default ./data).
PGlite is single-process: stop the server before running admin commands on embedded storage.`;

type Options = Partial<Record<'name' | 'email' | 'role' | 'workspace' | 'user' | 'currency' | 'timezone' | 'members' | 'territories', string>>;

function required(options: Options, key: keyof Options): string {
  const value = options[key];
  if (!value) throw new Error(`--${key} is required`);
  return value;
}

async function userOf(db: Kysely<DB>, workspaceId: string, options: Options) {
  const user = await findUser(db, workspaceId, options.user ? { id: options.user } : { email: required(options, 'email') });
  if (!user) throw new Error('no such user in this workspace');
  return user;
}

async function run(command: string, options: Options, db: Kysely<DB>): Promise<void> {
  switch (command) {
    case 'create-workspace': {
      const ws = await createWorkspace(db, { name: required(options, 'name'), ...(options.currency ? { currency: options.currency } : {}), ...(options.timezone ? { timezone: options.timezone } : {}) });
      console.log(`Created workspace ${ws.name}`);
      console.log(ws.id);
      return;
    }
    case 'list-workspaces':
      for (const ws of await listWorkspaces(db)) console.log(`${ws.id}\t${ws.name}\t${ws.currency}\t${ws.timezone}`);
      return;
    case 'add-user': {
      const ws = await resolveWorkspace(db, options.workspace);
      const role = Role.safeParse(required(options, 'role'));
      if (!role.success) throw new Error(`--role must be one of ${Role.options.join(', ')}`);
      const { user, token } = await addUser(db, { workspaceId: ws.id, email: required(options, 'email'), name: required(options, 'name'), role: role.data });
      console.log(`Added ${user.role} ${user.id} to ${ws.id}. Token (shown only now):`);
      console.log(token);
      return;
    }
    case 'issue-token': {
      const ws = await resolveWorkspace(db, options.workspace);
      const user = await userOf(db, ws.id, options);
      console.log(`New token for ${user.id} (shown only now):`);
      console.log(await issueToken(db, ws.id, user.id));
      return;
    }
    case 'revoke-token': {
      const ws = await resolveWorkspace(db, options.workspace);
      const user = await userOf(db, ws.id, options);
      console.log(`Revoked ${await revokeTokens(db, ws.id, user.id)} token(s) of ${user.id}.`);
      return;
    }
    case 'list-users': {
      const ws = await resolveWorkspace(db, options.workspace);
      for (const u of await listUsers(db, ws.id)) console.log([u.id, u.role, u.email, u.name, `tokens:${u.activeTokens}`, u.away ? 'away' : ''].join('\t').trimEnd());
      return;
    }
    case 'add-queue': {
      const ws = await resolveWorkspace(db, options.workspace);
      const emails = (options.members ?? '').split(',').map((e) => e.trim()).filter(Boolean);
      const memberIds = [];
      for (const email of emails) memberIds.push((await userOf(db, ws.id, { email })).id);
      const queue = await addQueue(db, { workspaceId: ws.id, name: required(options, 'name'), memberIds });
      console.log(`Created queue ${queue.name} with ${memberIds.length} member(s)`);
      console.log(queue.id);
      return;
    }
    case 'set-territories': {
      const ws = await resolveWorkspace(db, options.workspace);
      const user = await userOf(db, ws.id, options);
      if (options.territories === undefined) throw new Error('--territories is required');
      const updated = await setTerritories(db, { workspaceId: ws.id, userId: user.id, territories: options.territories.split(',') });
      console.log(`Territories of ${updated.id}: ${updated.territories.join(', ') || '(none)'}`);
      return;
    }
    default:
      throw new Error(`unknown command ${command}\n\n${USAGE}`);
  }
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: Object.fromEntries(['name', 'email', 'role', 'workspace', 'user', 'currency', 'timezone', 'members', 'territories'].map((k) => [k, { type: 'string' as const }])),
  });
  const command = positionals[0];
  if (!command || command === 'help') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await withStartupLock(database.db, (conn) => migrate(conn));
    await run(command, values as Options, database.db);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
