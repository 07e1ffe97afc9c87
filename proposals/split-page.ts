/**
 * Both split-page designs in one family, to compare them with each other:
 *
 *   npx ppcheck diff --model proposals/split-page.ts --base split-page-frag --variant split-page-bias
 *
 * and design (1) on top of mainline's skb_pp_frag_ref() coalescing (v6.8),
 * which takes pp_ref_count references that design (1) never counts:
 *
 *   npx ppcheck diff --model proposals/split-page.ts --variant split-page-bias-pp-coalesce
 *
 * See docs/split-page.md.
 */
import { defineProposals } from '../model/proposal.ts';
import { family as bias } from './split-page-bias.ts';
import { family as frag } from './split-page-frag.ts';

export const family = defineProposals([
  frag.proposal,
  bias.proposal,
  {
    ...bias.proposal,
    id: 'split-page-bias-pp-coalesce',
    description: "split-page design (1) with mainline's skb_try_coalesce(): skb_pp_frag_ref() takes pp_ref_count references from a cloned pp skb",
    config: { coalesceClonedPp: 'pp_ref' },
    expect: { verdict: 'violation', property: 'split-bias-accounting' },
  },
] as Parameters<typeof defineProposals>[0]);
