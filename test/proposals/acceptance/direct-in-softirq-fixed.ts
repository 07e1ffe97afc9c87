/**
 * Acceptance (fix of a bug/fix pair in two files): allow_direct only when
 * in_softirq() and page_pool_napi_local() agree, i.e. what mainline decides.
 * Expected: `diff --model direct-in-softirq.ts --base-model` this file: exit
 * 12 (the bug violates napi-local-only, which this fix keeps).
 */
import { defineProposal } from '../../../model/proposal.ts';

export const family = defineProposal({
  id: 'direct-in-softirq-fixed',
  description: 'napi_pp_put_page(): allow_direct = in_softirq() && page_pool_napi_local(pool)',
  scenarios: ['rx-recycle'],
  bounds: { budget: 2 },
  replace: {
    napi_pp_put_page(t, _a, k) {
      const { page, viaPagePool } = k.nextPut();
      if (viaPagePool && k.isPpPage(page)) k.putFullPage(page, k.inSoftirq() && k.napiLocal(t.pages[page].pp));
      else k.putPage(page);
    },
  },
});
