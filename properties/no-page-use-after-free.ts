import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { pageCounts, isPoolFragPage } = St;

/**
 * no-page-use-after-free
 *
 * Statement: (1) no put_page() ever ran on a page whose `_refcount` was 0 (ghost
 * `g.putFreed`); (2) a page with `_refcount == 0` (back in the page allocator)
 * is referenced by nobody: no RX descriptor, skb data, XDP frame, pending put,
 * put path in flight, other-subsystem reference, alloc-cache slot, ring entry
 * or pool frag_page names it, and its page->pp is cleared.
 *
 * Kernel rationale: every holder of a page pointer must own a reference that
 * keeps it out of the buddy allocator (page_ref_count). The skb layer takes
 * page references when it duplicates frag pointers (pskb_expand_head ->
 * skb_frag_ref, skb_try_coalesce -> __skb_frag_ref / skb_pp_frag_ref); a missing
 * reference frees a page that an skb still maps.
 *
 * Motivating commits: 1effe8ca4e34 "skbuff: fix coalescing for page_pool
 * fragment recycling" (CVE-2022-49093), 2cc3aeb5eccc.
 */
export const noPageUseAfterFree: Invariant<PagePoolState> = {
  id: 'no-page-use-after-free',
  description: 'no page is put at _refcount 0, and no freed page is still referenced or attached to a pool',
  check(s) {
    if (s.g.putFreed >= 0) return `put_page(page${s.g.putFreed}) at _refcount 0`;
    const { anyHeld: held, storage: st, pipeline: pipe } = pageCounts(s);
    for (let pg = 0; pg < s.pages.length; pg++) {
      const p = s.pages[pg];
      if (p.ref !== 0) continue;
      if (held[pg] > 0) return `page${pg} is back in the page allocator while ${held[pg]} reference holder(s) still use it`;
      if (st[pg] > 0) return `page${pg} is back in the page allocator while a pool cache/ring still lists it`;
      if (pipe[pg] > 0) return `page${pg} is back in the page allocator while a put path is still recycling it`;
      if (isPoolFragPage(s, pg)) return `page${pg} is back in the page allocator while it is a pool's frag_page`;
      if (s.drvFrag === pg) return `page${pg} is back in the page allocator while the driver still hands out its frags`;
      if (p.pp >= 0) return `page${pg} is back in the page allocator with page->pp = pool${p.pp}`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
