/**
 * Acceptance: a proposal with its own bounds (budget 1 instead of the
 * scenario's 5), checked with a flag equal to the scenario's default.
 * Expected: without a flag the run uses budget=1; with `--budget 5` the flag
 * wins (it equals rx-recycle's default and is still honoured): the header, the
 * trace and the `reproduce:` line say budget=5, and the printed command reruns
 * that very run (same counts). The change itself is recycle-in-softirq's.
 */
import { defineProposal } from '../../../model/proposal.ts';

export const family = defineProposal({
  id: 'bounds',
  description: 'allow_direct = in_softirq() in napi_pp_put_page(), with its own bounds',
  scenarios: ['rx-recycle'],
  bounds: { budget: 1 },
  replace: {
    napi_pp_put_page(_t, _a, k) {
      const { page, viaPagePool } = k.nextPut();
      if (viaPagePool && k.isPpPage(page)) k.putFullPage(page, k.inSoftirq());
      else k.putPage(page);
    },
  },
  expect: { verdict: 'violation', property: 'napi-local-only' },
});
