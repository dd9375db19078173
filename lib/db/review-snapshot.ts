/**
 * The review's own copy of the few fields it reads, kept in IndexedDB so that a cold worker does
 * not deserialise every full lead, handoff and outcome row before the first number
 * (docs/performance.md, item 8). In this Chromium, reading 10,000 full lead rows takes 110–170 ms;
 * the same fields stored as columns (an array per field in one record) take under 10 ms.
 *
 * - `reviewSnapshot` holds one row: the projection of every lead, handoff and outcome, as columns.
 * - `reviewDirty` lists what was written since: one entry per write request on those tables, with
 *   the keys it wrote, or `all` after a range delete (a sign-out clearing the replica).
 *   A Dexie DBCore middleware adds the entry inside the same IndexedDB transaction as the write,
 *   whichever code path writes (a pulled page, a local mutation, a rollback, the regrader), so the
 *   snapshot plus its dirty entries is never behind the tables. One entry per request, not per
 *   row: a pulled page of 5,000 leads adds one record, not 5,000.
 * - Until the first snapshot exists nothing is tracked (an initial sync writes no entries).
 * - Deleting a lead (an erasure) deletes the snapshot in the same transaction, so no copy of an
 *   erased person outlives the erase; the next review rebuilds it.
 *
 * `readReviewRows` reads the snapshot, re-reads only the dirty rows, stores the patched snapshot
 * and clears the entries, all in one readwrite transaction, so no write can fall in between.
 */
import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import type { MetricHandoff, MetricLead, MetricOutcome } from '../metrics';
import type { HandoffRow, LeadRow, OutcomeRow } from './rows';
import type { AunDatabase } from './database';

export const REVIEW_SOURCES = ['leads', 'handoffs', 'outcomes'] as const;
export type ReviewSource = (typeof REVIEW_SOURCES)[number];

export interface ReviewDirtyRow {
  seq?: number;
  table: ReviewSource;
  /** The primary keys written or deleted; absent with `all`. */
  keys?: string[];
  all?: true;
}

/** Columns: one array per field, all of the same length (undefined where a row has no value). */
type Columns<F extends string> = { count: number } & Record<F, unknown[]>;

const LEAD_FIELDS = ['id', 'channel', 'campaign', 'vendor', 'stage', 'createdAt', 'ownerId', 'mqlAt'] as const;
const HANDOFF_FIELDS = ['id', 'leadId', 'stageId', 'status', 'createdAt', 'toUserId', 'assignedAt', 'dueAt', 'decisionKind', 'decisionBy', 'decisionAt', 'reasonCode'] as const;
const OUTCOME_FIELDS = ['id', 'leadId', 'kind', 'occurredAt', 'amountValue', 'amountCurrency'] as const;

/** Bumped when the columns change: a stored snapshot of another format is rebuilt from the tables. */
export const SNAPSHOT_FORMAT = 1;

export interface ReviewSnapshotRow {
  key: 'current';
  format: number;
  leads: Columns<(typeof LEAD_FIELDS)[number]>;
  handoffs: Columns<(typeof HANDOFF_FIELDS)[number]>;
  outcomes: Columns<(typeof OUTCOME_FIELDS)[number]>;
}

export interface ReviewRows {
  leads: MetricLead[];
  handoffs: MetricHandoff[];
  outcomes: MetricOutcome[];
}

// ---- Projections: a full row → what lib/metrics reads (the only place that decides it). ----

export function metricLead(l: LeadRow): MetricLead {
  return {
    id: l.id,
    source: { channel: l.source.channel, ...(l.source.campaign ? { campaign: l.source.campaign } : {}), ...(l.source.vendor ? { vendor: l.source.vendor } : {}) },
    stage: l.stage,
    createdAt: l.createdAt,
    ...(l.ownerId ? { ownerId: l.ownerId } : {}),
    ...(l.mqlAt ? { mqlAt: l.mqlAt } : {}),
  };
}

