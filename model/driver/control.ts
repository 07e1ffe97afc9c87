/**
 * The driver's control path (probe/remove, queue reconfiguration), run as the
 * scenario's script in task context on cpu0, in order: when each step may run
 * (6.12 mainline drivers' ordering), and device_unbind, the one step that is
 * no single kernel function. Leaves out: probe (the pools and the NAPI exist
 * at the start), ethtool paths, error unwinding.
 */
import type { Action, Env } from '../env.ts';
import type { Actor, PagePoolState } from '../state.ts';
import { OP_PUSH_READ, OP_PUSH_WRITE, POOL_ALIVE, TASK } from '../state.ts';
import { bhDepth, busy } from '../context.ts';

/** The driver's remove after destroy: device_release_driver() (drivers/base/dd.c); the DMA device is gone. */
export function device_unbind(t: PagePoolState, _a: Action, _env: Env, _act: Actor): void {
  t.devUnbound = true;
  t.drv++;
}

/** Script steps that may always run when their turn comes. */
export function always(): boolean {
  return true;
}

/** napi_disable() waits until the poll completed (it must grab NAPI_STATE_SCHED). */
export function napiDisableMayRun(s: PagePoolState): boolean {
  return !s.napi.disabled && !s.napi.sched;
}

/** napi_enable(), and a queue restart (only with the NAPI disabled). */
export function napiIsDisabled(s: PagePoolState): boolean {
  return s.napi.disabled;
}

/**
 * netdev_rx_queue_restart(): with the NAPI disabled, or (script arg 2) on a live NAPI as 6.12
 * bnxt_queue_stop() does it: no napi_disable(), only synchronize_net() after the VNIC stops
 * receiving, which waits for the RCU readers in flight (a softirq, or a BH-disabled task, in
 * the middle of an operation on any CPU).
 */
export function restartMayRun(s: PagePoolState, _env: Env, arg: number): boolean {
  if (s.napi.disabled) return true;
  return arg === 2 && s.actors.every((a, i) => !busy(a) || (i % 3 === TASK && bhDepth(a) === 0));
}

/**
 * page_pool_disable_direct_recycling() as a driver step (6.12 bnxt_queue_stop() on the live
 * NAPI): napi_assert_will_not_race() WARNs unless the NAPI is disabled; a driver that breaks
 * that contract (`driverRespectsNapiAssert` false) calls it anyway.
 */
export function disableDirectMayRun(s: PagePoolState, env: Env, arg: number): boolean {
  return s.napi.disabled || s.pools[arg].napi < 0 || !env.cfg.driverRespectsNapiAssert;
}

/** page_pool_destroy(pool `arg`) as the driver's remove calls it. */
export function destroyMayRun(s: PagePoolState, env: Env, arg: number): boolean {
  const p = s.pools[arg];
  if (p.st !== POOL_ALIVE) return false;
  // napi_assert_will_not_race(): the linked NAPI must be disabled (driver contract)
  if (env.cfg.driverRespectsNapiAssert && p.napi >= 0 && !s.napi.disabled) return false;
  // napiLocalRcu (proposed fix): the page_pool_napi_local() decision and the cache push run
  // under rcu_read_lock(); page_pool_destroy() calls synchronize_rcu() after disabling direct
  // recycling. Modelled as: destroy does not start while a put that decided allow_direct is
  // still pushing (readers that start after the disable see p.napi == NULL and use the ring,
  // so waiting before or after the disable gives the same cache accesses).
  if (env.cfg.napiLocalRcu && s.actors.some((o) => (o.op === OP_PUSH_READ || o.op === OP_PUSH_WRITE) && o.pool === arg)) return false;
  return true;
}
