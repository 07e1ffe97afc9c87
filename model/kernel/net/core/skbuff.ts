/**
 * net/core/skbuff.c (Linux 6.12 mainline; era and bug variants switch guards
 * through model/config.ts): building an skb on a pool page, clone, expand,
 * coalesce, the frees and skb_release_data() with napi_pp_put_page(); the
 * frag_list (kfree_skb_list), skb_segment, skb_split, skb_shift (issue #16 item
 * 8). Leaves out: linear data and lengths (an skb is its head page and frags:
 * split and shift lengths are layout choices), skb->users (skb_clone_fraglist),
 * fclones, the skb slab caches, zerocopy.
 *
 * skb_release_data() does not put its pages in one step: it queues them in
 * the acting context's `Actor.q`, and each page is one napi_pp_put_page()
 * step, so other contexts interleave between the pages of one free.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import * as S from '../../../state.ts';
import { putPage } from '../../include/linux/mm.ts';
import { startPut } from './page_pool.ts';
import { layoutOf, netmem_is_pp } from './netmem_priv.ts';
import { MAX_SKB_FRAGS } from '../../../bounds.ts';

const { KIND_PAGE, KIND_PP, OP_NONE, SKB_BUILDING, SKB_DEFERRED, SKB_FRAGLIST, SKB_FREE, SKB_LIVE, TASK } = S;

/** A free sk_buff slot (-1 if none). */
export function freeSkbSlot(s: PagePoolState): number {
  return s.skbs.findIndex((x) => x.st === SKB_FREE);
}
/** A free skb_shared_info slot (-1 if none). */
export function freeShSlot(s: PagePoolState): number {
  return s.sh.findIndex((h) => h.dataref === 0);
}
/** skb_cloned(): cloned and the data is shared. */
export function shared(s: PagePoolState, j: number): boolean {
  const x = s.skbs[j];
  return x.cloned && s.sh[x.sh].dataref > 1;
}

/**
 * skb_release_data() (net/core/skbuff.c 1097-1132): drop a dataref; the last holder releases every page:
 * napi_pp_put_page when skb->pp_recycle, else put_page. `exit: skb->pp_recycle = 0`.
 */
export function releaseData(t: PagePoolState, env: Env, act: Actor, j: number): void {
  const x = t.skbs[j];
  const h = t.sh[x.sh];
  const last = !(env.cfg.releaseDataChecksDataref && x.cloned && h.dataref > 1);
  if (!last) {
    h.dataref--;
  } else {
    // frags first (`for (i = 0; i < shinfo->nr_frags; i++) __skb_frag_unref(...)`), then the head
    // page last (skb_free_head(): skb_pp_recycle() / skb_free_frag())
    const refs = h.refs;
    const first = h.head ? 1 : 0; // a kmalloc head (after pskb_expand_head) has no page: all frags
    for (let i = first; i < refs.length; i++) unrefFrag(t, x.ppr, act, refs[i]);
    // `free_head: if (shinfo->frag_list) kfree_skb_list_reason(shinfo->frag_list, reason);`
    skb_drop_fraglist(t, env, act, x.sh);
    if (first) unrefFrag(t, x.ppr, act, refs[0]); // skb_free_head(): skb_pp_recycle() / skb_free_frag()
    if (env.cfg.releaseDataChecksDataref || h.dataref <= 1) {
      h.dataref = 0;
      h.refs = [];
      h.head = false;
    } else {
      h.dataref--;
    }
  }
  if (env.cfg.skbReleaseDataClearsPpRecycle || last) x.ppr = false;
}

/**
 * skb_page_unref(netmem, recycle) of one reference (`__skb_frag_unref(frag, skb->pp_recycle)`,
 * skb_free_head()): recycle queues a napi_pp_put_page() step, else put_page() now.
 */
export function unrefFrag(t: PagePoolState, recycle: boolean, act: Actor, r: number): void {
  if (recycle) act.q.push((r >> 1) * 4 + (r & 1) * 2 + 1);
  else putPage(t, r >> 1);
}

