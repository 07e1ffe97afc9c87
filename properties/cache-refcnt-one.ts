import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { POOL_FREED } = St;

/**
 * cache-refcnt-one
 *
 * Statement: for every live pool and every page in its alloc cache (slots
 * `0 .. count-1`) or its ptr_ring, `_refcount == 1` and `pp_ref_count == 1`:
 * the pool's own reference is the only one.
 *
 * Kernel rationale: page_pool_recycle_in_cache() says "Caller MUST have
 * verified/know (page_ref_count(page) == 1)"; __page_pool_page_can_be_recycled()
 * tests `page_ref_count(page) == 1` before a page enters the cache or the ring,
 * and page_pool_empty_ring() pr_crit()s on a ring page with another count.
 * A page with an extra reference (get_page by another subsystem, a page ref from
 * coalescing or expanding an skb) must leave the pool (page_pool_return_netmem)
 * instead: the pool would otherwise hand out for DMA a page that someone reads.
 *
 * Motivating commit: ff7d6b27f894 "page_pool: refurbish version of page_pool
 * code" (the refcnt==1 recycling rule, kept by every later version).
 */
/** Why page `pg`, in pool `k`'s `where`[i], holds other references than the pool's (null if it does not). */
function notOnlyPoolRef(s: PagePoolState, pg: number, k: number, where: 'cache' | 'ring', i: number): string | null {
  const p = s.pages[pg];
  if (p.ref !== 1) return `page${pg} in pool${k}.${where}[${i}] has _refcount ${p.ref}`;
  if (p.ppRef !== 1) return `page${pg} in pool${k}.${where}[${i}] has pp_ref_count ${p.ppRef}`;
  return null;
}

export const cacheRefcntOne: Invariant<PagePoolState> = {
  id: 'cache-refcnt-one',
  description: 'every page in an alloc cache or ptr_ring has _refcount == 1 and pp_ref_count == 1',
  check(s) {
    for (let k = 0; k < s.pools.length; k++) {
      const P = s.pools[k];
      if (P.st === POOL_FREED) continue;
      // cache slots first, then ring entries (the order of the report); no list of places per state
      for (let i = 0; i < P.count && i < P.cache.length; i++) {
        const f = P.cache[i] >= 0 ? notOnlyPoolRef(s, P.cache[i], k, 'cache', i) : null;
        if (f) return f;
      }
      for (let i = 0; i < P.ring.length; i++) {
        const f = notOnlyPoolRef(s, P.ring[i], k, 'ring', i);
        if (f) return f;
      }
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
