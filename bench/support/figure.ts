import { summarize, type Summary } from './stats';

/**
 * One measured figure. Samples are kept raw (results.json) and summarized for the table;
 * a budget names the statistic it holds for, so "p95 ≤ 50 ms" is checked on the p95.
 */
export interface Budget {
  stat: 'median' | 'p95' | 'p99';
  op: '<=' | '>=';
  value: number;
  /** Budget (set by the issue) or goal (what we aim for, e.g. 3× PouchDB). */
  kind?: 'budget' | 'goal';
}

export interface Figure {
  /** Stable id, e.g. "badge.latency". */
  id: string;
  /** Which issue item it answers (1–8 in the benchmarks issue). */
  item: number;
  label: string;
  unit: string;
  samples: number[];
  summary: Summary;
  budget?: Budget;
  /** Whether the budget held; undefined when there is none. */
  met?: boolean;
  /** What was measured exactly, and anything a reader must know (profiles, caveats). */
  note?: string;
}

export function figure(input: Omit<Figure, 'summary' | 'met'>): Figure {
  const summary = summarize(input.samples);
  const met = input.budget ? check(summary, input.budget) : undefined;
  return { ...input, summary, ...(met === undefined ? {} : { met }) };
}

function check(summary: Summary, budget: Budget): boolean {
  const value = summary[budget.stat];
  return budget.op === '<=' ? value <= budget.value : value >= budget.value;
}