/** kfree_skb / napi_consume_skb / the defer flush: skb_release_all() then free the skb. */
export function freeSkb(t: PagePoolState, env: Env, act: Actor, j: number): void {
  releaseData(t, env, act, j);
  const x = t.skbs[j];
  x.st = SKB_FREE;
  x.sh = -1;
  x.ppr = false;
  x.cpu = -1;
  x.cloned = false;
  x.up = -1;
  x.ur = false;
}

/** The skbs chained on shinfo `h`'s frag_list (skb_walk_frags), in skb order. */
export function fragList(s: PagePoolState, h: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.skbs.length; i++) if (s.skbs[i].st === SKB_FRAGLIST && s.skbs[i].up === h) out.push(i);
  return out;
}
/** skb_has_frag_list(skb). */
export function hasFragList(s: PagePoolState, j: number): boolean {
  const h = s.skbs[j].sh;
  return h >= 0 && s.skbs.some((x) => x.st === SKB_FRAGLIST && x.up === h);
}

/**
 * skb_drop_fraglist() / kfree_skb_list_reason(shinfo->frag_list) (net/core/skbuff.c 909-918,
 * 1269-1289): every member is kfree_skb()'d, each releasing its data by its own pp_recycle.
 */
export function skb_drop_fraglist(t: PagePoolState, env: Env, act: Actor, h: number): void {
  for (const i of fragList(t, h)) freeSkb(t, env, act, i);
}

/**
 * skb_try_coalesce(to, from) with `skb_headlen(from) == 0` for a `from` that is not cloned and
 * whose head is a page (header split: the headers were pulled): the action's `b` is
 * `from + COALESCE_HEADLEN0` (the model keeps no byte lengths: both layouts are choices).
 */
export const COALESCE_HEADLEN0 = 8;

/** skb_try_coalesce(to, from) preconditions. */
export function canCoalesce(s: PagePoolState, env: Env, to: number, from: number): boolean {
  const t = s.skbs[to];
  const f = s.skbs[from];
  if (t.st !== SKB_LIVE || f.st !== SKB_LIVE || t.sh === f.sh) return false;
  if (shared(s, to)) return false; // callers (tcp_try_coalesce) never coalesce into a cloned skb
  if (t.ppr !== f.ppr) return false; // "if (to->pp_recycle != from->pp_recycle) return false;"
  // "if (skb_frags_readable(from) != skb_frags_readable(to)) return false;" (skb_frags_readable(): !skb->unreadable)
  if ((t.ur === true) !== (f.ur === true)) return false;
  if (hasFragList(s, to) || hasFragList(s, from)) return false; // `if (to_shinfo->frag_list || from_shinfo->frag_list) return false;`
  const fr = s.sh[f.sh].refs;
  const tr = s.sh[t.sh].refs;
  const toFrags = tr.length - (s.sh[t.sh].head ? 1 : 0); // to_shinfo->nr_frags (a kmalloc head holds no page)
  if (shared(s, from)) {
    // head locked: only frags move, with new references taken (a head page is not a frag)
    const hf = s.sh[f.sh].head ? 1 : 0;
    if (fr.length - hf < 1) return false;
    if (env.cfg.coalesceClonedPp === 'reject' && f.ppr) return false; // 1effe8ca4e34
    return toFrags + fr.length - hf <= MAX_SKB_FRAGS; // `to_shinfo->nr_frags + from_shinfo->nr_frags > MAX_SKB_FRAGS`
  }
  // `if (to_shinfo->nr_frags + from_shinfo->nr_frags >= MAX_SKB_FRAGS) return false;` (from's head becomes a frag)
  return fr.length > 0 && toFrags + fr.length <= MAX_SKB_FRAGS;
}

/** build_skb() (napi_build_skb(data) in the driver) on an RX buffer: head_frag page, dataref 1. */
export function build_skb(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const j = freeSkbSlot(t);
  const h = freeShSlot(t);
  const pg = t.rx.shift() as number;
  t.sh[h] = { dataref: 1, refs: [pg * 2 + KIND_PP], head: true };
  t.skbs[j] = { st: SKB_BUILDING, sh: h, ppr: false, cpu: a.cpu, cloned: false, up: -1, ur: false };
}

