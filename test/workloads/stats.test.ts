/**
 * src/mix/stats.ts: Student t quantiles against published table values, the
 * batch-means and Welch intervals on small hand-checked samples, and the walk's
 * uniform draws and run seeds.
 */
import { describe, expect, it } from 'vitest';
import { batchMeans, incompleteBeta, tCdf, tQuantile, welchDifference } from '../../src/mix/stats.ts';
import { runSeed, uniform } from '../../src/mix/walk.ts';
import { createPrng } from '../../src/engine/prng.ts';

describe('Student t', () => {
  it('0.975 quantiles match the tables (df 1, 2, 5, 9, 29, 1000)', () => {
    const table: [number, number][] = [
      [1, 12.706205],
      [2, 4.302653],
      [5, 2.570582],
      [9, 2.262157],
      [29, 2.04523],
      [1000, 1.962339],
    ];
    for (const [df, q] of table) expect(tQuantile(0.975, df)).toBeCloseTo(q, 5);
  });
  it('the cdf is symmetric and the incomplete beta has its closed forms', () => {
    expect(tCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(tCdf(-1.3, 7) + tCdf(1.3, 7)).toBeCloseTo(1, 12);
    // I_x(1, 1) = x; I_x(a, 1) = x^a
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.3, 3, 1)).toBeCloseTo(0.027, 12);
  });
});

describe('intervals', () => {
  it('batch means: mean ± t(0.975, n-1)·s/√n', () => {
    const i = batchMeans([1, 2, 3, 4]);
    const half = tQuantile(0.975, 3) * Math.sqrt(5 / 3 / 4);
    expect(i.mean).toBe(2.5);
    expect(i.lo).toBeCloseTo(2.5 - half, 12);
    expect(i.hi).toBeCloseTo(2.5 + half, 12);
    expect(i.n).toBe(4);
    expect(batchMeans([0.5])).toEqual({ mean: 0.5, lo: null, hi: null, n: 1 });
    // no variation across runs: a degenerate interval at the mean
    expect(batchMeans([0, 0, 0])).toEqual({ mean: 0, lo: 0, hi: 0, n: 3 });
  });
  it('Welch: equal variances and sizes reduce to df = 2n-2', () => {
    const a = [1, 2, 3, 4];
    const b = [2, 3, 4, 5];
    const d = welchDifference(a, b);
    const half = tQuantile(0.975, 6) * Math.sqrt(5 / 3 / 4 + 5 / 3 / 4);
    expect(d.mean).toBe(-1);
    expect(d.lo).toBeCloseTo(-1 - half, 12);
    expect(d.hi).toBeCloseTo(-1 + half, 12);
  });
});

describe('walk randomness', () => {
  it('uniform draws lie in [0, 1) and are the same for the same seed', () => {
    const p = createPrng(42);
    const q = createPrng(42);
    for (let i = 0; i < 1000; i++) {
      const x = uniform(p);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      expect(uniform(q)).toBe(x);
    }
  });
  it('run seeds differ between runs and between mix seeds', () => {
    const seen = new Set<number>();
    for (let s = 0; s < 4; s++) for (let r = 0; r < 256; r++) seen.add(runSeed(s, r));
    expect(seen.size).toBe(1024);
  });
});
