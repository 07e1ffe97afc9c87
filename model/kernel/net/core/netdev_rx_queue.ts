/**
 * net/core/netdev_rx_queue.c (Linux 6.12 mainline): netdev_rx_queue_restart()
 * through the driver's queue API (ndo_queue_mem_alloc/stop/start). Leaves out:
 * the memory allocation and its failure path; the new ring's pool exists
 * (two pools, the driver swaps between them).
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import { disableDirectRecycling } from './page_pool.ts';

/** The driver's RX ring moves to the other pool (created with p.napi = this NAPI). */
export function netdev_rx_queue_restart(t: PagePoolState, a: Action, env: Env, _act: Actor): void {
  const n = t.napi;
  const old = n.pool;
  n.pool = (old + 1) % t.pools.length;
  // arg 2 (6.12 bnxt on a live NAPI): the old ring receives nothing after synchronize_net() (the
  // VNIC is stopped first), so the swap is modelled there; its page_pool_disable_direct_recycling()
  // is a script step of its own, after which puts deciding NAPI-local may still be in flight
  if (env.cfg.restartDisablesDirectRecycling || a.a === 1) {
    // queue-API drivers (script arg 1, e.g. bnxt_queue_stop()) call
    // page_pool_disable_direct_recycling(old) while the NAPI is stopped: cpuid = -1; p.napi = NULL
    disableDirectRecycling(t, old);
  }
  t.drv++;
}
