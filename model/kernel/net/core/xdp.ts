/**
 * net/core/xdp.c (Linux 6.12 mainline): returning a redirected XDP frame, and
 * unregistering the page_pool memory model (its page_pool_destroy). Leaves out:
 * the mem-model registry lookup (frames are page_pool pages), bulk return.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import { page_pool_destroy, startPut } from './page_pool.ts';

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
