/**
 * Acceptance: a proposal with a change its scenarios never run. It replaces
 * napi_pp_put_page() (mainline's own step, reached in rx-recycle) and
 * mlx5e_page_release_fragmented() (a driver step no actor of rx-recycle
 * starts). Expected: check and diff name the change that never ran ("nothing
 * checked it"), not the one that ran; --json carries the warning.
 */
import { defineProposal } from '../../../model/proposal.ts';

export const family = defineProposal({
  id: 'unreached',
  description: 'a change to a driver step the scenario never starts',
  scenarios: ['rx-recycle'],
  bounds: { budget: 1 },
  replace: {
    napi_pp_put_page: (_t, _a, k) => k.mainline(),
    mlx5e_page_release_fragmented: () => {},
  },
});