/**
 * napi_alloc_skb() (__napi_alloc_skb): a header-split driver's skb, its headers copied into a
 * kmalloc'ed head (no page: head_frag 0), dataref 1; the payload buffer is added next as a frag.
 * `b = 1`: the whole packet fit the header buffer: the driver marks it (skb_mark_for_recycle, as
 * it marks every skb of a page_pool queue) and hands it up (napi_gro_receive) in the same step; it
 * is one packet of the device's budget (it takes no RX buffer).
 */
export function napi_alloc_skb(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const j = freeSkbSlot(t);
  const h = freeShSlot(t);
  const whole = a.b === 1;
  t.sh[h] = { dataref: 1, refs: [], head: false };
  t.skbs[j] = { st: whole ? SKB_LIVE : SKB_BUILDING, sh: h, ppr: whole, cpu: a.cpu, cloned: false, up: -1, ur: false };
  if (whole) t.budget--;
}

/** skb_clone(): share the data, dataref++, both marked cloned, pp_recycle copied. */
export function skb_clone(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const j = freeSkbSlot(t);
  const x = t.skbs[a.a];
  t.sh[x.sh].dataref++;
  x.cloned = true;
  // __skb_clone() -> __copy_skb_header(): alloc_cpu and unreadable are in the copied headers (CHECK_SKB_FIELD(alloc_cpu))
  t.skbs[j] = { st: SKB_LIVE, sh: x.sh, ppr: x.ppr, cpu: x.cpu, cloned: true, up: -1, ur: x.ur };
}

/**
 * pskb_expand_head(): new (kmalloc'ed) head, the shinfo copied into it. On a cloned skb
 * (skb_cloned(): dataref != 1): skb_frag_ref() every frag (get_page), then
 * skb_release_data(old) drops our dataref (and clears pp_recycle); otherwise the frags move
 * with the shinfo and skb_free_head() puts the old head page (skb_pp_recycle ->
 * napi_pp_put_page when pp_recycle).
 */
export function pskb_expand_head(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const cfg = env.cfg;
  if (cfg.skbPathNeedsNapiSafe) act.ns = 0; // skb_release_data(skb, SKB_CONSUMED, false)
  const j = a.a;
  const x = t.skbs[j];
  const old = t.sh[x.sh];
  if (!shared(t, j)) return expandOwnHead(t, act, j);
  const h = freeShSlot(t);
  // the frags of the old shinfo (a head page, if any, is not one: it goes with the old head)
  const frags = old.refs.slice(old.head ? 1 : 0).map((r) => r >> 1);
  if (cfg.expandTakesFragRefs) for (const pg of frags) t.pages[pg].ref++;
  releaseData(t, env, act, j);
  // the new head is kmalloc'ed (no page): every reference of the new shinfo is a frag
  t.sh[h] = { dataref: 1, refs: frags.map((pg) => pg * 2 + KIND_PAGE), head: false };
  x.sh = h;
  x.cloned = false;
}

/** pskb_expand_head() of a skb that is not cloned: skb_free_head(old head); the frags stay, now all frags. */
function expandOwnHead(t: PagePoolState, act: Actor, j: number): void {
  const x = t.skbs[j];
  const h = t.sh[x.sh];
  x.cloned = false;
  if (!h.head) return;
  const r = h.refs[0];
  h.refs = h.refs.slice(1);
  h.head = false; // skb->head_frag = 0: the new head is kmalloc'ed
  // skb_free_head(): skb_pp_recycle(skb, head) ? napi_pp_put_page : skb_free_frag (put_page)
  if (x.ppr) act.q.push((r >> 1) * 4 + (r & 1) * 2 + 1);
  else putPage(t, r >> 1);
}

/**
 * skb_try_coalesce(to, from): cloned `from` copies frags (new refs); otherwise the head is stolen
 * (skb_headlen(from) > 0) or, with headlen 0, only the frags move and `from`'s head page is freed.
 */
