import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import { reasonWitness } from './witness.ts';

/**
 * xdp-drop-direct (a performance property; checked in the `threaded-xdp`
 * scenario, which names it in Scenario.checks: on mainline and its mutants, and
 * by the threaded-napi-softirq-check variants)
 *
 * Statement: a page that the driver drops from its own NAPI poll with
 * page_pool_recycle_direct() (allow_direct = true) goes into the pool's
 * lockless alloc cache, never the ptr_ring, when the cache has room. In the
 * `threaded-xdp` scenario XDP_DROP is the only way pages come back and the
 * cache holds every page, so the property reads: every pool's ring is empty.
 *
 * Kernel rationale: 542bcea4be86 "net: page_pool: use in_softirq() instead":
 * "in case of threaded NAPI, in_serving_softirq() will return false because
 * it's in process context with BH off, making page_pool_recycle_in_cache()
 * unreachable". The ring path then takes the producer spin lock for every
 * page, which is the cost the alloc cache exists to avoid.
 */
export const xdpDropDirect: Invariant<PagePoolState> = {
  id: 'xdp-drop-direct',
  description: "pages the driver drops with page_pool_recycle_direct() from its own NAPI poll go to the alloc cache, not the ring",
  check(s) {
    for (let k = 0; k < s.pools.length; k++) {
      const r = s.pools[k].ring;
      if (r.length > 0) return `page${r[0]} recycled into pool${k}.ring although the NAPI poll dropped it with allow_direct (the cache was refused)`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
