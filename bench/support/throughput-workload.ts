import type { MutationCall } from '../../lib/domain';

/**
 * What the server-throughput load generator sends (bench/support/throughput-load.ts runs it in a
 * child process, so the load it makes does not share the server's event loop). Pure: every
 * request is a function of (connection, sequence number), so runs are repeatable.
 */

export interface PushFixture {
  leads: { id: string; email: string }[];
  pendingHandoffIds: string[];
  checklistItemIds: string[];
}

interface JobBase {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** One bearer token per connection: each connection is one person's extension. */
  tokens: string[];
  /** Makes client ids (and touch ids) unique per run. */
  runTag: string;
}

export interface PushJob extends JobBase {
  kind: 'push';
  fixture: PushFixture;
}

export interface PullJob extends JobBase {
  kind: 'pull';
  cursors: string[];
  limit: number;
}

export type LoadJob = PushJob | PullJob;

export interface LoadResult {
  seconds: number;
  /** Responses with a 2xx status. */
  ok: number;
  requestsPerSecond: number;
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Push: mutation results by status, and the applied ones by mutation name. */
  statuses: { applied: number; duplicate: number; rejected: number };
  appliedByName: Record<string, number>;
  /** Pull: changes received (every response is parsed). */
  changes: number;
}

/** A client id the server accepts (ClientId: 8–64 of [A-Za-z0-9_-]). */
export function clientIdFor(runTag: string, connection: number): string {
  return `${runTag}c${connection}`;
}

/** Touch ids the push phase creates start with this, so the database can be counted afterwards. */
export function benchTouchPrefix(runTag: string): string {
  return `tcb_${runTag}`;
}

/** A cheap deterministic spread of (connection, sequence) over `n` items. */
function spread(connection: number, sequence: number, n: number): number {
  return Math.abs(Math.imul(connection + 1, 2_654_435_761) ^ Math.imul(sequence, 40_503)) % n;
}

const REP_TOUCH_TYPES = ['call', 'meeting', 'inbound_email', 'web_visit'] as const;

/**
 * The `sequence`-th change (1-based) of one person's extension, in the proportions a sales team
 * makes them: per ten, six touches logged (calls, meetings, mails), two lead edits, two handoff
 * checklist items ticked or unticked.
 */
export function mutationFor(job: Pick<PushJob, 'runTag' | 'fixture'>, connection: number, sequence: number, now: string): MutationCall {
  const { fixture } = job;
  const slot = sequence % 10;
  const lead = fixture.leads[spread(connection, sequence, fixture.leads.length)]!;
  if (slot < 6) {
    return {
      name: 'touch.add',
      args: {
        touch: {
          id: `${benchTouchPrefix(job.runTag)}_${connection}_${sequence}`,
          leadId: lead.id,
          type: REP_TOUCH_TYPES[sequence % REP_TOUCH_TYPES.length]!,
          occurredAt: now,
          detail: 'Follow-up logged from the sidebar',
          origin: 'aun',
        },
      },
    };
  }
  if (slot < 8) return { name: 'lead.upsert', args: { lead: { id: lead.id, email: lead.email, title: `Title ${connection}-${sequence}` } } };
  return {
    name: 'handoff.checkItem',
    args: {
      handoffId: fixture.pendingHandoffIds[spread(connection, sequence, fixture.pendingHandoffIds.length)]!,
      itemId: fixture.checklistItemIds[sequence % fixture.checklistItemIds.length]!,
      checked: sequence % 20 < 10,
      at: now,
    },
  };
}

/** The pull a connection makes next: from a cursor of the job's list, as a client's 30 s poll or a page of initial sync. */
export function pullPathFor(job: Pick<PullJob, 'runTag' | 'cursors' | 'limit'>, connection: number, sequence: number): string {
  const cursor = job.cursors[spread(connection, sequence, job.cursors.length)]!;
  const query = new URLSearchParams({ clientId: clientIdFor(job.runTag, connection), cursor, limit: String(job.limit) });
  return `/api/sync/pull?${query}`;
}