export function skb_try_coalesce(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const cfg = env.cfg;
  if (cfg.skbPathNeedsNapiSafe) act.ns = 0; // kfree_skb_partial(): napi_safe = false
  const f = a.b % COALESCE_HEADLEN0;
  const to = t.skbs[a.a];
  const from = t.skbs[f];
  const tr = t.sh[to.sh];
  const fr = t.sh[from.sh];
  if (a.b >= COALESCE_HEADLEN0) {
    // headlen 0: the frags move (from_shinfo->nr_frags = 0); kfree_skb_partial(from, false) frees
    // the rest of `from`: skb_release_data() puts its head page (skb_free_head)
    for (const r of fr.refs.slice(1)) tr.refs.push(r);
    fr.refs = fr.refs.slice(0, 1);
    freeSkb(t, env, act, f);
  } else if (shared(t, f)) {
    // frags are copied; skb_pp_frag_ref(from) (or __skb_frag_ref) takes a reference per frag
    for (const r of fr.refs.slice(fr.head ? 1 : 0)) {
      const pg = r >> 1;
      const p = t.pages[pg];
      let kind = KIND_PAGE;
      if (from.ppr && cfg.coalesceClonedPp === 'pp_ref' && p.magic) {
        p.ppRef++; // page_pool_ref_netmem()
        kind = KIND_PP;
      } else p.ref++; // page_ref_inc / get_page
      tr.refs.push(pg * 2 + kind);
    }
    // kfree_skb_partial(from, false): the clone's dataref goes
    freeSkb(t, env, act, f);
  } else {
    // head stolen and frags moved: ownership of every reference transfers
    for (const r of fr.refs) tr.refs.push(r);
    fr.refs = [];
    fr.head = false;
    fr.dataref = 1;
    freeSkb(t, env, act, f);
  }
  act.bh = act.q.length > 0 && a.ctx === TASK;
}

/**
 * The frees (kfree_skb, napi_consume_skb): skb_release_all(skb, reason, napi_safe), the
 * pages queued for napi_pp_put_page; `bhOff` = the caller disabled BH (task context).
 */
export function consumeSkb(t: PagePoolState, env: Env, act: Actor, j: number, bhOff: boolean, napiSafe: boolean): void {
  act.bh = bhOff;
  // skb_release_all(skb, reason, napi_safe): napi_consume_skb(skb, budget != 0) is NAPI-driven
  if (env.cfg.skbPathNeedsNapiSafe) act.ns = napiSafe ? 1 : 0;
  freeSkb(t, env, act, j);
  if (act.q.length === 0) act.bh = false;
}

/** napi_consume_skb(skb, budget != 0) in softirq (napi_safe). */
export function napi_consume_skb(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  consumeSkb(t, env, act, a.a, a.ctx === TASK && a.b === 1, true);
}

/** skb_attempt_defer_free(): queue on skb->alloc_cpu's defer list (kick its softirq). */
export function skb_attempt_defer_free(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  t.skbs[a.a].st = SKB_DEFERRED;
}

/** skb_page_unref(): recycle ? napi_pp_put_page(netmem) : put_netmem(netmem), one page of the release loop. */
export function napi_pp_put_page(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const e = act.q.shift() as number;
  const pg = e >> 2;
  const viaPool = (e & 1) === 1;
  const p = t.pages[pg];
  // napi_pp_put_page(): `if (unlikely(!netmem_is_pp(netmem))) return false;` from the pp_magic bits
  if (viaPool && (!env.cfg.ppPutChecksMagic || netmem_is_pp(p, layoutOf(env)))) startPut(t, env, act, a.cpu, a.ctx, pg, false);
  else putPage(t, pg);
  if (act.op === OP_NONE && act.q.length === 0) act.bh = false;
}

/** __skb_frag_ref(frag) (include/linux/skbuff_ref.h): get_page() on the frag's page, a _refcount reference. */
export function __skb_frag_ref(t: PagePoolState, pg: number): number {
  t.pages[pg].ref++;
  return pg * 2 + KIND_PAGE;
}

/**
 * The page descriptors skb_segment() puts into its segment (net/core/skbuff.c 4733-5085, sg):
 * head_skb's frags (its linear part is copied into the segment's kmalloc'ed head), then for
 * each frag_list member its head page (`skb_head_frag_to_page_desc(frag_skb)`, i < 0) and frags.
 */
export function segmentDescs(s: PagePoolState, j: number): number[] {
  const h = s.sh[s.skbs[j].sh];
  const out = h.refs.slice(h.head ? 1 : 0);
  for (const i of fragList(s, s.skbs[j].sh)) out.push(...s.sh[s.skbs[i].sh].refs);
  return out;
}

