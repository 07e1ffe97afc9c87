import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import { reasonWitness } from './witness.ts';

/**
 * stats-integrity
 *
 * Statement (CONFIG_PAGE_POOL_STATS, bound --pool-stats on): no update of a
 * pool statistic can be lost, and the statistics' memory is released only by
 * the pool that allocated it. The recycle statistics are updated with
 * this_cpu_inc()/this_cpu_add() on the recycling CPU's own
 * struct page_pool_recycle_stats: one operation that neither preemption (a
 * migration to another CPU in the middle) nor a softirq on the same CPU (which
 * recycles too) can split. A plain load, add, store is safe only where neither
 * can run: preemption and BH off for a CPU's own counter (__this_cpu_inc), the
 * pool's single consumer context for a counter all CPUs share (alloc_stats are
 * such a counter: `pool->alloc_stats.x++`, "intended to be used in softirq
 * context", written only by the allocating NAPI). page_pool_uninit() frees
 * pool->recycle_stats only when page_pool_init() allocated it (`if
 * (!pool->system)`): the per-CPU system page pools share the static
 * pp_system_recycle_stats. The model records the first update that breaks this,
 * or the free, in the ghost `g.statBad` (pool*2, pool*2+1 for the free).
 *
 * Kernel rationale: the counters are read by ethtool and the netlink page-pool
 * stats (page_pool_get_stats() sums every CPU's struct); a lost update makes
 * them lie about where pages go, and freeing the static per-CPU object is
 * free_percpu() of memory the percpu allocator never handed out (every other
 * system pool keeps counting into it).
 *
 * Motivating commits: ad6fa1e1ab1b "page_pool: Add recycle stats" (per-CPU
 * counters and this_cpu_inc, because pages are recycled from any CPU),
 * 8610037e8106 "page_pool: Add allocation stats" (alloc_stats, softirq only),
 * f853fa5c54e7 "net: page_pool: fix recycle stats for system page_pool
 * allocator" (pp_system_recycle_stats and the `pool->system` test in
 * page_pool_uninit()).
 */
export const statsIntegrity: Invariant<PagePoolState> = {
  id: 'stats-integrity',
  description: 'a pool statistic is never updated where an update can be lost, and its per-CPU memory is freed only by the pool that allocated it',
  check(s) {
    const g = s.g.statBad;
    if (g < 0) return null;
    const k = g >> 1;
    if (g & 1) return `pool${k}'s page_pool_uninit() freed recycle_stats it did not allocate (a system pool's static pp_system_recycle_stats)`;
    return `pool${k}'s statistics updated with a plain read-modify-write in a context where preemption or another context can split it (an update can be lost)`;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
