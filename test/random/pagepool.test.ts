/**
 * @fast-check/vitest property tests driving the page_pool model through
 * random walks at the largest bounds the family allows (CPUs, pages, skbs,
 * descriptors, cache and ring at their maximum), where exhaustive search of
 * some scenarios does not finish within a minute. Every invariant is checked
 * after every step of mainline; a corpus bug is found there and shrunk.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { ModelFamily } from '../../src/family.ts';
import { walks } from '../../src/random/arbitrary.ts';
import { DEFAULT_RANDOM_RUNS, runRandom } from '../../src/random/run.ts';
import { explore } from '../../src/engine/explore.ts';
import { beyond, largest } from './fixtures/bounds.ts';

const { pagePoolFamily: family } = (await import('../../model/index.ts')) as { pagePoolFamily: ModelFamily };

function modelAt(variant: string, scenario: string) {
  const sc = family.scenarios.find((s) => s.id === scenario);
  if (!sc) throw new Error(`no scenario ${scenario}`);
  return family.build({ variant, scenario, bounds: largest(family.bounds, sc.bounds) });
}

const mainline = family.variants.find((v) => v.id === 'mainline')!;

describe('mainline at the largest bounds: every invariant after every step', () => {
  for (const scenario of mainline.scenarios) {
    const arb = walks(modelAt('mainline', scenario), { depth: 60 });
    test.prop([arb], { numRuns: 40, seed: 11 })(`${scenario}`, (w) => {
      const o = arb.run(w);
      expect(o.kind, o.kind === 'pass' ? '' : `${JSON.stringify(o)}\n${arb.describe(w)}`).toBe('pass');
    });
  }
});

describe('a corpus bug at the largest bounds', () => {
  test.prop([fc.integer({ min: 1, max: 1_000_000 })], { numRuns: 3, seed: 5 })(
    'recycle-in-ring-pool-uaf: found, shrunk to its maxTraceLength, every step enabled',
    (seed) => {
      const v = family.variants.find((x) => x.id === 'recycle-in-ring-pool-uaf')!;
      const m = modelAt(v.id, v.scenarios[0]);
      const r = runRandom(m, { seed, runs: 2000 });
      expect(r.kind).toBe('violation');
      if (r.kind !== 'violation' || v.expect.verdict !== 'violation') return;
      expect(r.property).toBe(v.expect.property);
      if (v.expect.maxTraceLength !== undefined) expect(r.trace.steps.length - 1).toBeLessThanOrEqual(v.expect.maxTraceLength);
      for (let i = 1; i < r.trace.steps.length; i++) {
        expect(m.actions(r.trace.steps[i - 1].state)[r.trace.steps[i].actionIndex]).toEqual(r.trace.steps[i].action);
      }
    },
  );
});

describe('the default budget at the largest bounds (4 CPUs, 8 pages)', () => {
  // napi-reuse-after-destroy fails about 1 generated run in 5,000 here; seed 2
  // first fails at run 12,330, past the old default of 10,000 runs
  // (docs/scaling.md). A smaller default budget fails this test.
  it('napi-reuse-after-destroy, seed 2: found within DEFAULT_RANDOM_RUNS, at most one step longer than BFS at default bounds', { timeout: 60_000 }, () => {
    const v = family.variants.find((x) => x.id === 'napi-reuse-after-destroy')!;
    const m = modelAt(v.id, v.scenarios[0]);
    const r = runRandom(m, { seed: 2 });
    expect(r.random.runs).toBe(DEFAULT_RANDOM_RUNS);
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation' || v.expect.verdict !== 'violation') return;
    expect(r.property).toBe(v.expect.property);
    expect(r.random.runIndex).toBeGreaterThan(10_000);
    expect(r.trace.steps.length - 1).toBeLessThanOrEqual((v.expect.maxTraceLength ?? 16) + 1);
  });
});

describe('beyond the largest bounds: every size bound at its maximum, budget and clones too', () => {
  // numa-local-recycling is "hold_cnt <= page frames": with 8 pages it needs 9
  // allocations, which the scenario's budget of 3 never allows (docs/scaling.md);
  // at the beyond bounds (budget 12) BFS finds it in 15 steps, against 4 at the
  // default bounds (1 page).
  // At these bounds the first failing run of coalesce-frag-uaf breaks
  // pp-ownership (the page reference skb_try_coalesce took outlives the page's
  // release: the same bug), in 85 and 95 steps. Shrinking keeps any property
  // violation, so it ends at frag-accounting, the property BFS reports (13
  // steps at the default bounds); keeping pp-ownership gave 24 and 26 steps.
  // Seed 2 needed the shortcut search over the run's own functions and actors
  // (19 steps without it). Since skb_try_coalesce offers the headlen-0 layout
  // (issue #15 D4) the walks differ: seed 2's first failing run breaks
  // frag-accounting directly, so the test takes seeds 1 and 4, whose first
  // failing runs break pp-ownership (seed 4's shrinks to 13 steps).
  it('coalesce-frag-uaf: the run that breaks pp-ownership first shrinks to frag-accounting, within 3 steps of BFS', { timeout: 60_000 }, () => {
    const v = family.variants.find((x) => x.id === 'coalesce-frag-uaf')!;
    const sc = family.scenarios.find((s) => s.id === v.scenarios[0])!;
    const bounds = beyond(family.bounds, sc.bounds, sc.maxBounds);
    if (v.expect.verdict !== 'violation') throw new Error('coalesce-frag-uaf declares a violation');
    for (const seed of [1, 4]) {
      const r = runRandom(family.build({ variant: v.id, scenario: sc.id, bounds }), { seed });
      expect(r.kind).toBe('violation');
      if (r.kind !== 'violation') return;
      expect(r.random.firstProperty).toBe('pp-ownership');
      expect(r.property).toBe(v.expect.property);
      expect(r.trace.steps.length - 1).toBeLessThanOrEqual(13 + 3);
    }
  });

  it('numa-no-node-starvation: found with the default budget, as short as BFS at the same bounds', () => {
    const v = family.variants.find((x) => x.id === 'numa-no-node-starvation')!;
    const sc = family.scenarios.find((s) => s.id === v.scenarios[0])!;
    const bounds = beyond(family.bounds, sc.bounds, sc.maxBounds);
    expect(bounds.pages).toBe(8);
    expect(bounds.budget).toBe(12);
    const bfs = explore(family.build({ variant: v.id, scenario: sc.id, bounds }), { mode: 'bfs' });
    expect(bfs.kind).toBe('violation');
    if (bfs.kind !== 'violation' || v.expect.verdict !== 'violation') return;
    expect(bfs.property).toBe(v.expect.property);
    for (const seed of [1, 2]) {
      const r = runRandom(family.build({ variant: v.id, scenario: sc.id, bounds }), { seed });
      expect(r.kind).toBe('violation');
      if (r.kind !== 'violation') return;
      expect(r.property).toBe(v.expect.property);
      expect(r.trace.steps.length).toBe(bfs.trace.steps.length);
    }
  });
});
