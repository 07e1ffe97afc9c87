/**
 * Acceptance: a proposal that mistypes a state field (`napii` for `napi`).
 * Expected: `ppcheck check|diff --model` stops before exploring, with the
 * type error at this file's line: exit 2. (tsconfig.json excludes *.bad.ts.)
 */
import { defineProposal } from '../../../model/proposal.ts';

export const family = defineProposal({
  id: 'mistyped-field',
  description: 'napi_pp_put_page() detaches the pool from its NAPI before the put (with a typo in the field name)',
  scenarios: ['rx-recycle'],
  bounds: { budget: 1 },
  replace: {
    napi_pp_put_page(t, a, k) {
      const { page, viaPagePool } = k.nextPut();
      if (viaPagePool && k.isPpPage(page)) {
        t.pools[t.pages[page].pp].napii = -1; // the field is `napi`
        k.putFullPage(page, false);
      } else {
        k.putPage(page);
      }
    },
  },
});
