import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import { reasonWitness } from './witness.ts';

/**
 * dma-address-intact
 *
 * Statement: (1) every dma_unmap and dma_sync_for_device of a pool page passes
 * the address its dma_map returned, and no mapping's address is lost when the
 * pool stores it in struct page (ghost `g.dmaBad`, recorded by
 * model/kernel/kernel/dma/mapping.ts and page_pool_dma_map's store check);
 * (2) pp_magic is never cleared with DMA index bits still in it
 * (netmem_clear_pp_magic's WARN_ON_ONCE, same ghost); (3) a page that is still
 * DMA-mapped by its pool carries a stored address (page->dma_addr != 0).
 *
 * Kernel rationale: the pool keeps a page's mapping for the page's whole stay
 * (page_pool_dma_map) and reads the address back from struct page for every
 * sync (__page_pool_dma_sync_for_device) and for the unmap
 * (__page_pool_unmap_netmem_dma). page->dma_addr is an unsigned long: on a
 * 32-bit machine with a 64-bit dma_addr_t the address is stored shifted by
 * PAGE_SHIFT (page_pool_set_dma_addr_netmem / page_pool_get_dma_addr_netmem,
 * `--arch 32-dma64`), and the store refuses an address that does not survive
 * the round trip. The DMA index of the pool->dma_mapped xarray lives in
 * pp_magic's upper bits next to PP_SIGNATURE (PP_DMA_INDEX_SHIFT/BITS,
 * PP_MAGIC_MASK); the classifiers (netmem_is_pp, page_pool_page_is_pp) mask
 * it out, and the unmap finds the page's entry through it. An unmap or sync
 * with another address tears down or syncs someone else's mapping and leaves
 * this page mapped (the device may still write into it once it is freed); an
 * index lost or left behind skips the unmap or trips the WARN.
 *
 * Motivating commits: ee62ce7a1d90 "page_pool: Track DMA-mapped pages and
 * unmap them when destroying the pool" (the index bits, PP_MAGIC_MASK, and
 * the caching of the address before the xa_cmpxchg in Debian's 6.12); the
 * 32-bit split of page->dma_addr (first dma_addr_upper, since Linux 5.15 the
 * `>> PAGE_SHIFT` store under PAGE_POOL_32BIT_ARCH_WITH_64BIT_DMA and its
 * round-trip check in page_pool_dma_map).
 */
export const dmaAddressIntact: Invariant<PagePoolState> = {
  id: 'dma-address-intact',
  description: 'every dma_unmap and dma_sync of a pool page uses the address its mapping got; pp_magic keeps the DMA index until the unmap',
  check(s) {
    if (s.g.dmaBad >= 0) return `page${s.g.dmaBad}'s DMA address or index was not the one its mapping got (an unmap or sync with another address, a store that lost it, or pp_magic cleared with the index set)`;
    for (let pg = 0; pg < s.pages.length; pg++) {
      const p = s.pages[pg];
      if (p.dma && p.pp >= 0 && p.dmaAddr === 0) return `page${pg} is DMA-mapped by pool${p.pp} but page->dma_addr is 0`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