export function metricHandoff(h: HandoffRow): MetricHandoff {
  return {
    id: h.id,
    leadId: h.leadId,
    stageId: h.stageId,
    status: h.status,
    createdAt: h.createdAt,
    ...(h.toUserId ? { toUserId: h.toUserId } : {}),
    ...(h.assignedAt ? { assignedAt: h.assignedAt } : {}),
    ...(h.dueAt ? { dueAt: h.dueAt } : {}),
    ...(h.decision ? { decision: { kind: h.decision.kind, by: h.decision.by, at: h.decision.at, ...(h.decision.reasonCode ? { reasonCode: h.decision.reasonCode } : {}) } } : {}),
  };
}

export function metricOutcome(o: OutcomeRow): MetricOutcome {
  return { id: o.id, leadId: o.leadId, kind: o.kind, occurredAt: o.occurredAt, ...(o.amount ? { amount: o.amount } : {}) };
}

// ---- Columns ⇄ objects. ----

function toColumns<T, F extends string>(items: readonly T[], fields: readonly F[], flat: (item: T) => Record<F, unknown>): Columns<F> {
  const columns: Record<string, unknown[]> = {};
  for (const f of fields) columns[f] = new Array(items.length);
  items.forEach((item, i) => {
    const values = flat(item);
    for (const f of fields) columns[f]![i] = values[f];
  });
  return { count: items.length, ...columns } as Columns<F>;
}

function fromColumns<T, F extends string>(columns: Columns<F>, fields: readonly F[], build: (get: (f: F) => unknown) => T): T[] {
  const out = new Array<T>(columns.count);
  for (let i = 0; i < columns.count; i++) out[i] = build((f) => columns[f][i]);
  return out;
}

const opt = <K extends string>(key: K, value: unknown) => (value === undefined || value === null ? {} : ({ [key]: value } as Record<K, string>));

export function encodeSnapshot(rows: ReviewRows): ReviewSnapshotRow {
  return {
    key: 'current',
    format: SNAPSHOT_FORMAT,
    leads: toColumns(rows.leads, LEAD_FIELDS, (l) => ({ id: l.id, channel: l.source.channel, campaign: l.source.campaign, vendor: l.source.vendor, stage: l.stage, createdAt: l.createdAt, ownerId: l.ownerId, mqlAt: l.mqlAt })),
    handoffs: toColumns(rows.handoffs, HANDOFF_FIELDS, (h) => ({
      id: h.id,
      leadId: h.leadId,
      stageId: h.stageId,
      status: h.status,
      createdAt: h.createdAt,
      toUserId: h.toUserId,
      assignedAt: h.assignedAt,
      dueAt: h.dueAt,
      decisionKind: h.decision?.kind,
      decisionBy: h.decision?.by,
      decisionAt: h.decision?.at,
      reasonCode: h.decision?.reasonCode,
    })),
    outcomes: toColumns(rows.outcomes, OUTCOME_FIELDS, (o) => ({ id: o.id, leadId: o.leadId, kind: o.kind, occurredAt: o.occurredAt, amountValue: o.amount?.value, amountCurrency: o.amount?.currency })),
  };
}

