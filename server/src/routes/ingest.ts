import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { can, Email, leadIdForEmail, LeadPatch, LooseTimestamp, ShortText, Touch, TouchType, type Lead } from '../../../lib/domain';
import { gradeLead } from '../../../lib/grading';
import { allow } from '../auth';
import type { DB } from '../db/schema';
import { AppError, unstorablePath } from '../errors';
import { readJson, type AppEnv } from '../http';
import { touchKey, writeWorkspace, type EntityData } from '../store';

export const MAX_INGEST_TOUCHES = 5000;

/** Lead fields an integration may supply for a person it reports; they only fill gaps. */
export const IngestLeadFields = LeadPatch.omit({ id: true, email: true, stage: true, ownerId: true });

export const IngestTouch = z.strictObject({
  email: Email,
  type: TouchType,
  occurredAt: LooseTimestamp,
  campaign: ShortText.optional(),
  detail: Touch.shape.detail,
  origin: Touch.shape.origin,
  externalId: z.string().trim().min(1).max(200),
  lead: IngestLeadFields.optional(),
});
export type IngestTouch = z.infer<typeof IngestTouch>;

export const IngestRequest = z.strictObject({ touches: z.array(z.unknown()) });

export interface IngestResult {
  received: number;
  inserted: number;
  duplicates: number;
  leadsCreated: number;
  newlyMql: number;
  rejected: { index: number; code: 'validation_failed'; message: string }[];
}

/** Touch ids derive from (origin, externalId): the same event always gets the same id. */
export function touchIdFor(origin: string, externalId: string): string {
  return `tc_${createHash('sha256').update(`${origin}\u0000${externalId}`).digest('base64url').slice(0, 32)}`;
}

/** Fill only the fields a lead does not have yet: people's edits win over an integration's data. */
function fillGaps(lead: Lead, fields: z.infer<typeof IngestLeadFields> | undefined): Lead {
  if (!fields) return lead;
  const out: Lead = { ...lead };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const key = k as keyof Lead;
    const current = out[key];
    if (current && typeof current === 'object' && !Array.isArray(current) && typeof v === 'object') {
      (out as Record<string, unknown>)[key] = { ...v, ...current };
    } else if (current === undefined) (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

/**
 * Ingest a batch in one transaction: bad rows are reported and skipped, duplicates (in the batch or
 * already stored) counted, unknown people created as inquiries, and every affected lead regraded;
 * a lead that crosses the MQL threshold is flagged (stage mql, mqlAt) for handoff.
 */
export async function ingestTouches(db: Kysely<DB>, workspaceId: string, rows: unknown[], now: Date): Promise<IngestResult> {
  const nowIso = now.toISOString();
  const result: IngestResult = { received: rows.length, inserted: 0, duplicates: 0, leadsCreated: 0, newlyMql: 0, rejected: [] };
  const valid: IngestTouch[] = [];
  rows.forEach((row, index) => {
    const parsed = IngestTouch.safeParse(row);
    const unstorable = parsed.success ? unstorablePath(parsed.data) : undefined;
    if (unstorable !== undefined) result.rejected.push({ index, code: 'validation_failed', message: `${unstorable || 'row'}: not storable text` });
    else if (parsed.success) valid.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      result.rejected.push({ index, code: 'validation_failed', message: `${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}` });
    }
  });

  return writeWorkspace(db, workspaceId, async (store) => {
    const seen = new Set<string>();
    const fresh = valid.filter((t) => {
      const key = touchKey(t.origin, t.externalId);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const stored = await store.existingTouchKeys(fresh);
    const toInsert = fresh.filter((t) => !stored.has(touchKey(t.origin, t.externalId)));
    result.duplicates = valid.length - toInsert.length;
    if (toInsert.length === 0) return result;

    const emails = [...new Set(toInsert.map((t) => t.email))];
    const existing = await store.leadsByEmail(emails);
    const before = new Map<string, Lead>();
    const after = new Map<string, Lead>();
    for (const t of toInsert) {
      const current = after.get(t.email) ?? existing.get(t.email);
      if (current) {
        if (!before.has(t.email) && existing.has(t.email)) before.set(t.email, current);
        after.set(t.email, fillGaps(current, t.lead));
        continue;
      }
      result.leadsCreated += 1;
      const { source, ...fields } = t.lead ?? {};
      after.set(t.email, {
        name: {},
        firmographics: {},
        crmLinks: [],
        ...fields,
        source: source ?? { channel: 'other', ...(t.campaign ? { campaign: t.campaign } : {}) },
        id: leadIdForEmail(t.email),
        email: t.email,
        stage: 'inquiry',
        createdAt: nowIso,
        updatedAt: nowIso,
      });
    }

    const touches: EntityData<'touch'>[] = toInsert.map((t) => ({
      id: touchIdFor(t.origin, t.externalId),
      leadId: after.get(t.email)!.id,
      type: t.type,
      occurredAt: t.occurredAt,
      ...(t.campaign ? { campaign: t.campaign } : {}),
      ...(t.detail ? { detail: t.detail } : {}),
      origin: t.origin,
      externalId: t.externalId,
    }));

    // Regrade: was the lead MQL-ready before this batch, and is it now?
    const definition = await store.definition();
    const leadIds = [...after.values()].map((l) => l.id);
    const oldTouches = await store.touchesOfLeads(leadIds);
    const newTouches = new Map<string, { type: TouchType; occurredAt: string }[]>();
    for (const t of touches) newTouches.set(t.leadId, [...(newTouches.get(t.leadId) ?? []), t]);
    const changedLeads: Lead[] = [];
    for (const [email, lead] of after) {
      const previous = before.get(email);
      const old = (oldTouches.get(lead.id) ?? []) as { type: TouchType; occurredAt: string }[];
      const wasReady = previous ? gradeLead(previous, old, definition, now).mqlReady : false;
      const isReady = gradeLead(lead, [...old, ...(newTouches.get(lead.id) ?? [])], definition, now).mqlReady;
      let next = lead;
      if (!wasReady && isReady) {
        const flag = lead.stage === 'inquiry' || lead.stage === 'recycled';
        if (flag) result.newlyMql += 1;
        next = { ...lead, ...(flag ? { stage: 'mql' as const } : {}), mqlAt: lead.mqlAt ?? nowIso };
      }
      if (!previous || JSON.stringify(previous) !== JSON.stringify(next)) changedLeads.push({ ...next, updatedAt: previous ? nowIso : next.updatedAt });
    }
    await store.put('lead', ...changedLeads);
    await store.put('touch', ...touches);
    result.inserted = touches.length;
    return result;
  });
}

export function registerIngest(app: Hono<AppEnv>, deps: { db: Kysely<DB>; now: () => Date }): void {
  app.post('/api/ingest/touches', allow(can.ingest), async (c) => {
    const body = await readJson(c, IngestRequest);
    if (body.touches.length > MAX_INGEST_TOUCHES) {
      throw new AppError('payload_too_large', `At most ${MAX_INGEST_TOUCHES} touches per request.`, { max: MAX_INGEST_TOUCHES, received: body.touches.length }, 413);
    }
    return c.json(await ingestTouches(deps.db, c.get('auth').workspaceId, body.touches, deps.now()));
  });
}
