import Dexie from 'dexie';
import {
  displayName,
  type FitLetter,
  type HandoffStatus,
  type LeadDefinition,
  type LeadSource,
  type LifecycleStage,
  type LocalizedText,
  type SourceChannel,
} from '../domain';
import type { AunDatabase } from '../db/database';
import { currentDefinition } from '../db/queries';
import { readReviewRows } from '../db/review-snapshot';
import { stripDerived, type LeadRow, type TouchRow } from '../db/rows';
import { gradeLead } from '../grading';
import {
  computeReview,
  detachLeadIds,
  DRILL_LIMIT,
  prepareInput,
  type Detached,
  type MetricInput,
  type PreparedInput,
  type ReviewFilters,
  type ReviewMetrics,
} from '../metrics';

/**
 * The background side of the joint review: reads the replica, projects rows to the slim shapes
 * lib/metrics reads, prepares them once per replica state (prepareInput) and runs the pure metric
 * functions per filter off the UI thread. Touches are never loaded for the dashboard (only the
 * what-if regrades, in chunks, by index). The lead ids behind the numbers stay here: the page gets
 * drill references and asks for one list when a number is clicked.
 */

export interface ReviewOptions {
  channels: SourceChannel[];
  campaigns: string[];
  vendors: string[];
  /** Users that handoffs were assigned to. */
  reps: { id: string; name: string }[];
  stages: { id: string; label: LocalizedText }[];
}

export type ReviewResponse = Detached<ReviewMetrics> & {
  computedAt: string;
  filters: ReviewFilters;
  timeZone: string;
  options: ReviewOptions;
  /** Rejection reason labels of every definition version in the replica, newest winning. */
  reasonLabels: Record<string, LocalizedText>;
  totals: { leads: number; handoffs: number; outcomes: number };
};

/** Which list of which computation: a drill reference plus what identifies its response. */
export interface ReviewDrill {
  filters: ReviewFilters;
  computedAt: string;
  list: number;
}

export interface ReviewLeadRow {
  id: string;
  name: string;
  email: string;
  company: string | null;
  grade: string | null;
  source: LeadSource;
  stage: LifecycleStage;
  /** The status of the lead's newest handoff. */
  handoffStatus: HandoffStatus | null;
  ownerName: string | null;
}

export interface ReviewLeadsResponse {
  leads: ReviewLeadRow[];
  /** Ids asked for that are not in the replica (erased since). */
  missing: number;
  /** How many leads the list holds (only the first DRILL_LIMIT are listed). */
  total: number;
}

export interface WhatIfLead {
  id: string;
  name: string;
  company: string | null;
  source: LeadSource;
  before: string;
  after: string;
  scoreBefore: number;
  scoreAfter: number;
}

export interface WhatIfResult {
  /** Leads regraded: the most recently updated, at most `limit`. */
  evaluated: number;
  total: number;
  capped: boolean;
  currentVersion: number;
  /** Counts per grade (A1 … D4) under the current definition and under the draft. */
  before: Record<string, number>;
  after: Record<string, number>;
  mqlBefore: number;
  mqlAfter: number;
  /** Leads that would become MQL-ready / stop being MQL-ready (at most LIST_CAP each, best score first). */
  entering: WhatIfLead[];
  leaving: WhatIfLead[];
  enteringCount: number;
  leavingCount: number;
  gradeChanged: number;
  computedAt: string;
}

export interface ReviewData {
  /** The replica state it was read at (replicaToken). */
  token: string;
  prepared: PreparedInput;
  definition: LeadDefinition;
  reasonLabels: Record<string, LocalizedText>;
  options: ReviewOptions;
  totals: ReviewResponse['totals'];
}

const cache = new WeakMap<AunDatabase, { token: string; data: Promise<ReviewData> }>();

/** Forget the cached review data (after a sync brought changes, a mutation, a sign-out). */
export function invalidateReviewCache(db: AunDatabase): void {
  cache.delete(db);
  drillLists.delete(db);
}

