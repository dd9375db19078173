import { isoWeek, zoneOffsetMs, type IsoWeek } from './period';
import { WATERFALL, type LifecycleStage } from '../domain/lead';
import type { MetricHandoff, MetricInput, MetricLead, MetricOutcome, MetricUser } from './types';

/**
 * The filter-independent part of the review, worked out once per replica state: lookups by lead,
 * parsed timestamps, how far each lead got and what its outcomes add up to. Every filter change
 * then only scans flat arrays and compares numbers. Pure: the same input gives the same result;
 * the caller (lib/background/review.ts) keeps it while the replica does not change.
 */
export interface PreparedInput {
  readonly input: MetricInput;
  /** The zone the ISO weeks below were computed in. */
  readonly timeZone: string;
  readonly leads: readonly PreparedLead[];
  readonly handoffs: readonly PreparedHandoff[];
  readonly users: readonly MetricUser[];
}

export type Decided = 'accepted' | 'rejected' | 'recycled';

export interface PreparedLead {
  readonly lead: MetricLead;
  readonly createdMs: number;
  /** Every handoff of the lead, in input order (rep and stage filters look at them). */
  readonly handoffs: readonly MetricHandoff[];
  /** How far down the waterfall it ever got (reachedRank). */
  readonly rank: number;
  /** When it became an MQL (mqlAt, else its first handoff); NaN when never. */
  readonly mqlMs: number;
  readonly mqlWeek: IsoWeek | null;
  /** Marketing-sourced outcome of the lead (outcomes.ts). */
  readonly isOpportunity: boolean;
  readonly isWon: boolean;
  readonly isOpen: boolean;
  /** The latest opportunity amount, counted as pipeline only while the opportunity is open. */
  readonly pipelineAmount: MetricOutcome['amount'] | undefined;
  readonly wonAmount: MetricOutcome['amount'] | undefined;
  /** Currencies of the lead's outcome amounts, in order (which currency is the main one). */
  readonly currencies: readonly string[];
}

export interface PreparedHandoff {
  readonly handoff: MetricHandoff;
  /** The handoff's lead, undefined when it is not in the input. */
  readonly lead: MetricLead | undefined;
  readonly createdMs: number;
  readonly week: IsoWeek;
  readonly decided: Decided | null;
  /** The rejection reason it counts under, null when it does not count as a rejection. */
  readonly reasonCode: string | null;
  /** Decided in the weekly trend's sense (a decision, or a decided status) and accepted. */
  readonly trendDecided: boolean;
  readonly trendAccepted: boolean;
  /** created → decided, assigned → decided, created → assigned (ms); null when not applicable. */
  readonly toDecisionMs: number | null;
  readonly repMs: number | null;
  readonly routingMs: number | null;
  /** Pending and nobody assigned: waiting since createdMs. */
  readonly waitingUnassigned: boolean;
  /** Pending with a due time: when it falls due (NaN otherwise). */
  readonly pendingDueMs: number;
}

const DAY_MS = 86_400_000;

function decisionOf(h: MetricHandoff): Decided | null {
  if (h.status === 'accepted' || h.status === 'rejected' || h.status === 'recycled') return h.status;
  if (h.decision) return h.decision.kind === 'accept' ? 'accepted' : h.decision.kind === 'reject' ? 'rejected' : 'recycled';
  return null;
}

const span = (from: string, to: string) => Math.max(0, Date.parse(to) - Date.parse(from));

function latest(outcomes: readonly MetricOutcome[], kind: MetricOutcome['kind']): MetricOutcome | undefined {
  let best: MetricOutcome | undefined;
  for (const o of outcomes) if (o.kind === kind && (!best || o.occurredAt > best.occurredAt)) best = o;
  return best;
}

function group<T extends { leadId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.leadId);
    if (list) list.push(row);
    else map.set(row.leadId, [row]);
  }
  return map;
}

/** ISO weeks by local day: a workspace spans a few hundred days, not a hundred thousand instants. */
function weekFinder(timeZone: string): (ms: number) => IsoWeek {
  const byDay = new Map<number, IsoWeek>();
  return (ms) => {
    if (!Number.isFinite(ms)) return isoWeek(ms, timeZone);
    const day = Math.floor((ms + zoneOffsetMs(ms, timeZone)) / DAY_MS);
    let week = byDay.get(day);
    if (!week) byDay.set(day, (week = isoWeek(ms, timeZone)));
    return week;
  };
}

