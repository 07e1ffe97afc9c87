/**
 * include/linux/netdevice.h (Linux 6.12 mainline): napi_schedule(), the
 * inline that a driver's IRQ handler calls. Leaves out: napi_schedule_prep's
 * NAPI_STATE_MISSED handling (a second schedule of a scheduled NAPI is not
 * started), busy polling.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';

/**
 * napi_schedule() -> __napi_schedule() -> ____napi_schedule(): threaded -> wake_up_process(the
 * kthread), list_owner untouched; the kthread runs the poll on the CPU the scheduler picks (`a.a`:
 * it is not bound, and migrates between polls); else list_add to this CPU's poll list and
 * list_owner = cpu, the poll runs in this CPU's softirq.
 */
export function napi_schedule(t: PagePoolState, a: Action, env: Env, _act: Actor): void {
  const n = t.napi;
  n.sched = true;
  n.run = env.threaded && a.a >= 0 ? a.a : a.cpu;
  n.owner = env.threaded && env.cfg.threadedScheduleSkipsListOwner ? -1 : a.cpu;
}
