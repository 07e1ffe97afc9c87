/**
 * Page symmetry reduction (model/symmetry.ts; `buildModel({symmetry})`):
 * the same verdict, property and shortest counterexample length as without
 * it, and no more states. Mainline scenarios and historical-bug variants
 * whose state spaces are small enough for a unit test.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { buildModel, resolve } from '../../model/build.ts';
import { cpuClassesFor } from '../../model/cpu-symmetry.ts';
import { encodeCanonical } from '../../model/symmetry.ts';
import { VARIANTS } from '../../model/variants/index.ts';

const CASES: [variant: string, scenario: string][] = [
  ['mainline', 'xdp'],
  ['mainline', 'percpu-pool'],
  ['mainline', 'preempt-rt'],
  ['mainline', 'threaded-napi'],
  ['pfmemalloc-recycle', 'xdp-pfmemalloc'],
  ['netpoll-hardirq-cache', 'netpoll'],
  ['clone-expand-double-recycle', 'skb-clone-expand'],
  ['napi-local-destroy-window', 'destroy-live-napi'],
  ['preempt-rt-cache-race', 'preempt-rt'],
  ['recycle-in-ring-pool-uaf', 'teardown'],
  ['dma-unmap-after-unbind', 'teardown'],
];

describe('page symmetry preserves verdicts and shortest counterexample lengths', () => {
  for (const [variant, scenario] of CASES) {
    it(`${variant} / ${scenario}`, () => {
      const off = explore(buildModel({ variant, scenario, bounds: {}, symmetry: false }), {});
      const on = explore(buildModel({ variant, scenario, bounds: {}, symmetry: true }), {});
      expect(on.kind).toBe(off.kind);
      expect(off.kind).not.toBe('error');
      if (off.kind === 'violation' && on.kind === 'violation') {
        expect(on.property).toBe(off.property);
        expect(on.trace.steps.length).toBe(off.trace.steps.length);
      } else {
        expect(on.stats.distinctStates).toBeLessThanOrEqual(off.stats.distinctStates);
      }
      if (off.kind === 'ok' && on.kind === 'ok') {
        expect(on.complete && off.complete).toBe(true);
        if (variant === 'mainline' && scenario === 'xdp') {
          expect(off.stats.distinctStates).toBe(7708);
          expect(on.stats.distinctStates).toBe(1647);
        }
      }
    }, 60_000);
  }
});

/**
 * CPU symmetry (model/cpu-symmetry.ts; `buildModel({cpuSymmetry})`, on by
 * default): the same verdict, property and shortest counterexample length as
 * without it; strictly fewer states when interchangeable CPUs act.
 */
