import Dexie from 'dexie';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reviewSnapshotSaved } from '../../lib/db/review-snapshot';
import { browser } from 'wxt/browser';
import { AunDatabase } from '../../lib/db/database';
import { toHandoffRow, toLeadRow } from '../../lib/db/rows';
import { createHandlers, dispatch } from '../../lib/background/handlers';
import { SyncEngine } from '../../lib/sync/engine';
import { DEFAULT_DEFINITION, ErrorCode, leadIdForEmail, type MutationCall } from '../../lib/domain';
import { Requests } from '../../lib/message-schemas';
import type { RequestName } from '../../lib/messages';
import { freshDbName, makeHandoff, makeLead, makeTouch, T0 } from '../support/factories';

/**
 * Property-based fuzzing of the extension's message protocol (issue #10): every message name in
 * `Requests` with random and malformed data, through `dispatch` over a real (fake-indexeddb) Dexie
 * database. Properties: `dispatch` never throws; it answers `{ok:true}` or `{ok:false, error}`
 * with a known ErrorCode; a message its schema refuses is `validation_failed` and changes no table
 * and no setting; an invalid `mutate` leaves the outbox and every table as they were.
 * Fixed seed and bounded runs; AUN_FUZZ_RUNS / AUN_FUZZ_SEED widen a local session.
 */
const SEED = Number(process.env.AUN_FUZZ_SEED ?? '') || 0x0a0e_2026;
const SCALE = Number(process.env.AUN_FUZZ_RUNS ?? '') || 0;
const runs = (n: number) => ({ seed: SEED, numRuns: SCALE || n, endOnFailure: true });
const TIMEOUT = 120_000;

const NOW = Date.parse('2026-03-02T02:00:00.000Z');
const LEAD = makeLead('taro@acme.co.jp');
const HANDOFF = makeHandoff(LEAD.id);
const NAMES = Object.keys(Requests) as RequestName[];

let db: AunDatabase;
/** What the next fetch does: throw (offline) or answer with a status and a body. */
let nextFetch: { kind: 'throw' } | { kind: 'answer'; status: number; body: string } = { kind: 'throw' };

