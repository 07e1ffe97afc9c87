import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { POOL_FREED } = St;

/**
 * pool-owns-its-pages
 *
 * Statement: a page no pool owns (a page from the page allocator, another
 * subsystem's, one a pool already returned) is never recycled into, counted by,
 * or freed through a pool: it never enters a pool's alloc cache or ring, never
 * goes through a pool's put or return path, and its pp_ref_count stays 0; and a
 * pool page is never freed to the page allocator while it still carries
 * PP_SIGNATURE or a pool still counts it: every alive or destroying pool counts
 * exactly the pages whose page->pp names it (pages_state_hold_cnt -
 * pages_state_release_cnt).
 *
 * Kernel rationale: skb->pp_recycle marks the whole skb, but an skb's frags and
 * head need not all be pool pages: drivers add pages from the page allocator
 * (copy-break and header buffers), and coalescing, splitting and expanding move
 * pages between skbs. skb_pp_recycle()/napi_pp_put_page() therefore decide per
 * page from page->pp_magic (`if (!is_pp_netmem(netmem)) return false;` then
 * put_page()), and skb_pp_frag_ref() refuses a page without the signature.
 * page_pool_return_netmem() clears pp_magic (page_pool_clear_pp_info()) before
 * the page goes back to the page allocator, whose free_pages_prepare() checks
 * page_pool_page_is_pp() and reports bad_page("page_pool leak") otherwise.
 * A non-pool page taken for a pool page would be recycled while its owner still
 * uses it (page->pp is then whatever shares the union, page->lru), and a pool
 * page freed while counted is reused by the allocator while the pool still
 * hands it out.
 *
 * Motivating commits: 6a5bcd84e886 "page_pool: Allow drivers to hint on SKB
 * recycling" (the pp_magic test on free), 2cc3aeb5eccc "skbuff: Fix a potential
 * race while recycling page_pool packets", 8fb9ed1ed5d5 "mm: fix bad page
 * reports for page_pool pages" (the free-time check of page_pool_page_is_pp),
 * 58d53d8f7da6 (skb_pp_frag_ref() returns -EINVAL for a non-pp page).
 */
/** How many pages name pool `k` in page->pp (no array per state). */
function pagesNaming(s: PagePoolState, k: number): number {
  let n = 0;
  for (let pg = 0; pg < s.pages.length; pg++) if (s.pages[pg].pp === k) n++;
  return n;
}

export const poolOwnsItsPages: Invariant<PagePoolState> = {
  id: 'pool-owns-its-pages',
  description: 'a page no pool owns is never recycled into, counted by or freed through a pool; a pool page is never freed while a pool counts it',
  check(s) {
    const g = s.g;
    if (g.foreign >= 0) return `page${g.foreign} went through a pool's put or return path, but no pool owns it (pp_magic without PP_SIGNATURE, or page->pp another pool)`;
    if (g.badPage >= 0) return `page${g.badPage} was freed to the page allocator while it still carried PP_SIGNATURE or page->pp (bad_page: "page_pool leak")`;
    for (let pg = 0; pg < s.pages.length; pg++) {
      const p = s.pages[pg];
      if (p.pp < 0 && !p.magic && p.ppRef !== 0) return `page${pg} belongs to no pool, but its pp_ref_count is ${p.ppRef}: a pool reference was taken on it`;
    }
    for (let k = 0; k < s.pools.length; k++) {
      const P = s.pools[k];
      if (P.st === POOL_FREED) continue;
      for (let i = 0; i < P.count && i < P.cache.length; i++) {
        const pg = P.cache[i];
        if (pg >= 0 && (s.pages[pg].pp !== k || !s.pages[pg].magic)) return `page${pg} is in pool${k}'s alloc cache, but pool${k} does not own it`;
      }
      for (const pg of P.ring) if (s.pages[pg].pp !== k || !s.pages[pg].magic) return `page${pg} is in pool${k}'s ring, but pool${k} does not own it`;
      const owned = pagesNaming(s, k);
      if (P.hold - P.release !== owned)
        return `pool${k} counts ${P.hold - P.release} page(s) in flight (hold_cnt - release_cnt) but ${owned} page(s) name it in page->pp`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