export function decodeSnapshot(snapshot: ReviewSnapshotRow): ReviewRows {
  return {
    leads: fromColumns(snapshot.leads, LEAD_FIELDS, (get) => ({
      id: get('id') as string,
      source: { channel: get('channel') as MetricLead['source']['channel'], ...opt('campaign', get('campaign')), ...opt('vendor', get('vendor')) },
      stage: get('stage') as MetricLead['stage'],
      createdAt: get('createdAt') as string,
      ...opt('ownerId', get('ownerId')),
      ...opt('mqlAt', get('mqlAt')),
    })),
    handoffs: fromColumns(snapshot.handoffs, HANDOFF_FIELDS, (get) => ({
      id: get('id') as string,
      leadId: get('leadId') as string,
      stageId: get('stageId') as string,
      status: get('status') as MetricHandoff['status'],
      createdAt: get('createdAt') as string,
      ...opt('toUserId', get('toUserId')),
      ...opt('assignedAt', get('assignedAt')),
      ...opt('dueAt', get('dueAt')),
      ...(get('decisionKind') !== undefined
        ? {
            decision: {
              kind: get('decisionKind') as NonNullable<MetricHandoff['decision']>['kind'],
              by: get('decisionBy') as string,
              at: get('decisionAt') as string,
              ...opt('reasonCode', get('reasonCode')),
            },
          }
        : {}),
    })),
    outcomes: fromColumns(snapshot.outcomes, OUTCOME_FIELDS, (get) => ({
      id: get('id') as string,
      leadId: get('leadId') as string,
      kind: get('kind') as MetricOutcome['kind'],
      occurredAt: get('occurredAt') as string,
      ...(get('amountValue') !== undefined ? { amount: { value: get('amountValue') as number, currency: get('amountCurrency') as string } } : {}),
    })),
  };
}

// ---- Tracking writes. ----

/**
 * Past this many keys of one table since the snapshot, one `all` entry replaces them: a definition
 * change regrades (rewrites) every lead, and a list that long is read whole anyway.
 */
const MAX_TRACKED_KEYS = 20_000;

interface TrackingState {
  on: boolean;
  /** Keys recorded per table since the last saved snapshot, and tables already marked `all`. */
  keys: Record<ReviewSource, number>;
  whole: Set<ReviewSource>;
  /** The snapshot being saved, if any (tests wait for it). */
  saving: Promise<void>;
  /** Bumped when the snapshot is cleared (a sign-out): a save of rows read before must not land. */
  generation: number;
}

const tracking = new WeakMap<AunDatabase, TrackingState>();

function trackingOf(db: AunDatabase): TrackingState {
  let state = tracking.get(db);
  if (!state) tracking.set(db, (state = { on: false, keys: { leads: 0, handoffs: 0, outcomes: 0 }, whole: new Set(), saving: Promise.resolve(), generation: 0 }));
  return state;
}

/** Set the cap's counts from the dirty entries listed now. */
function countListed(state: TrackingState, entries: readonly ReviewDirtyRow[]): void {
  state.keys = { leads: 0, handoffs: 0, outcomes: 0 };
  state.whole = new Set();
  for (const entry of entries) {
    if (entry.all) state.whole.add(entry.table);
    else state.keys[entry.table] += entry.keys?.length ?? 0;
  }
}

/** The snapshot is gone: record nothing until the next one, and drop any save of rows read before. */
function stopTracking(state: TrackingState): void {
  state.on = false;
  state.generation++;
  countListed(state, []);
}

/** Whether writes to the review's source tables are being recorded (a snapshot exists, or is being made). */
export function isTrackingReviewWrites(db: AunDatabase): boolean {
  return trackingOf(db).on;
}

/** Resolves once the snapshot the last readReviewRows made is stored. */
export function reviewSnapshotSaved(db: AunDatabase): Promise<void> {
  return trackingOf(db).saving;
}

/** Every key: Dexie's own AnyRange (type 3, DBCoreRangeType.Any, a const enum we cannot import). */
const ALL = { type: 3, lower: -Infinity, lowerOpen: false, upper: [[]], upperOpen: false } as unknown as DBCoreKeyRange;

const isSource = (name: string): name is ReviewSource => (REVIEW_SOURCES as readonly string[]).includes(name);

function keysWritten(req: DBCoreMutateRequest, results: unknown[] | undefined): string[] | 'all' {
  switch (req.type) {
    case 'add':
    case 'put':
      return ((results ?? req.keys ?? []) as unknown[]).filter((k): k is string => typeof k === 'string');
    case 'delete':
      return req.keys as string[];
    case 'deleteRange':
      return 'all';
  }
}

