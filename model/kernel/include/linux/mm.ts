/**
 * include/linux/mm.h (Linux 6.12 mainline): the page's _refcount as another
 * subsystem (a socket splice, a tap) takes and drops it. Leaves out: compound
 * pages, folios, ZONE_DEVICE pages; a page back at refcount 0 is simply free
 * (its pfmemalloc mark cleared), the allocator is not modelled further.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';

/** put_page(): drop a _refcount reference (ghost `putFreed` on a free page). */
export function putPage(t: PagePoolState, pg: number): void {
  const p = t.pages[pg];
  if (p.ref <= 0) {
    if (t.g.putFreed < 0) t.g.putFreed = pg;
    return;
  }
  p.ref--;
  if (p.ref === 0) {
    // __free_pages() -> free_pages_prepare() -> free_page_is_bad(): page_expected_state() with
    // page_pool_page_is_pp() (PP_SIGNATURE in pp_magic) -> bad_page("page_pool leak"); the
    // pool that still counts it (page->pp) would later count it back (release_cnt)
    if ((p.magic || p.pp >= 0) && t.g.badPage < 0) t.g.badPage = pg;
    p.pfm = false; // back to the page allocator (__free_pages)
  }
}

/**
 * alloc_page(GFP_ATOMIC) (include/linux/gfp.h -> the page allocator): a free frame, _refcount
 * 1; returns -1 when none is free. The page is nobody's pool page: page->pp_magic holds
 * whatever the previous owner left (page_pool_clear_pp_info() cleared PP_SIGNATURE).
 */
export function allocPage(t: PagePoolState): number {
  const pg = t.pages.findIndex((p) => p.ref === 0);
  if (pg < 0) return -1;
  t.pages[pg].ref = 1;
  return pg;
}

/** get_page(page) by another subsystem on a page an skb holds: _refcount++. */
export function get_page(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  t.pages[a.a].ref++;
  t.ext.push(a.a);
}

/** put_page(page): the other subsystem drops the reference it took. */
export function put_page(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  t.ext.shift();
  putPage(t, a.a);
}

// ---------------------------------------------------------------------------
// struct page's page_pool words (include/linux/mm_types.h: `pp_magic` shares its word with
// `lru.next`, `dma_addr` follows `pp`), their bit layout (include/linux/poison.h PP_SIGNATURE,
// include/linux/mm.h PP_DMA_INDEX_*, PP_MAGIC_MASK) under the `--arch` bound. The words are
// computed as BigInt from the page's fields (model/kernel/net/core/netmem_priv.ts), never stored.

/** `--arch`: 64-bit; 32-bit with 32-bit dma_addr_t; 32-bit with 64-bit dma_addr_t (PAE, LPAE). */
export const ARCH_64 = 0;
export const ARCH_32 = 1;
export const ARCH_32_DMA64 = 2;
export const ARCH_NAMES = ['64', '32', '32-dma64'] as const;

export interface ArchLayout {
  /** BITS_PER_LONG: the width of `unsigned long` (pp_magic, page->dma_addr) */
  longBits: number;
  /** the width of dma_addr_t (CONFIG_ARCH_DMA_ADDR_T_64BIT) */
  dmaBits: number;
  /** POISON_POINTER_DELTA (CONFIG_ILLEGAL_POINTER_VALUE: x86-64 0xdead000000000000, 0 on 32-bit) */
  poisonDelta: bigint;
  /** PAGE_OFFSET (x86-32 with the 3G/1G split: 0xC0000000) */
  pageOffset: bigint;
  /**
   * what dma_map_page_attrs() returns for a pool page on this machine (page aligned; above 4 GiB
   * where dma_addr_t is 64-bit). The model maps every frame at the same address: the properties
   * ask whether the address a page carries is the one its mapping got, not which page it is.
   */
  mapped: number;
}

/** PAGE_SHIFT (4 KiB pages). */
export const PAGE_SHIFT = 12;

