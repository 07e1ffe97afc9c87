import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { POOL_FREED } = St;

/**
 * no-pfmemalloc-recycle
 *
 * Statement: no page with page_is_pfmemalloc() set sits in a live pool's alloc
 * cache (slots `0 .. count-1`) or ptr_ring.
 *
 * Kernel rationale: pfmemalloc pages come from the emergency reserves that the
 * allocator hands out under memory pressure; they must go back to the
 * allocator as soon as they are used, never be kept for reuse. Since
 * d5394610b1ba __page_pool_page_can_be_recycled() refuses them and the page
 * leaves the pool through page_pool_return_netmem().
 *
 * Motivating commit: d5394610b1ba "page_pool: Don't recycle non-reusable pages".
 */
export const noPfmemallocRecycle: Invariant<PagePoolState> = {
  id: 'no-pfmemalloc-recycle',
  description: 'no pfmemalloc (emergency reserve) page is kept in an alloc cache or ptr_ring, or reused as the frag page',
  check(s) {
    // page_pool_drain_frag() reuses the drained frag page only if __page_pool_page_can_be_recycled()
    if (s.g.pfmReuse >= 0) return `pfmemalloc page reused as pool${s.g.pfmReuse}'s frag page (page_pool_drain_frag)`;
    for (let k = 0; k < s.pools.length; k++) {
      const P = s.pools[k];
      if (P.st === POOL_FREED) continue;
      for (let i = 0; i < P.count && i < P.cache.length; i++) {
        const pg = P.cache[i];
        if (pg >= 0 && s.pages[pg].pfm) return `pfmemalloc page${pg} recycled into pool${k}.cache[${i}]`;
      }
      for (const pg of P.ring) if (s.pages[pg].pfm) return `pfmemalloc page${pg} recycled into pool${k}.ring`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
