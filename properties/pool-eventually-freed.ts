import type { LivenessProperty } from '../src/engine/model.ts';
import type { PpAction } from '../model/registry.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';

const { POOL_DESTROYING, POOL_FREED, OP_RELEASE_SCRUB, OP_RELEASE_FREE } = St;

/** Every page that names pool k is back in k's cache or ring: no user, no pending put holds it. */
export function everyPageBack(s: PagePoolState, k: number): boolean {
  const c = St.pageCounts(s);
  if (s.pools[k].frag >= 0) return false;
  for (let pg = 0; pg < s.pages.length; pg++) {
    const p = s.pages[pg];
    if (p.ref === 0 || p.pp !== k) continue;
    if (c.storage[pg] === 0 || c.anyHeld[pg] > 0 || c.pipeline[pg] > 0) return false;
  }
  return true;
}

/**
 * pool-eventually-freed (liveness, per pool; checked by `check --liveness`)
 *
 * Statement: once page_pool_destroy() has begun and every page of the pool is
 * back (in its alloc cache or ptr_ring, held by no user, no put pending),
 * and its accounting is sound (inflight = hold_cnt - release_cnt >= 0: a
 * driver that returned a page twice makes it negative, and the kernel then
 * deliberately leaks the pool after a WARN: release-worker-stops covers that),
 * the pool is eventually freed (__page_pool_destroy()) and its release
 * worker stops (no release_dw pending, no page_pool_release() running):
 * `destroying /\ every page back ~> freed /\ worker idle`, under weak
 * fairness of every context and strong fairness of the workqueue.
 *
 * Kernel rationale: page_pool_destroy() -> page_pool_release() ->
 * page_pool_scrub() empties the alloc cache (page_pool_empty_alloc_cache_once)
 * and the ring (page_pool_empty_ring), returning every page to the page
 * allocator (release_cnt++); inflight = hold_cnt - release_cnt is then 0 and
 * the pool is freed. If it is not, page_pool_release_retry() re-arms itself
 * every DEFER_TIME forever and prints "stalled pool shutdown" after
 * DEFER_WARN_INTERVAL: the pool, its pages and DMA mappings leak. With pages
 * still in flight the worker legitimately keeps waiting (the premise asks
 * for every page back). Motivating: c3f812cea0d7 "page_pool: do not release
 * pool until inflight == 0", 43130d02baa1 (the worker loop).
 */
export const poolEventuallyFreed: LivenessProperty<PagePoolState, PpAction> = {
  id: 'pool-eventually-freed',
  description: 'once a destroyed pool has every page back, it is eventually freed and its release worker stops',
  instanceLabel: (k) => `pool${k}`,
  from(s, k) {
    const P = s.pools[k];
    return P.st === POOL_DESTROYING && P.hold >= P.release && everyPageBack(s, k);
  },
  to(s, k) {
    const P = s.pools[k];
    if (P.st !== POOL_FREED || P.retry) return false;
    for (const a of s.actors) if ((a.op === OP_RELEASE_SCRUB || a.op === OP_RELEASE_FREE) && a.pool === k) return false;
    return true;
  },
};