const EMPTY: readonly never[] = [];

const OUTCOME_RANK = { contacted: 2, meeting: 3, opportunity: 4, won: 5, lost: 0 } as const;

/**
 * How far down the waterfall a lead ever got (0 inquiry … 5 won), from its current stage and its
 * history: a lead now recycled or lost still counts at every stage it passed. A handoff means it was
 * an MQL; an accepted handoff or a contact means SAL; a meeting SQL; an opportunity outcome an
 * opportunity; a win won. `lost`, `recycled` and `disqualified` carry no rank of their own.
 */
export function reachedRank(lead: MetricLead, handoffs: readonly MetricHandoff[] = [], outcomes: readonly MetricOutcome[] = []): number {
  let rank = Math.max(0, WATERFALL.indexOf(lead.stage as LifecycleStage));
  if (lead.mqlAt || handoffs.length > 0) rank = Math.max(rank, 1);
  for (const h of handoffs) if (h.status === 'accepted' || h.decision?.kind === 'accept') rank = Math.max(rank, 2);
  for (const o of outcomes) rank = Math.max(rank, OUTCOME_RANK[o.kind]);
  return rank;
}

export function prepareInput(input: MetricInput, options: { timeZone?: string } = {}): PreparedInput {
  const timeZone = options.timeZone ?? 'UTC';
  const weekOf = weekFinder(timeZone);
  const leadsById = new Map(input.leads.map((l) => [l.id, l]));
  const handoffsByLead = group(input.handoffs);
  const outcomesByLead = group(input.outcomes);

  const leads = input.leads.map((lead): PreparedLead => {
    const handoffs = handoffsByLead.get(lead.id) ?? EMPTY;
    const outcomes = outcomesByLead.get(lead.id) ?? EMPTY;
    const rank = reachedRank(lead, handoffs, outcomes);
    let mql = lead.mqlAt;
    if (!mql) for (const h of handoffs) if (!mql || h.createdAt < mql) mql = h.createdAt;
    const mqlMs = mql ? Date.parse(mql) : Number.NaN;
    const won = latest(outcomes, 'won');
    const isWon = !!won || lead.stage === 'won';
    const isLost = outcomes.some((o) => o.kind === 'lost') || lead.stage === 'lost' || lead.stage === 'disqualified';
    const isOpportunity = rank >= 4;
    const isOpen = isOpportunity && !isWon && !isLost;
    const currencies: string[] = [];
    for (const o of outcomes) if (o.amount) currencies.push(o.amount.currency);
    return {
      lead,
      createdMs: Date.parse(lead.createdAt),
      handoffs,
      rank,
      mqlMs,
      mqlWeek: mql ? weekOf(mqlMs) : null,
      isOpportunity,
      isWon,
      isOpen,
      pipelineAmount: isOpen ? latest(outcomes, 'opportunity')?.amount : undefined,
      wonAmount: won?.amount,
      currencies,
    };
  });

  const handoffs = input.handoffs.map((h): PreparedHandoff => {
    const decided = decisionOf(h);
    const createdMs = Date.parse(h.createdAt);
    const countsAsRejection = decided === 'rejected' || (decided === 'recycled' && !!h.decision?.reasonCode);
    return {
      handoff: h,
      lead: leadsById.get(h.leadId),
      createdMs,
      week: weekOf(createdMs),
      decided,
      reasonCode: countsAsRejection ? (h.decision?.reasonCode ?? 'other') : null,
      trendDecided: !!h.decision || h.status === 'accepted' || h.status === 'rejected' || h.status === 'recycled',
      trendAccepted: h.status === 'accepted' || h.decision?.kind === 'accept',
      toDecisionMs: h.decision ? span(h.createdAt, h.decision.at) : null,
      repMs: h.decision && h.assignedAt ? span(h.assignedAt, h.decision.at) : null,
      routingMs: h.assignedAt ? span(h.createdAt, h.assignedAt) : null,
      waitingUnassigned: !h.assignedAt && h.status === 'pending' && !h.toUserId,
      pendingDueMs: h.status === 'pending' && h.dueAt ? Date.parse(h.dueAt) : Number.NaN,
    };
  });

  return { input, timeZone, leads, handoffs, users: input.users ?? EMPTY };
}

/** Input already prepared is used as is; otherwise prepared now (one-off calls, tests). */
export function isPrepared(input: MetricInput | PreparedInput): input is PreparedInput {
  return 'input' in input && 'timeZone' in input;
}
