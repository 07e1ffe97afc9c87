/**
 * Mainline's findings: mainline (6.12) as it is, under a scenario of model/scenarios.ts's
 * FINDING_SCENARIOS where it violates a property, and the same kernel with the fix the finding
 * proposes (docs/findings.md). These are model-and-harness findings, not confirmed on hardware.
 * The fixed variant is the kernel with the guard; mainline is then its mutant (the guard removed).
 */
import type { Action, Env } from '../env.ts';
import { batadv_frag_create } from '../kernel/net/batman-adv/fragmentation.ts';
import { SPLIT_IN_HEADER, freeSkbSlot } from '../kernel/net/core/skbuff.ts';
import { type Actor, type PagePoolState, KIND_PAGE, KIND_PP } from '../state.ts';
import type { VariantDef } from './types.ts';

/**
 * batadv_frag_create() with the fix of proposals/batadv-frag-pp-recycle.ts:
 * `skb_fragment->pp_recycle = skb->pp_recycle;` and, for a frag the split line crosses in a
 * pp_recycle skb, a pp reference (page_pool_ref_netmem, as skb_pp_frag_ref()) instead of
 * skb_frag_ref()'s get_page().
 */
function batadvFragCreateFixed(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const fragment = freeSkbSlot(t); // dev_alloc_skb(): skb_split()'s skb1
  batadv_frag_create(t, a, env, act);
  const skb = t.skbs[a.a];
  t.skbs[fragment].ppr = skb.ppr; // + skb_fragment->pp_recycle = skb->pp_recycle;
  if (a.b === SPLIT_IN_HEADER || (a.b & 1) === 0 || !skb.ppr) return; // no frag crossed
  const h = t.sh[skb.sh];
  const r = h.refs[h.refs.length - 1]; // skb_split_no_header(): the crossed frag's new reference, pushed last
  const p = t.pages[r >> 1];
  if ((r & 1) !== KIND_PAGE || !p.magic) return;
  p.ref--; // - skb_frag_ref(skb, i)
  p.ppRef++; // + page_pool_ref_netmem(netmem)
  h.refs[h.refs.length - 1] = (r >> 1) * 2 + KIND_PP;
}

export const findings: VariantDef[] = [
  {
    id: 'batadv-frag-split',
    kind: 'bug',
    description:
      'mainline (6.12) as it is under batadv-fragment: batadv_frag_create() splits a pp_recycle-1 RX skb into a pp_recycle-0 dev_alloc_skb fragment; the moved frags are put_page()d (a model finding, docs/findings.md)',
    scenarios: ['batadv-fragment'],
    expect: { verdict: 'violation', property: 'no-page-use-after-free', maxTraceLength: 8 },
    config: {},
  },
  {
    id: 'batadv-frag-split-fixed',
    kind: 'fixed',
    description:
      'batadv_frag_create() with skb_fragment->pp_recycle = skb->pp_recycle and a pp reference for the crossed frag (proposals/batadv-frag-pp-recycle.ts)',
    scenarios: ['batadv-fragment'],
    expect: { verdict: 'ok' },
    config: {},
    replace: { batadv_frag_create: batadvFragCreateFixed },
  },
];
