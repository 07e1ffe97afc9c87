/**
 * Acceptance: a proposal whose change does not take effect. Its
 * napi_pp_put_page() is mainline's own step (a "refactor" that changes
 * nothing), so every scenario explores exactly mainline's states.
 * Expected: check and diff exit 0 and warn that the proposal behaves exactly
 * as mainline ("did the change take effect?"); --json carries the warning.
 */
import { defineProposal } from '../../../model/proposal.ts';

export const family = defineProposal({
  id: 'identical',
  description: "napi_pp_put_page() rewritten as mainline's own step",
  scenarios: ['rx-recycle'],
  bounds: { budget: 1 },
  replace: {
    napi_pp_put_page: (_t, _a, k) => k.mainline(),
  },
});
