/**
 * Execution contexts: which (cpu, context) may run (interrupt nesting,
 * kernel/softirq.c and preempt_count in include/linux/preempt.h, 6.12
 * mainline), and the bookkeeping of the in-flight records (`Actor`) that
 * split multi-step kernel sequences. Leaves out: nested hard IRQs (one
 * hardirq context per CPU), ksoftirqd (a softirq is a context of its CPU).
 */
import type { Env } from './env.ts';
import type { Actor, Ctx, PagePoolState } from './state.ts';
import { HARDIRQ, OP_NONE, OP_POP_WRITE, OP_PUSH_WRITE, OP_RING_UNLOCK, SOFTIRQ, TASK, actorId } from './state.ts';

export function busy(a: Actor): boolean {
  return a.op !== OP_NONE || a.q.length > 0;
}

/** BH is off for the task actor while it is inside a BH-disabled section or holds the producer lock (spin_lock_bh). */
function taskBhOff(a: Actor): boolean {
  return busy(a) && (a.bh || a.op === OP_RING_UNLOCK);
}

/**
 * Interrupt nesting on one CPU: a hardirq runs over anything; a softirq runs
 * over a task unless the task disabled BH; a task cannot run while a softirq
 * is mid-operation on its CPU. Under PREEMPT_RT softirq processing is a
 * preemptible thread: task and softirq interleave freely (no per-CPU BH lock).
 */
export function canRun(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  if (ctx === HARDIRQ) return true;
  // a hard IRQ handler runs to completion over anything below it (also on PREEMPT_RT)
  if (busy(s.actors[actorId(cpu, HARDIRQ)])) return false;
  const task = s.actors[actorId(cpu, TASK)];
  const sirq = s.actors[actorId(cpu, SOFTIRQ)];
  if (env.rt) return true;
  if (ctx === SOFTIRQ) return !taskBhOff(task) || env.cfg.bhDisableBlocksSoftirq === false;
  return !busy(sirq);
}

/** in_softirq(): serving a softirq or BH disabled. */
export function inSoftirq(a: Actor, ctx: Ctx): boolean {
  return ctx === SOFTIRQ || (ctx === TASK && a.bh);
}

/** The context in which the NAPI poll runs, if cpu/ctx is it. */
export function isPollCtx(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  const n = s.napi;
  if (!n.sched || n.disabled || n.run !== cpu) return false;
  return env.threaded ? ctx === TASK : ctx === SOFTIRQ;
}

/** The end of an actor's multi-step sequence. */
export function finishOp(act: Actor): void {
  act.op = OP_NONE;
  act.pool = -1;
  act.page = -1;
  act.c = 0;
  if (act.q.length === 0) act.bh = false;
}

/** Keep dead cache slots canonical: with no cache access in flight, slots >= count are never read before written. */
export function scrubDeadSlots(t: PagePoolState): void {
  for (const a of t.actors)
    if (!busy(a)) {
      a.bh = false;
      a.ns = -1;
    }
  pools: for (let k = 0; k < t.pools.length; k++) {
    const P = t.pools[k];
    for (const a of t.actors) if ((a.op === OP_PUSH_WRITE || a.op === OP_POP_WRITE) && a.pool === k) continue pools;
    for (let i = Math.max(0, P.count); i < P.cache.length; i++) P.cache[i] = -1;
  }
}
