/**
 * Directed checks of frag_list, skb_segment, skb_split and skb_shift against the kernel lines
 * they model (net/core/skbuff.c, net/core/gro.c, Linux 6.12), on hand-built states:
 * which reference each holder ends with (a page reference from __skb_frag_ref / skb_frag_ref,
 * or the original one), and the order skb_release_data() queues a frag_list's pages.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../model/build.ts';
import type { PpAction } from '../../model/registry.ts';
import { SHIFT_MERGE, SHIFT_MODES, SHIFT_PARTIAL, SPLIT_IN_HEADER } from '../../model/kernel/net/core/skbuff.ts';
import { KIND_PAGE, KIND_PP, SKB_FRAGLIST, SKB_FREE, SKB_LIVE, SOFTIRQ, type PagePoolState, actorId, cloneState } from '../../model/state.ts';

const act = (fn: PpAction['fn'], a = -1, b = -1): PpAction => ({ fn, cpu: 0, ctx: SOFTIRQ, a, b });
const m = buildModel({ variant: 'mainline', scenario: 'gro-fraglist', bounds: { pages: 4, skbs: 3 } });

/** pages 0..n-1 handed out by pool0, hold_cnt n */
function withPoolPages(n: number): PagePoolState {
  const s = cloneState(m.init()[0]);
  for (let i = 0; i < n; i++) Object.assign(s.pages[i], { ref: 1, ppRef: 1, pp: 0, magic: true, dma: true });
  s.pools[0].hold = n;
  return s;
}
const pp = (pg: number): number => pg * 2 + KIND_PP;
const pageRef = (pg: number): number => pg * 2 + KIND_PAGE;

describe('frag_list', () => {
  /** skb0 (head page0, frag page1) with skb1 (head page2, frag page3) on its frag_list */
  function chained(): PagePoolState {
    const s = withPoolPages(4);
    s.skbs[0] = { st: SKB_LIVE, sh: 0, ppr: true, cpu: 0, cloned: false, up: -1, ur: false };
    s.sh[0] = { dataref: 1, refs: [pp(0), pp(1)], head: true };
    s.skbs[1] = { st: SKB_FRAGLIST, sh: 1, ppr: true, cpu: 0, cloned: false, up: 0, ur: false };
    s.sh[1] = { dataref: 1, refs: [pp(2), pp(3)], head: true };
    return s;
  }

  it('skb_release_data: frags, then kfree_skb_list (each member frags then head), then skb_free_head', () => {
    const t = m.step(chained(), act('napi_consume_skb', 0));
    expect(t.actors[actorId(0, SOFTIRQ)].q.map((e) => e >> 2)).toEqual([1, 3, 2, 0]);
    expect(t.skbs[1]).toEqual({ st: SKB_FREE, sh: -1, ppr: false, cpu: -1, cloned: false, up: -1, ur: false });
    expect(t.sh[1].dataref).toBe(0);
  });

  it('a member is released by its own pp_recycle', () => {
    const s = chained();
    s.skbs[1].ppr = false;
    const t = m.step(s, act('napi_consume_skb', 0));
    expect(t.actors[actorId(0, SOFTIRQ)].q.map((e) => e >> 2)).toEqual([1, 0]); // pages 3, 2 put_page()d now
    expect([t.pages[2].ref, t.pages[3].ref]).toEqual([0, 0]);
  });

  it('skb_segment: one pp_recycle-0 segment, a page reference on each frag and member head; the packet and its members go', () => {
    const t = m.step(chained(), act('skb_segment', 0));
    const seg = t.skbs.findIndex((x) => x.st === SKB_LIVE);
    expect(t.skbs[seg].ppr).toBe(false);
    expect(t.sh[t.skbs[seg].sh]).toEqual({ dataref: 1, refs: [pageRef(1), pageRef(2), pageRef(3)], head: false });
    expect(t.pages.map((p) => p.ref)).toEqual([1, 2, 2, 2]);
    expect(t.skbs[0].st).toBe(SKB_FREE);
    expect(t.skbs[1].st).toBe(SKB_FREE);
  });
});

describe('skb_split and skb_shift on pp_recycle-0 skbs holding page references', () => {
  /** skb0: kmalloc head, frags page0 and page1 (page references) */
  function tx(): PagePoolState {
    const s = withPoolPages(2);
    for (const p of s.pages.slice(0, 2)) p.ref = 2;
    s.skbs[0] = { st: SKB_LIVE, sh: 0, ppr: false, cpu: 0, cloned: false, up: -1, ur: false };
    s.sh[0] = { dataref: 1, refs: [pageRef(0), pageRef(1)], head: false };
    return s;
  }

  it('inside the header: every frag moves, skb keeps none (skb_split_inside_header)', () => {
    const t = m.step(tx(), act('skb_split', 0, SPLIT_IN_HEADER));
    expect(t.sh[0].refs).toEqual([]);
    expect(t.sh[1].refs).toEqual([pageRef(0), pageRef(1)]);
    expect(t.skbs[1].ppr).toBe(false);
  });

  it('inside frag 1: frag 1 is in both, skb_frag_ref() takes one more page reference', () => {
    const t = m.step(tx(), act('skb_split', 0, 3));
    expect(t.sh[0].refs).toEqual([pageRef(0), pageRef(1)]);
    expect(t.sh[1].refs).toEqual([pageRef(1)]);
    expect(t.pages[1].ref).toBe(3);
  });

  it('at frag 1: frag 1 moves, no reference taken', () => {
    const t = m.step(tx(), act('skb_split', 0, 2));
    expect(t.sh[0].refs).toEqual([pageRef(0)]);
    expect(t.sh[1].refs).toEqual([pageRef(1)]);
    expect(t.pages[1].ref).toBe(2);
  });

  it('skb_shift partial: tgt gets __skb_frag_ref on skb\'s first frag; merge: skb\'s first frag is put', () => {
    const s = m.step(tx(), act('skb_split', 0, 3)); // skb0 [page0, page1'], skb1 [page1]
    const part = m.step(s, act('skb_shift', 1, 0 + SHIFT_MODES * SHIFT_PARTIAL));
    expect(part.sh[1].refs).toEqual([pageRef(1), pageRef(0)]);
    expect(part.sh[0].refs).toEqual([pageRef(0), pageRef(1)]);
    expect(part.pages[0].ref).toBe(3);
    const merged = m.step(s, act('skb_shift', 0, 1 + SHIFT_MODES * SHIFT_MERGE));
    expect(merged.sh[0].refs).toEqual([pageRef(0), pageRef(1)]);
    expect(merged.sh[1].refs).toEqual([]);
    expect(merged.pages[1].ref).toBe(2); // __skb_frag_unref(fragfrom, 0): put_page
  });
});