beforeEach(async () => {
  fakeBrowser.reset();
  db = new AunDatabase(freshDbName());
  await seed();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function seed() {
  await db.leads.put(toLeadRow(LEAD));
  await db.touches.bulkPut([makeTouch(LEAD.id, 1, { type: 'webinar_attended' }), makeTouch(LEAD.id, 2)]);
  await db.handoffs.put(toHandoffRow(HANDOFF));
  await db.rejected.put({ localId: 7, name: 'handoff.decide', args: {} as never, leadId: LEAD.id, error: { code: 'already_decided', message: 'x' }, at: T0 });
}

/** Handlers over the database; the seeded rows are put back when a message (signOut, erase) took them. */
async function setup() {
  if (!(await db.leads.get(LEAD.id))) await seed();
  const fetchImpl = (async () => {
    const next = nextFetch;
    if (next.kind === 'throw') throw new TypeError('Failed to fetch');
    return new Response(next.body, { status: next.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const engine = new SyncEngine({ db, connection: async () => null, userId: async () => 'local', now: () => NOW });
  return createHandlers({ db, engine, now: () => NOW, fetch: fetchImpl });
}

/**
 * Every table and every stored setting, as one comparable string. First waits for the review
 * snapshot an earlier (valid) getReview saves after answering, so that save is not counted as a
 * change made by the message under test.
 */
async function snapshot(): Promise<string> {
  await reviewSnapshotSaved(db);
  const tables: Record<string, unknown> = {};
  for (const table of db.tables) tables[table.name] = await table.toArray();
  return JSON.stringify({ tables, storage: await browser.storage.local.get(null) });
}

async function expectWellFormed(reply: unknown): Promise<{ ok: boolean; code?: string }> {
  const r = reply as { ok: unknown; value?: unknown; error?: { code: unknown; message: unknown } };
  expect(typeof r.ok).toBe('boolean');
  if (r.ok) return { ok: true };
  expect(ErrorCode.safeParse(r.error?.code).success, JSON.stringify(r.error)).toBe(true);
  expect(typeof r.error?.message).toBe('string');
  return { ok: false, code: r.error!.code as string };
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const nastyString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '\uD800', '𠮷', '株式会社テスト', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '__proto__', 'constructor'),
  fc.emailAddress(),
  fc.integer({ min: 201, max: 6000 }).map((n) => 'x'.repeat(n)),
);
/** JSON values plus what structured clone can carry and JSON cannot. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 3 }),
  nastyString,
  fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, -0, 1.5, 2 ** 53 + 2, [], {}, true),
  fc.constant(null).map(() => new Date(NOW)),
  fc.bigInt({ min: -10n, max: 10n }),
  fc.anything({ maxDepth: 2 }),
);

function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object' || value instanceof Date) return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

type Corruption = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'unknownKey'; key: string; value: unknown } | { kind: 'wrongType' };
const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  anyValue.map((value) => ({ kind: 'set' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.record({ kind: fc.constant('unknownKey' as const), key: fc.string({ minLength: 1, maxLength: 10 }), value: anyValue }),
  fc.constant({ kind: 'wrongType' as const }),
);

function corrupt(value: unknown, path: (string | number)[], c: Corruption): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  if (path.length === 0) {
    if (c.kind === 'unknownKey' && copy && typeof copy === 'object' && !Array.isArray(copy)) return { ...copy, [`x_${c.key}`]: c.value };
    return c.kind === 'set' ? c.value : c.kind === 'wrongType' ? [copy] : undefined;
  }
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const current = parent[last];
  if (c.kind === 'set') parent[last] = c.value;
  else if (c.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (c.kind === 'unknownKey') {
    const target = current && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : (parent as Record<string, unknown>);
    target[`x_${c.key}`] = c.value;
  } else parent[last] = typeof current === 'string' ? 42 : typeof current === 'number' ? String(current) : typeof current === 'boolean' ? 'true' : [current];
  return copy;
}

const CALLS: MutationCall[] = [
  { name: 'lead.upsert', args: { lead: { id: leadIdForEmail('new@acme.co.jp'), email: 'new@acme.co.jp', company: 'ACME' } } },
  { name: 'lead.linkCrm', args: { leadId: LEAD.id, link: { system: 'hubspot', objectType: 'contact', recordId: '123', url: 'https://app.hubspot.com/contacts/1/contact/123' } } },
  { name: 'lead.erase', args: { leadId: LEAD.id } },
  { name: 'touch.add', args: { touch: { id: 'tc_new', leadId: LEAD.id, type: 'call', occurredAt: T0, origin: 'aun' } } },
  { name: 'handoff.create', args: { id: 'ho_new', leadId: LEAD.id, stageId: 'marketing_to_sales', toUserId: 'u-sales', checkedItemIds: ['consent'], createdAt: T0 } },
  { name: 'handoff.checkItem', args: { handoffId: HANDOFF.id, itemId: 'consent', checked: true, at: T0 } },
  { name: 'handoff.claim', args: { handoffId: HANDOFF.id, at: T0 } },
  { name: 'handoff.decide', args: { handoffId: HANDOFF.id, kind: 'reject', reasonCode: 'no_budget', at: T0 } },
  { name: 'outcome.record', args: { id: 'oc_new', leadId: LEAD.id, kind: 'won', amount: { value: 5_000_000, currency: 'JPY' }, occurredAt: T0 } },
  { name: 'definition.publish', args: { definition: DEFAULT_DEFINITION } },
  { name: 'user.setAway', args: { away: true } },
];

const PAGE = {
  site: 'salesforce',
  kind: 'crm-record',
  emails: [LEAD.email],
  name: '山田 太郎',
  crmRecord: { system: 'salesforce', objectType: 'Lead', recordId: '00Q5g00000AbCdEFGH', url: 'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEFGH/view' },
  message: { subject: 'Re: 見積', from: LEAD.email },
};

/** A valid request per message name (the base the corruptions start from). */
const VALID: { [N in RequestName]: unknown[] } = {
  getBadge: [PAGE, { site: 'gmail', kind: 'email-thread', emails: [] }],
  getLeadContext: [PAGE],
  listTouches: [{ leadId: LEAD.id, types: ['web_visit'], limit: 10 }],
  mutate: CALLS.map((call) => ({ call, holdMs: 10_000 })),
  undoMutation: [{ localId: 1 }],
  dismissRejected: [{ localId: 7 }],
  getSettings: [{}],
  saveSettings: [
    { language: 'ja', notifications: false, quietHours: { enabled: true, start: '20:00', end: '08:00', weekends: true, timezone: 'Asia/Tokyo' } },
    { serverUrl: 'https://aun.example.com', token: 'aun_0123456789abcdef' },
    { serverUrl: null, token: null },
  ],
  testConnection: [{ serverUrl: 'http://localhost:8787', token: 'aun_0123456789abcdef' }],
  getSyncStatus: [{}],
  syncNow: [{ reason: 'sidebar' }],
  signOut: [{ confirm: true }],
  exportLocalData: [{}],
  getMyQueue: [{}],
  openLead: [{ leadId: LEAD.id }],
  getActiveTabContext: [{}],
  getReview: [{ filters: { period: 'custom', from: '2026-01-01', to: '2026-03-31', channel: 'webinar' }, refresh: true }],
  getReviewLeads: [{ ids: [LEAD.id, 'ld_missing'] }],
  getDefinition: [{}],
  getTeam: [{}],
  whatIfDefinition: [{ definition: { ...DEFAULT_DEFINITION, mql: { ...DEFAULT_DEFINITION.mql, minEngagement: 1 } }, limit: 50 }],
};

const fetchArb = fc.oneof(
  fc.constant({ kind: 'throw' as const }),
  fc.record({
    kind: fc.constant('answer' as const),
    status: fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 429, 500, 502),
    body: fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 40 }), fc.constant('{"error":{"code":"forbidden","message":"no"}}'), fc.constant('{"error":{"code":"made_up","message":1}}')),
  }),
);

/** A message: a valid one with one corruption, random data, or a valid one untouched. */
const messageArb = fc.constantFrom(...NAMES).chain((name) => {
  const bases = VALID[name];
  const corrupted = fc.tuple(fc.nat(), fc.nat(), corruptionArb).map(([pick, at, c]) => {
    const base = bases[pick % bases.length];
    const paths = [[], ...pathsOf(base)];
    return corrupt(base, paths[at % paths.length]!, c);
  });
  return fc.record({
    name: fc.constant(name),
    data: fc.oneof({ weight: 5, arbitrary: corrupted }, { weight: 2, arbitrary: anyValue }, { weight: 1, arbitrary: fc.constantFrom(...bases) }),
  });
});

// ---------------------------------------------------------------------------------------------

describe('fuzzing the background message protocol', () => {
  it('every message with random or malformed data: dispatch never throws, answers with a known code, and a refused message changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(messageArb, fetchArb, async ({ name, data }, fetchBehaviour) => {
        nextFetch = fetchBehaviour;
        const handlers = await setup();
        const valid = Requests[name].safeParse(data).success;
        const before = valid ? '' : await snapshot();
        let reply: unknown;
        try {
          reply = await dispatch(handlers, name, data);
        } catch (error) {
          throw new Error(`dispatch threw for ${name}: ${String(error)}`);
        }
        const { ok, code } = await expectWellFormed(reply);
        if (!valid) {
          expect(ok).toBe(false);
          expect(code).toBe('validation_failed');
          expect(await snapshot()).toBe(before);
        }
      }),
      runs(500),
    );
  }, TIMEOUT);

  it('invalid mutate calls leave the outbox and every table unchanged', async () => {
    const mutateArb = fc.oneof(
      fc.tuple(fc.nat(), fc.nat(), corruptionArb).map(([pick, at, c]) => {
        const call = CALLS[pick % CALLS.length]!;
        const paths = [[], ...pathsOf(call)];
        return { call: corrupt(call, paths[at % paths.length]!, c) };
      }),
      fc.record({ call: fc.record({ name: fc.oneof(fc.constantFrom(...CALLS.map((c) => c.name)), fc.string({ maxLength: 20 })), args: anyValue }) }),
      fc.record({ call: fc.constantFrom(...CALLS), holdMs: fc.oneof(fc.integer({ min: -1000, max: -1 }), fc.integer({ min: 60_001 }), fc.double(), anyValue) }),
    );
    await fc.assert(
      fc.asyncProperty(mutateArb, async (data) => {
        const handlers = await setup();
        const before = await snapshot();
        const outbox = await db.outbox.count();
        const reply = await dispatch(handlers, 'mutate', data);
        const { ok, code } = await expectWellFormed(reply);
        const valid = Requests.mutate.safeParse(data).success;
        if (!valid) {
          expect({ ok, code }).toEqual({ ok: false, code: 'validation_failed' });
          expect(await db.outbox.count()).toBe(outbox);
          expect(await snapshot()).toBe(before);
        } else if (ok) expect(await db.outbox.count()).toBe(outbox + 1);
        else expect(await snapshot()).toBe(before);
      }),
      runs(300),
    );
  }, TIMEOUT);

  it('unknown message names, including Object.prototype keys, are bad_request and never throw', async () => {
    const nameArb = fc.oneof(
      fc.constantFrom('constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'dropTables', '', 'getbadge', 'getBadge '),
      fc.string({ maxLength: 20 }).filter((s) => !Object.hasOwn(Requests, s)),
    );
    await fc.assert(
      fc.asyncProperty(nameArb, anyValue, async (name, data) => {
        const handlers = await setup();
        const before = await snapshot();
        let reply: unknown;
        try {
          reply = await dispatch(handlers, name as RequestName, data);
        } catch (error) {
          throw new Error(`dispatch threw for message name ${JSON.stringify(name)}: ${String(error)}`);
        }
        expect(await expectWellFormed(reply)).toEqual({ ok: false, code: 'bad_request' });
        expect(await snapshot()).toBe(before);
      }),
      runs(100),
    );
  }, TIMEOUT);
});
