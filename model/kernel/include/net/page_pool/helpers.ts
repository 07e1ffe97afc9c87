/**
 * include/net/page_pool/helpers.h (Linux 6.12 mainline): the inlines a driver
 * calls to give pages back. Leaves out: the dma-sync-size argument (a whole
 * page is synced), page_pool_put_page with a partial length. The helper
 * page_pool_unref_netmem() is in model/kernel/net/core/page_pool.ts (`unref`),
 * next to its page_pool.c callers (this file imports that one, not the reverse);
 * page_pool_get_dma_addr_netmem() likewise is in model/kernel/net/core/page_pool_priv.ts,
 * next to the store it reverses.
 */
import type { Action, Env } from '../../../../env.ts';
import type { Actor, PagePoolState } from '../../../../state.ts';
import { KIND_PP } from '../../../../state.ts';
import { allocFrag, allocPageAtomic, startPut, touchPool, unref } from '../../../net/core/page_pool.ts';

/** XDP_DROP in the driver's poll: page_pool_recycle_direct() = page_pool_put_full_page(pool, page, true). */
export function page_pool_recycle_direct(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pg = t.rx.shift() as number;
  startPut(t, env, act, a.cpu, a.ctx, pg, true);
}

/**
 * Driver RX ring teardown: page_pool_put_full_page(pool, page, false) for each descriptor
 * page of pool a (a driver script step); each page goes through the put path in turn.
 */
export function page_pool_put_full_page(t: PagePoolState, a: Action, _env: Env, act: Actor): void {
  const keep: number[] = [];
  for (const pg of t.rx) {
    if (t.pages[pg].pp === a.a) act.q.push(pg * 4 + KIND_PP * 2 + 1);
    else keep.push(pg);
  }
  t.rx = keep;
  t.drv++;
}

/** page_pool_alloc()'s `b`: bit 0 the slow path's pfmemalloc choice, bit 1 a size above max_size / 2. */
export const SIZED_LARGE = 2;

/**
 * page_pool_alloc() / page_pool_dev_alloc() (sized allocation, one pool handing out whole pages
 * and frags): `if ((*size << 1) > max_size)` (max_size = PAGE_SIZE << pool->p.order) a whole page
 * from page_pool_alloc_pages() (pp_ref_count 1), else page_pool_alloc_frag() (a BIAS-split page).
 * The frag branch's tail (`if (pool->frag_offset + *size > max_size)` the frag takes the rest of
 * the page: `*size = max_size - *offset; pool->frag_offset = max_size`) changes nothing at the
 * model's granularity (frags of 1/FRAGS_PER_PAGE of a page: the last one ends at max_size).
 */
export function page_pool_alloc(t: PagePoolState, a: Action, env: Env, _act: Actor): void {
  const k = a.a;
  touchPool(t, k);
  t.budget--;
  const pfm = a.b & 1;
  const pg = (a.b & SIZED_LARGE) !== 0 ? allocPageAtomic(t, env, k, a.cpu, pfm) : allocFrag(t, env, k, a.cpu, pfm);
  if (pg >= 0) t.rx.push(pg);
}

/** page_pool_fragment_page(page, nr) -> page_pool_fragment_netmem(): atomic_long_set(&pp_ref_count, nr). */
export function page_pool_fragment_page(t: PagePoolState, pg: number, nr: number): void {
  t.pages[pg].ppRef = nr;
}

/** page_pool_unref_page(page, nr) -> page_pool_unref_netmem(): the remaining pp_ref_count (0: last user). */
export function page_pool_unref_page(t: PagePoolState, pg: number, nr: number): number {
  return unref(t, pg, nr);
}

