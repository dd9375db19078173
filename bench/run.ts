/**
 * `npm run bench`: every figure of the benchmarks issue, at the reference scale, in real Chromium
 * where the issue says so. Writes bench/results.json (raw samples) and the tables of
 * docs/performance.md. Not part of npm test: it takes minutes and the figures are targets, not
 * assertions. `npm run bench -- --only=grading,badge` runs some suites; BENCH_SCALE=0.1 a smaller
 * workspace; BENCH_RUNS the repeats per latency figure.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from '../e2e/support/chromium';
import { createContext, type BenchContext } from './support/context';
import type { Figure } from './support/figure';
import { describeMachine } from './support/machine';
import { renderTables, spliceTables, type BenchResults, type SuiteResult } from './support/report';
import { benchScale } from './support/scale';

export interface Suite {
  name: string;
  run(context: BenchContext): Promise<Figure[]>;
}

/**
 * In this order: the cheap ones first; initial sync before the suites that reuse its profile; server
 * throughput last, as it writes to the servers it measures.
 */
const SUITES: Array<() => Promise<Suite>> = [
  () => import('./suites/content-script').then((m) => m.suite),
  () => import('./suites/grading').then((m) => m.suite),
  () => import('./suites/initial-sync').then((m) => m.suite),
  () => import('./suites/badge').then((m) => m.suite),
  () => import('./suites/drawer').then((m) => m.suite),
  () => import('./suites/review').then((m) => m.suite),
  () => import('./suites/propagation').then((m) => m.suite),
  () => import('./suites/server-throughput').then((m) => m.suite),
];

function parseOnly(argv: string[]): Set<string> | null {
  const arg = argv.find((a) => a.startsWith('--only='));
  return arg ? new Set(arg.slice('--only='.length).split(',').filter(Boolean)) : null;
}

async function main(): Promise<void> {
  const only = parseOnly(process.argv.slice(2));
  const scale = benchScale();
  const runs = Number(process.env.BENCH_RUNS ?? 30);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const log = (message: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
  if (process.env.AUN_SKIP_BUILD !== '1') ensureBuilt();
  const context = createContext({ scale, runs, log });
  const figures: Figure[] = [];
  const suites: SuiteResult[] = [];
  try {
    for (const load of SUITES) {
      const suite = await load();
      if (only && !only.has(suite.name)) continue;
      log(`suite ${suite.name}`);
      const t0 = performance.now();
      try {
        const result = await suite.run(context);
        figures.push(...result);
        for (const f of result) {
          const budget = f.budget ? ` (${f.budget.stat} ${f.budget.op} ${f.budget.value}: ${f.met ? 'met' : 'MISSED'})` : '';
          log(`  ${f.label}: median ${f.summary.median.toFixed(2)} ${f.unit}, p95 ${f.summary.p95.toFixed(2)}${budget}`);
        }
        suites.push({ name: suite.name, seconds: (performance.now() - t0) / 1000 });
      } catch (error) {
        // One broken suite must not lose the others' figures: record it and go on.
        const message = error instanceof Error ? error.message : String(error);
        log(`  FAILED: ${message}`);
        suites.push({ name: suite.name, seconds: (performance.now() - t0) / 1000, error: message.split('\n')[0]! });
      }
    }
  } finally {
    await context.close();
  }
  const results: BenchResults = { startedAt, seconds: (performance.now() - started) / 1000, scale, runs, machine: describeMachine(), suites, figures };
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const docPath = join(ROOT, 'docs/performance.md');
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Performance\n';
  writeFileSync(docPath, spliceTables(doc, renderTables(results)));
  log(`wrote bench/results.json and docs/performance.md in ${Math.round(results.seconds)} s`);
  const missed = figures.filter((f) => f.met === false && f.budget?.kind !== 'goal');
  if (missed.length) log(`budgets missed: ${missed.map((f) => f.id).join(', ')}`);
  if (suites.some((s) => s.error)) process.exitCode = 1;
}

await main();
