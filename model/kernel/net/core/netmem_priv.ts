/**
 * net/core/netmem_priv.h (Linux 6.12 as Debian ships it, with the DMA index of
 * the pool's dma_mapped xarray in pp_magic, ee62ce7a1d90 backported in 6.12.y)
 * and the classifiers of include/linux/mm.h / include/net/netmem.h: pp_magic as
 * the word the kernel reads. The model keeps the word's parts as page fields
 * (`pfm`: bit 1 of lru.next, `magic`: PP_SIGNATURE OR'ed in, `dmaIdx`: the DMA
 * index bits); `loadPpMagic` assembles the word and `storePpMagic` splits a
 * written word back, so every read and write below goes through the bits with
 * the kernel's masks. The word is computed on as two unsigned 32-bit halves
 * (a `Word`, the layout's constants as `L.w32`), in two words reused by every
 * call: these run on every put and DMA index change of a search, and a BigInt
 * is a heap allocation per operation. `ppMagicWord` / `setPpMagicWord` and
 * `netmem_get_pp_magic` give and take the word as a BigInt (proposals, tests). Order-0 pages: bit 0 (compound head) is always 0. The
 * index value is 1 for "the page's own dma_mapped entry" (which free slot
 * xa_alloc picks is not modelled; the `dma` flag is that entry). Leaves out:
 * net_iov (netmem_is_net_iov, the lsb of a netmem_ref), compound pages (bit 0),
 * a foreign page's own use of the word (a list pointer in lru.next).
 */
import type { Env } from '../../../env.ts';
import type { Page } from '../../../state.ts';
import { type Halves, PAGE_PFMEMALLOC_BIT_W32, PP_MAGIC_LAYOUTS, type PpMagicLayout, halvesOf } from '../../include/linux/mm.ts';

/** The layout of the run's `--arch`. */
export const layoutOf = (env: Env): PpMagicLayout => PP_MAGIC_LAYOUTS[env.arch];

/** An `unsigned long` being computed on, as two unsigned 32-bit halves. */
interface Word {
  hi: number;
  lo: number;
}
// the two words the functions below compute in (none calls another while it holds one it needs)
const A: Word = { hi: 0, lo: 0 };
const B: Word = { hi: 0, lo: 0 };

/** `w &= m` */
function and(w: Word, m: Halves): Word {
  w.hi = (w.hi & m.hi) >>> 0;
  w.lo = (w.lo & m.lo) >>> 0;
  return w;
}
/** `w &= ~m` */
function andNot(w: Word, m: Halves): Word {
  w.hi = (w.hi & ~m.hi) >>> 0;
  w.lo = (w.lo & ~m.lo) >>> 0;
  return w;
}
/** `w |= m` */
function or(w: Word, m: Halves): Word {
  w.hi = (w.hi | m.hi) >>> 0;
  w.lo = (w.lo | m.lo) >>> 0;
  return w;
}
/** `w == m` */
const eq = (w: Halves, m: Halves): boolean => w.hi === m.hi && w.lo === m.lo;
/** `w = x` (0 <= x < 2^32) */
function set(w: Word, x: number): Word {
  w.hi = 0;
  w.lo = x >>> 0;
  return w;
}
/** `w <<= n` (0 < n < 32) */
function shl(w: Word, n: number): Word {
  w.hi = ((w.hi << n) | (w.lo >>> (32 - n))) >>> 0;
  w.lo = (w.lo << n) >>> 0;
  return w;
}
/** `w >> n` (0 < n < 32) as a number (the result must fit in 53 bits) */
const shrValue = (w: Halves, n: number): number => w.hi * 2 ** (32 - n) + (w.lo >>> n);

/** The page's pp_magic word (lru.next) into `w`: pfmemalloc bit, PP_SIGNATURE, DMA index bits. */
function loadPpMagic(p: Page, L: PpMagicLayout, w: Word): Word {
  set(w, 0);
  if (p.pfm) or(w, PAGE_PFMEMALLOC_BIT_W32);
  if (p.magic) or(w, L.w32.signature);
  if (p.dmaIdx !== 0) or(w, and(shl(set(B, p.dmaIdx), L.indexShift), L.w32.indexMask));
  return and(w, L.w32.longMask);
}

/**
 * A write of the whole word, split back into the page's fields: the signature is "set" when
 * the word has it under PP_MAGIC_MASK; the index is the index bits. (Uses B.)
 */
