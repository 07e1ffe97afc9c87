import type { LivenessProperty } from '../src/engine/model.ts';
import type { PpAction } from '../model/registry.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';

const { POOL_ALIVE } = St;

/** Pages stored in alive pools' alloc caches and rings. */
function stored(s: PagePoolState): number {
  let n = 0;
  for (const P of s.pools) if (P.st === POOL_ALIVE) n += P.count + P.ring.length;
  return n;
}

/** The RX page allocations of the NAPI poll (a packet arrives, the pool hands out a page). */
const ALLOCATIONS = new Set<string>(['page_pool_alloc_pages', 'page_pool_refill_alloc_cache', '__page_pool_alloc_pages_slow', 'page_pool_alloc_frag']);

/**
 * recycling-continues (liveness; meaningful in a steady workload: scenarios
 * with `steady`, where packets never run out)
 *
 * Statement: while the pool keeps allocating pages for received packets,
 * pages keep coming back into it: `[]<>allocation => []<>a page is stored in
 * an alive pool's alloc cache or ptr_ring`, under weak fairness of every
 * context. A fair cycle that allocates but never recycles means every page
 * goes back to the page allocator and recycling has silently stopped.
 *
 * Kernel rationale: 44768decb7c0 "page_pool: handle page recycle for
 * NUMA_NO_NODE condition": d5394610b1ba made the put side recycle only pages
 * with `page_to_nid(page) == pool->p.nid`, never true for a pool created with
 * NUMA_NO_NODE (-1), so every put released the page and every allocation
 * went to the page allocator: no error, no leak, the pool just stopped
 * recycling. Under memory pressure (pfmemalloc pages) or with foreign page
 * references releasing is correct; steady scenarios have neither.
 * numa-local-recycling is its bounded stand-in (a safety property: hold_cnt
 * never exceeds the page frames) for runs without the liveness check.
 */
export const recyclingContinues: LivenessProperty<PagePoolState, PpAction> = {
  id: 'recycling-continues',
  description: 'in a steady workload pages keep coming back to the pool (recycled into its cache or ring)',
  from: () => true,
  toStep: (s, _a, next) => stored(next) > stored(s),
  recurring: (a) => ALLOCATIONS.has(a.fn),
};
