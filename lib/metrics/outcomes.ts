import { buildScope, type ReviewFilters, type Scope } from './filters';
import { NONE_KEY } from './acceptance';
import type { PreparedInput } from './prepare';
import type { Counted, MetricInput, MetricOptions, MetricOutcome } from './types';

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
  let currency = options.currency;
  if (currency === undefined) {
    // mainCurrency over the cohort's outcome amounts, in the same order.
    const counts = new Map<string, number>();
    for (const p of scope.cohort) for (const c of p.currencies) counts.set(c, (counts.get(c) ?? 0) + 1);
    currency = 'JPY';
    let n = 0;
    for (const [c, k] of counts) if (k > n || (k === n && c === 'JPY')) [currency, n] = [c, k];
  }
  let otherCurrency = 0;
  const total = empty();
  const bySource = new Map<string, Acc>();
  const byCampaign = new Map<string, Acc>();
  const byVendor = new Map<string, Acc>();
  const accOf = (map: Map<string, Acc>, key: string) => {
    let acc = map.get(key);
    if (!acc) map.set(key, (acc = empty()));
    return acc;
  };

  for (const p of scope.cohort) {
    const { lead } = p;
    const accs = [total, accOf(bySource, lead.source.channel), accOf(byCampaign, lead.source.campaign ?? NONE_KEY), accOf(byVendor, lead.source.vendor ?? NONE_KEY)];
    let pipeline = 0;
    if (p.pipelineAmount) {
      if (p.pipelineAmount.currency === currency) pipeline = p.pipelineAmount.value;
      else otherCurrency += 1;
    }
    let revenue = 0;
    let withAmount = 0;
    if (p.wonAmount) {
      if (p.wonAmount.currency === currency) [revenue, withAmount] = [p.wonAmount.value, 1];
      else otherCurrency += 1;
    }
    for (const acc of accs) {
      acc.leads.push(lead.id);
      if (p.isOpportunity) acc.opportunities.push(lead.id);
      if (p.isOpen) acc.open.push(lead.id);
      if (p.isWon) acc.won.push(lead.id);
      acc.pipeline += pipeline;
      acc.wonRevenue += revenue;
      acc.wonWithAmount += withAmount;
    }
  }
  const rows = (map: Map<string, Acc>) =>
    [...map]
      .map(([key, acc]) => toRow(key, acc))
      .sort((a, b) => b.wonRevenue - a.wonRevenue || b.pipeline - a.pipeline || b.leads.count - a.leads.count || a.key.localeCompare(b.key));
  return { currency, otherCurrency, total: toRow('all', total), bySource: rows(bySource), byCampaign: rows(byCampaign), byVendor: rows(byVendor) };
}

/** Marketing-sourced outcomes of the lead cohort, per source, campaign and vendor. */
export function outcomesBySource(input: MetricInput | PreparedInput, filters: ReviewFilters, now: number, options?: MetricOptions): OutcomesResult {
  return outcomesFromScope(buildScope(input, filters, now, options), options);
}
