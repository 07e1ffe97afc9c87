/**
 * include/linux/preempt.h (Linux 6.12 mainline): in_softirq(),
 * in_serving_softirq(), in_hardirq() read preempt_count(), whose softirq
 * bits are set while a softirq is served (SOFTIRQ_OFFSET) and while BH is
 * disabled (SOFTIRQ_DISABLE_OFFSET: local_bh_disable(), spin_lock_bh()), and
 * are kept by a hard IRQ that interrupts such a context. Here the contexts of
 * a CPU are its actors (model/state.ts): the softirq actor mid-operation is a
 * softirq being served; the task actor has BH disabled inside a BH-disabled
 * section (`bh`), while it holds a producer lock (spin_lock_bh), or as the
 * threaded NAPI kthread in its poll (napi_threaded_poll_loop() runs the poll
 * under local_bh_disable()). Leaves out: nested hard IRQs, NMI, and
 * PREEMPT_RT's per-CPU BH lock (softirq_count() still reads the same there).
 */
import { busy, isPollCtx } from '../../../context.ts';
import type { Env } from '../../../env.ts';
import { type Ctx, HARDIRQ, OP_RING_UNLOCK, type PagePoolState, SOFTIRQ, TASK, actorId } from '../../../state.ts';

/** The task context of `cpu` runs with BH disabled (softirq_count() != 0 there). */
function taskBhDisabled(s: PagePoolState, env: Env, cpu: number): boolean {
  const task = s.actors[actorId(cpu, TASK)];
  // `bh` is cleared whenever the task is idle after a step (scrubDeadSlots), so it is read as is:
  // the acting task's last page of a BH-disabled free has emptied its queue but is still inside the section
  if (task.bh || task.op === OP_RING_UNLOCK) return true;
  return env.threaded && isPollCtx(s, env, cpu, TASK);
}

/** in_serving_softirq(): a softirq is being served on `cpu` (also under a hard IRQ that interrupted it). */
export function in_serving_softirq(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx): boolean {
  if (ctx === SOFTIRQ) return true;
  return ctx === HARDIRQ && busy(s.actors[actorId(cpu, SOFTIRQ)]);
}

/** in_softirq(): softirq_count() != 0: serving a softirq, or BH disabled, in this context or the one a hard IRQ interrupted. */
export function in_softirq(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  if (in_serving_softirq(s, env, cpu, ctx)) return true;
  if (ctx === TASK) return taskBhDisabled(s, env, cpu);
  // a hard IRQ over the task context keeps the task's softirq count
  return ctx === HARDIRQ && busy(s.actors[actorId(cpu, TASK)]) && taskBhDisabled(s, env, cpu);
}

/** in_hardirq(). */
export function in_hardirq(_s: PagePoolState, _env: Env, _cpu: number, ctx: Ctx): boolean {
  return ctx === HARDIRQ;
}
