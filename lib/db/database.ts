import Dexie, { type Table } from 'dexie';
import type {
  DefinitionRow,
  HandoffRow,
  LeadRow,
  MetaRow,
  OutboxEntry,
  OutcomeRow,
  QueueRow,
  RegradeRow,
  RejectedEntry,
  ShadowRow,
  TouchRow,
  UserRow,
} from './rows';
import { NO_DUE } from './rows';
import { resumeReviewTracking, reviewDirtyMiddleware, type ReviewDirtyRow, type ReviewSnapshotRow } from './review-snapshot';

export const DB_NAME = 'aun';

/**
 * The local replica. Owned by the background service worker only: content scripts would see
 * the host page's IndexedDB, and our iframe in a CRM page is a third-party context where
 * IndexedDB may be denied.
 *
 * Versions are explicit and never edited once shipped; a change is a new version with an upgrade.
 */
export class AunDatabase extends Dexie {
  leads!: Table<LeadRow, string>;
  touches!: Table<TouchRow, string>;
  handoffs!: Table<HandoffRow, string>;
  outcomes!: Table<OutcomeRow, string>;
  definitions!: Table<DefinitionRow, number>;
  users!: Table<UserRow, string>;
  queues!: Table<QueueRow, string>;
  outbox!: Table<OutboxEntry, number>;
  rejected!: Table<RejectedEntry, number>;
  shadows!: Table<ShadowRow, string>;
  regradeQueue!: Table<RegradeRow, string>;
  meta!: Table<MetaRow, string>;
  reviewSnapshot!: Table<ReviewSnapshotRow, string>;
  reviewDirty!: Table<ReviewDirtyRow, number>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        // v2 indexes handoffs by assignee and due time; fill the derived fields on old rows,
        // and queue every lead for grading so the new grade cache fills in.
        await tx
          .table('handoffs')
          .toCollection()
          .modify((h: HandoffRow) => {
            h._assignee = h.toUserId ?? '';
            h._due = h.dueAt ?? NO_DUE;
          });
        const ids = (await tx.table('leads').toCollection().primaryKeys()) as string[];
        await tx.table('regradeQueue').bulkPut(ids.map((leadId) => ({ leadId })));
      });
    // v3 only drops indexes: IndexedDB removes them, the rows stay as they are.
    this.version(3).stores(SCHEMA_V3);
    // v4 adds the review's snapshot and its dirty list (lib/db/review-snapshot.ts); the first
    // review after the upgrade builds the snapshot.
    this.version(4).stores(SCHEMA_V4);
    this.use(reviewDirtyMiddleware(this));
    this.on('ready', () => resumeReviewTracking(this));
  }
}

/** Version 1, as first shipped. Kept verbatim for the migration. */
export const SCHEMA_V1 = {
  leads: 'id, &email, *_crm, stage, ownerId, updatedAt',
  touches: 'id, [leadId+occurredAt], [origin+externalId]',
  handoffs: 'id, leadId, status, createdAt',
  outcomes: 'id, leadId, occurredAt',
  definitions: 'version',
  users: 'id',
  queues: 'id',
  outbox: '++localId',
  shadows: 'key',
  meta: 'key',
};

/** Version 2: grade cache on leads, handoffs by status/assignee/due, rejected mutations, regrade queue. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  leads: 'id, &email, *_crm, stage, ownerId, updatedAt, _grade, _score',
  handoffs: 'id, leadId, status, createdAt, [status+_due], [_assignee+status+_due], fromUserId',
  rejected: 'localId, leadId',
  regradeQueue: 'leadId',
};

/**
 * Version 3: only the indexes a query uses. Every index is written on every put, and an initial
 * sync puts a million rows; the dropped ones (lead stage, owner, grade and score; touch origin and
 * external id; handoff status and creation time; outcome time) were never queried.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  leads: 'id, &email, *_crm, updatedAt',
  touches: 'id, [leadId+occurredAt]',
  handoffs: 'id, leadId, [status+_due], [_assignee+status+_due], fromUserId',
  outcomes: 'id, leadId',
};

/** Version 4: the review's columnar snapshot and the writes since it. */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  reviewSnapshot: 'key',
  reviewDirty: '++seq',
};

let shared: AunDatabase | undefined;

/** The background's single database handle. */
export function getDb(): AunDatabase {
  shared ??= new AunDatabase();
  return shared;
}
