import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { POOL_ALIVE, POOL_DESTROYING, POOL_FREED } = St;

/**
 * no-leak-at-quiescence (terminal: checked only in states with no enabled action)
 *
 * Statement: when nothing can run any more, (1) no pool is stuck between
 * page_pool_destroy() and its final free; (2) every page is either back in the
 * page allocator (`_refcount == 0`) or owned by a live pool (page->pp names an
 * alive pool: in its cache/ring, in an RX descriptor, or its frag page); and
 * (3) for every alive pool, hold_cnt - release_cnt equals the number of pages
 * whose page->pp names it.
 *
 * Kernel rationale: inflight = hold - release is what page_pool_release()
 * waits for; a page stranded in a destroyed pool's cache (after
 * page_pool_empty_alloc_cache_once ran), a lost cache slot, a missing
 * release_cnt increment or a missing retry leaves the pool in the "stalled pool
 * shutdown" state forever (pr_warn in page_pool_release_retry) and leaks its
 * memory and DMA mappings.
 *
 * Motivating commits: c3f812cea0d7 "page_pool: do not release pool until
 * inflight == 0", dd64b232deb8 (a page pushed into a destroyed pool's cache is
 * never drained), 43130d02baa1 (the release worker).
 */
export const noLeakAtQuiescence: Invariant<PagePoolState> = {
  id: 'no-leak-at-quiescence',
  description: 'at quiescence every destroyed pool is freed and every page is free or owned by a live pool',
  check(s) {
    for (let k = 0; k < s.pools.length; k++)
      if (s.pools[k].st === POOL_DESTROYING)
        return `pool${k} never freed: inflight ${s.pools[k].hold - s.pools[k].release} (hold ${s.pools[k].hold}, release ${s.pools[k].release})`;
    const owned = new Array<number>(s.pools.length).fill(0);
    for (let pg = 0; pg < s.pages.length; pg++) {
      const p = s.pages[pg];
      if (p.ref === 0) continue;
      if (p.pp < 0) return `page${pg} leaked: _refcount ${p.ref} but no pool and no holder`;
      if (s.pools[p.pp].st === POOL_FREED) return `page${pg} still names freed pool${p.pp}`;
      owned[p.pp]++;
    }
    for (let k = 0; k < s.pools.length; k++) {
      const P = s.pools[k];
      if (P.st !== POOL_ALIVE) continue;
      if (P.hold - P.release !== owned[k])
        return `pool${k} inflight ${P.hold - P.release} but ${owned[k]} page(s) name it`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
