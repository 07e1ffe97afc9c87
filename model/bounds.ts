/**
 * Bounded memory: the fixed-size arrays of the structures the model keeps,
 * with every index checked. The kernel's arrays do not grow: a store at
 * `pool->alloc.cache[PP_ALLOC_CACHE_SIZE]` writes into the struct page_pool
 * fields after it, a produce into an occupied ptr_ring slot overwrites a page
 * pointer, a frag past `MAX_SKB_FRAGS` writes past skb_shared_info. The model
 * records such an access in the ghost `g.oob` (pool*4 + OOB_*) instead of
 * growing a JS array; properties/no-out-of-bounds.ts forbids it, together with
 * the counts the kernel keeps within those arrays (alloc.count, nr_frags, the
 * frag offset). The XDP frame bulk's queue (xdp_frame_bulk->q[]) is checked too.
 *
 * Scaling (docs/model.md): PP_ALLOC_CACHE_SIZE (128) is the --cache-size
 * bound, PP_ALLOC_CACHE_REFILL (64) half of it; the ptr_ring has --ring-size
 * slots; MAX_SKB_FRAGS (17) is scaled to 2 frags; a frag page holds
 * FRAGS_PER_PAGE (2) frags.
 */
import type { PagePoolState } from './state.ts';

/** MAX_SKB_FRAGS (include/linux/skbuff.h, 17 by default), scaled: frags per skb_shared_info. */
export const MAX_SKB_FRAGS = 2;

/** Which array an out-of-bounds access was in (the low bits of `g.oob`). */
export const OOB_CACHE = 0;
export const OOB_RING = 1;
/** xdp_frame_bulk's `q[XDP_BULK_QUEUE_SIZE]` (the caller's on-stack bulk; the pool is its bq->xa). */
export const OOB_BULKQ = 2;
export const OOB_NAMES = ['pool->alloc.cache[]', 'pool->ring.queue[]', 'xdp_frame_bulk->q[]'] as const;

/** Record the first out-of-bounds access (ghost). */
export function outOfBounds(t: PagePoolState, pool: number, which: number): void {
  if (t.g.oob < 0) t.g.oob = pool * 4 + which;
}

/** `pool->alloc.cache[i] = netmem`, i checked against PP_ALLOC_CACHE_SIZE (no write outside the array). */
export function cacheStore(t: PagePoolState, k: number, i: number, pg: number): void {
  const c = t.pools[k].cache;
  if (i < 0 || i >= c.length) outOfBounds(t, k, OOB_CACHE);
  else c[i] = pg;
}

/** `netmem = pool->alloc.cache[i]`, i checked (an index outside the array reads no page: -1). */
export function cacheLoad(t: PagePoolState, k: number, i: number): number {
  const c = t.pools[k].cache;
  if (i < 0 || i >= c.length) {
    outOfBounds(t, k, OOB_CACHE);
    return -1;
  }
  return c[i];
}

/**
 * __ptr_ring_produce() after its `r->queue[r->producer]` test: the ring has
 * `size` slots; a produce when all hold a page would overwrite one (the model
 * records it and keeps the ring as it was).
 */
export function ringStore(t: PagePoolState, k: number, size: number, pg: number): void {
  const r = t.pools[k].ring;
  if (r.length >= size) outOfBounds(t, k, OOB_RING);
  else r.push(pg);
}