/**
 * What identifies the replica's content for the review, read cheaply: every write to leads,
 * handoffs, outcomes, users and definitions goes through a pulled page (which moves the cursor, in
 * the same transaction) or a local mutation (recordMutation adds an outbox entry; an undo or a
 * rejection removes it; a confirmed one keeps its shadows until the next pull settles them). The
 * derived grade fields regrading writes are not read by the review.
 */
export async function replicaToken(db: AunDatabase): Promise<string> {
  const [cursor, outbox, shadows] = await db.transaction('r', [db.meta, db.outbox, db.shadows], () =>
    Promise.all([db.meta.get('cursor'), db.outbox.toCollection().primaryKeys(), db.shadows.toCollection().primaryKeys()]),
  );
  return JSON.stringify([cursor?.value ?? null, outbox, shadows]);
}

/**
 * The review's data, kept in memory while the replica does not change (replicaToken), so only the
 * first open after a change reads the tables; `refresh` forces a reload. Concurrent callers share
 * one read.
 */
export async function loadReviewData(db: AunDatabase, refresh = false): Promise<ReviewData> {
  const token = await replicaToken(db);
  const cached = cache.get(db);
  if (!refresh && cached && cached.token === token) return cached.data;
  const data = readReviewData(db);
  const entry = { token, data };
  cache.set(db, entry);
  // A failed read is not kept; a read started under an older token is replaced by the next call.
  data.then((d) => (cache.get(db) === entry ? cache.set(db, { token: d.token, data }) : undefined)).catch(() => (cache.get(db) === entry ? cache.delete(db) : undefined));
  return data;
}

async function readReviewData(db: AunDatabase): Promise<ReviewData> {
  // The token first, then the rows: a write in between makes the token older than the rows, so
  // the next call reads again rather than keeping rows under a token they do not match.
  const [token, users, definitions] = await db.transaction('r', [db.meta, db.outbox, db.shadows, db.users, db.definitions], () =>
    Promise.all([replicaToken(db), db.users.toArray(), db.definitions.orderBy('version').toArray()]),
  );
  const { leads, handoffs, outcomes: slimOutcomes } = await readReviewRows(db);
  const definition = definitions.at(-1) ?? (await currentDefinition(db));
  const reasonLabels: Record<string, LocalizedText> = {};
  for (const d of [definition, ...definitions]) for (const r of d.rejectionReasons) reasonLabels[r.code] = r.label;
  for (const r of definition.rejectionReasons) reasonLabels[r.code] = r.label;
  const input = { leads, handoffs, outcomes: slimOutcomes, users: users.map((u) => ({ id: u.id, name: u.name })) };
  return {
    token,
    prepared: prepareInput(input, { timeZone: definition.calendar.timezone }),
    definition,
    reasonLabels,
    options: options(input, definition),
    totals: { leads: leads.length, handoffs: handoffs.length, outcomes: slimOutcomes.length },
  };
}

function options(data: Required<MetricInput>, definition: LeadDefinition): ReviewOptions {
  const channels = new Set<SourceChannel>();
  const campaigns = new Set<string>();
  const vendors = new Set<string>();
  for (const l of data.leads) {
    channels.add(l.source.channel);
    if (l.source.campaign) campaigns.add(l.source.campaign);
    if (l.source.vendor) vendors.add(l.source.vendor);
  }
  const names = new Map(data.users.map((u) => [u.id, u.name]));
  const repIds = new Set<string>();
  for (const h of data.handoffs) if (h.toUserId) repIds.add(h.toUserId);
  const stageIds = new Set(data.handoffs.map((h) => h.stageId));
  const stages = definition.stages.map((s) => ({ id: s.id, label: s.label }));
  for (const id of stageIds) if (!stages.some((s) => s.id === id)) stages.push({ id, label: { ja: id, en: id } });
  const sort = (a: string, b: string) => a.localeCompare(b, 'ja');
  return {
    channels: [...channels].sort(),
    campaigns: [...campaigns].sort(sort),
    vendors: [...vendors].sort(sort),
    reps: [...repIds].map((id) => ({ id, name: names.get(id) ?? id })).sort((a, b) => sort(a.name, b.name)),
    stages,
  };
}