/** What to record for a write to `table` (null: nothing), counting toward MAX_TRACKED_KEYS. */
function entryFor(state: TrackingState, table: ReviewSource, keys: string[] | 'all'): ReviewDirtyRow | null {
  if (state.whole.has(table)) return null;
  if (keys !== 'all' && keys.length === 0) return null;
  state.keys[table] += keys === 'all' ? 0 : keys.length;
  if (keys === 'all' || state.keys[table] > MAX_TRACKED_KEYS) {
    state.whole.add(table);
    return { table, all: true };
  }
  return { table, keys };
}

/**
 * The DBCore middleware that records writes to leads, handoffs and outcomes in `reviewDirty`, in
 * the writing transaction: every readwrite transaction over those tables also gets the
 * `reviewDirty` store (IndexedDB only lets a transaction write the stores it was opened with).
 * Clearing `reviewSnapshot` (a sign-out clears every table) stops the tracking until the next one.
 */
export function reviewDirtyMiddleware(db: AunDatabase): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'reviewDirty',
    create(down) {
      // Upgrades run under older schemas, without the store; nothing is tracked then anyway.
      const hasDirtyStore = down.schema.tables.some((t) => t.name === 'reviewDirty');
      return {
        ...down,
        transaction(stores, mode, options) {
          if (!hasDirtyStore || mode !== 'readwrite' || !stores.some(isSource)) return down.transaction(stores, mode, options);
          const scope = [...new Set([...stores, 'reviewDirty', 'reviewSnapshot'])];
          return down.transaction(scope, mode, options);
        },
        table(name) {
          const table = down.table(name);
          if (name === 'reviewSnapshot' && hasDirtyStore) {
            return {
              ...table,
              async mutate(req) {
                const res = await table.mutate(req);
                if (req.type === 'deleteRange') stopTracking(trackingOf(db));
                return res;
              },
            };
          }
          if (!isSource(name) || !hasDirtyStore) return table;
          const dirty = down.table('reviewDirty');
          const snapshotTable = down.table('reviewSnapshot');
          const tracked: DBCoreTable = {
            ...table,
            async mutate(req) {
              const res = await table.mutate(req);
              const state = trackingOf(db);
              if (!state.on) return res;
              if (name === 'leads' && (req.type === 'delete' || req.type === 'deleteRange')) {
                // A lead is deleted when it is erased: no copy of it may stay behind in the
                // snapshot until the next review, so the snapshot goes now and is rebuilt then.
                await Promise.all([snapshotTable.mutate({ type: 'deleteRange', trans: req.trans, range: ALL }), dirty.mutate({ type: 'deleteRange', trans: req.trans, range: ALL })]);
                stopTracking(state);
                return res;
              }
              const entry = entryFor(state, name, keysWritten(req, res.results));
              if (entry) await dirty.mutate({ type: 'add', trans: req.trans, values: [entry] });
              return res;
            },
          };
          return tracked;
        },
      };
    },
  };
}

/** Start tracking when the database opens with a snapshot in it (the worker restarted), counting what is listed. */
export async function resumeReviewTracking(db: AunDatabase): Promise<void> {
  if ((await db.reviewSnapshot.count()) === 0) return;
  const state = trackingOf(db);
  state.on = true;
  countListed(state, await db.reviewDirty.toArray());
}

/** Past this share of dirty rows, reading the table whole is cheaper than fetching by key. */
const PATCH_LIMIT = 0.3;

/** Replace, drop or add the changed rows, keeping primary-key order as a full read has it. */
function patch<T extends { id: string }, R>(items: T[], changed: Map<string, R | undefined>, project: (row: R) => T): T[] {
  if (changed.size === 0) return items;
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    if (!changed.has(item.id)) out.push(item);
    else {
      seen.add(item.id);
      const row = changed.get(item.id);
      if (row !== undefined) out.push(project(row));
    }
  }
  let added = false;
  for (const [id, row] of changed) {
    if (seen.has(id) || row === undefined) continue;
    out.push(project(row));
    added = true;
  }
  // IndexedDB orders string keys by UTF-16 code units, as < does.
  if (added) out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/**
 * The review's rows: from the snapshot patched with what was written since (or read whole when
 * there is no usable snapshot, after a range delete, or when most rows changed), in one read-only
 * transaction. The patched snapshot is stored afterwards, off the caller's path, removing only the
 * entries it covers: a write in between keeps its entry for the next read. Call inside no other
 * transaction.
 */
