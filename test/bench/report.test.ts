import { describe, expect, it } from 'vitest';
import { quantile, summarize } from '../../bench/support/stats';
import { figure } from '../../bench/support/figure';
import { END, START, spliceTables } from '../../bench/support/report';
import { benchScale, scaled } from '../../bench/support/scale';

describe('bench statistics', () => {
  it('interpolates quantiles between ranks', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 0.95)).toBeCloseTo(19 + 0.05 * 81, 5);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });

  it('summarizes unsorted samples without changing them', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toEqual({ n: 5, median: 3, p95: 4.8, p99: expect.closeTo(4.96, 5), min: 1, max: 5, iqr: 2 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('checks a budget on the statistic it names', () => {
    const samples = [...Array(18).fill(10), 500, 500];
    expect(figure({ id: 'x', item: 2, label: 'x', unit: 'ms', samples, budget: { stat: 'median', op: '<=', value: 50 } }).met).toBe(true);
    expect(figure({ id: 'x', item: 2, label: 'x', unit: 'ms', samples, budget: { stat: 'p95', op: '<=', value: 50 } }).met).toBe(false);
    expect(figure({ id: 'x', item: 7, label: 'x', unit: '/s', samples: [120, 90, 130], budget: { stat: 'median', op: '>=', value: 100 } }).met).toBe(true);
    expect(figure({ id: 'x', item: 7, label: 'x', unit: '/s', samples: [1] }).met).toBeUndefined();
  });
});

describe('docs/performance.md', () => {
  it('replaces only the generated block, keeping the hand-written text around it', () => {
    const doc = `# Performance\n\nFindings by hand.\n\n${START}\nold table\n${END}\n\nMore by hand.\n`;
    const next = spliceTables(doc, 'new table');
    expect(next).toContain('Findings by hand.');
    expect(next).toContain('More by hand.');
    expect(next).toContain(`${START}\nnew table\n${END}`);
    expect(next).not.toContain('old table');
  });

  it('appends the block to a document that has none', () => {
    expect(spliceTables('# Performance\n', 't')).toBe(`# Performance\n\n${START}\nt\n${END}\n`);
  });
});

describe('bench scale', () => {
  it('is the reference unless BENCH_SCALE shrinks it, and refuses nonsense', () => {
    expect(benchScale({})).toBe(1);
    expect(benchScale({ BENCH_SCALE: '0.1' })).toBe(0.1);
    expect(() => benchScale({ BENCH_SCALE: '2' })).toThrow(/BENCH_SCALE/);
    expect(() => benchScale({ BENCH_SCALE: 'fast' })).toThrow(/BENCH_SCALE/);
    expect(scaled(1)).toEqual({ leads: 100_000, touchesPerLead: 10, handoffs: 20_000 });
  });
});
