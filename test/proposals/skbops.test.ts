/**
 * A reviewer's proposals touching frag_list, skb_segment, skb_split and skb_shift through the
 * proposal API's named helpers (k.fragRef, k.fragUnref, k.fragList, k.dropFragList,
 * k.segmentDescs; SPLIT_IN_HEADER, SHIFT_*, SKB_FRAGLIST): written as mainline, they check clean
 * with mainline's state count; with one guard changed, the shipped property finds it.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { pagePoolFamily } from '../../model/index.ts';
import * as P from '../../model/proposal.ts';
import type { Kernel, PagePoolState, PpAction } from '../../model/proposal.ts';
import type { Draft } from 'immer';
import { readManifest } from '../corpus/manifest.ts';

/** mainline's golden count under a scenario (test/corpus/manifest.json, checked by test/corpus/manifest.test.ts). */
const golden = (id: string): number => readManifest().rows.find((r) => r.variant === 'mainline' && r.scenario === id)!.distinctStates;
const boundsOf = (id: string): Record<string, number> => ({ ...pagePoolFamily.scenarios.find((s) => s.id === id)!.bounds });

/** skb_segment() + validate_xmit_skb()'s consume_skb(), written with the helpers; `ppRecycle`: the segment's pp_recycle. */
function segment(ppRecycle: (t: Draft<PagePoolState>, skb: number) => boolean) {
  return (t: Draft<PagePoolState>, a: PpAction, k: Kernel): void => {
    const n = t.skbs.findIndex((x) => x.st === P.SKB_FREE);
    const nh = t.sh.findIndex((h) => h.dataref === 0);
    const refs = k.segmentDescs(a.a).map((r) => k.fragRef(r >> 1)); // __skb_frag_ref(nskb_frag)
    t.sh[nh] = { dataref: 1, refs, head: false };
    t.skbs[n] = { st: P.SKB_LIVE, sh: nh, ppr: ppRecycle(t, a.a), cpu: a.cpu, cloned: false, up: -1, ur: false };
    k.consumeSkb(a.a); // consume_skb(skb): frags by its pp_recycle, then kfree_skb_list(frag_list)
  };
}

