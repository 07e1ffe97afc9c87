import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { pageCounts, storagePlaces, isPoolFragPage } = St;

/**
 * no-double-recycle
 *
 * Statement (over the model state): every page occurs at most once in the
 * union of all live pools' alloc caches (slots `0 .. count-1`) and ptr_rings;
 * and a page that occurs there has no pp reference held by a user (an RX
 * descriptor, an skb's data, an XDP frame, a pending put) and it is not the
 * pool's current frag_page (still being handed out by page_pool_alloc_frag)
 * nor the page a driver split itself and still hands out (model/driver/mlx5e.ts):
 * the pool never holds for reuse a page that someone else still uses.
 *
 * Kernel rationale: `pool->alloc.cache` is a lockless LIFO that only its
 * consumer may touch (net/core/page_pool.c page_pool_recycle_in_cache(),
 * __page_pool_get_cached()). A lost update on `alloc.count` (a push and a pop,
 * or two pushes, from different contexts) leaves a slot that still names a page
 * already handed out, so the same page is handed out twice; a page recycled by
 * two releasers sits twice in cache/ring. Either way two users DMA into / read
 * the same buffer.
 *
 * Motivating commits: 32471b2f481d "page_pool: Don't recycle into cache on
 * PREEMPT_RT" (the preempted consumer), 2cc3aeb5eccc "skbuff: Fix a potential
 * race while recycling page_pool packets" (two recyclers of one page).
 */
export const noDoubleRecycle: Invariant<PagePoolState> = {
  id: 'no-double-recycle',
  description: 'a page sits at most once in the pools\' caches and rings, and never while a user still holds it',
  check(s) {
    const { storage: st, ppHeld: held } = pageCounts(s);
    for (let pg = 0; pg < st.length; pg++) {
      if (st[pg] > 1) return `page${pg} is recycled twice: ${storagePlaces(s, pg).join(', ')}`;
      if (st[pg] === 1 && held[pg] > 0)
        return `page${pg} is in ${storagePlaces(s, pg).join(', ')} while ${held[pg]} user reference(s) still hold it`;
      if (st[pg] === 1 && isPoolFragPage(s, pg))
        return `page${pg} is in ${storagePlaces(s, pg).join(', ')} while it is still a pool's frag_page`;
      if (st[pg] === 1 && s.drvFrag === pg)
        return `page${pg} is in ${storagePlaces(s, pg).join(', ')} while the driver still hands out its frags (page_pool_fragment_page)`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