/**
 * skb_segment(head_skb, features) with NETIF_F_SG, from validate_xmit_skb() -> skb_gso_segment()
 * (a forwarded GRO packet: tcp4_gso_segment / __udp_gso_segment; its frag_list from
 * skb_gro_receive()'s `merge:`, SKB_GSO_FRAGLIST packets go to skb_segment_list()), then validate_xmit_skb()'s
 * `consume_skb(skb)`. One segment (the model keeps no lengths: each descriptor of the packet is
 * referenced once): `nskb = __alloc_skb()` (pp_recycle 0, kmalloc'ed head), and each frag
 * `*nskb_frag = ...; __skb_frag_ref(nskb_frag);` (a page reference, released by put_page since
 * nskb->pp_recycle is 0), `if (skb_shinfo(nskb)->nr_frags >= MAX_SKB_FRAGS) goto err` (the
 * start rule: the -EINVAL path is a plain free). Then head_skb goes: skb_release_data() drops
 * its frags by its pp_recycle and kfree_skb_list()s the frag_list.
 */
export function skb_segment(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  if (env.cfg.skbPathNeedsNapiSafe) act.ns = 0; // consume_skb(): napi_safe = false
  const n = freeSkbSlot(t);
  const nh = freeShSlot(t);
  const refs = segmentDescs(t, a.a).map((r) => __skb_frag_ref(t, r >> 1));
  t.sh[nh] = { dataref: 1, refs, head: false };
  // __copy_skb_header(nskb, head_skb) copies skb->unreadable (in the headers group)
  t.skbs[n] = { st: SKB_LIVE, sh: nh, ppr: false, cpu: a.cpu, cloned: false, up: -1, ur: t.skbs[a.a].ur === true };
  freeSkb(t, env, act, a.a); // consume_skb(skb): the segments replace it
  act.bh = act.q.length > 0 && a.ctx === TASK;
}

/** skb_split()'s `b`: SPLIT_IN_HEADER (`len < pos`), else 2k (at frag k's start) or 2k + 1 (inside frag k). */
export const SPLIT_IN_HEADER = 8;

/**
 * skb_split(skb, skb1, len) (net/core/skbuff.c 4116-4201) from tcp_fragment()/tso_fragment()
 * (skb1 = tcp_stream_alloc_skb(): pp_recycle 0, kmalloc'ed head; the skb was uncloned first,
 * skb_unclone_keeptruesize). skb_split_inside_header(): every frag moves to skb1,
 * `skb_shinfo(skb)->nr_frags = 0`. skb_split_no_header(): `skb_shinfo(skb)->nr_frags = 0`, then
 * frags before the split stay (nr_frags++), frags after it move to skb1; a frag the split line
 * crosses is in both, `skb_frag_ref(skb, i)` taking skb's new reference.
 */
export function skb_split(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const x = t.skbs[a.a];
  const h = t.sh[x.sh];
  const hd = h.head ? 1 : 0;
  const frags = h.refs.slice(hd);
  const n = freeSkbSlot(t);
  const nh = freeShSlot(t);
  const keep = h.refs.slice(0, hd); // the head stays skb's
  let moved: number[];
  if (a.b === SPLIT_IN_HEADER) {
    moved = frags; // skb_shinfo(skb1)->frags[i] = skb_shinfo(skb)->frags[i]
    h.refs = keep; // skb_shinfo(skb)->nr_frags = 0
  } else {
    const k = a.b >> 1;
    const inFrag = (a.b & 1) === 1;
    h.refs = keep; // skb_shinfo(skb)->nr_frags = 0
    for (let i = 0; i < k; i++) h.refs.push(frags[i]); // pos + size <= len: skb_shinfo(skb)->nr_frags++
    moved = frags.slice(k); // skb_shinfo(skb1)->frags[k++] = skb_shinfo(skb)->frags[i]
    if (inFrag) h.refs.push(skb_frag_ref(t, frags[k])); // pos < len: skb_frag_ref(skb, i); nr_frags++
  }
  t.sh[nh] = { dataref: 1, refs: moved, head: false };
  // `skb1->unreadable = skb->unreadable`
  t.skbs[n] = { st: SKB_LIVE, sh: nh, ppr: false, cpu: a.cpu, cloned: false, up: -1, ur: x.ur === true };
}

