import { describe, expect, it } from 'vitest';
import { BACKOFF, backoffMs } from '../../lib/sync/backoff';

const MINUTE = 60_000;

describe('sync backoff', () => {
  it('doubles from 1 s for transient failures, at most 5 min', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs('transient', n, 0.5))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs('transient', 30, 0.5)).toBe(5 * MINUTE);
  });

  it('starts at 1 min for failures that need a person and never exceeds 15 min, whatever the jitter', () => {
    expect(backoffMs('attention', 1, 0.5)).toBe(MINUTE);
    for (let failures = 1; failures <= 100; failures++) {
      for (const random of [0, 0.5, 0.999]) {
        const delay = backoffMs('attention', failures, random);
        expect(delay).toBeGreaterThanOrEqual(BACKOFF.attention.firstMs * 0.5);
        expect(delay).toBeLessThanOrEqual(15 * MINUTE);
        expect(Number.isFinite(delay)).toBe(true);
      }
    }
  });

  it('spreads retries with jitter of ×0.5 to ×1.5', () => {
    expect(backoffMs('transient', 3, 0)).toBe(2_000);
    expect(backoffMs('transient', 3, 0.999)).toBeCloseTo(5_996);
  });
});
