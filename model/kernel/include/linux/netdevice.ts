/**
 * include/linux/netdevice.h (Linux 6.12 mainline): napi_schedule(), the
 * inline that a driver's IRQ handler calls. Leaves out: napi_schedule_prep's
 * NAPI_STATE_MISSED handling (a second schedule of a scheduled NAPI is not
 * started), busy polling.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';

/** napi_schedule() -> __napi_schedule() -> ____napi_schedule(): threaded -> wake the kthread (list_owner untouched); else list_add + list_owner = cpu. */
export function napi_schedule(t: PagePoolState, a: Action, env: Env, _act: Actor): void {
  const n = t.napi;
  n.sched = true;
  n.run = a.cpu;
  n.owner = env.threaded ? -1 : a.cpu;
}
