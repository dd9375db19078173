/**
 * When the sync engine tries again after a failure. Pure, so the schedule is tested on its own.
 *
 * - `transient` (network, 5xx, 429, 408) heals by itself: 1 s doubling, at most 5 min.
 * - `attention` (403, 413, 422, a response the engine cannot use) needs a person — an admin fixing
 *   a role, a limit or the server — but may also heal without the extension knowing (the admin
 *   fixed it): retried rarely, 1 min doubling, at most 15 min, and never abandoned.
 *
 * Jitter (×0.5–1.5) spreads many clients' retries after an outage; the cap holds after jitter.
 */
export type FailureKind = 'transient' | 'attention';

export const BACKOFF = {
  transient: { firstMs: 1_000, maxMs: 5 * 60_000 },
  attention: { firstMs: 60_000, maxMs: 15 * 60_000 },
} as const satisfies Record<FailureKind, { firstMs: number; maxMs: number }>;

/** Delay before the next automatic attempt after `failures` consecutive failures (≥ 1); `random` in [0, 1). */
export function backoffMs(kind: FailureKind, failures: number, random: number): number {
  const { firstMs, maxMs } = BACKOFF[kind];
  const exponent = Math.min(Math.max(failures, 1) - 1, 20);
  return Math.min(maxMs, firstMs * 2 ** exponent * (0.5 + random));
}
