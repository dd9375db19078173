import { buildScope, type ReviewFilters, type Scope } from './filters';
import { NONE_KEY } from './acceptance';
import { reachedRank } from './waterfall';
import type { Counted, MetricInput, MetricLead, MetricOptions, MetricOutcome } from './types';

export interface OutcomeRow {
  /** The channel, campaign or vendor ('' for none); 'all' for the total. */
  key: string;
  leads: Counted;
  /** Leads that reached opportunity (cohort-style, as in the waterfall). */
  opportunities: Counted;
  /** Open opportunities: reached opportunity, neither won nor lost. */
  open: Counted;
  /** Sum of each open opportunity's latest opportunity amount. */
  pipeline: number;
  won: Counted;
  /** Sum of each won lead's latest won amount. */
  wonRevenue: number;
  /** wonRevenue / won leads with an amount; null with none. */
  averageDeal: number | null;
}

export interface OutcomesResult {
  currency: string;
  /** Amounts left out because they were in another currency. */
  otherCurrency: number;
  total: OutcomeRow;
  bySource: OutcomeRow[];
  byCampaign: OutcomeRow[];
  byVendor: OutcomeRow[];
}

function latest(outcomes: readonly MetricOutcome[], kind: MetricOutcome['kind']): MetricOutcome | undefined {
  let best: MetricOutcome | undefined;
  for (const o of outcomes) if (o.kind === kind && (!best || o.occurredAt > best.occurredAt)) best = o;
  return best;
}

/** The currency most outcome amounts use; JPY when there are none. */
export function mainCurrency(outcomes: readonly MetricOutcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) if (o.amount) counts.set(o.amount.currency, (counts.get(o.amount.currency) ?? 0) + 1);
  let best = 'JPY';
  let n = 0;
  for (const [c, k] of counts) if (k > n || (k === n && c === 'JPY')) [best, n] = [c, k];
  return best;
}

interface Acc {
  leads: string[];
  opportunities: string[];
  open: string[];
  pipeline: number;
  won: string[];
  wonRevenue: number;
  wonWithAmount: number;
}

const empty = (): Acc => ({ leads: [], opportunities: [], open: [], pipeline: 0, won: [], wonRevenue: 0, wonWithAmount: 0 });

function toRow(key: string, a: Acc): OutcomeRow {
  const c = (ids: string[]): Counted => ({ count: ids.length, leadIds: ids });
  return {
    key,
    leads: c(a.leads),
    opportunities: c(a.opportunities),
    open: c(a.open),
    pipeline: a.pipeline,
    won: c(a.won),
    wonRevenue: a.wonRevenue,
    averageDeal: a.wonWithAmount > 0 ? a.wonRevenue / a.wonWithAmount : null,
  };
}

export function outcomesFromScope(scope: Scope, options: { currency?: string | undefined } = {}): OutcomesResult {
  const all: MetricOutcome[] = [];
  for (const lead of scope.cohort) all.push(...(scope.outcomesByLead.get(lead.id) ?? []));
  const currency = options.currency ?? mainCurrency(all);
  let otherCurrency = 0;
  const dims: [keyof Omit<OutcomesResult, 'currency' | 'otherCurrency' | 'total'>, (l: MetricLead) => string][] = [
    ['bySource', (l) => l.source.channel],
    ['byCampaign', (l) => l.source.campaign ?? NONE_KEY],
    ['byVendor', (l) => l.source.vendor ?? NONE_KEY],
  ];
  const total = empty();
  const maps = new Map(dims.map(([name]) => [name, new Map<string, Acc>()]));

  for (const lead of scope.cohort) {
    const outcomes = scope.outcomesByLead.get(lead.id) ?? [];
    const handoffs = scope.handoffsByLead.get(lead.id) ?? [];
    const accs = [total, ...dims.map(([name, dim]) => {
      const map = maps.get(name)!;
      const key = dim(lead);
      let acc = map.get(key);
      if (!acc) map.set(key, (acc = empty()));
      return acc;
    })];
    const isOpp = reachedRank(lead, handoffs, outcomes) >= 4;
    const wonOutcome = latest(outcomes, 'won');
    const isWon = !!wonOutcome || lead.stage === 'won';
    const isLost = outcomes.some((o) => o.kind === 'lost') || lead.stage === 'lost' || lead.stage === 'disqualified';
    const isOpen = isOpp && !isWon && !isLost;
    const opp = isOpen ? latest(outcomes, 'opportunity') : undefined;
    let pipeline = 0;
    if (opp?.amount) {
      if (opp.amount.currency === currency) pipeline = opp.amount.value;
      else otherCurrency += 1;
    }
    let revenue = 0;
    let withAmount = 0;
    if (wonOutcome?.amount) {
      if (wonOutcome.amount.currency === currency) [revenue, withAmount] = [wonOutcome.amount.value, 1];
      else otherCurrency += 1;
    }
    for (const acc of accs) {
      acc.leads.push(lead.id);
      if (isOpp) acc.opportunities.push(lead.id);
      if (isOpen) acc.open.push(lead.id);
      if (isWon) acc.won.push(lead.id);
      acc.pipeline += pipeline;
      acc.wonRevenue += revenue;
      acc.wonWithAmount += withAmount;
    }
  }
  const rows = (name: (typeof dims)[number][0]) =>
    [...maps.get(name)!]
      .map(([key, acc]) => toRow(key, acc))
      .sort((a, b) => b.wonRevenue - a.wonRevenue || b.pipeline - a.pipeline || b.leads.count - a.leads.count || a.key.localeCompare(b.key));
  return { currency, otherCurrency, total: toRow('all', total), bySource: rows('bySource'), byCampaign: rows('byCampaign'), byVendor: rows('byVendor') };
}

/** Marketing-sourced outcomes of the lead cohort, per source, campaign and vendor. */
export function outcomesBySource(input: MetricInput, filters: ReviewFilters, now: number, options?: MetricOptions): OutcomesResult {
  return outcomesFromScope(buildScope(input, filters, now, options), options);
}
