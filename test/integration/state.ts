import { sql, type Kysely } from 'kysely';
import { stripDerived } from '../../lib/db/rows';
import type { DB } from '../../server/src/db/schema';
import type { Client } from './client';

/**
 * Server truth and client replicas as comparable maps (`entity:id` → canonical JSON), and the
 * counters that tell whether a mutation was applied once, for the soak, crash and network-cut tests.
 */

export type State = Map<string, string>;

const TABLES = { lead: 'leads', touch: 'touches', handoff: 'handoffs', outcome: 'outcomes', definition: 'definitions', user: 'users', queue: 'queues' } as const;

/** JSON with sorted keys: jsonb does not keep the key order the client wrote. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Every live record of the workspace. */
export async function serverState(db: Kysely<DB>, workspaceId: string): Promise<State> {
  const rows = await sql<{ entity: string; id: string; data: unknown }>`
    SELECT entity, id, data FROM records WHERE workspace_id = ${workspaceId} AND NOT deleted
  `.execute(db);
  return new Map(rows.rows.map((r) => [`${r.entity}:${r.id}`, canonical(r.data)]));
}

/** The client's replica, derived fields removed. */
export async function clientState(client: Client): Promise<State> {
  const out: State = new Map();
  for (const [entity, table] of Object.entries(TABLES)) {
    for (const row of (await client.db.table(table).toArray()) as Record<string, unknown>[]) {
      const id = entity === 'definition' ? String(row.version) : String(row.id);
      out.set(`${entity}:${id}`, canonical(stripDerived(row)));
    }
  }
  return out;
}

/** Human-readable differences, at most `limit` of them; empty when equal. */
export function diffStates(expected: State, actual: State, limit = 5): string[] {
  const out: string[] = [];
  for (const [k, v] of expected) {
    if (!actual.has(k)) out.push(`missing ${k}`);
    else if (actual.get(k) !== v) out.push(`differs ${k}: ${fieldDiff(JSON.parse(v) as Record<string, unknown>, JSON.parse(actual.get(k)!) as Record<string, unknown>)}`);
  }
  for (const k of actual.keys()) if (!expected.has(k)) out.push(`extra ${k}`);
  return out.slice(0, limit);
}

function fieldDiff(server: Record<string, unknown>, client: Record<string, unknown>): string {
  const fields = [...new Set([...Object.keys(server), ...Object.keys(client)])].filter((f) => canonical(server[f]) !== canonical(client[f]));
  return fields.map((f) => `${f} server ${canonical(server[f]) ?? 'absent'} client ${canonical(client[f]) ?? 'absent'}`).join(', ');
}

/** The workspace's change counter: every applied mutation takes exactly one version, a rejected one none. */
export async function workspaceVersion(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const row = await db.selectFrom('workspaces').select('version').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.version);
}

/** The server's last mutation id for each client id of the workspace. */
export async function lastMutationIds(db: Kysely<DB>, workspaceId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('clients').select(['client_id', 'last_mutation_id']).where('workspace_id', '=', workspaceId).execute();
  return new Map(rows.map((r) => [r.client_id, Number(r.last_mutation_id)]));
}

/** The client id its engine made on the first sync. */
export async function clientIdOf(client: Client): Promise<string> {
  const id = (await client.db.meta.get('clientId'))?.value;
  if (typeof id !== 'string') throw new Error('the client has not synced yet');
  return id;
}
