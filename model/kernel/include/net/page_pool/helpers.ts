/**
 * include/net/page_pool/helpers.h (Linux 6.12 mainline): the inlines a driver
 * calls to give pages back. Leaves out: the dma-sync-size argument (a whole
 * page is synced), page_pool_put_page with a partial length. The helper
 * page_pool_unref_netmem() is in model/kernel/net/core/page_pool.ts (`unref`),
 * next to its page_pool.c callers (this file imports that one, not the reverse).
 */
import type { Action, Env } from '../../../../env.ts';
import type { Actor, PagePoolState } from '../../../../state.ts';
import { KIND_PP, TASK } from '../../../../state.ts';
import { startPut } from '../../../net/core/page_pool.ts';

/** XDP_DROP in the driver's poll: page_pool_recycle_direct() = page_pool_put_full_page(pool, page, true). */
export function page_pool_recycle_direct(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pg = t.rx.shift() as number;
  act.bh = env.threaded && a.ctx === TASK;
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
