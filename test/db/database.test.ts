import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { SCHEMA_V1, SCHEMA_V2, SCHEMA_V3 } from '../../lib/db/database';
import { readReviewRows, reviewSnapshotSaved } from '../../lib/db/review-snapshot';
import {
  countTouches,
  currentDefinition,
  findLeadByCrm,
  findLeadByEmail,
  findLeadForPage,
  handoffsByStatus,
  latestHandoff,
  listTouches,
  pendingHandoffsFor,
} from '../../lib/db/queries';
import { NO_DUE, toHandoffRow, toLeadRow } from '../../lib/db/rows';
import { DEFAULT_DEFINITION } from '../../lib/domain';
import { freshDatabases } from '../support/databases';
import { freshDbName, makeHandoff, makeLead, makeTouch, T0 } from '../support/factories';

const newDb = freshDatabases();

describe('AunDatabase queries', () => {
  it('finds a lead by normalised email and by CRM link', async () => {
    const db = newDb();
    const lead = makeLead('taro@acme.co.jp', {
      crmLinks: [{ system: 'salesforce', objectType: 'Lead', recordId: '00Q5g00000AbCdEFGH', url: 'https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEFGH/view' }],
    });
    await db.leads.put(toLeadRow(lead));
    expect((await findLeadByEmail(db, '  Taro@ACME.co.jp '))?.id).toBe(lead.id);
    expect(await findLeadByEmail(db, 'jiro@acme.co.jp')).toBeUndefined();
    const byCrm = await findLeadByCrm(db, 'salesforce', '00Q5g00000AbCdEFGH');
    expect(byCrm?.id).toBe(lead.id);
    // Derived index fields never leak out of the database layer.
    expect(Object.keys(byCrm!).some((k) => k.startsWith('_'))).toBe(false);
    expect(await findLeadByCrm(db, 'hubspot', '00Q5g00000AbCdEFGH')).toBeUndefined();
  });

  it('rejects a second lead with the same email (unique index)', async () => {
    const db = newDb();
    await db.leads.put(toLeadRow(makeLead('taro@acme.co.jp')));
    await expect(db.leads.add(toLeadRow({ ...makeLead('taro@acme.co.jp'), id: 'other-id' }))).rejects.toThrow();
  });

  it('picks the CRM-linked lead first, then the first page email that is known', async () => {
    const db = newDb();
    const a = makeLead('a@acme.co.jp');
    const b = makeLead('b@acme.co.jp', { crmLinks: [{ system: 'hubspot', objectType: 'contact', recordId: '51', url: 'https://app.hubspot.com/contacts/1/record/0-1/51' }] });
    await db.leads.bulkPut([toLeadRow(a), toLeadRow(b)]);
    expect((await findLeadForPage(db, { emails: ['nobody@x.jp', 'b@acme.co.jp', 'a@acme.co.jp'] }))?.id).toBe(b.id);
    expect((await findLeadForPage(db, { emails: ['a@acme.co.jp'], crmRecord: { system: 'hubspot', recordId: '51' } }))?.id).toBe(b.id);
    expect(await findLeadForPage(db, { emails: [] })).toBeUndefined();
  });

  it('lists touches newest first, filtered by type, limited, and counts them', async () => {
    const db = newDb();
    const lead = makeLead('a@acme.co.jp');
    const other = makeLead('z@acme.co.jp');
    await db.touches.bulkPut([
      makeTouch(lead.id, 3, { type: 'email_open' }),
      makeTouch(lead.id, 1, { type: 'webinar_attended' }),
      makeTouch(lead.id, 2, { type: 'email_open' }),
      makeTouch(other.id, 0),
    ]);
    expect((await listTouches(db, lead.id)).map((t) => t.id)).toEqual([`t-${lead.id}-1`, `t-${lead.id}-2`, `t-${lead.id}-3`]);
    expect((await listTouches(db, lead.id, { types: ['email_open'] })).map((t) => t.id)).toEqual([`t-${lead.id}-2`, `t-${lead.id}-3`]);
    expect(await listTouches(db, lead.id, { limit: 1 })).toHaveLength(1);
    expect(await countTouches(db, lead.id)).toBe(3);
  });

  it('indexes handoffs by status, assignee and due time', async () => {
    const db = newDb();
    await db.handoffs.bulkPut([
      toHandoffRow(makeHandoff('l1', { id: 'h1', dueAt: '2026-03-05T00:00:00.000Z' })),
      toHandoffRow(makeHandoff('l2', { id: 'h2', dueAt: '2026-03-04T00:00:00.000Z' })),
      toHandoffRow(makeHandoff('l3', { id: 'h3', status: 'accepted' })),
      toHandoffRow(makeHandoff('l4', { id: 'h4', toUserId: undefined, toQueueId: 'q1', assignedAt: undefined, dueAt: undefined })),
      toHandoffRow(makeHandoff('l5', { id: 'h5', toUserId: 'u-other' })),
    ]);
    expect((await pendingHandoffsFor(db, 'u-sales')).map((h) => h.id)).toEqual(['h2', 'h1']);
    expect((await handoffsByStatus(db, 'pending')).map((h) => h.id)).toEqual(['h5', 'h2', 'h1', 'h4']);
    expect((await db.handoffs.get('h4'))?._due).toBe(NO_DUE);
    expect((await latestHandoff(db, 'l3'))?.status).toBe('accepted');
  });

  it('falls back to the built-in definition until a version is synced', async () => {
    const db = newDb();
    expect(await currentDefinition(db)).toEqual(DEFAULT_DEFINITION);
    await db.definitions.put({ ...DEFAULT_DEFINITION, version: 2, mql: { minFit: 'A', minEngagement: 3 } });
    expect((await currentDefinition(db)).version).toBe(2);
  });
});

