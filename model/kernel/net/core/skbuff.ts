/**
 * net/core/skbuff.c (Linux 6.12 mainline; era and bug variants switch guards
 * through model/config.ts): building an skb on a pool page, clone, expand,
 * coalesce, the frees and skb_release_data() with napi_pp_put_page(). Leaves
 * out: linear data and lengths (an skb is its head page and frags), frag_list,
 * fclones, the skb slab caches, GRO, non-pp frag pages other than those
 * pskb_expand_head() and coalescing create.
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

const { KIND_PAGE, KIND_PP, OP_NONE, SKB_BUILDING, SKB_DEFERRED, SKB_FREE, SKB_LIVE, TASK } = S;

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
 * skb_release_data(): drop a dataref; the last holder releases every page:
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
    const n = refs.length;
    const first = h.head ? 1 : 0; // a kmalloc head (after pskb_expand_head) has no page: all frags
    for (let i = first; i < n + first; i++) {
      const r = refs[i % n];
      const pg = r >> 1;
      const kind = r & 1;
      if (x.ppr) act.q.push(pg * 4 + kind * 2 + 1);
      else putPage(t, pg);
    }
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

/** kfree_skb / napi_consume_skb / the defer flush: skb_release_all() then free the skb. */
export function freeSkb(t: PagePoolState, env: Env, act: Actor, j: number): void {
  releaseData(t, env, act, j);
  const x = t.skbs[j];
  x.st = SKB_FREE;
  x.sh = -1;
  x.ppr = false;
  x.cpu = -1;
  x.cloned = false;
  x.ur = false;
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
  t.skbs[j] = { st: SKB_BUILDING, sh: h, ppr: false, cpu: a.cpu, cloned: false, ur: false };
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
  t.skbs[j] = { st: whole ? SKB_LIVE : SKB_BUILDING, sh: h, ppr: whole, cpu: a.cpu, cloned: false, ur: false };
  if (whole) t.budget--;
}

/** skb_clone(): share the data, dataref++, both marked cloned, pp_recycle copied. */
export function skb_clone(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const j = freeSkbSlot(t);
  const x = t.skbs[a.a];
  t.sh[x.sh].dataref++;
  x.cloned = true;
  // __skb_clone() -> __copy_skb_header(): alloc_cpu and unreadable are in the copied headers (CHECK_SKB_FIELD(alloc_cpu))
  t.skbs[j] = { st: SKB_LIVE, sh: x.sh, ppr: x.ppr, cpu: x.cpu, cloned: true, ur: x.ur };
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
