/**
 * batadv_frag_create() (net/batman-adv/fragmentation.c, Linux 6.12): skb_split() of a
 * pp_recycle-1 RX skb into a dev_alloc_skb() fragment (pp_recycle 0). Directed steps on a
 * hand-built state, the start rule, mainline's counterexample under batadv-fragment and its end
 * state (docs/findings.md), and the fix (model/variants/findings.ts, proposals/batadv-frag-pp-recycle.ts):
 * the fixed kernel is the kernel with the guard, mainline its mutant; the fix without its second
 * line (pp_recycle copied, the crossed frag still skb_frag_ref'd) is a mutant too and is killed.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../model/build.ts';
import { explore } from '../../src/engine/explore.ts';
import type { PpAction } from '../../model/registry.ts';
import { SPLIT_IN_HEADER } from '../../model/kernel/net/core/skbuff.ts';
import { KIND_PAGE, KIND_PP, SKB_LIVE, SOFTIRQ, type PagePoolState, cloneState } from '../../model/state.ts';
import { findScenario } from '../../model/scenarios.ts';
import * as P from '../../model/proposal.ts';
import { family as proposal } from '../../proposals/batadv-frag-pp-recycle.ts';

const act = (fn: PpAction['fn'], a = -1, b = -1): PpAction => ({ fn, cpu: 0, ctx: SOFTIRQ, a, b });
const bounds = findScenario('batadv-fragment')!.bounds;
const m = buildModel({ variant: 'mainline', scenario: 'batadv-fragment', bounds: { pages: 3, skbs: 3 } });
const pp = (pg: number): number => pg * 2 + KIND_PP;
const pageRef = (pg: number): number => pg * 2 + KIND_PAGE;

/** skb0: head page0, frags page1, page2 (pool0's, pp references), marked for recycle */
function rxSkb(ppr = true): PagePoolState {
  const s = cloneState(m.init()[0]);
  for (let i = 0; i < 3; i++) Object.assign(s.pages[i], { ref: 1, ppRef: 1, pp: 0, magic: true, dma: true });
  s.pools[0].hold = 3;
  s.skbs[0] = { st: SKB_LIVE, sh: 0, ppr, cpu: 0, cloned: false, up: -1, ur: false };
  s.sh[0] = { dataref: 1, refs: [pp(0), pp(1), pp(2)], head: true };
  return s;
}

describe('batadv_frag_create', () => {
  it('starts on a pp_recycle skb with frags, at every split line; not on a pp_recycle-0 one (that is tcp_fragment)', () => {
    const splits = (s: PagePoolState) => m.actions(s).filter((a) => a.fn === 'batadv_frag_create' && a.a === 0).map((a) => a.b);
    expect(splits(rxSkb()).sort((x, y) => x - y)).toEqual([1, 2, 3, SPLIT_IN_HEADER]);
    expect(splits(rxSkb(false))).toEqual([]);
  });

  it('inside the header: every frag moves to the fragment with its pp reference; the fragment is pp_recycle 0', () => {
    const t = m.step(rxSkb(), act('batadv_frag_create', 0, SPLIT_IN_HEADER));
    expect(t.sh[0].refs).toEqual([pp(0)]);
    const f = t.skbs.findIndex((x, i) => i > 0 && x.st === SKB_LIVE);
    expect(t.skbs[f].ppr).toBe(false);
    expect(t.sh[t.skbs[f].sh].refs).toEqual([pp(1), pp(2)]);
  });

  it('inside frag1: frag0 stays, frag1 is in both (skb_frag_ref: a page reference for skb), no other count changes', () => {
    const t = m.step(rxSkb(), act('batadv_frag_create', 0, 3));
    expect(t.sh[0].refs).toEqual([pp(0), pp(1), pageRef(2)]);
    expect(t.pages[2].ref).toBe(2);
    expect(t.pages[2].ppRef).toBe(1);
    const f = t.skbs.findIndex((x, i) => i > 0 && x.st === SKB_LIVE);
    expect(t.sh[t.skbs[f].sh].refs).toEqual([pp(2)]);
  });

  it('the fragment\'s free put_page()s a moved pp frag: _refcount 1 -> 0 while the pool counts it in flight', () => {
    const s = m.step(rxSkb(), act('batadv_frag_create', 0, SPLIT_IN_HEADER));
    const f = s.skbs.findIndex((x, i) => i > 0 && x.st === SKB_LIVE);
    const t = m.step(s, act('napi_consume_skb', f));
    expect([t.pages[1].ref, t.pages[2].ref]).toEqual([0, 0]); // freed to the page allocator
    expect([t.pages[1].pp, t.pages[1].magic, t.pages[1].dma]).toEqual([0, true, true]); // still the pool's, still mapped
    expect([t.pools[0].hold, t.pools[0].release]).toEqual([3, 0]);
  });

  it('mainline under batadv-fragment: no-page-use-after-free in 8 steps, ending in the fragment\'s free', () => {
    const r = explore(buildModel({ variant: 'mainline', scenario: 'batadv-fragment', bounds }), { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('no-page-use-after-free');
    expect(r.trace.steps.length - 1).toBe(8);
    expect(r.trace.steps.map((x) => x.label).join('\n')).toMatch(/batadv_frag_create[\s\S]*napi_consume_skb\(skb1\)/);
  });

  it('the fix (findings variant and proposal) is clean; without its second line it violates pp-ownership', () => {
    const fixed = explore(buildModel({ variant: 'batadv-frag-split-fixed', scenario: 'batadv-fragment', bounds }), { mode: 'bfs' });
    expect(fixed.kind).toBe('ok');
    const prop = explore(proposal.build({ variant: 'batadv-frag-pp-recycle', scenario: 'batadv-fragment', bounds }), { mode: 'bfs' });
    expect(prop.kind).toBe('ok');
    expect(prop.stats.distinctStates).toBe(fixed.stats.distinctStates);
    const half = P.defineProposal({
      id: 'batadv-pp-recycle-only',
      description: 'skb_fragment->pp_recycle = skb->pp_recycle, the crossed frag still skb_frag_ref()d',
      scenarios: ['batadv-fragment'],
      replace: {
        batadv_frag_create(t, a, k) {
          const fragment = t.skbs.findIndex((x) => x.st === P.SKB_FREE);
          k.call('skb_split', a.a, a.b);
          t.skbs[fragment].ppr = t.skbs[a.a].ppr;
        },
      },
    });
    const r = explore(half.build({ variant: 'batadv-pp-recycle-only', scenario: 'batadv-fragment', bounds }), { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind === 'violation') expect(r.property).toBe('pp-ownership');
  });
});
