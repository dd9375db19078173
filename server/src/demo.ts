import type { Kysely } from 'kysely';
import { generateWorkspace, type GenerateOptions, type GeneratedWorkspace } from '../../lib/demo/generate-workspace';
import type { DB } from './db/schema';
import { writeWorkspace, type EntityData } from './store';

/** Rows per transaction when seeding: big enough to be fast, small enough to stay light. */
const CHUNK = 5000;

async function writeChunks<E extends 'lead' | 'touch' | 'handoff' | 'outcome'>(db: Kysely<DB>, workspaceId: string, entity: E, rows: EntityData<E>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await writeWorkspace(db, workspaceId, (store) => store.put(entity, ...rows.slice(i, i + CHUNK)));
  }
}

/**
 * Fill a workspace with the deterministic demo data set (`lib/demo`), through the same store the
 * mutations use: every row is schema-checked and gets a version, so clients pull it normally.
 * `decorate` may adjust the generated data first (e.g. link CRM records for the demo pages).
 */
export async function seedDemoData(
  db: Kysely<DB>,
  workspaceId: string,
  options: GenerateOptions,
  decorate?: (data: GeneratedWorkspace) => void,
): Promise<{ leads: number; touches: number; handoffs: number; outcomes: number }> {
  const data = generateWorkspace(options);
  decorate?.(data);
  await writeChunks(db, workspaceId, 'lead', data.leads);
  await writeChunks(db, workspaceId, 'touch', data.touches);
  await writeChunks(db, workspaceId, 'handoff', data.handoffs);
  await writeChunks(db, workspaceId, 'outcome', data.outcomes);
  return { leads: data.leads.length, touches: data.touches.length, handoffs: data.handoffs.length, outcomes: data.outcomes.length };
}
