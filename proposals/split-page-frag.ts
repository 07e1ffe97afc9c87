/**
 * Split-page design (2): page_pool_alloc_frag() with pp_ref_count, as it
 * landed (53e0961da1c7 frag API, v5.15; 58d53d8f7da6 unified frag count,
 * v6.7; pp_frag_count renamed pp_ref_count and skb_pp_frag_ref() coalescing,
 * v6.8). See ../shared/kernel/split-page-proposals.md §2-§4 and docs/split-page.md.
 *
 * The pool, not the driver, splits pages: the allocator hands out half pages
 * of pool->frag_page, which carries BIAS_MAX units of pp_ref_count; every user
 * (RX descriptor, skb frag, coalesced skb via page_pool_ref_netmem) owns one
 * unit and gives it back with page_pool_unref_netmem(); the put that takes
 * the count to 0 (page_pool_unref_and_test) is the only one that may recycle.
 * _refcount stays 1 for a pool-owned page: the pool waits for pp users only.
 *
 * The allocator is written out below from the kernel source instead of being
 * inherited, so `ppcheck diff --model proposals/split-page-frag.ts` against
 * mainline (whose model has the same code) is also a check of this
 * restatement: same verdicts, same state space.
 *
 *   npx ppcheck check --model proposals/split-page-frag.ts
 *   npx ppcheck diff  --model proposals/split-page-frag.ts
 */
import { BIAS, defineProposal, FRAGS_PER_PAGE } from '../model/proposal.ts';

export const family = defineProposal({
  id: 'split-page-frag',
  description: 'page_pool_alloc_frag() with pp_ref_count as it landed (v5.15 frag API, v6.7 unified count, v6.8 pp_ref_count and skb_pp_frag_ref coalescing)',
  base: 'mainline',
  scenarios: ['frag'],
  // the landed design's guards, spelled out (all are mainline's values)
  config: {
    putUnrefsPpRef: true, // page_pool_put_netmem(): if (!page_pool_unref_and_test(netmem)) return;
    coalesceClonedPp: 'pp_ref', // skb_try_coalesce() from a cloned pp skb: skb_pp_frag_ref() (v6.8)
    destroyFreesFrag: true, // page_pool_destroy() -> page_pool_free_frag()
    releaseDataChecksDataref: true,
    skbReleaseDataClearsPpRecycle: true, // 2cc3aeb5eccc: only the last dataref holder recycles
  },
  replace: {
    // page_pool_alloc_frag_netmem(pool, &offset, size = PAGE_SIZE / 2, gfp) (net/core/page_pool.c)
    page_pool_alloc_frag(t, a, k) {
      const pool = a.a;
      k.touchPool(pool);
      t.budget--; // one RX buffer
      const P = t.pools[pool];
      let page = P.frag;
      let reset = false;
      if (page >= 0 && P.fragOff + 1 > FRAGS_PER_PAGE) {
        // no room left: page = page_pool_drain_frag(pool, page)
        const drained = page;
        page = -1;
        // page_pool_unref_netmem(netmem, BIAS_MAX - pool->frag_users) == 0: every frag came back
        if (k.unref(drained, BIAS - P.fragUsers) === 0) {
          if (k.canBeRecycled(drained)) {
            page = drained; // reuse it as the new frag page
            reset = true;
          } else k.returnNetmem(pool, drained); // page_pool_put_unrefed_netmem(.., -1, true) releases it
        }
      }
      if (page < 0) {
        page = k.allocPage(pool, a.b === 1); // page_pool_alloc_netmems()
        if (page < 0) {
          P.frag = -1; // pool->frag_page = NULL; return NULL
          return;
        }
        P.frag = page;
        reset = true;
      }
      if (reset) {
        // frag_reset: pool->frag_users = 1; *offset = 0; page_pool_fragment_netmem(netmem, BIAS_MAX)
        P.fragUsers = 1;
        P.fragOff = 1;
        t.pages[page].ppRef = BIAS;
      } else {
        // pool->frag_users++; pool->frag_offset = *offset + size
        P.fragUsers++;
        P.fragOff++;
      }
      t.rx.push(page);
    },
  },
});