describe('CPU symmetry preserves verdicts and shortest counterexample lengths', () => {
  it('at default bounds no variant/scenario has two interchangeable CPUs: the model encodes with page symmetry only', () => {
    // (every shipped scenario has at most 2 CPUs by default and cpu0 has a role of its own), so
    // these runs are the same with and without CPU symmetry by construction
    let n = 0;
    for (const v of VARIANTS)
      for (const scenario of v.scenarios) {
        const { scen, bounds } = resolve({ variant: v.id, scenario, bounds: {} });
        expect(cpuClassesFor(scen, bounds), `${v.id}/${scenario}`).toEqual([]);
        expect(buildModel({ variant: v.id, scenario, bounds: {} }).encode).toBe(encodeCanonical);
        // without any symmetry the encoding is the packed state itself (one serialization per transition in BFS)
        const plain = buildModel({ variant: v.id, scenario, bounds: {}, symmetry: false });
        expect(plain.encode).toBe(plain.pack);
        n++;
      }
    expect(n).toBeGreaterThan(70);
  });

  // [variant, scenario, cpus, fewer]: fewer = false only where the CPUs other than cpu0 have
  // nothing to do (XDP_DROP and netpoll run only on the NAPI's CPU), so no state has a twin
  const CPU_CASES: [variant: string, scenario: string, cpus: number, fewer: boolean][] = [
    ['mainline', 'xdp', 3, true],
    ['mainline', 'xdp', 4, true],
    ['mainline', 'percpu-pool', 3, true],
    ['mainline', 'threaded-napi', 3, true],
    ['mainline', 'skb-clone-expand', 4, true],
    ['mainline', 'numa-no-node', 4, true],
    ['mainline', 'xdp-pfmemalloc', 3, false],
    ['mainline', 'netpoll', 4, false],
    ['mainline', 'destroy-live-napi', 4, true],
    ['mutant-no-refcnt-check', 'rx-recycle', 4, true],
    ['mutant-napi-local-no-owner-check', 'rx-recycle', 4, true],
    ['mutant-destroy-keeps-napi', 'destroy-swap', 3, true],
    ['mutant-rt-no-napi-local-guard', 'preempt-rt', 4, true],
    ['mutant-put-no-unref', 'frag', 4, true],
    ['mutant-no-clear-pp-recycle', 'skb-clone-coalesce', 4, true],
    ['mutant-coalesce-page-ref', 'frag', 3, true],
    ['mutant-release-no-producer-barrier', 'teardown', 4, true],
    ['mutant-destroy-no-retry', 'teardown', 3, true],
    ['mutant-scrub-no-synchronize-net', 'teardown-dma-sync', 3, true],
    ['v5.4', 'xdp', 3, true],
    ['v6.4', 'frag', 3, true],
    ['pfmemalloc-recycle', 'xdp-pfmemalloc', 4, false],
    ['numa-no-node-starvation-fixed', 'numa-no-node', 3, true],
    ['clone-expand-double-recycle', 'skb-clone-expand', 4, true],
    ['napi-reuse-after-destroy', 'destroy-swap', 3, true],
    ['napi-local-destroy-window', 'destroy-live-napi', 4, true],
    ['napi-local-destroy-window-fixed', 'destroy-live-napi', 4, true],
    ['preempt-rt-cache-race', 'preempt-rt', 3, true],
    ['recycle-in-ring-pool-uaf', 'teardown', 4, true],
    ['dma-unmap-after-unbind', 'teardown', 3, true],
    ['negative-inflight-release-loop', 'teardown', 3, true],
  ];
  for (const [variant, scenario, cpus, fewer] of CPU_CASES) {
    it(`${variant} / ${scenario} --cpus ${cpus}`, () => {
      const { scen, bounds } = resolve({ variant, scenario, bounds: { cpus } });
      expect(cpuClassesFor(scen, bounds).length).toBeGreaterThan(0);
      const off = explore(buildModel({ variant, scenario, bounds: { cpus }, cpuSymmetry: false }), {});
      const on = explore(buildModel({ variant, scenario, bounds: { cpus } }), {});
      expect(off.kind).not.toBe('error');
      expect(on.kind).toBe(off.kind);
      if (off.kind === 'violation' && on.kind === 'violation') {
        expect(on.property).toBe(off.property);
        expect(on.trace.steps.length).toBe(off.trace.steps.length);
      }
      if (off.kind === 'ok' && on.kind === 'ok') expect(on.complete && off.complete).toBe(true);
      if (fewer) expect(on.stats.distinctStates).toBeLessThan(off.stats.distinctStates);
      else expect(on.stats.distinctStates).toBe(off.stats.distinctStates);
      if (variant === 'mainline' && scenario === 'xdp' && cpus === 3) {
        expect(off.stats.distinctStates).toBe(3387);
        expect(on.stats.distinctStates).toBe(2097);
      }
    }, 60_000);
  }

  it('CPU symmetry alone (page symmetry off; the bench\'s xdp-medium bounds): same verdict, fewer states', () => {
    const bounds = { cpus: 3, budget: 6, descs: 3, cacheSize: 3, ringSize: 3 };
    const off = explore(buildModel({ variant: 'mainline', scenario: 'xdp', bounds, symmetry: false }), {});
    const on = explore(buildModel({ variant: 'mainline', scenario: 'xdp', bounds, symmetry: false, cpuSymmetry: true }), {});
    expect(off.kind === 'ok' && off.complete).toBe(true);
    expect(on.kind === 'ok' && on.complete).toBe(true);
    // 37729 before D7 (the ring-full split); SPIN 6.5.2 on the generated Promela (test/bench/promela/, which
    // follows D7) stores 43,333 too (npm run bench, 6 Dec 2026 14:30 UTC; docs/performance.md)
    expect(off.stats.distinctStates).toBe(43333);
    expect(on.stats.distinctStates).toBeLessThan(off.stats.distinctStates);
  }, 60_000);
});
