import type { Lead, Touch } from '../../lib/domain';
import { gradeLead } from '../../lib/grading';
import { readDefinition } from '../../server/src/store';
import type { TestServer } from '../../server/src/testing';

/**
 * The grade a lead has by the server's data right now, through the same pure `gradeLead` every
 * surface uses: what a badge must show once the browser has synced.
 */
export async function gradeOnServer(server: TestServer, email: string, now = Date.now()): Promise<string> {
  const { db } = server.database;
  const workspaceId = server.seed.workspaceId;
  const live = db.selectFrom('records').select('data').where('workspace_id', '=', workspaceId).where('deleted', '=', false);
  const row = await live.where('entity', '=', 'lead').where('email', '=', email).executeTakeFirst();
  if (!row) throw new Error(`no lead ${email} on the server`);
  const lead = row.data as Lead;
  const touches = (await live.where('entity', '=', 'touch').where('lead_id', '=', lead.id).execute()).map((r) => r.data as Touch);
  return gradeLead(lead, touches, await readDefinition(db, workspaceId), now).grade;
}
