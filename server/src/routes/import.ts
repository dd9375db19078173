import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { Email, leadIdForEmail, LeadPatch, type Lead, type Role } from '../../../lib/domain';
import { allow } from '../auth';
import { CsvError, decodeCsv, isJapanesePrefecture, parseCsv, splitName, toCountry, toEmployeeBand, toIndustry, toSourceChannel, type CsvRow } from '../csv';
import type { DB } from '../db/schema';
import { AppError } from '../errors';
import type { AppEnv } from '../http';
import { WorkspaceStore, writeWorkspace } from '../store';

export interface ImportResult {
  dryRun: boolean;
  encoding: 'utf-8' | 'shift_jis' | 'utf-16le';
  rows: number;
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { row: number; code: 'validation_failed' | 'duplicate_in_file'; message: string }[];
}

type Patch = ReturnType<typeof LeadPatch.parse>;

/** A CSV row as a lead patch, or the reason it cannot be one. */
export function rowToPatch(row: CsvRow): { patch: Patch } | { error: string } {
  const v = row.values;
  if (!v.email) return { error: 'email: missing' };
  const email = Email.safeParse(v.email);
  if (!email.success) return { error: 'email: not an email address' };
  const name = v.family || v.given ? { ...(v.family ? { family: v.family } : {}), ...(v.given ? { given: v.given } : {}) } : v.fullName ? splitName(v.fullName) : undefined;
  const band = v.employees ? toEmployeeBand(v.employees) : undefined;
  const country = (v.country && toCountry(v.country)) || (v.region && isJapanesePrefecture(v.region) ? 'JP' : undefined);
  const firmographics = {
    ...(v.industry ? { industry: toIndustry(v.industry) } : {}),
    ...(band ? { employeeBand: band } : {}),
    ...(country ? { country } : {}),
    ...(v.region ? { region: v.region } : {}),
  };
  const parsed = LeadPatch.safeParse({
    id: leadIdForEmail(email.data),
    email: email.data,
    ...(name && Object.keys(name).length ? { name } : {}),
    ...(v.company ? { company: v.company } : {}),
    ...(v.title ? { title: v.title } : {}),
    ...(v.department ? { department: v.department } : {}),
    ...(v.phone ? { phone: v.phone } : {}),
    ...(Object.keys(firmographics).length ? { firmographics } : {}),
    ...(v.source || v.campaign ? { source: { channel: v.source ? toSourceChannel(v.source) : 'other', ...(v.campaign ? { campaign: v.campaign } : {}) } } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}` };
  }
  return { patch: parsed.data };
}

/** Merge an imported patch: the file's non-empty values win, except the first-touch source. */
function merge(existing: Lead | undefined, patch: Patch, now: string): Lead {
  if (!existing) {
    return { name: {}, firmographics: {}, crmLinks: [], source: { channel: 'other' }, ...patch, stage: 'inquiry', createdAt: now, updatedAt: now } as Lead;
  }
  const { source: _source, ...rest } = patch;
  return {
    ...existing,
    ...rest,
    name: { ...existing.name, ...patch.name },
    firmographics: { ...existing.firmographics, ...patch.firmographics },
    updatedAt: now,
  } as Lead;
}

/**
 * Import rows: duplicates of an email already seen in the file are rejected (the first row wins);
 * on a dry run nothing is written and the counts say what would happen.
 */
export async function importLeads(db: Kysely<DB>, workspaceId: string, bytes: Uint8Array, dryRun: boolean, now: string): Promise<ImportResult> {
  let decoded: ReturnType<typeof decodeCsv>;
  let rows: CsvRow[];
  try {
    decoded = decodeCsv(bytes);
    rows = parseCsv(decoded.text);
  } catch (error) {
    if (error instanceof CsvError) throw new AppError('csv_invalid', error.message);
    throw error;
  }
  const result: ImportResult = { dryRun, encoding: decoded.encoding, rows: rows.length, accepted: 0, created: 0, updated: 0, unchanged: 0, rejected: [] };
  const patches: Patch[] = [];
  const firstRow = new Map<string, number>();
  for (const row of rows) {
    const outcome = rowToPatch(row);
    if ('error' in outcome) {
      result.rejected.push({ row: row.row, code: 'validation_failed', message: outcome.error });
      continue;
    }
    const seen = firstRow.get(outcome.patch.email);
    if (seen !== undefined) {
      result.rejected.push({ row: row.row, code: 'duplicate_in_file', message: `The same email is on row ${seen}.` });
      continue;
    }
    firstRow.set(outcome.patch.email, row.row);
    patches.push(outcome.patch);
  }
  result.accepted = patches.length;

  const apply = async (store: WorkspaceStore, write: boolean) => {
    const existing = await store.leadsByEmail(patches.map((p) => p.email));
    const changed: Lead[] = [];
    for (const patch of patches) {
      const current = existing.get(patch.email);
      const next = merge(current, patch, now);
      if (!current) result.created += 1;
      else if (JSON.stringify({ ...current, updatedAt: '' }) === JSON.stringify({ ...next, updatedAt: '' })) {
        result.unchanged += 1;
        continue;
      } else result.updated += 1;
      changed.push(next);
    }
    if (write) await store.put('lead', ...changed);
  };
  if (dryRun) {
    // Read-only: a store over the plain handle, no version taken, nothing written.
    await apply(new WorkspaceStore(db, workspaceId, 0), false);
  } else if (patches.length) await writeWorkspace(db, workspaceId, (store) => apply(store, true));
  return result;
}

export const IMPORT_ROLES: Role[] = ['admin', 'manager', 'marketer'];

async function readUpload(c: Context<AppEnv>): Promise<Uint8Array> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('text/csv') || type.startsWith('application/octet-stream')) return new Uint8Array(await c.req.arrayBuffer());
  if (type.startsWith('multipart/form-data')) {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw new AppError('bad_request', 'The multipart body could not be read.');
    }
    const file = form.file;
    if (!(file instanceof File)) throw new AppError('bad_request', 'Send the CSV as the multipart field "file".');
    return new Uint8Array(await file.arrayBuffer());
  }
  throw new AppError('unsupported_media_type', 'Send the CSV as text/csv or multipart/form-data.', undefined, 415);
}

export function registerImport(app: Hono<AppEnv>, deps: { db: Kysely<DB>; now: () => Date }): void {
  app.post('/api/import/leads', allow((role) => IMPORT_ROLES.includes(role)), async (c) => {
    const dryRunParam = c.req.query('dryRun') ?? 'false';
    if (dryRunParam !== 'true' && dryRunParam !== 'false') throw new AppError('bad_request', 'dryRun is true or false.');
    const bytes = await readUpload(c);
    return c.json(await importLeads(deps.db, c.get('auth').workspaceId, bytes, dryRunParam === 'true', deps.now().toISOString()));
  });
}
