/**
 * net/core/gro.c (Linux 6.12 mainline): the driver's napi_gro_receive() on the
 * skb it built on pool pages: the first packet of a flow is held on the GRO
 * list (GRO_HELD), a later one is merged into it by skb_gro_receive(), which
 * moves its frags or steals its head page, and napi_skb_finish() frees what is
 * left of it (GRO_MERGED_FREE); the flush hands the held packet to the stack.
 * A fraglist flow chains the built skb on the held packet's frag_list
 * (skb_gro_receive_list, which also stands for skb_gro_receive()'s `merge:`
 * chain). Leaves out: protocol callbacks and flow matching (any held packet is
 * the same flow), skb_gro_receive()'s own `goto merge` (refused there instead),
 * napi_gro_frags() and napi_reuse_skb(), skb_zcopy, the size limits.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import { SKB_FRAGLIST, SKB_FREE, SKB_GRO, SKB_LIVE, TASK } from '../../../state.ts';
import { consumeSkb } from './skbuff.ts';

/** skb_gro_receive()'s `b`: skb + GRO_FRAGS_ONLY = the `headlen <= offset` layout (the head page holds only headers). */
export const GRO_FRAGS_ONLY = 8;

/**
 * napi_gro_receive() -> dev_gro_receive() with no held packet of the flow: GRO_HELD, the skb
 * (skb_mark_for_recycle()d by the driver) waits on napi->gro_hash.
 */
export function napi_gro_receive(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const x = t.skbs[a.a];
  x.ppr = true; // skb_mark_for_recycle(skb) before napi_gro_receive()
  x.st = SKB_GRO;
}

/**
 * skb_gro_receive(p, skb) from the protocol's gro_receive, then napi_skb_finish(GRO_MERGED_FREE).
 * `headlen <= offset` (b >= GRO_FRAGS_ONLY): skb's frags move to p (`skbinfo->nr_frags = 0`) and
 * NAPI_GRO_FREE: __napi_kfree_skb(skb) releases what skb still holds (its head page). Else, with
 * skb->head_frag: the head page becomes p's next frag, skb's frags follow (memcpy; "We dont need to
 * clear skbinfo->nr_frags here": the shinfo is inside the stolen head), NAPI_GRO_FREE_STOLEN_HEAD:
 * napi_skb_free_stolen_head(skb) frees only the sk_buff.
 */
export function skb_gro_receive(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const j = a.b % GRO_FRAGS_ONLY;
  const p = t.skbs[a.a];
  const skb = t.skbs[j];
  skb.ppr = true; // skb_mark_for_recycle(skb) before napi_gro_receive()
  // `if (p->pp_recycle != skb->pp_recycle) return -ETOOMANYREFS;` (canGroReceive)
  const pinfo = t.sh[p.sh];
  const skbinfo = t.sh[skb.sh];
  if (a.b >= GRO_FRAGS_ONLY) {
    for (const r of skbinfo.refs.slice(1)) pinfo.refs.push(r); // *--frag = *--frag2
    skbinfo.refs = skbinfo.refs.slice(0, 1); // skbinfo->nr_frags = 0
    consumeSkb(t, env, act, j, env.threaded && a.ctx === TASK, true); // __napi_kfree_skb(skb, SKB_CONSUMED)
  } else {
    for (const r of skbinfo.refs) pinfo.refs.push(r); // skb_frag_fill_page_desc(frag, head page); memcpy(frag + 1, skbinfo->frags)
    napi_skb_free_stolen_head(t, j);
  }
}

/** napi_skb_free_stolen_head(): napi_skb_cache_put(skb): the sk_buff only; its data (head and shinfo) is p's frag now. */
export function napi_skb_free_stolen_head(t: PagePoolState, j: number): void {
  const x = t.skbs[j];
  const h = t.sh[x.sh];
  h.dataref = 0; // the slot of the shinfo inside the stolen head: no longer an skb's data
  h.refs = [];
  h.head = false;
  t.skbs[j] = { st: SKB_FREE, sh: -1, ppr: false, cpu: -1, cloned: false, up: -1, ur: false };
}

/** skb_gro_receive()'s preconditions in the model: p held, skb being built, the frags fit (else the frag_list merge, not modelled). */
export function canGroReceive(s: PagePoolState, p: number, j: number, fragsOnly: boolean, maxFrags: number): boolean {
  const pinfo = s.sh[s.skbs[p].sh];
  const skbinfo = s.sh[s.skbs[j].sh];
  const pFrags = pinfo.refs.length - (pinfo.head ? 1 : 0);
  const skbFrags = skbinfo.refs.length - 1; // built by napi_build_skb: refs[0] is the head page
  // headlen <= offset: `if (nr_frags > MAX_SKB_FRAGS) goto merge;`
  // head_frag: `if (nr_frags + 1 + skbinfo->nr_frags > MAX_SKB_FRAGS) goto merge;`
  return fragsOnly ? pFrags + skbFrags <= maxFrags : pFrags + 1 + skbFrags <= maxFrags;
}

/** napi_gro_flush() (napi_complete_done(), or a full poll): napi_gro_complete() hands the held packet up (netif_receive_skb_list). */
export function napi_gro_flush(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  t.skbs[a.a].st = SKB_LIVE;
}

/**
 * skb_gro_receive_list(p, skb) (net/core/gro.c 238-270) from a fraglist flow's gro_receive, then
 * napi_skb_finish(): `skb_shinfo(p)->frag_list = skb` (or `NAPI_GRO_CB(p)->last->next = skb`):
 * skb keeps its own head, frags and pp_recycle (no pp_recycle check, unlike skb_gro_receive():
 * a member's data is released by its own skb_release_data() from kfree_skb_list()), and is not
 * freed (NAPI_GRO_CB(skb)->free stays 0). Also skb_gro_receive()'s `merge:` chain (gro.c 193-217).
 */
export function skb_gro_receive_list(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const skb = t.skbs[a.b];
  skb.ppr = true; // skb_mark_for_recycle(skb) before napi_gro_receive()
  skb.st = SKB_FRAGLIST;
  skb.up = t.skbs[a.a].sh;
}
