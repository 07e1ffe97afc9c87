/**
 * net/core/xdp.c (Linux 6.12 mainline): returning a redirected XDP frame, one
 * at a time or in bulk (xdp_return_frame_bulk / xdp_flush_frame_bulk), and
 * unregistering the page_pool memory model (its page_pool_destroy). Leaves out:
 * the mem-model registry lookup (frames are page_pool pages), multi-buffer
 * frames (xdp_frame_has_frags).
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import { page_pool_destroy, startPut, startPutBulk } from './page_pool.ts';

/** xdp_return_frame() -> __xdp_return(.., napi_direct=false) -> page_pool_put_full_page(pp, page, false). */
export function xdp_return_frame(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pg = t.xdp.splice(a.a, 1)[0];
  startPut(t, env, act, a.cpu, a.ctx, pg, false);
}

/**
 * xdp_rxq_info_unreg() -> xdp_rxq_info_unreg_mem_model() -> xdp_unreg_mem_model(): for
 * MEM_TYPE_PAGE_POOL, page_pool_destroy(xa->page_pool): drops the user page_pool_use_xdp_mem()
 * added (a driver script step; the destroy of the last user is the real one).
 */
export function xdp_rxq_info_unreg(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  page_pool_destroy(t, a, env, act);
}

/**
 * XDP_BULK_QUEUE_SIZE (16 in include/net/xdp.h), scaled: the frames one xdp_frame_bulk holds
 * before xdp_return_frame_bulk() flushes it.
 */
export const XDP_BULK_QUEUE_SIZE = 2;

/**
 * A TX completion loop (a driver's, cpumap's, devmap's) under rcu_read_lock():
 * `xdp_return_frame_bulk(xdpf, &bq)` for `a.b` frames of the same page_pool (mem.id),
 * starting at frame `a.a`, each `bq->q[bq->count++] = xdpf->data`, then
 * `xdp_flush_frame_bulk(&bq)` -> page_pool_put_page_bulk(xa->page_pool, bq->q, bq->count).
 * The queueing is one step: it writes only the caller's on-stack xdp_frame_bulk (no other
 * context can see it); the flush's page_pool_put_page_bulk() is split (page_pool.ts).
 */
export function xdp_return_frame_bulk(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pages = t.xdp.splice(a.a, a.b);
  act.bq = pages.map((pg) => pg * 2); // not approved yet: each holds its frame's pp reference
  startPutBulk(t, env, act, a.cpu, a.ctx, t.pages[pages[0]].pp);
}
