/**
 * net/core/xdp.c (Linux 6.12 mainline): returning a redirected XDP frame.
 * Leaves out: the mem-model registry (frames are page_pool pages), bulk return.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import { startPut } from './page_pool.ts';

/** xdp_return_frame() -> __xdp_return(.., napi_direct=false) -> page_pool_put_full_page(pp, page, false). */
export function xdp_return_frame(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pg = t.xdp.splice(a.a, 1)[0];
  startPut(t, env, act, a.cpu, a.ctx, pg, false);
}
