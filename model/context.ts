/**
 * Execution contexts: which (cpu, context) may run (interrupt nesting,
 * kernel/softirq.c and preempt_count in include/linux/preempt.h, 6.12
 * mainline: the CPU's preempt_count nesting, read by in_softirq() and the
 * other predicates), and the bookkeeping of the in-flight records (`Actor`) that
 * split multi-step kernel sequences. Leaves out: nested hard IRQs (one
 * hardirq context per CPU), ksoftirqd (a softirq is a context of its CPU).
 */
import type { Env } from './env.ts';
import type { Actor, Ctx, PagePoolState } from './state.ts';
import { HARDIRQ, OP_NONE, OP_POP_WRITE, OP_PUSH_WRITE, SOFTIRQ, TASK, actorId } from './state.ts';

export function busy(a: Actor): boolean {
  return a.op !== OP_NONE || a.q.length > 0;
}

/**
 * The local_bh_disable() depth a context holds (SOFTIRQ_DISABLE_OFFSET units): the BH-off
 * section of its current operation (`bh`: a BH-disabled task, the threaded-NAPI kthread)
 * plus the spin_lock_bh()s it holds (`bhd`).
 */
export function bhDepth(a: Actor): number {
  return (a.bh && busy(a) ? 1 : 0) + a.bhd;
}

/**
 * The parts of a CPU's preempt_count (include/linux/preempt.h) that the model keeps, as the
 * acting context (cpu, ctx) sees it: each context nested on the CPU adds its offsets on entry
 * and removes them on exit, so the count is the sum over the contexts that are running or
 * interrupted (busy) at or below ctx. `hardirq`: HARDIRQ_OFFSET units; `serving`:
 * SOFTIRQ_OFFSET (a softirq being served); `bhDisable`: SOFTIRQ_DISABLE_OFFSET units.
 * PREEMPT_RT keeps the BH-disable count per task (current->softirq_disable_cnt) and serves
 * softirqs in a preemptible thread: only the acting context's own part counts there.
 */
export interface PreemptCount {
  hardirq: number;
  serving: number;
  bhDisable: number;
}

export function preemptCount(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): PreemptCount {
  const own = s.actors[actorId(cpu, ctx)];
  const pc: PreemptCount = { hardirq: ctx === HARDIRQ ? 1 : 0, serving: ctx === SOFTIRQ ? 1 : 0, bhDisable: (own.bh ? 1 : 0) + own.bhd };
  if (env.rt) return pc;
  for (let below = ctx - 1; below >= TASK; below--) {
    const a = s.actors[actorId(cpu, below as Ctx)];
    if (!busy(a) && a.bhd === 0) continue;
    if (below === SOFTIRQ && busy(a)) pc.serving++;
    pc.bhDisable += bhDepth(a);
  }
  return pc;
}

/** in_softirq() = softirq_count(): serving a softirq or BH disabled (also in a hard IRQ nested over either). */
export function inSoftirq(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  const pc = preemptCount(s, env, cpu, ctx);
  return pc.serving > 0 || pc.bhDisable > 0;
}

/** in_serving_softirq(): SOFTIRQ_OFFSET set (a hard IRQ that interrupted a softirq too). */
export function inServingSoftirq(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  return preemptCount(s, env, cpu, ctx).serving > 0;
}

/** in_hardirq() = hardirq_count(). */
export function inHardirq(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  return preemptCount(s, env, cpu, ctx).hardirq > 0;
}

/** in_task(): no NMI, hardirq or softirq-serving bits (BH disabled is still task context). */
export function inTask(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  const pc = preemptCount(s, env, cpu, ctx);
  return pc.hardirq === 0 && pc.serving === 0;
}

/**
 * Interrupt nesting on one CPU, from its preempt_count: a hardirq runs over anything; a
 * softirq runs over a task unless softirq_count() is non-zero (the task disabled BH:
 * local_bh_disable, spin_lock_bh); a task cannot run while a softirq is mid-operation on its
 * CPU. Under PREEMPT_RT softirq processing is a preemptible thread: task and softirq
 * interleave freely (no per-CPU BH lock).
 */
export function canRun(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  if (ctx === HARDIRQ) return true;
  // a hard IRQ handler runs to completion over anything below it (also on PREEMPT_RT)
  if (busy(s.actors[actorId(cpu, HARDIRQ)])) return false;
  if (env.rt) return true;
  if (ctx === SOFTIRQ) return bhDepth(s.actors[actorId(cpu, TASK)]) === 0 || env.cfg.bhDisableBlocksSoftirq === false;
  return !busy(s.actors[actorId(cpu, SOFTIRQ)]);
}

/** The context in which the NAPI poll runs, if cpu/ctx is it. */
export function isPollCtx(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  const n = s.napi;
  if (!n.sched || n.disabled || n.run !== cpu) return false;
  return env.threaded ? ctx === TASK : ctx === SOFTIRQ;
}

/**
 * napi_threaded_poll_loop() (net/core/dev.c): the threaded NAPI kthread runs each poll
 * (__napi_poll(), then skb_defer_free_flush()) between local_bh_disable() and
 * local_bh_enable(). A poll step the kthread starts (TASK context; a `poll` start rule of
 * model/registry.ts, applied by the dispatch, model/transition.ts) holds BH disabled for the
 * whole operation it starts: preemptCount() counts it (`bh`), so in_softirq() is true from the
 * step's first line, also for a hard IRQ over it, and no softirq runs over it (canRun) until
 * it ends. Between two poll steps the BH section is left open (the kernel's loop re-enables
 * BH between polls, and the model does not group steps into polls): more interleavings, not
 * fewer.
 */
export function kthreadPollBhDisable(env: Env, ctx: Ctx, act: Actor): void {
  if (env.threaded && ctx === TASK && !busy(act)) act.bh = true;
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
