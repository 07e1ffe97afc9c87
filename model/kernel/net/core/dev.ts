/**
 * net/core/dev.c (Linux 6.12 mainline): NAPI completion, disable/enable and
 * the softirq's skb defer-list flush. Leaves out: GRO, busy polling, the
 * NAPI poll budget accounting (the driver's poll decides when it completes),
 * rps/xps.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import { SKB_DEFERRED } from '../../../state.ts';
import { freeSkb } from './skbuff.ts';

/** napi_complete_done(): list_del_init; WRITE_ONCE(n->list_owner, -1); clear SCHED. */
export function napi_complete_done(t: PagePoolState, _a: Action, _env: Env, _act: Actor): void {
  const n = t.napi;
  n.sched = false;
  n.owner = -1;
  n.run = -1;
}

/** napi_disable(): holds NAPI_STATE_SCHED; list_owner stays -1 (a driver script step). */
export function napi_disable(t: PagePoolState, _a: Action, _env: Env, _act: Actor): void {
  t.napi.disabled = true;
  t.napi.owner = -1;
  t.drv++;
}

/** napi_enable() (a driver script step). */
export function napi_enable(t: PagePoolState, _a: Action, _env: Env, _act: Actor): void {
  t.napi.disabled = false;
  t.drv++;
}

/**
 * skb_defer_free_flush() from net_rx_action() (or the threaded-NAPI kthread, BH disabled):
 * napi_consume_skb(skb, 1) for each deferred skb of this CPU.
 */
export function skb_defer_free_flush(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  if (env.cfg.skbPathNeedsNapiSafe) act.ns = 1;
  for (let j = 0; j < t.skbs.length; j++) {
    const x = t.skbs[j];
    if (x.st === SKB_DEFERRED && x.cpu === a.cpu) freeSkb(t, env, act, j);
  }
}
