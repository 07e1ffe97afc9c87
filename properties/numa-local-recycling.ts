import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { POOL_ALIVE } = St;

/**
 * numa-local-recycling (a bounded liveness / performance property; checked in
 * the `numa-no-node` scenario, which names it in Scenario.checks: on mainline and
 * its mutants, and by the numa-no-node-starvation variants)
 *
 * Statement: in a steady NUMA-local workload (every page is put back with
 * _refcount 1, not pfmemalloc, on the node of the CPU that runs the NAPI, and
 * the cache and ring have room), a freed page is recycled rather than released
 * to the page allocator. Bounded form: an alive pool's pages_state_hold_cnt
 * never exceeds the number of page frames. A pool only increments hold_cnt
 * when it allocates from the page allocator (__page_pool_alloc_pages_slow), so
 * hold_cnt > frames means some frame went back to the page allocator and was
 * allocated again, i.e. a recyclable page was not recycled.
 *
 * Kernel rationale: 44768decb7c0 "page_pool: handle page recycle for
 * NUMA_NO_NODE condition": with pool->p.nid == NUMA_NO_NODE the put-side test
 * `page_to_nid(page) == pool->p.nid` of d5394610b1ba is never true, so every
 * page was released and recycling silently stopped. The fix checks the node on
 * refill against numa_mem_id().
 *
 * Not a global property: under memory pressure (pfmemalloc pages), with a full
 * ring or with foreign page references, releasing is the correct behaviour.
 */
export const numaLocalRecycling: Invariant<PagePoolState> = {
  id: 'numa-local-recycling',
  description: 'in a NUMA-local workload a freed page is recycled, not released to the page allocator (hold_cnt <= page frames)',
  check(s) {
    for (let k = 0; k < s.pools.length; k++) {
      const P = s.pools[k];
      if (P.st !== POOL_ALIVE) continue;
      if (P.hold > s.pages.length)
        return `pool${k} allocated ${P.hold} pages from the page allocator with only ${s.pages.length} page frame(s): a NUMA-local page was released instead of recycled`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
