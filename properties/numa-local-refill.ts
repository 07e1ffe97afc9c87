import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import { reasonWitness } from './witness.ts';

/**
 * numa-local-refill
 *
 * Statement: a pool refills its alloc cache only with pages of its preferred
 * node: page_pool_refill_alloc_cache() moves no page of another node from the
 * ring into the cache (it returns that page to the page allocator and stops),
 * and page_pool_update_nid() leaves no page of the old node in the cache.
 * Pages the NAPI recycles directly into the cache are not restricted (the
 * kernel does not check them: __page_pool_put_page() has no NUMA test).
 *
 * Kernel rationale: 44768decb7c0 "page_pool: handle page recycle for
 * NUMA_NO_NODE condition" moved the NUMA test to the refill, against
 * pool->p.nid or numa_mem_id() (`netmem_is_pref_nid(netmem, pref_nid)`), so
 * that a pool whose NAPI runs on another node hands out local pages;
 * bc836748a44d "page_pool: Add API to update numa node" added
 * page_pool_update_nid() (called by mlx5e when the IRQ moved), which drains the
 * alloc cache so that its old-node pages are not handed out on the new node.
 * A remote page handed to the device costs every RX DMA and CPU access a
 * cross-node trip: a performance contract, checked with a ghost (g.numaRemote)
 * recorded where the refill and the update write the cache.
 */
export const numaLocalRefill: Invariant<PagePoolState> = {
  id: 'numa-local-refill',
  description: 'the alloc cache is refilled only with pages of the preferred node (refill from the ring, page_pool_update_nid)',
  check(s) {
    const k = s.g.numaRemote;
    if (k >= 0) return `pool${k} put a page of another node than its preferred one into its alloc cache by the ring refill, or kept one across page_pool_update_nid()`;
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
