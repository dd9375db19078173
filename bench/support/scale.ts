/**
 * The reference scale of the benchmarks issue: one workspace with 100,000 leads, 1,000,000
 * touches and 20,000 handoffs, generated deterministically (lib/demo, fixed seed and clock).
 * BENCH_SCALE (0 < s ≤ 1) shrinks it for a quick run while developing; results.json records it,
 * and only a run at 1 counts against the budgets.
 */
export const REFERENCE = { leads: 100_000, touchesPerLead: 10, handoffs: 20_000 } as const;

/** The generated history ends here, so the same seed gives byte-identical data every run. */
export const REFERENCE_NOW = '2026-11-30T09:00:00.000Z';
export const REFERENCE_SEED = 20261130;

export function benchScale(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BENCH_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE must be a number in (0, 1], got "${raw}"`);
  return scale;
}

export function scaled(scale: number): { leads: number; touchesPerLead: number; handoffs: number } {
  return {
    leads: Math.max(100, Math.round(REFERENCE.leads * scale)),
    touchesPerLead: REFERENCE.touchesPerLead,
    handoffs: Math.max(20, Math.round(REFERENCE.handoffs * scale)),
  };
}
