/**
 * CONFIG_PAGE_POOL_STATS as a bound (--pool-stats): pool->alloc_stats, written by the
 * allocation paths as net/core/page_pool.c's alloc_stat_inc() does, and the per-CPU
 * pool->recycle_stats (recycle_stat_inc/add: this_cpu_inc on the recycling CPU).
 * The values are compared with the C by the conformance harness (test/conformance).
 */
import { describe, expect, it } from 'vitest';
import { buildEnv, initialState, resolve } from '../../model/build.ts';
import { allocPageAtomic, page_pool_recycle_in_ring, refill, slowAlloc, startPut } from '../../model/kernel/net/core/page_pool.ts';
import {
  ALLOC_EMPTY,
  ALLOC_FAST,
  ALLOC_REFILL,
  ALLOC_SLOW,
  ALLOC_STATS,
  OP_RING,
  STAT_FIELDS,
  STAT_RING,
  SOFTIRQ,
  TASK,
  actorId,
  pageStatsOf,
  recycleStatIndex,
  type PagePoolState,
} from '../../model/state.ts';
import type { Env } from '../../model/env.ts';
import { BOUND_SPECS } from '../../model/scenario.ts';

function setup(scenario: string, over: Record<string, number> = {}): { s: PagePoolState; env: Env } {
  const { scen, cfg, bounds } = resolve({ variant: 'mainline', scenario, bounds: over });
  return { s: initialState(scen, bounds), env: buildEnv(cfg, scen, bounds) };
}

describe('the poolStats bound', () => {
  it('is off by default (the counters do not exist), on in xdp-bulk, named off/on, absent means off', () => {
    expect(setup('rx-recycle').s.pools[0].stats).toEqual([]);
    const spec = BOUND_SPECS.find((b) => b.name === 'poolStats')!;
    expect(spec.names).toEqual(['off', 'on']);
    expect(spec.absentMeans).toBe(0);
    const { s, env } = setup('xdp-bulk');
    // alloc_stats, then one recycle_stats block per possible CPU
    expect(s.pools[0].stats.length).toBe(ALLOC_STATS + env.cpus * STAT_FIELDS);
    expect(setup('xdp-bulk', { poolStats: 0 }).s.pools[0].stats).toEqual([]);
  });
});

describe('alloc_stats: where page_pool.c calls alloc_stat_inc()', () => {
  it('slow (a page from the page allocator), fast (from the cache), empty (refill of an empty ring), refill (the last page of a refill)', () => {
    const { s, env } = setup('rx-recycle', { poolStats: 1 });
    const st = s.pools[0].stats;
    const a = slowAlloc(s, env, 0, 0, 0);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(st[ALLOC_SLOW]).toBe(1);
    // page_pool_refill_alloc_cache() with an empty ring: alloc_stat_inc(pool, empty), no page
    expect(refill(s, env, 0, 0)).toBe(-1);
    expect(st[ALLOC_EMPTY]).toBe(1);
    // a page in the ring: the refill moves it to the cache and returns it: refill
    s.pools[0].ring.push(a);
    expect(refill(s, env, 0, 0)).toBe(a);
    expect(st[ALLOC_REFILL]).toBe(1);
    // a page in the cache: __page_pool_get_cached()'s fast path
    s.pools[0].cache[0] = a;
    s.pools[0].count = 1;
    expect(allocPageAtomic(s, env, 0, 0, 0)).toBe(a);
    expect(st[ALLOC_FAST]).toBe(1);
    expect(pageStatsOf(st)!.alloc).toEqual({ fast: 1, slow: 1, slow_high_order: 0, empty: 1, refill: 1, waive: 0 });
  });
});

describe('recycle_stats: per CPU, on the CPU that recycles', () => {
  it('a ring recycle from cpu1 counts in cpu1\'s block; page_pool_get_stats() sums the blocks', () => {
    const { s, env } = setup('rx-recycle', { poolStats: 1 });
    const pg = slowAlloc(s, env, 0, 0, 0);
    const act = s.actors[actorId(1, TASK)];
    startPut(s, env, act, 1, TASK, pg, false);
    expect(act.op).toBe(OP_RING);
    page_pool_recycle_in_ring(s, { fn: 'page_pool_recycle_in_ring', cpu: 1, ctx: TASK, a: pg, b: -1 }, env, act);
    const st = s.pools[0].stats;
    expect(st[recycleStatIndex(1, STAT_RING)]).toBe(1);
    expect(st[recycleStatIndex(0, STAT_RING)]).toBe(0);
    expect(pageStatsOf(st)!.recycle.ring).toBe(1);
    // without the bound nothing is counted
    const off = setup('rx-recycle');
    const pg2 = slowAlloc(off.s, off.env, 0, 0, 0);
    const act2 = off.s.actors[actorId(0, SOFTIRQ)];
    startPut(off.s, off.env, act2, 0, SOFTIRQ, pg2, false);
    expect(off.s.pools[0].stats).toEqual([]);
    expect(pageStatsOf(off.s.pools[0].stats)).toBeNull();
  });
});
