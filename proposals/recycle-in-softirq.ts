/**
 * Proposal: "recycle into the alloc cache whenever in_softirq(), whatever the CPU".
 *
 * The patch (net/core/skbuff.c, napi_pp_put_page()):
 *
 *   -	page_pool_put_full_netmem(pp, netmem, false);
 *   +	page_pool_put_full_netmem(pp, netmem, in_softirq());
 *
 * i.e. the skb free path passes allow_direct = in_softirq() instead of letting
 * page_pool_napi_local() decide; page_pool_put_unrefed_netmem() then pushes
 * the page into pool->alloc.cache from whichever CPU frees the skb.
 *
 * Check it:    npx ppcheck check --model proposals/recycle-in-softirq.ts
 * Compare it:  npx ppcheck diff --model proposals/recycle-in-softirq.ts
 * (docs/reviewing-a-proposal.md builds this file step by step.)
 */
import { defineProposal } from '../model/proposal.ts';

export const family = defineProposal({
  id: 'recycle-in-softirq',
  description: 'napi_pp_put_page() passes allow_direct = in_softirq(): recycle into the alloc cache whenever in softirq, whatever the CPU',
  base: 'mainline',
  scenarios: ['rx-recycle'],
  replace: {
    // skb_page_unref() -> napi_pp_put_page(netmem), patched
    napi_pp_put_page(t, a, k) {
      const { page, viaPagePool } = k.nextPut(); // the next page of the skb_release_data() loop
      if (viaPagePool && k.isPpPage(page)) {
        // page_pool_put_full_netmem(page->pp, netmem, in_softirq())
        k.putFullPage(page, k.inSoftirq());
      } else {
        k.putPage(page); // put_netmem()
      }
    },
  },
  expect: { verdict: 'violation', property: 'napi-local-only' },
});