/** skb_frag_ref(skb, f): __skb_frag_ref() of the frag's page: the holder's new reference is a page one. */
function skb_frag_ref(t: PagePoolState, r: number): number {
  return __skb_frag_ref(t, r >> 1);
}

/** skb_shift()'s `b`: skb + 8 * mode. */
export const SHIFT_ALL = 0;
/** shiftlen < size of skb's first frag: the frag is split (`__skb_frag_ref(fragfrom)`). */
export const SHIFT_PARTIAL = 1;
/** skb_can_coalesce(tgt, to, page, off): skb's first frag extends tgt's last one (same page), the rest move. */
export const SHIFT_MERGE = 2;
export const SHIFT_MODES = 8;

/**
 * skb_shift(tgt, skb, shiftlen) (net/core/skbuff.c 4230-4347) from tcp_shift_skb_data() (SACK) and
 * tcp_collapse_retrans(): TCP's own skbs (pp_recycle 0 on both: `DEBUG_NET_WARN_ON_ONCE(
 * tgt->pp_recycle != skb->pp_recycle)`), not cloned (skb_prepare_for_shift), skb_headlen(skb) 0.
 * SHIFT_ALL: every frag moves (`*fragto = *fragfrom`); SHIFT_PARTIAL: tgt gets a new reference on
 * skb's first frag (`__skb_frag_ref(fragfrom)`), skb keeps its own; SHIFT_MERGE: skb's first frag
 * is merged into tgt's last (`__skb_frag_unref(fragfrom, skb->pp_recycle)`), the rest move.
 */
export function skb_shift(t: PagePoolState, a: Action, _env: Env, act: Actor): void {
  const tgt = t.skbs[a.a];
  const skb = t.skbs[a.b % SHIFT_MODES];
  const mode = Math.floor(a.b / SHIFT_MODES);
  const ti = t.sh[tgt.sh];
  const si = t.sh[skb.sh];
  const hd = si.head ? 1 : 0;
  const frags = si.refs.slice(hd);
  si.refs = si.refs.slice(0, hd);
  if (mode === SHIFT_PARTIAL) {
    ti.refs.push(__skb_frag_ref(t, frags[0] >> 1)); // __skb_frag_ref(fragfrom); skb_frag_page_copy(fragto, fragfrom)
    si.refs.push(...frags); // skb_frag_off_add(fragfrom, todo): skb keeps the rest of the frag
    return;
  }
  let from = 0;
  if (mode === SHIFT_MERGE) {
    unrefFrag(t, skb.ppr, act, frags[0]); // skb_frag_size_add(fragto, ..); __skb_frag_unref(fragfrom, skb->pp_recycle)
    from = 1;
  }
  for (let i = from; i < frags.length; i++) ti.refs.push(frags[i]); // *fragto = *fragfrom; to++
}

/** The frags skb_shift() may move into tgt: `if (to == MAX_SKB_FRAGS) return 0;` and the full-skb skip. */
export function canShift(s: PagePoolState, tgt: number, skb: number, mode: number): boolean {
  const ti = s.sh[s.skbs[tgt].sh];
  const si = s.sh[s.skbs[skb].sh];
  const to = ti.refs.length - (ti.head ? 1 : 0);
  const nr = si.refs.length - (si.head ? 1 : 0);
  if (nr < 1) return false;
  if (mode === SHIFT_PARTIAL) return to + 1 <= MAX_SKB_FRAGS;
  if (mode === SHIFT_MERGE) {
    // skb_can_coalesce(tgt, to, skb_frag_page(fragfrom), ..): tgt's last frag is on the same page
    if (to < 1 || ti.refs[ti.refs.length - 1] >> 1 !== si.refs[si.head ? 1 : 0] >> 1) return false;
    return to + nr - 1 <= MAX_SKB_FRAGS;
  }
  return to + nr <= MAX_SKB_FRAGS; // `(skb_shinfo(skb)->nr_frags - from) > (MAX_SKB_FRAGS - to)`: return 0
}
