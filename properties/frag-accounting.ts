import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { BIAS, POOL_FREED, pageCounts } = St;

/**
 * frag-accounting
 *
 * Statement: pp_ref_count never went negative (ghost `g.ppUnderflow`, the
 * WARN_ON(ret < 0) of page_pool_unref_netmem), and for every page owned by a
 * pool (page->pp set) that is neither in the pool's cache/ring nor in a put
 * path after its last unref:
 *   pp_ref_count == (pp references held by users) + share,
 * where share = BIAS_MAX - frag_users when the page is its pool's current
 * frag_page (the frag allocator's not-yet-handed-out bias), BIAS - frags when
 * it is the page a driver split itself (page_pool_fragment_page; mlx5e's
 * frag_page, model/driver/mlx5e.ts) and has not released yet, else 0.
 * Pages in cache/ring or past their last unref have pp_ref_count == 1 (checked
 * by cache-refcnt-one for cache/ring).
 *
 * Kernel rationale: with the frag API (page_pool_alloc_frag) and the unified
 * pp_ref_count (v6.7/6.8), one page has several users, each owning one unit of
 * pp_ref_count; page_pool_unref_netmem() decides "last user" from that count.
 * A reference taken as a page reference (get_page) but dropped as a pp reference
 * (or the reverse) makes the count lie, and the page is recycled while a frag
 * user (another skb, an RX descriptor) still uses it.
 *
 * Motivating commits: 1effe8ca4e34 "skbuff: fix coalescing for page_pool
 * fragment recycling" (CVE-2022-49093), 53e0961da1c7 "page_pool: add frag page
 * recycling support in page pool", 58d53d8f7da6 "page_pool: unify frag_count
 * handling in page_pool_is_last_frag()".
 */
export const fragAccounting: Invariant<PagePoolState> = {
  id: 'frag-accounting',
  description: 'pp_ref_count never underflows and equals the pp references held plus the frag allocator bias',
  check(s) {
    if (s.g.ppUnderflow >= 0) return `pp_ref_count of page${s.g.ppUnderflow} went negative`;
    const { ppHeld: held, storage: st, pipeline: pipe } = pageCounts(s);
    for (let pg = 0; pg < s.pages.length; pg++) {
      const p = s.pages[pg];
      if (p.pp < 0 || st[pg] > 0 || pipe[pg] > 0) continue;
      const P = s.pools[p.pp];
      if (P.st === POOL_FREED) continue;
      const share = (P.frag === pg ? BIAS - P.fragUsers : 0) + (s.drvFrag === pg ? BIAS - s.drvFrags : 0);
      const want = held[pg] + share;
      if (p.ppRef !== want && want === 0 && p.ppRef === 1)
        return `page${pg} is lost: pool${p.pp} owns it (page->pp, pp_ref_count 1) but it is in no alloc.cache slot below alloc.count and not in the ring, and no user holds it: a cache slot was overwritten or dropped (a lost update on alloc.count)`;
      if (p.ppRef !== want)
        return `page${pg} pp_ref_count ${p.ppRef} but ${held[pg]} pp reference(s) held${share ? ` + frag bias ${share}` : ''} = ${want}`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