function storePpMagic(p: Page, w: Halves, L: PpMagicLayout): void {
  p.pfm = (w.lo & PAGE_PFMEMALLOC_BIT_W32.lo) !== 0 || (w.hi & PAGE_PFMEMALLOC_BIT_W32.hi) !== 0;
  B.hi = w.hi;
  B.lo = w.lo;
  p.magic = eq(andNot(and(B, L.w32.magicMask), PAGE_PFMEMALLOC_BIT_W32), L.w32.signature);
  B.hi = w.hi;
  B.lo = w.lo;
  p.dmaIdx = shrValue(and(B, L.w32.indexMask), L.indexShift);
}

const toBigInt = (w: Halves): bigint => (BigInt(w.hi) << 32n) | BigInt(w.lo);

/** The page's pp_magic word (lru.next) as a BigInt: pfmemalloc bit, PP_SIGNATURE, DMA index bits. */
export function ppMagicWord(p: Page, L: PpMagicLayout): bigint {
  return toBigInt(loadPpMagic(p, L, A));
}

/** A write of the whole word (a BigInt), split back into the page's fields (storePpMagic). */
export function setPpMagicWord(p: Page, w: bigint, L: PpMagicLayout): void {
  storePpMagic(p, halvesOf(w & L.longMask), L);
}

/** netmem_get_pp_magic(): `pp_magic & ~PP_DMA_INDEX_MASK` (into `w`). */
function getPpMagic(p: Page, L: PpMagicLayout, w: Word): Word {
  return andNot(loadPpMagic(p, L, w), L.w32.indexMask);
}

/** netmem_get_pp_magic(): `pp_magic & ~PP_DMA_INDEX_MASK`, as a BigInt. */
export function netmem_get_pp_magic(p: Page, L: PpMagicLayout): bigint {
  return toBigInt(getPpMagic(p, L, A));
}

/** netmem_or_pp_magic(netmem, pp_magic): `pp_magic |= pp_magic` (`v` as halves, or a BigInt: proposals). */
export function netmem_or_pp_magic(p: Page, v: Halves | bigint, L: PpMagicLayout): void {
  storePpMagic(p, or(loadPpMagic(p, L, A), typeof v === 'bigint' ? halvesOf(v & L.longMask) : v), L);
}

/**
 * netmem_clear_pp_magic(): `WARN_ON_ONCE(pp_magic & PP_DMA_INDEX_MASK); pp_magic = 0` (the
 * pfmemalloc bit goes with it). Returns whether the WARN fired (index bits still set).
 */
export function netmem_clear_pp_magic(p: Page, L: PpMagicLayout): boolean {
  const warn = !eq(and(loadPpMagic(p, L, A), L.w32.indexMask), ZERO);
  storePpMagic(p, set(A, 0), L);
  return warn;
}
const ZERO: Halves = { hi: 0, lo: 0 };

/** netmem_is_pp() (is_pp_netmem): `(netmem_get_pp_magic(netmem) & PP_MAGIC_MASK) == PP_SIGNATURE`. */
export function netmem_is_pp(p: Page, L: PpMagicLayout): boolean {
  return eq(and(getPpMagic(p, L, A), L.w32.magicMask), L.w32.signature);
}

/** page_pool_page_is_pp() (include/linux/mm.h, the page allocator's check): `(pp_magic & PP_MAGIC_MASK) == PP_SIGNATURE`. */
export function page_pool_page_is_pp(p: Page, L: PpMagicLayout): boolean {
  return eq(and(loadPpMagic(p, L, A), L.w32.magicMask), L.w32.signature);
}

/** netmem_get_dma_index(): `(pp_magic & PP_DMA_INDEX_MASK) >> PP_DMA_INDEX_SHIFT`. */
export function netmem_get_dma_index(p: Page, L: PpMagicLayout): number {
  return shrValue(and(loadPpMagic(p, L, A), L.w32.indexMask), L.indexShift);
}

/** netmem_set_dma_index(netmem, id): `pp_magic = netmem_get_pp_magic(netmem) | (id << PP_DMA_INDEX_SHIFT)`. */
export function netmem_set_dma_index(p: Page, id: number, L: PpMagicLayout): void {
  storePpMagic(p, or(getPpMagic(p, L, A), shl(set(B, id), L.indexShift)), L);
}
