import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import { reasonWitness } from './witness.ts';

/**
 * dma-unmap-before-free
 *
 * Statement: (1) a page back in the page allocator (`_refcount == 0`) is not
 * DMA-mapped; (2) once the device is unbound (driver remove after
 * page_pool_destroy), no page is still DMA-mapped for it, and no dma_unmap runs
 * against it afterwards (ghost `g.unmapDeadDev`); (3) no dma_sync_for_device
 * runs on a page whose mapping was already torn down (ghost `g.syncUnmapped`;
 * scenarios whose pools have PP_FLAG_DMA_SYNC_DEV).
 *
 * Kernel rationale: the pool maps pages once (page_pool_dma_map) and unmaps
 * them when they leave (page_pool_return_netmem ->
 * __page_pool_release_netmem_dma). A page freed while mapped lets the device
 * DMA into memory that the allocator reuses; an unmap after the driver unbound
 * calls into a dead IOMMU domain. Since ee62ce7a1d90, page_pool_scrub() unmaps
 * every page still tracked in pool->dma_mapped at destroy time, and the later
 * return skips the unmap (xa_cmpxchg decides the single unmapper); the put
 * path re-checks `pool->dma_sync` under rcu_read_lock() and scrub clears it and
 * calls synchronize_net() before unmapping, so no sync hits an unmapped page.
 *
 * Motivating commit: ee62ce7a1d90 "page_pool: Track DMA-mapped pages and unmap
 * them when destroying the pool".
 */
export const dmaUnmapBeforeFree: Invariant<PagePoolState> = {
  id: 'dma-unmap-before-free',
  description: 'no page is freed while DMA-mapped, and no mapping outlives (or is unmapped after) the device unbind',
  check(s) {
    if (s.g.unmapDeadDev >= 0) return `dma_unmap of page${s.g.unmapDeadDev} after the device was unbound`;
    if (s.g.syncUnmapped >= 0) return `dma_sync_for_device of page${s.g.syncUnmapped} after page_pool_scrub unmapped it`;
    for (let pg = 0; pg < s.pages.length; pg++) {
      const p = s.pages[pg];
      if (p.ref === 0 && p.dma) return `page${pg} freed to the page allocator while still DMA-mapped`;
      if (s.devUnbound && p.dma) return `page${pg} still DMA-mapped after the device was unbound`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