describe('proposals on frag_list and skb_segment', () => {
  it('skb_segment written with the helpers as mainline: clean, same states as mainline', () => {
    const fam = P.defineProposal({
      id: 'segment-as-mainline',
      description: 'skb_segment(): a pp_recycle-0 segment with page references',
      scenarios: ['gro-fraglist'],
      replace: { skb_segment: segment(() => false) },
    });
    const b = boundsOf('gro-fraglist');
    const r = explore(fam.build({ variant: 'segment-as-mainline', scenario: 'gro-fraglist', bounds: b }), { mode: 'bfs' });
    expect(r.kind).toBe('ok');
    expect(r.stats.distinctStates).toBe(golden('gro-fraglist'));
  });

  it("segments that keep head_skb's pp_recycle put page references through the pool: frag-accounting", () => {
    const fam = P.defineProposal({
      id: 'segment-keeps-pp-recycle',
      description: 'skb_segment(): nskb->pp_recycle = head_skb->pp_recycle',
      scenarios: ['gro-fraglist'],
      replace: { skb_segment: segment((t, skb) => t.skbs[skb].ppr) },
    });
    const r = explore(fam.build({ variant: 'segment-keeps-pp-recycle', scenario: 'gro-fraglist', bounds: boundsOf('gro-fraglist') }), { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind === 'violation') expect(r.property).toBe('frag-accounting');
  });

  it('a frag_list the last dataref does not drop (k.fragList non-empty at the free) leaks at teardown: no-leak-at-quiescence', () => {
    let seen = 0;
    const fam = P.defineProposal({
      id: 'consume-no-fraglist',
      description: 'napi_consume_skb() that detaches the frag_list before skb_release_data()',
      scenarios: ['gro-fraglist'],
      replace: {
        napi_consume_skb(t, a, k) {
          const members = k.fragList(a.a);
          if (members.length > 0) seen++;
          for (const i of members) t.skbs[i].up = -1; // skb_shinfo(skb)->frag_list = NULL, members forgotten
          k.consumeSkb(a.a, { napiSafe: true });
        },
      },
    });
    const r = explore(fam.build({ variant: 'consume-no-fraglist', scenario: 'gro-fraglist', bounds: boundsOf('gro-fraglist') }), { mode: 'bfs' });
    expect(seen).toBeGreaterThan(0);
    expect(r.kind).toBe('violation');
    if (r.kind === 'violation') expect(r.property).toBe('no-leak-at-quiescence');
  });
});

describe('proposals on skb_split and skb_shift', () => {
  it('skb_shift written with the helpers as mainline (k.fragRef, k.fragUnref): clean, same states as mainline', () => {
    const fam = P.defineProposal({
      id: 'shift-as-mainline',
      description: 'skb_shift(): frags move; a split first frag gets __skb_frag_ref, a merged one __skb_frag_unref',
      scenarios: ['skb-split-shift'],
      replace: {
        skb_shift(t, a, k) {
          const skb = t.skbs[a.b % P.SHIFT_MODES];
          const mode = Math.floor(a.b / P.SHIFT_MODES);
          const ti = t.sh[t.skbs[a.a].sh];
          const si = t.sh[skb.sh];
          const hd = si.head ? 1 : 0;
          const frags = si.refs.slice(hd);
          si.refs = si.refs.slice(0, hd);
          if (mode === P.SHIFT_PARTIAL) {
            ti.refs.push(k.fragRef(frags[0] >> 1));
            si.refs.push(...frags);
            return;
          }
          if (mode === P.SHIFT_MERGE) k.fragUnref(frags.shift()!, skb.ppr);
          ti.refs.push(...frags);
        },
      },
    });
    const b = boundsOf('skb-split-shift');
    const r = explore(fam.build({ variant: 'shift-as-mainline', scenario: 'skb-split-shift', bounds: b }), { mode: 'bfs' });
    expect(r.kind).toBe('ok');
    expect(r.stats.distinctStates).toBe(golden('skb-split-shift'));
  });

  it('skb_split inside a frag without skb_frag_ref(): no-page-use-after-free', () => {
    const fam = P.defineProposal({
      id: 'split-no-frag-ref',
      description: 'skb_split_no_header(): the crossed frag is in both skbs with one reference',
      scenarios: ['skb-split-shift'],
      replace: {
        skb_split(t, a, k) {
          if (a.b === P.SPLIT_IN_HEADER || (a.b & 1) === 0) return k.call('skb_split', a.a, a.b);
          const h = t.sh[t.skbs[a.a].sh];
          const frag = h.refs[(h.head ? 1 : 0) + (a.b >> 1)];
          k.call('skb_split', a.a, a.b);
          // take back the reference skb_frag_ref() took: the page reference skb kept is the moved one
          t.pages[frag >> 1].ref--;
        },
      },
    });
    const r = explore(fam.build({ variant: 'split-no-frag-ref', scenario: 'skb-split-shift', bounds: boundsOf('skb-split-shift') }), { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind === 'violation') expect(r.property).toBe('no-page-use-after-free');
  });

  it('skb_shift merging that keeps the merged frag\'s reference (no __skb_frag_unref) leaks the page: no-leak-at-quiescence', () => {
    const fam = P.defineProposal({
      id: 'shift-merge-no-unref',
      description: 'skb_shift(): a merged first frag keeps its reference',
      scenarios: ['skb-split-shift'],
      replace: {
        skb_shift(t, a, k) {
          const mode = Math.floor(a.b / P.SHIFT_MODES);
          if (mode !== P.SHIFT_MERGE) return k.call('skb_shift', a.a, a.b);
          const si = t.sh[t.skbs[a.b % P.SHIFT_MODES].sh];
          const first = si.refs[si.head ? 1 : 0];
          k.fragRef(first >> 1); // the reference mainline's __skb_frag_unref() drops stays taken
          k.call('skb_shift', a.a, a.b);
        },
      },
    });
    const r = explore(fam.build({ variant: 'shift-merge-no-unref', scenario: 'skb-split-shift', bounds: boundsOf('skb-split-shift') }), { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind === 'violation') expect(r.property).toBe('no-leak-at-quiescence');
  });
});
