/**
 * include/linux/preempt.h (Linux 6.12 mainline): in_softirq(), in_serving_softirq(),
 * in_hardirq(), in_task() read the CPU's preempt_count() (hard-IRQ count, softirq
 * being served, BH-disable depth). The model keeps that count per CPU in
 * model/context.ts (issue #15 D1), the threaded NAPI kthread's local_bh_disable()
 * around its poll (napi_threaded_poll_loop()) included; these are the kernel's names
 * for the same functions, as proposals call them (k.inSoftirq()).
 * Leaves out: NMI and nested hard IRQs (as model/context.ts does).
 */
export { inHardirq as in_hardirq, inServingSoftirq as in_serving_softirq, inSoftirq as in_softirq, inTask as in_task } from '../../../context.ts';
