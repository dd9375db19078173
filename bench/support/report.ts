import type { Figure } from './figure';
import type { Machine } from './machine';

export interface SuiteResult {
  name: string;
  seconds: number;
  error?: string;
}

export interface BenchResults {
  startedAt: string;
  seconds: number;
  scale: number;
  runs: number;
  machine: Machine;
  suites: SuiteResult[];
  figures: Figure[];
}

const ITEMS: Record<number, string> = {
  1: 'Content script',
  2: 'Badge latency',
  3: 'Drawer latency',
  4: 'Initial sync',
  5: 'Propagation',
  6: 'Server throughput',
  7: 'Grading',
  8: 'Review dashboard',
};

function num(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function budgetCell(f: Figure): string {
  if (!f.budget) return '';
  const word = f.budget.kind === 'goal' ? 'goal' : 'budget';
  return `${f.budget.stat} ${f.budget.op === '<=' ? '≤' : '≥'} ${num(f.budget.value)} ${f.unit} (${word})`;
}

function verdict(f: Figure): string {
  if (f.met === undefined) return '';
  return f.met ? 'met' : '**missed**';
}

/** The generated part of docs/performance.md: one table per issue item, every figure against its budget. */
export function renderTables(results: BenchResults): string {
  const m = results.machine;
  const lines = [
    `Run ${results.startedAt} in ${Math.round(results.seconds)} s at scale ${results.scale}` +
      `${results.scale === 1 ? ' (the reference: 100,000 leads, 1,000,000 touches, 20,000 handoffs)' : ' (a reduced run: not the reference)'}.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; ${m.chromium}; load average ${m.loadAverage} at the end of the run.`,
    '',
    'Median and p95 over the samples (n); spread is the interquartile range (p75 − p25).',
    '',
  ];
  const failed = results.suites.filter((s) => s.error);
  for (const [item, title] of Object.entries(ITEMS)) {
    const figures = results.figures.filter((f) => f.item === Number(item));
    lines.push(`### ${item}. ${title}`, '');
    if (figures.length === 0) {
      lines.push('_Not measured in this run._', '');
      continue;
    }
    lines.push('| Figure | Median | p95 | Spread | n | Budget | Result |', '|---|---:|---:|---:|---:|---|---|');
    for (const f of figures) {
      const s = f.summary;
      lines.push(`| ${f.label} (${f.unit}) | ${num(s.median)} | ${num(s.p95)} | ${num(s.iqr)} | ${s.n} | ${budgetCell(f)} | ${verdict(f)} |`);
    }
    const notes = figures.filter((f) => f.note);
    if (notes.length) lines.push('', ...notes.map((f) => `- ${f.label}: ${f.note}`));
    lines.push('');
  }
  if (failed.length) {
    lines.push('### Suites that failed in this run', '', ...failed.map((s) => `- ${s.name}: ${s.error}`), '');
  }
  return lines.join('\n');
}

export const START = '<!-- bench:results:start (written by npm run bench; edit outside these markers) -->';
export const END = '<!-- bench:results:end -->';

/** Replace the generated block of the document, keeping the hand-written findings around it. */
export function spliceTables(document: string, tables: string): string {
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start < 0 || end < start) return `${document.trimEnd()}\n\n${START}\n${tables}\n${END}\n`;
  return `${document.slice(0, start + START.length)}\n${tables}\n${document.slice(end)}`;
}
