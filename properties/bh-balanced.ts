import type { Invariant } from '../src/engine/model.ts';
import { busy } from '../model/context.ts';
import { CTX_NAMES, type PagePoolState } from '../model/state.ts';

/**
 * bh-balanced
 *
 * Statement: a context that goes idle leaves its CPU's BH-disable depth as it
 * found it (every local_bh_disable()/spin_lock_bh() it did is undone), and
 * every unlock of the ptr_ring producer lock matches the variant of its lock
 * (spin_unlock_bh() after spin_lock_bh(), spin_unlock() after spin_lock()): the
 * model keeps each context's share of its CPU's preempt_count BH-disable count
 * (`Actor.bhd`, model/context.ts preemptCount); a mismatched unlock leaves it
 * above 0 (BH stays disabled: the CPU's softirqs never run again) or takes it
 * below 0 (local_bh_enable() underflow, WARN in __local_bh_enable_ip()).
 *
 * Kernel rationale: page_pool_producer_lock() picks spin_lock() or
 * spin_lock_bh() from in_softirq() and returns that choice, which the caller
 * hands to page_pool_producer_unlock(); re-reading in_softirq() at unlock time
 * would see the lock's own BH disable and pick spin_unlock().
 *
 * Motivating commit: 542bcea4be86 "net: page_pool: use in_softirq() instead"
 * (the saved `in_softirq` of page_pool_producer_lock/unlock).
 */
const where = (i: number): string => `cpu${Math.floor(i / 3)} ${CTX_NAMES[i % 3]}`;

export const bhBalanced: Invariant<PagePoolState> = {
  id: 'bh-balanced',
  description: 'every context leaves its CPU\'s BH-disable depth as it found it, and every producer unlock matches its lock\'s variant',
  check(s) {
    for (let i = 0; i < s.actors.length; i++) {
      const a = s.actors[i];
      // the context's name only for a report (no string per actor and state)
      if (a.bhd < 0) return `${where(i)}: local_bh_enable() without a matching disable (BH-disable depth ${a.bhd})`;
      if (a.bhd !== 0 && !busy(a)) return `${where(i)} went idle with BH disabled (depth ${a.bhd}): an unlock did not match its lock's variant`;
    }
    return null;
  },
};