export async function readReviewRows(db: AunDatabase): Promise<ReviewRows> {
  const state = trackingOf(db);
  const generation = state.generation;
  // Before the transaction opens: a write queued behind it must already record itself.
  state.on = true;
  const read = await db.transaction('r', [db.reviewSnapshot, db.reviewDirty, db.leads, db.handoffs, db.outcomes], async () => {
    const [stored, dirty] = await Promise.all([db.reviewSnapshot.get('current'), db.reviewDirty.toArray()]);
    const snapshot = stored?.format === SNAPSHOT_FORMAT ? stored : undefined;
    const current = snapshot ? decodeSnapshot(snapshot) : null;
    const counts = { leads: current?.leads.length ?? 0, handoffs: current?.handoffs.length ?? 0, outcomes: current?.outcomes.length ?? 0 };
    const keys = { leads: new Set<string>(), handoffs: new Set<string>(), outcomes: new Set<string>() };
    const whole = new Set<ReviewSource>(current ? [] : REVIEW_SOURCES);
    for (const entry of dirty) {
      if (entry.all) whole.add(entry.table);
      else for (const k of entry.keys ?? []) keys[entry.table].add(k);
    }
    for (const table of REVIEW_SOURCES) if (keys[table].size > PATCH_LIMIT * Math.max(counts[table], 1)) whole.add(table);

    /** A table's projected rows: read whole, or the snapshot's patched with its listed rows. */
    const load = async <R, T extends { id: string }>(table: ReviewSource, project: (row: R) => T, cached: T[] | undefined): Promise<T[]> => {
      if (!cached || whole.has(table)) return ((await db.table(table).toArray()) as R[]).map(project);
      const ids = [...keys[table]];
      const rows = (await db.table(table).bulkGet(ids)) as Array<R | undefined>;
      return patch(cached, new Map(ids.map((id, i) => [id, rows[i]])), project);
    };
    const [leads, handoffs, outcomes] = await Promise.all([
      load<LeadRow, MetricLead>('leads', metricLead, current?.leads),
      load<HandoffRow, MetricHandoff>('handoffs', metricHandoff, current?.handoffs),
      load<OutcomeRow, MetricOutcome>('outcomes', metricOutcome, current?.outcomes),
    ]);
    const maxSeq = dirty.reduce((max, entry) => Math.max(max, entry.seq ?? 0), 0);
    return { rows: { leads, handoffs, outcomes }, stale: !snapshot || dirty.length > 0, maxSeq };
  });
  if (read.stale) {
    // After the caller's synchronous work (the review's computation) rather than before it.
    state.saving = state.saving.then(
      () => new Promise<void>((resolve) => setTimeout(() => void saveSnapshot(db, read.rows, read.maxSeq, generation).catch(() => undefined).finally(resolve), 0)),
    );
  }
  return read.rows;
}

async function saveSnapshot(db: AunDatabase, rows: ReviewRows, coveredSeq: number, generation: number): Promise<void> {
  const state = trackingOf(db);
  await db.transaction('rw', [db.reviewSnapshot, db.reviewDirty], async () => {
    // Dexie runs this callback at once; the first request resolves only when the transaction is
    // active, after any clear queued before it. Then: was the replica cleared since these rows
    // were read (a sign-out)? They belong to no one now.
    await db.reviewSnapshot.count();
    if (state.generation !== generation) return;
    await db.reviewSnapshot.put(encodeSnapshot(rows));
    await db.reviewDirty.where('seq').belowOrEqual(coveredSeq).delete();
    // Count again what is left (written since the read), so the cap stays a cap.
    countListed(state, await db.reviewDirty.toArray());
  });
}
