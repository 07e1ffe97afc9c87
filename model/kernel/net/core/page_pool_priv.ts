/**
 * net/core/page_pool_priv.h (Linux 6.12): page_pool_set_dma_addr_netmem(),
 * with netmem_set_dma_addr() of net/core/netmem_priv.h: the store of a
 * mapping's address into struct page. page->dma_addr is an unsigned long;
 * where dma_addr_t is wider (PAGE_POOL_32BIT_ARCH_WITH_64BIT_DMA: a 32-bit
 * machine with 64-bit DMA) the page-aligned address is stored shifted right
 * by PAGE_SHIFT, and the store reports an address that does not survive the
 * round trip ("We assume page alignment to shave off bottom bits"). Also
 * page_pool_get_dma_addr_netmem(), an inline of include/net/page_pool/helpers.h
 * kept here next to the store it reverses (helpers.ts imports page_pool.ts,
 * which reads the address: no import circle). Leaves out: net_iov (their
 * dma_addr lives in the net_iov, not in a struct page), the other
 * page_pool_priv.h helpers (page_pool_list, the netlink side).
 */
import type { Page } from '../../../state.ts';
import { ARCH_LAYOUTS, PAGE_SHIFT } from '../../include/linux/mm.ts';

/** `(unsigned long)x`: the low `bits` bits of a non-negative address. */
export const toLong = (x: number, bits: number): number => (bits >= 53 ? x : x % 2 ** bits);

/** PAGE_POOL_32BIT_ARCH_WITH_64BIT_DMA (include/net/page_pool/helpers.h): sizeof(dma_addr_t) > sizeof(unsigned long). */
export const with64BitDma = (arch: number): boolean => ARCH_LAYOUTS[arch].dmaBits > ARCH_LAYOUTS[arch].longBits;

/** netmem_set_dma_addr(netmem, dma_addr): `page->dma_addr = dma_addr` (an unsigned long). */
export function netmem_set_dma_addr(p: Page, v: number, arch: number): void {
  p.dmaAddr = toLong(v, ARCH_LAYOUTS[arch].longBits);
}

/** page_pool_set_dma_addr_netmem(netmem, addr): store; true when the address does not fit (the caller WARNs and unmaps). */
export function page_pool_set_dma_addr_netmem(p: Page, addr: number, arch: number): boolean {
  if (with64BitDma(arch)) {
    netmem_set_dma_addr(p, Math.floor(addr / 2 ** PAGE_SHIFT), arch); // addr >> PAGE_SHIFT
    // return addr != (dma_addr_t)netmem_get_dma_addr(netmem) << PAGE_SHIFT;
    return addr !== p.dmaAddr * 2 ** PAGE_SHIFT;
  }
  netmem_set_dma_addr(p, addr, arch);
  return false;
}

/**
 * page_pool_get_dma_addr_netmem() (and page_pool_get_dma_addr() for a struct page), include/net/page_pool/helpers.h:
 * the mapped address from page->dma_addr, `ret <<= PAGE_SHIFT` where dma_addr_t is wider than unsigned long.
 */
export function page_pool_get_dma_addr_netmem(p: Page, arch: number): number {
  let ret = p.dmaAddr; // netmem_get_dma_addr(): (dma_addr_t)page->dma_addr
  if (with64BitDma(arch)) ret = ret * 2 ** PAGE_SHIFT; // ret <<= PAGE_SHIFT
  return ret;
}
