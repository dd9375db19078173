/**
 * `npm run soak`: the long concurrency run against PostgreSQL. SOAK_CLIENTS extension sync engines
 * (default 20) mutate and sync for SOAK_SECONDS (default 60) through SOAK_SERVERS server processes
 * (default 2) sharing one throwaway database on SOAK_DATABASE_URL (or TEST_DATABASE_URL, or the
 * local PostgreSQL). Prints the figures for docs/reliability.md and exits 1 on any broken invariant.
 */
import 'fake-indexeddb/auto';
import { cpus, loadavg, totalmem } from 'node:os';
import { startCluster } from '../test/integration/cluster';
import { runSoak } from '../test/integration/workload';

const env = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
};

async function main() {
  const clients = env('SOAK_CLIENTS', 20);
  const seconds = Math.min(env('SOAK_SECONDS', 60), 3600);
  const processes = env('SOAK_SERVERS', 2);
  const baseUrl = process.env.SOAK_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  // The machine may be shared: the load average says how much of it the run really had.
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`soak: ${clients} clients, ${seconds} s, ${processes} server processes, PostgreSQL`);
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load()}`);
  const cluster = await startCluster({ baseUrl, processes });
  try {
    const report = await runSoak({ db: cluster.db, seed: cluster.seed, servers: cluster.servers.map((s) => s.url), clients, durationMs: seconds * 1000, log: (l) => console.log(l) });
    const { violations, ...figures } = report;
    console.log(JSON.stringify(figures, null, 2));
    console.log(`load average at the end: ${load()}`);
    if (violations.length) {
      console.log(`FAILED: ${violations.length} broken invariants`);
      for (const v of violations.slice(0, 50)) console.log(`  - ${v}`);
      process.exitCode = 1;
    } else console.log('OK: every client equals the server; no mutation lost or applied twice; every handoff decided at most once, by the decision the server applied');
  } finally {
    await cluster.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