describe('AunDatabase migration', () => {
  it('upgrades a version-1 database: keeps data, fills handoff indexes, queues leads for grading', async () => {
    const name = freshDbName();
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    const lead = makeLead('a@acme.co.jp');
    const { _crm, ...plainLead } = toLeadRow(lead);
    await v1.table('leads').put({ ...plainLead, _crm });
    // v1 handoffs had no derived fields.
    await v1.table('handoffs').put(makeHandoff(lead.id, { id: 'h1' }));
    await v1.table('handoffs').put(makeHandoff(lead.id, { id: 'h2', toUserId: undefined, toQueueId: 'q', dueAt: undefined }));
    await v1.table('outbox').add({ name: 'touch.add', args: {}, createdAt: 'x', notBefore: 'x', leadId: null, keys: [] });
    v1.close();

    const db = newDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect((await db.leads.get(lead.id))?.email).toBe('a@acme.co.jp');
    expect(await db.outbox.count()).toBe(1);
    expect((await pendingHandoffsFor(db, 'u-sales')).map((h) => h.id)).toEqual(['h1']);
    expect((await db.handoffs.get('h2'))?._assignee).toBe('');
    expect(await db.regradeQueue.toCollection().primaryKeys()).toEqual([lead.id]);
  });

  it('upgrades a version-2 database to 3 (and on): keeps every row and grade, drops only the indexes no query uses', async () => {
    const name = freshDbName();
    const v2 = new Dexie(name);
    v2.version(2).stores(SCHEMA_V2);
    const lead = makeLead('a@acme.co.jp', {
      crmLinks: [{ system: 'hubspot', objectType: 'contact', recordId: '51', url: 'https://app.hubspot.com/contacts/1/record/0-1/51' }],
    });
    await v2.table('leads').put({ ...toLeadRow(lead), _grade: 'A2', _score: 80, _mql: 1, _gradeVersion: 1 });
    await v2.table('touches').bulkPut([makeTouch(lead.id, 1), makeTouch(lead.id, 2, { externalId: 'x-1' })]);
    await v2.table('handoffs').put(toHandoffRow(makeHandoff(lead.id, { id: 'h1' })));
    await v2.table('outcomes').put({ id: 'o1', leadId: lead.id, kind: 'contacted', occurredAt: T0, recordedBy: 'u-sales' });
    await v2.table('regradeQueue').put({ leadId: lead.id });
    v2.close();

    const db = newDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    const indexes = (table: string) => db.table(table).schema.indexes.map((i) => i.name).sort();
    expect(indexes('leads')).toEqual(['_crm', 'email', 'updatedAt']);
    expect(indexes('touches')).toEqual(['[leadId+occurredAt]']);
    expect(indexes('handoffs')).toEqual(['[_assignee+status+_due]', '[status+_due]', 'fromUserId', 'leadId']);
    expect(indexes('outcomes')).toEqual(['leadId']);
    // The stored database itself has lost them, not just Dexie's view of it.
    const idb = db.backendDB();
    const stored = (store: string) => [...idb.transaction(store).objectStore(store).indexNames].sort();
    expect(stored('leads')).toEqual(['_crm', 'email', 'updatedAt']);
    expect(stored('touches')).toEqual(['[leadId+occurredAt]']);
    // Rows, grades and the queries that remain are untouched.
    expect(await db.leads.get(lead.id)).toMatchObject({ _grade: 'A2', _score: 80 });
    expect((await findLeadByCrm(db, 'hubspot', '51'))?.id).toBe(lead.id);
    expect(await countTouches(db, lead.id)).toBe(2);
    expect((await pendingHandoffsFor(db, 'u-sales')).map((h) => h.id)).toEqual(['h1']);
    expect(await db.outcomes.where('leadId').equals(lead.id).count()).toBe(1);
    expect(await db.regradeQueue.count()).toBe(1);
  });

  it('upgrades a version-3 database to 4: adds the review snapshot, which the first review builds from the rows', async () => {
    const name = freshDbName();
    const v3 = new Dexie(name);
    v3.version(3).stores(SCHEMA_V3);
    const lead = makeLead('a@acme.co.jp');
    await v3.table('leads').put({ ...toLeadRow(lead), _grade: 'A2', _score: 80, _mql: 1, _gradeVersion: 1 });
    await v3.table('handoffs').put(toHandoffRow(makeHandoff(lead.id, { id: 'h1' })));
    v3.close();

    const db = newDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await db.reviewSnapshot.count()).toBe(0);
    expect(await db.leads.get(lead.id)).toMatchObject({ _grade: 'A2' });
    const rows = await readReviewRows(db);
    expect(rows.leads.map((l) => l.id)).toEqual([lead.id]);
    expect(rows.handoffs.map((h) => h.id)).toEqual(['h1']);
    await reviewSnapshotSaved(db);
    expect(await db.reviewSnapshot.count()).toBe(1);
  });
});