/** The lead id lists of the last few computations, by filters and instant, for the drill-down. */
const drillLists = new WeakMap<AunDatabase, Map<string, string[][]>>();
const DRILL_MEMORY = 8;
const drillKey = (filters: ReviewFilters, computedAt: string) => JSON.stringify([filters, computedAt]);

function rememberLists(db: AunDatabase, key: string, lists: string[][]): void {
  let memory = drillLists.get(db);
  if (!memory) drillLists.set(db, (memory = new Map()));
  memory.delete(key);
  memory.set(key, lists);
  while (memory.size > DRILL_MEMORY) memory.delete(memory.keys().next().value!);
}

async function compute(db: AunDatabase, filters: ReviewFilters, now: number, refresh: boolean): Promise<{ data: ReviewData; value: Detached<ReviewMetrics>; lists: string[][] }> {
  const data = await loadReviewData(db, refresh);
  const metrics = computeReview(data.prepared, filters, now, { timeZone: data.prepared.timeZone });
  return { data, ...detachLeadIds(metrics) };
}

/** Every metric of the review for the filters, with drill references instead of lead ids. */
export async function getReview(db: AunDatabase, filters: ReviewFilters, now: number, refresh = false): Promise<ReviewResponse> {
  const { data, value, lists } = await compute(db, filters, now, refresh);
  const computedAt = new Date(now).toISOString();
  rememberLists(db, drillKey(filters, computedAt), lists);
  return {
    ...value,
    computedAt,
    filters,
    timeZone: data.prepared.timeZone,
    options: data.options,
    reasonLabels: data.reasonLabels,
    totals: data.totals,
  };
}

/**
 * The leads behind one number of a review response. The lists of recent responses are kept; an
 * older one (or one from before the worker restarted) is computed again for the same filters and
 * instant, from the replica as it is now.
 */
export async function getReviewDrill(db: AunDatabase, drill: ReviewDrill): Promise<ReviewLeadsResponse> {
  const key = drillKey(drill.filters, drill.computedAt);
  let lists = drillLists.get(db)?.get(key);
  if (!lists) {
    lists = (await compute(db, drill.filters, Date.parse(drill.computedAt), false)).lists;
    rememberLists(db, key, lists);
  }
  const ids = lists[drill.list] ?? [];
  return { ...(await getReviewLeads(db, ids.slice(0, DRILL_LIMIT))), total: ids.length };
}

/** The rows of a drill-down: the leads behind a number. */
export async function getReviewLeads(db: AunDatabase, ids: readonly string[]): Promise<ReviewLeadsResponse> {
  const unique = [...new Set(ids)];
  const [rows, handoffs, users] = await Promise.all([db.leads.bulkGet(unique), db.handoffs.where('leadId').anyOf(unique).toArray(), db.users.toArray()]);
  const newest = new Map<string, { createdAt: string; status: HandoffStatus; toUserId?: string | undefined }>();
  for (const h of handoffs) {
    const prev = newest.get(h.leadId);
    if (!prev || h.createdAt > prev.createdAt) newest.set(h.leadId, h);
  }
  const names = new Map(users.map((u) => [u.id, u.name]));
  const leads: ReviewLeadRow[] = [];
  for (const row of rows) {
    if (!row) continue;
    const h = newest.get(row.id);
    const ownerId = row.ownerId ?? h?.toUserId;
    leads.push({
      id: row.id,
      name: displayName(row.name, row.email),
      email: row.email,
      company: row.company ?? null,
      grade: row._grade ?? null,
      source: row.source,
      stage: row.stage,
      handoffStatus: h?.status ?? null,
      ownerName: ownerId ? (names.get(ownerId) ?? ownerId) : null,
    });
  }
  return { leads, missing: unique.length - leads.length, total: unique.length };
}

