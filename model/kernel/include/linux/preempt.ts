/**
 * include/linux/preempt.h (Linux 6.12 mainline): in_softirq(), in_serving_softirq(),
 * in_hardirq(), in_task() read the CPU's preempt_count() (hard-IRQ count, softirq
 * being served, BH-disable depth). The model keeps that count per CPU in
 * model/context.ts (issue #15 D1); these are the kernel's names for the same
 * functions, as proposals call them (k.inSoftirq()).
 * Leaves out: NMI and nested hard IRQs (as model/context.ts does).
 *
 * One addition over model/context.ts: napi_threaded_poll_loop() runs every poll step of
 * the kthread under local_bh_disable(), so a proposal's replaced poll step sees
 * in_softirq() true even before the model's own poll has marked the task BH-disabled.
 * model/context.ts does not count that yet (doing so changes golden counts in the
 * threaded scenarios: a known divergence, noted for the next model change).
 */
import { inHardirq, inServingSoftirq, inSoftirq, inTask, isPollCtx } from '../../../context.ts';
import type { Env } from '../../../env.ts';
import { type Ctx, type PagePoolState, TASK } from '../../../state.ts';

export { inHardirq as in_hardirq, inServingSoftirq as in_serving_softirq, inTask as in_task };

/** in_softirq(): softirq_count() != 0, the threaded NAPI kthread's poll included. */
export function in_softirq(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  return inSoftirq(s, env, cpu, ctx) || (ctx === TASK && env.threaded && isPollCtx(s, env, cpu, ctx));
}
