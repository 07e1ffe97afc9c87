/**
 * kernel/dma/mapping.c (Linux 6.12): the DMA API as the page pool calls it.
 * dma_map_page_attrs() hands out the machine's address for the page
 * (ARCH_LAYOUTS[arch].mapped: every frame at one address, see there);
 * dma_unmap_page_attrs() and __dma_sync_single_for_device() must be given
 * that address back: one that is not (a truncated or unshifted page->dma_addr,
 * an address read after it was cleared) unmaps or syncs memory the page does
 * not own, which the model records in the ghost `dmaBad` (property
 * dma-address-intact). Leaves out: mapping errors (dma_mapping_error), IOMMU
 * domains, the offset and length of a sync.
 */
import type { Env } from '../../../env.ts';
import type { PagePoolState } from '../../../state.ts';
import { ARCH_LAYOUTS } from '../../include/linux/mm.ts';

/** dma_map_page_attrs(dev, page, 0, PAGE_SIZE, ...): the bus address of the page for the device. */
export function dma_map_page_attrs(env: Env): number {
  return ARCH_LAYOUTS[env.arch].mapped;
}

/** The address a dma_unmap_page_attrs() or dma_sync_*() call passes for page `pg` (ghost `dmaBad` unless it is the mapped one). */
export function dmaUseAddress(t: PagePoolState, env: Env, pg: number, addr: number): void {
  if (addr !== ARCH_LAYOUTS[env.arch].mapped && t.g.dmaBad < 0) t.g.dmaBad = pg;
}