export const WHAT_IF_LIMIT = 20_000;
const CHUNK = 500;
const LIST_CAP = 500;
const FITS: FitLetter[] = ['A', 'B', 'C', 'D'];

export function emptyMatrix(): Record<string, number> {
  const m: Record<string, number> = {};
  for (const f of FITS) for (const e of [1, 2, 3, 4]) m[`${f}${e}`] = 0;
  return m;
}

/**
 * Regrade the most recently updated leads (at most `limit`) under the current definition and
 * under a draft, in chunks: each chunk reads its leads' touches with one multi-range index query
 * and yields to the event loop, so other messages are answered meanwhile.
 */
export async function whatIfDefinition(
  db: AunDatabase,
  draft: LeadDefinition,
  now: number,
  opts: { limit?: number; chunkSize?: number } = {},
): Promise<WhatIfResult> {
  const limit = opts.limit ?? WHAT_IF_LIMIT;
  const chunkSize = opts.chunkSize ?? CHUNK;
  const current = await currentDefinition(db);
  const total = await db.leads.count();
  const ids = (await db.leads.orderBy('updatedAt').reverse().limit(limit).primaryKeys()) as string[];
  const before = emptyMatrix();
  const after = emptyMatrix();
  let mqlBefore = 0;
  let mqlAfter = 0;
  let gradeChanged = 0;
  const entering: WhatIfLead[] = [];
  const leaving: WhatIfLead[] = [];
  for (let i = 0; i < ids.length; i += chunkSize) {
    const chunk = ids.slice(i, i + chunkSize);
    const [rows, touches] = await db.transaction('r', [db.leads, db.touches], () =>
      Promise.all([
        db.leads.bulkGet(chunk),
        db.touches
          .where('[leadId+occurredAt]')
          .inAnyRange(chunk.map((id) => [[id, Dexie.minKey], [id, Dexie.maxKey]]), { includeLowers: true, includeUppers: true })
          .toArray(),
      ]),
    );
    const byLead = new Map<string, TouchRow[]>();
    for (const t of touches) {
      const list = byLead.get(t.leadId);
      if (list) list.push(t);
      else byLead.set(t.leadId, [t]);
    }
    for (const row of rows) {
      if (!row) continue;
      const ts = byLead.get(row.id) ?? [];
      const lead = stripDerived(row as LeadRow);
      const old = gradeLead(lead, ts, current, now);
      const next = gradeLead(lead, ts, draft, now);
      before[old.grade] = (before[old.grade] ?? 0) + 1;
      after[next.grade] = (after[next.grade] ?? 0) + 1;
      if (old.mqlReady) mqlBefore += 1;
      if (next.mqlReady) mqlAfter += 1;
      if (old.grade !== next.grade) gradeChanged += 1;
      if (old.mqlReady !== next.mqlReady) {
        const item: WhatIfLead = {
          id: lead.id,
          name: displayName(lead.name, lead.email),
          company: lead.company ?? null,
          source: lead.source,
          before: old.grade,
          after: next.grade,
          scoreBefore: old.score,
          scoreAfter: next.score,
        };
        (next.mqlReady ? entering : leaving).push(item);
      }
    }
    // Let other messages through between chunks.
    if (i + chunkSize < ids.length) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const top = (list: WhatIfLead[]) => list.sort((a, b) => b.scoreBefore - a.scoreBefore || a.id.localeCompare(b.id)).slice(0, LIST_CAP);
  return {
    evaluated: ids.length,
    total,
    capped: total > ids.length,
    currentVersion: current.version,
    before,
    after,
    mqlBefore,
    mqlAfter,
    enteringCount: entering.length,
    leavingCount: leaving.length,
    entering: top(entering),
    leaving: top(leaving),
    gradeChanged,
    computedAt: new Date(now).toISOString(),
  };
}

/** The current published definition (the built-in default before the first sync). */
export function getDefinition(db: AunDatabase): Promise<LeadDefinition> {
  return currentDefinition(db);
}
