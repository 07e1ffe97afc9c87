/**
 * Acceptance: a proposal whose own property fails. The patch frees a page
 * that is not NAPI-local straight to the page allocator from softirq instead
 * of producing it into the ptr_ring, and claims the ring then stays empty.
 * The claim is wrong: a free in task context still goes through the ring.
 * Expected: diff exit 12, the verdict naming ring-stays-empty (the proposal's
 * own property: mainline does not have it).
 */
import { defineProposal, SOFTIRQ } from '../../../model/proposal.ts';

export const family = defineProposal({
  id: 'own-property',
  description: 'napi_pp_put_page(): a page that is not NAPI-local goes back to the page allocator from softirq, never to the ptr_ring',
  scenarios: ['rx-recycle'],
  bounds: { budget: 2 },
  replace: {
    napi_pp_put_page(t, a, k) {
      const { page, viaPagePool } = k.nextPut();
      if (!viaPagePool || !k.isPpPage(page)) return k.putPage(page);
      const pool = t.pages[page].pp;
      if (a.ctx === SOFTIRQ && !k.napiLocal(pool)) {
        // page_pool_unref_netmem(); the last user: page_pool_return_netmem()
        if (k.unref(page, 1) === 0) k.returnNetmem(pool, page);
        return;
      }
      k.putFullPage(page, false);
    },
  },
  properties: [
    {
      id: 'ring-stays-empty',
      description: "the proposal's claim: no page is ever produced into a pool's ptr_ring",
      check: (s) => {
        const k = s.pools.findIndex((p) => p.ring.length > 0);
        return k < 0 ? null : `pool${k}'s ptr_ring holds page${s.pools[k].ring[0]}`;
      },
    },
  ],
  expect: { verdict: 'violation', property: 'ring-stays-empty' },
});
