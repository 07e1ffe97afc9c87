/**
 * net/core/netmem_priv.h (Linux 6.12 as Debian ships it, with the DMA index of
 * the pool's dma_mapped xarray in pp_magic, ee62ce7a1d90 backported in 6.12.y)
 * and the classifiers of include/linux/mm.h / include/net/netmem.h: pp_magic as
 * the word the kernel reads. The model keeps the word's parts as page fields
 * (`pfm`: bit 1 of lru.next, `magic`: PP_SIGNATURE OR'ed in, `dmaIdx`: the DMA
 * index bits); `ppMagicWord` assembles the word and `setPpMagicWord` splits a
 * written word back, so every read and write below goes through the bits with
 * the kernel's masks. Order-0 pages: bit 0 (compound head) is always 0. The
 * index value is 1 for "the page's own dma_mapped entry" (which free slot
 * xa_alloc picks is not modelled; the `dma` flag is that entry). Leaves out:
 * net_iov (netmem_is_net_iov, the lsb of a netmem_ref), compound pages (bit 0),
 * a foreign page's own use of the word (a list pointer in lru.next).
 */
import type { Env } from '../../../env.ts';
import type { Page } from '../../../state.ts';
import { PAGE_PFMEMALLOC_BIT, PP_MAGIC_LAYOUTS, type PpMagicLayout } from '../../include/linux/mm.ts';

/** The layout of the run's `--arch`. */
export const layoutOf = (env: Env): PpMagicLayout => PP_MAGIC_LAYOUTS[env.arch];

/** The page's pp_magic word (lru.next): pfmemalloc bit, PP_SIGNATURE, DMA index bits. */
export function ppMagicWord(p: Page, L: PpMagicLayout): bigint {
  let w = p.pfm ? PAGE_PFMEMALLOC_BIT : 0n;
  if (p.magic) w |= L.signature;
  if (p.dmaIdx !== 0) w |= (BigInt(p.dmaIdx) << BigInt(L.indexShift)) & L.indexMask;
  return w & L.longMask;
}

/**
 * A write of the whole word, split back into the page's fields: the signature is "set" when
 * the word has it under PP_MAGIC_MASK; the index is the index bits.
 */
export function setPpMagicWord(p: Page, w: bigint, L: PpMagicLayout): void {
  p.pfm = (w & PAGE_PFMEMALLOC_BIT) !== 0n;
  p.magic = (w & L.magicMask & ~PAGE_PFMEMALLOC_BIT) === L.signature;
  p.dmaIdx = Number((w & L.indexMask) >> BigInt(L.indexShift));
}

/** netmem_get_pp_magic(): `pp_magic & ~PP_DMA_INDEX_MASK`. */
export function netmem_get_pp_magic(p: Page, L: PpMagicLayout): bigint {
  return ppMagicWord(p, L) & ~L.indexMask;
}

/** netmem_or_pp_magic(netmem, pp_magic): `pp_magic |= pp_magic`. */
export function netmem_or_pp_magic(p: Page, v: bigint, L: PpMagicLayout): void {
  setPpMagicWord(p, ppMagicWord(p, L) | v, L);
}

/**
 * netmem_clear_pp_magic(): `WARN_ON_ONCE(pp_magic & PP_DMA_INDEX_MASK); pp_magic = 0` (the
 * pfmemalloc bit goes with it). Returns whether the WARN fired (index bits still set).
 */
export function netmem_clear_pp_magic(p: Page, L: PpMagicLayout): boolean {
  const warn = (ppMagicWord(p, L) & L.indexMask) !== 0n;
  setPpMagicWord(p, 0n, L);
  return warn;
}

/** netmem_is_pp() (is_pp_netmem): `(netmem_get_pp_magic(netmem) & PP_MAGIC_MASK) == PP_SIGNATURE`. */
export function netmem_is_pp(p: Page, L: PpMagicLayout): boolean {
  return (netmem_get_pp_magic(p, L) & L.magicMask) === L.signature;
}

/** page_pool_page_is_pp() (include/linux/mm.h, the page allocator's check): `(pp_magic & PP_MAGIC_MASK) == PP_SIGNATURE`. */
export function page_pool_page_is_pp(p: Page, L: PpMagicLayout): boolean {
  return (ppMagicWord(p, L) & L.magicMask) === L.signature;
}

/** netmem_get_dma_index(): `(pp_magic & PP_DMA_INDEX_MASK) >> PP_DMA_INDEX_SHIFT`. */
export function netmem_get_dma_index(p: Page, L: PpMagicLayout): number {
  return Number((ppMagicWord(p, L) & L.indexMask) >> BigInt(L.indexShift));
}

/** netmem_set_dma_index(netmem, id): `pp_magic = netmem_get_pp_magic(netmem) | (id << PP_DMA_INDEX_SHIFT)`. */
export function netmem_set_dma_index(p: Page, id: number, L: PpMagicLayout): void {
  setPpMagicWord(p, netmem_get_pp_magic(p, L) | (BigInt(id) << BigInt(L.indexShift)), L);
}