export const ARCH_LAYOUTS: readonly ArchLayout[] = [
  { longBits: 64, dmaBits: 64, poisonDelta: 0xdead000000000000n, pageOffset: 0xffff888000000000n, mapped: 0x12345000 },
  { longBits: 32, dmaBits: 32, poisonDelta: 0n, pageOffset: 0xc0000000n, mapped: 0x34567000 },
  { longBits: 32, dmaBits: 64, poisonDelta: 0n, pageOffset: 0xc0000000n, mapped: 0x123456000 },
];

const fls = (x: bigint): number => x.toString(2).length - 1; // __fls
const ffs = (x: bigint): number => { let i = 0; while (((x >> BigInt(i)) & 1n) === 0n) i++; return i; }; // __ffs

/** The page_pool constants of include/linux/poison.h and include/linux/mm.h on one machine. */
export interface PpMagicLayout {
  /** PP_SIGNATURE = 0x40 + POISON_POINTER_DELTA */
  signature: bigint;
  /** PP_DMA_INDEX_SHIFT = 1 + __fls(PP_SIGNATURE - POISON_POINTER_DELTA) */
  indexShift: number;
  /** PP_DMA_INDEX_BITS */
  indexBits: number;
  /** PP_DMA_INDEX_MASK = GENMASK(PP_DMA_INDEX_BITS + PP_DMA_INDEX_SHIFT - 1, PP_DMA_INDEX_SHIFT) */
  indexMask: bigint;
  /** PP_MAGIC_MASK = ~(PP_DMA_INDEX_MASK | 0x3UL) (in BITS_PER_LONG bits) */
  magicMask: bigint;
  /** all ones in BITS_PER_LONG bits */
  longMask: bigint;
  /** the same constants as two unsigned 32-bit halves, which the classifiers compute on (no BigInt per call) */
  w32: { signature: Halves; indexMask: Halves; magicMask: Halves; longMask: Halves };
}

/** A 64-bit value as two unsigned 32-bit halves (an `unsigned long` of a 32-bit machine has hi 0). */
export interface Halves {
  readonly hi: number;
  readonly lo: number;
}

/** `x` (0 <= x < 2^64) as halves. */
export const halvesOf = (x: bigint): Halves => ({ hi: Number((x >> 32n) & 0xffffffffn), lo: Number(x & 0xffffffffn) });

function ppMagicLayout(a: ArchLayout): PpMagicLayout {
  const longMask = (1n << BigInt(a.longBits)) - 1n;
  const signature = 0x40n + a.poisonDelta;
  const indexShift = 1 + fls(signature - a.poisonDelta);
  let indexBits: number;
  if (a.poisonDelta > 0n) indexBits = Math.min(32, ffs(a.poisonDelta) - indexShift);
  else {
    // PP_DMA_INDEX_MIN_OFFSET: PAGE_OFFSET must leave 8 bits above the signature (else tracking is off)
    const minOffset = 1n << BigInt(indexShift + 8);
    indexBits = a.pageOffset >= minOffset && (a.pageOffset & (minOffset - 1n)) === 0n ? Math.min(32, ffs(a.pageOffset) - indexShift) : 0;
  }
  const indexMask = indexBits > 0 ? ((1n << BigInt(indexBits)) - 1n) << BigInt(indexShift) : 0n;
  const magicMask = ~(indexMask | 0x3n) & longMask;
  const w32 = { signature: halvesOf(signature), indexMask: halvesOf(indexMask), magicMask: halvesOf(magicMask), longMask: halvesOf(longMask) };
  return { signature, indexShift, indexBits, indexMask, magicMask, longMask, w32 };
}

/** The layouts per `--arch` value. */
export const PP_MAGIC_LAYOUTS: readonly PpMagicLayout[] = ARCH_LAYOUTS.map(ppMagicLayout);

/** page_is_pfmemalloc()'s bit: `lru.next` has bit 1 set (set_page_pfmemalloc), the word pp_magic shares. */
export const PAGE_PFMEMALLOC_BIT = 0x2n;
/** PAGE_PFMEMALLOC_BIT as halves. */
export const PAGE_PFMEMALLOC_BIT_W32: Halves = halvesOf(PAGE_PFMEMALLOC_BIT);
