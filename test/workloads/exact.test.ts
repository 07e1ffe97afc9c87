/**
 * The exact answer (src/mix/exact.ts): at each profile's small exact bounds,
 * the long-run share of every road that the chain takes agrees with the
 * simulation. With K comparisons in all (every road with a positive exact
 * share, over all profiles) each interval is taken at confidence 1 - 0.05/K
 * (Bonferroni), so that all K hold together with 95% confidence: the test
 * makes one statement, so the family is all of its comparisons (a per-profile
 * family of 95% each would fail about once in 4 seeds over 5 profiles by
 * chance alone). The seed is fixed, so the test is deterministic. Also: a
 * two-state chain whose stationary distribution is known in closed form.
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/engine/model.ts';
import { exactMix } from '../../src/mix/exact.ts';
import { roadFractions, runMix } from '../../src/mix/run.ts';
import { batchMeans } from '../../src/mix/stats.ts';
import type { Workload } from '../../src/mix/workload.ts';
import { PROFILE_INFO, buildWorkload, pagePoolWorkloads } from '../../model/workloads/index.ts';

describe('power iteration', () => {
  it('finds the stationary distribution of a two-state chain (a: 0→1 at rate 1, b: 1→0 at rate 3)', () => {
    const m = {
      name: 'two',
      init: () => [0],
      actions: (s: number) => [s === 0 ? 'up' : 'down'],
      step: (s: number) => 1 - s,
      invariants: [],
      encode: (s: number, w: { int(n: number): void }) => w.int(s),
      actionLabel: (a: string) => a,
      actionKind: (a: string) => a,
      actionKinds: ['up', 'down'],
    } as unknown as Model<number, string>;
    const w: Workload<number, string> = {
      model: m,
      bounds: {},
      rate: (_s, a) => (a === 'up' ? 1 : 3),
      groups: [{ id: 'g', label: 'g', roads: [{ id: 'up', label: 'up' }, { id: 'down', label: 'down' }] }],
      gauges: [{ id: 'one', label: 'state 1' }],
      observe: (_p, a, _n, c) => void (c[a === 'up' ? 0 : 1] += 1),
      measure: (s, out) => void (out[0] = s),
    };
    const e = exactMix(w, { maxStates: 10 });
    // the jump chain alternates: half the steps from each state
    expect(e.states).toBe(2);
    expect(e.converged).toBe(true);
    expect(e.roadRates[0]).toBeCloseTo(0.5, 9);
    expect(e.gauges[0]).toBeCloseTo(0.5, 9);
  });
});

describe('exact answer and simulation agree at the exact bounds', () => {
  type Compared = { road: string; exact: number; fractions: number[]; lo: number; hi: number };
  // every profile's runs first: the Bonferroni family is every compared road of every profile
  const runs = new Map<string, { converged: boolean | undefined; compared: Compared[] }>();
  const all = (): Map<string, { converged: boolean | undefined; compared: Compared[] }> => {
    if (runs.size > 0) return runs;
    for (const p of PROFILE_INFO) {
      const r = runMix(pagePoolWorkloads, { profile: p.id, variant: p.defaultVariant, bounds: p.exactBounds, seed: 1, runs: 12, warmup: 1000, steps: 3000, exactMaxStates: 20_000 });
      const e = r.mixes[0];
      const compared: Compared[] = [];
      for (const g of e.groups.filter((x) => x.id === 'alloc' || x.id === 'free'))
        for (const road of g.roads)
          if (road.exact !== null && road.exact > 0) compared.push({ road: `${g.id}.${road.id}`, exact: road.exact, fractions: roadFractions(e, g.id, road.id), lo: 0, hi: 0 });
      runs.set(p.id, { converged: e.exact?.converged, compared });
    }
    const K = [...runs.values()].reduce((n, x) => n + x.compared.length, 0);
    const conf = 1 - 0.05 / K;
    for (const x of runs.values())
      for (const c of x.compared) {
        const i = batchMeans(c.fractions, conf);
        c.lo = i.lo ?? NaN;
        c.hi = i.hi ?? NaN;
      }
    return runs;
  };
  for (const p of PROFILE_INFO) {
    it(`${p.id} (${p.defaultVariant})`, () => {
      const x = all().get(p.id)!;
      expect(x.converged).toBe(true);
      expect(x.compared.length).toBeGreaterThan(0);
      const outside = x.compared.filter((c) => !(c.exact >= c.lo && c.exact <= c.hi));
      expect(outside, JSON.stringify(x.compared.map(({ fractions: _f, ...c }) => c))).toEqual([]);
    });
  }
});

describe('the comparison can fail', () => {
  it('the exact answer of other rates (readers holding 4 times longer) falls outside the simulated intervals', () => {
    const p = PROFILE_INFO.find((x) => x.id === 'host-slow-reader')!;
    const r = runMix(pagePoolWorkloads, { profile: p.id, variant: 'mainline', bounds: p.exactBounds, params: { hold: [1] }, seed: 1, runs: 12, warmup: 1000, steps: 3000 });
    const other = exactMix(buildWorkload({ profile: p.id, variant: 'mainline', bounds: p.exactBounds, params: { hold: 4 } }), { maxStates: 20_000 });
    const allocs = other.roadRates.slice(0, 3).reduce((x, y) => x + y, 0);
    const slow = other.roadRates[2] / allocs;
    const i = batchMeans(roadFractions(r.mixes[0], 'alloc', 'slow'), 1 - 0.05 / 3);
    expect(slow > (i.hi as number) || slow < (i.lo as number), `${slow} vs [${i.lo}, ${i.hi}]`).toBe(true);
  });
});
