/**
 * net/core/netpoll.c (Linux 6.12 mainline): netpoll_poll_dev() from hard IRQ
 * (netconsole). Leaves out: the TX side of netpoll; mainline drivers do no page
 * work at budget 0, so the step exists only for cfg.netpollAllowDirect.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import { startPut } from './page_pool.ts';

/**
 * netpoll_poll_dev() -> driver poll(budget 0) in hard IRQ: the RX buffer is dropped back to
 * the pool with page_pool_recycle_direct() (allow_direct = true).
 */
export function netpoll_poll_dev(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pg = t.rx.shift() as number;
  startPut(t, env, act, a.cpu, a.ctx, pg, true);
}
