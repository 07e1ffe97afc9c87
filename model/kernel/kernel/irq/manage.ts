/**
 * kernel/irq/manage.c (Linux 6.12 mainline): irq_set_affinity(). Leaves out:
 * effective-affinity masks and IRQ migration timing (the next interrupt comes
 * on the new CPU).
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';

/** irq_set_affinity(): the device IRQ targets CPU a (a driver script step). */
export function irq_set_affinity(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  t.napi.irq = a.a;
  t.drv++;
}
