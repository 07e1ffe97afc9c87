/**
 * Acceptance (bug of a bug/fix pair in two files): napi_pp_put_page() passes
 * allow_direct = in_softirq(), whatever the CPU.
 * Expected: `diff --model direct-in-softirq.ts --base-model
 * direct-in-softirq-fixed.ts` exit 12, naming napi-local-only; a trace
 * written by `check --out` shows and replays with its model (exit 12).
 */
import { defineProposal } from '../../../model/proposal.ts';

export const family = defineProposal({
  id: 'direct-in-softirq',
  description: 'napi_pp_put_page(): allow_direct = in_softirq()',
  scenarios: ['rx-recycle'],
  bounds: { budget: 2 },
  replace: {
    napi_pp_put_page(_t, _a, k) {
      const { page, viaPagePool } = k.nextPut();
      if (viaPagePool && k.isPpPage(page)) k.putFullPage(page, k.inSoftirq());
      else k.putPage(page);
    },
  },
  expect: { verdict: 'violation', property: 'napi-local-only' },
});
