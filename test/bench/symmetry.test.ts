/**
 * Page symmetry reduction (model/symmetry.ts; `buildModel({symmetry})`):
 * the same verdict, property and shortest counterexample length as without
 * it, and no more states. Mainline scenarios and historical-bug variants
 * whose state spaces are small enough for a unit test.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { buildModel } from '../../model/build.ts';

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
          expect(off.stats.distinctStates).toBe(6084);
          expect(on.stats.distinctStates).toBe(1406);
        }
      }
    }, 60_000);
  }
});
