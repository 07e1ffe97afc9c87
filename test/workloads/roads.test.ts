/**
 * The road classifier (model/workloads/roads.ts) against page conservation:
 * in every run of every profile, pages taken from the pool's storage (cache
 * hits and ring refills) and pages put into it (direct and ring frees, minus
 * ring pages a refill dropped) differ by at most what the storage holds
 * (cache + ring slots); pages from the page allocator (slow path) and pages
 * given back differ by at most the page frames. A classifier that counts a
 * road twice or misses one breaks this; shown with a planted double count.
 */
import { describe, expect, it } from 'vitest';
import { roadIndex } from '../../src/mix/workload.ts';
import { summarize, type MixEntry, runMix } from '../../src/mix/run.ts';
import { runSeed, walkOnce } from '../../src/mix/walk.ts';
import { PROFILE_INFO, buildWorkload, pagePoolWorkloads } from '../../model/workloads/index.ts';
import { GROUPS } from '../../model/workloads/roads.ts';

const I = (g: string, r: string) => roadIndex(GROUPS, g, r);
const RETURNS = ['ring-full', 'pfmemalloc', 'numa', 'refcount', 'pool-gone'].map((r) => I('free', r));

function imbalance(c: number[]): { storage: number; allocator: number } {
  const taken = c[I('alloc', 'cache')] + c[I('alloc', 'ring')];
  const put = c[I('free', 'cache')] + c[I('free', 'ring')] - c[I('refill', 'numa')];
  const slow = c[I('alloc', 'slow')];
  const returned = RETURNS.reduce((s, i) => s + c[i], 0) + c[I('refill', 'numa')];
  return { storage: Math.abs(taken - put), allocator: Math.abs(slow - returned) };
}

function check(e: MixEntry, bounds: Record<string, number>): string[] {
  const problems: string[] = [];
  e.perRun.counts.forEach((c, i) => {
    const d = imbalance(c);
    if (d.storage > bounds.cacheSize + bounds.ringSize) problems.push(`run ${e.perRun.index[i]}: storage imbalance ${d.storage}`);
    if (d.allocator > bounds.pages) problems.push(`run ${e.perRun.index[i]}: page allocator imbalance ${d.allocator}`);
  });
  return problems;
}

describe('roads conserve pages', () => {
  for (const p of PROFILE_INFO) {
    it(`${p.id}: ${p.defaultVariant}${p.defaultAgainst ? ` and ${p.defaultAgainst}` : ''}`, () => {
      const r = runMix(pagePoolWorkloads, { profile: p.id, variant: p.defaultVariant, against: p.defaultAgainst, seed: 3, runs: 4, warmup: 0, steps: 3000 });
      for (const e of r.mixes) {
        expect(e.groups.find((g) => g.id === 'alloc')!.events).toBeGreaterThan(100);
        expect(check(e, p.bounds), e.variant).toEqual([]);
      }
    });
  }

  it('a classifier that counts cache pops twice breaks it', () => {
    const p = PROFILE_INFO.find((x) => x.id === 'host-remote-app')!;
    const w = buildWorkload({ profile: p.id, variant: 'mainline' });
    const cache = I('alloc', 'cache');
    const twice = { ...w, observe: (s: Parameters<typeof w.observe>[0], a: Parameters<typeof w.observe>[1], t: Parameters<typeof w.observe>[2], c: Float64Array) => {
      const before = c[cache];
      w.observe(s, a, t, c);
      c[cache] += c[cache] - before;
    } };
    const tallies = [0, 1].map((r) => walkOnce(twice, runSeed(3, r), 0, 3000));
    const e = summarize(twice, 'mainline', {}, [0, 1], tallies, null);
    expect(check(e, p.bounds).length).toBeGreaterThan(0);
  });
});
