/**
 * net/core/xdp.c (Linux 6.12 mainline): returning a redirected XDP frame, one
 * at a time (xdp_return_frame, xdp_return_frame_rx_napi) or in bulk
 * (xdp_return_frame_bulk / xdp_flush_frame_bulk), an XDP_DROPped multi-buffer
 * xdp_buff (xdp_return_buff), and unregistering the page_pool memory model
 * (its page_pool_destroy). A frame's mem.id is the page_pool of its page
 * (every frame is a page_pool page: the rhashtable of mem ids is that map).
 * Multi-buffer frames (xdp_frame_has_frags) carry one frag (`s.xdpFrag`, the
 * `sinfo->frags[]` of the skb_shared_info at the frame's tail, MAX_SKB_FRAGS
 * scaled to 1), returned before the frame's own page as the kernel does.
 * Leaves out: xdp_return_frame_no_direct() (BPF_RI_F_RF_NO_DIRECT, set only
 * by generic-XDP redirects: always false here), the other memory types.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, Ctx, PagePoolState } from '../../../state.ts';
import { KIND_PP, NS_XDP, NS_XDP_DIRECT, SKB_LIVE } from '../../../state.ts';
import type { ModelConfig } from '../../../config.ts';
import { OOB_BULKQ, outOfBounds } from '../../../bounds.ts';
import { page_pool_destroy, startPut, startPutBulk } from './page_pool.ts';
import { freeShSlot, freeSkbSlot } from './skbuff.ts';

/**
 * __xdp_return(data, mem, napi_direct, xdp), MEM_TYPE_PAGE_POOL: `page = virt_to_head_page(data)`;
 * `if (napi_direct && xdp_return_frame_no_direct()) napi_direct = false;` (never here);
 * page_pool_put_full_page(page->pp, page, napi_direct), with no netmem_is_pp() check ("mem->type
 * knows this a page_pool page").
 */
function xdpReturnPage(t: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx, pg: number, napiDirect: boolean): void {
  startPut(t, env, act, cpu, ctx, pg, napiDirect);
}

/**
 * The pages of a frame (or xdp_buff) in the order xdp_return_frame() returns them:
 * `if (likely(!xdp_frame_has_frags(xdpf))) goto out;` `for (i = 0; i < sinfo->nr_frags; i++)`
 * each frag's page, then (`out:`) the page of `xdpf->data`.
 */
export function framePages(head: number, frag: number): number[] {
  return frag >= 0 ? [frag, head] : [head];
}

/**
 * __xdp_return() for each page in turn, by one context: the first now, the rest queued in the
 * actor's loop (`act.q`, pp references; `act.ns` says napi_direct), each taken by a
 * __xdp_return step when the put before it is done.
 */
export function returnPages(t: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx, pages: number[], napiDirect: boolean): void {
  if (pages.length > 1) {
    act.ns = napiDirect ? NS_XDP_DIRECT : NS_XDP;
    act.q = pages.slice(1).map((pg) => pg * 4 + KIND_PP * 2 + 1);
  }
  xdpReturnPage(t, env, act, cpu, ctx, pages[0], napiDirect);
}

/** The next page of an XDP frame's loop (xdp_return_frame, _rx_napi, xdp_return_buff): its __xdp_return(). */
export function __xdp_return(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const e = act.q.shift() as number;
  xdpReturnPage(t, env, act, a.cpu, a.ctx, e >> 2, act.ns === NS_XDP_DIRECT);
}

/** Frame `i` leaves the in-flight list: its pages in return order. */
function takeFrame(t: PagePoolState, i: number): number[] {
  const pg = t.xdp.splice(i, 1)[0];
  const frag = t.xdpFrag.splice(i, 1)[0];
  return framePages(pg, frag);
}

/** xdp_return_frame(): each page through __xdp_return(.., napi_direct = false). */
export function xdp_return_frame(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  returnPages(t, env, act, a.cpu, a.ctx, takeFrame(t, a.a), false);
}

/**
 * xdp_return_frame_rx_napi(): the same loop with napi_direct = true, for a caller in the NAPI
 * poll of the RX queue the frame came from (devmap's bq_xmit_all() dropping the frames a
 * ndo_xdp_xmit() refused, at the poll's xdp_do_flush()).
 */
export function xdp_return_frame_rx_napi(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  returnPages(t, env, act, a.cpu, a.ctx, takeFrame(t, a.a), true);
}

/**
 * XDP_DROP of a multi-buffer packet in the driver's poll: xdp_return_buff(xdp) (the frags of
 * xdp_get_shared_info_from_buff(), then xdp->data's page, each __xdp_return(.., true)): the
 * packet's first RX buffer is the head, the next one its frag.
 */
export function xdp_return_buff(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const head = t.rx.shift() as number;
  const frag = t.rx.shift() as number;
  returnPages(t, env, act, a.cpu, a.ctx, framePages(head, frag), true);
}

/**
 * A redirected frame becomes an skb on the CPU of a cpumap entry: cpu_map_kthread_run()
 * (kernel/bpf/cpumap.c, a task that runs its batch under local_bh_disable()) calls
 * __xdp_build_skb_from_frame(): `if (unlikely(xdp_frame_has_frags(xdpf))) nr_frags =
 * sinfo->nr_frags;` (read first: build_skb_around() clears the skb_shared_info up to dataref),
 * build_skb_around(skb, hard_start, frame_sz) (the frame's page is the head: head_frag,
 * dataref 1, the shinfo at the same tail as the frame's), `xdp_update_skb_shared_info(skb,
 * nr_frags, ..)` (the frags, still in place, are the skb's), `if (xdpf->mem.type ==
 * MEM_TYPE_PAGE_POOL) skb_mark_for_recycle(skb)`. The frame's references move to the skb,
 * which the stack then frees on that CPU (netif_receive_skb_list()).
 */
export function __xdp_build_skb_from_frame(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const pg = t.xdp.splice(a.a, 1)[0];
  const nrFrag = t.xdpFrag.splice(a.a, 1)[0]; // nr_frags (and the frag) read before build_skb_around()
  const j = freeSkbSlot(t);
  const h = freeShSlot(t);
  t.sh[h] = { dataref: 1, refs: [pg * 2 + KIND_PP], head: true }; // build_skb_around()
  if (nrFrag >= 0) t.sh[h].refs.push(nrFrag * 2 + KIND_PP); // xdp_update_skb_shared_info()
  t.skbs[j] = { st: SKB_LIVE, sh: h, ppr: true, cpu: a.cpu, cloned: false, up: -1, ur: false }; // skb_mark_for_recycle()
}

/**
 * xdp_rxq_info_unreg() -> xdp_rxq_info_unreg_mem_model() -> xdp_unreg_mem_model(): for
 * MEM_TYPE_PAGE_POOL, page_pool_destroy(xa->page_pool): drops the user page_pool_use_xdp_mem()
 * added (a driver script step; the destroy of the last user is the real one).
 */
export function xdp_rxq_info_unreg(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  page_pool_destroy(t, a, env, act);
}

/**
 * XDP_BULK_QUEUE_SIZE (16 in include/net/xdp.h), scaled: the frames one xdp_frame_bulk holds
 * before xdp_return_frame_bulk() flushes it.
 */
export const XDP_BULK_QUEUE_SIZE = 2;

/** One xdp_flush_frame_bulk(): page_pool_put_page_bulk(xa->page_pool, bq->q, bq->count). */
export interface XdpFlush {
  pool: number;
  pages: number[];
}

/**
 * The flushes a TX completion loop makes (xdp_frame_bulk_init(); `xdp_return_frame_bulk(xdpf,
 * &bq)` per frame; `xdp_flush_frame_bulk(&bq)`) for the frames' pages `pages` in order (their
 * frags in `frags`, parallel, -1 for none; all single-buffer when left out). Per frame:
 * `if (unlikely(!xa)) { xa = lookup(mem->id); bq->count = 0; }`, `if (bq->count ==
 * XDP_BULK_QUEUE_SIZE) xdp_flush_frame_bulk(bq)`, `if (unlikely(mem->id != xa->mem.id)) {
 * xdp_flush_frame_bulk(bq); bq->xa = lookup(mem->id); }`, then for a multi-buffer frame each
 * frag: `bq->q[bq->count++] = skb_frag_address(frag); if (bq->count == XDP_BULK_QUEUE_SIZE)
 * xdp_flush_frame_bulk(bq);`, and `bq->q[bq->count++] = xdpf->data`.
 * xdp_flush_frame_bulk(): `if (!xa || !bq->count) return;` page_pool_put_page_bulk(); `bq->count = 0`.
 * A flush of more than XDP_BULK_QUEUE_SIZE pages wrote past `bq->q[]` (the caller records it).
 */
export function xdpFrameBulks(t: PagePoolState, cfg: ModelConfig, pages: readonly number[], frags?: readonly number[]): XdpFlush[] {
  const out: XdpFlush[] = [];
  let xa = -1;
  let q: number[] = [];
  const flush = (): void => {
    if (xa < 0 || q.length === 0) return;
    out.push({ pool: xa, pages: q.slice() });
    if (cfg.xdpFlushResetsCount) q = []; // bq->count = 0
  };
  for (let i = 0; i < pages.length; i++) {
    const pg = pages[i];
    const id = t.pages[pg].pp; // xdpf->mem.id: the page_pool the frame's page belongs to
    if (xa < 0) xa = id;
    if (q.length >= XDP_BULK_QUEUE_SIZE) flush();
    if (id !== xa && cfg.xdpBulkFlushesOnMemIdChange) {
      flush();
      if (cfg.xdpBulkLooksUpNewMemId) xa = id;
    }
    const frag = frags?.[i] ?? -1;
    if (frag >= 0) {
      q.push(frag); // bq->q[bq->count++] = skb_frag_address(frag)
      if (q.length === XDP_BULK_QUEUE_SIZE) flush();
    }
    q.push(pg);
  }
  flush();
  return out;
}

/**
 * A TX completion loop (a driver's, cpumap's, devmap's) under rcu_read_lock():
 * `xdp_return_frame_bulk(xdpf, &bq)` for `a.b` frames starting at frame `a.a`, then
 * `xdp_flush_frame_bulk(&bq)`: the flushes of xdpFrameBulks(), each
 * page_pool_put_page_bulk(xa->page_pool, bq->q, bq->count). The queueing is one step: it
 * writes only the caller's on-stack xdp_frame_bulk (no other context can see it); each
 * flush's page_pool_put_page_bulk() is split (page_pool.ts), and the next flush of the loop
 * starts when it ends (its frames wait in the actor's queue `act.q` as the pp references they
 * hold, which page_pool.ts's bulkEnd() flushes: xdp.c's loop goes on after
 * page_pool_put_page_bulk() returns). With XDP_BULK_QUEUE_SIZE 2 and at most 2 frames of one
 * frag each, at most one flush waits.
 */
export function xdp_return_frame_bulk(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pages = t.xdp.splice(a.a, a.b);
  const frags = t.xdpFrag.splice(a.a, a.b);
  const flushes = xdpFrameBulks(t, env.cfg, pages, frags);
  // bq->q[bq->count++] past XDP_BULK_QUEUE_SIZE: a write outside the caller's xdp_frame_bulk
  for (const f of flushes) if (f.pages.length > XDP_BULK_QUEUE_SIZE) outOfBounds(t, f.pool, OOB_BULKQ);
  const [first, ...rest] = flushes;
  // the frames of the next flush wait in the caller's bulk: pp references (KIND_PP, via page_pool)
  act.q = rest.flatMap((f) => f.pages.map((pg) => (pg << 2) | 3));
  // no flush: the frames' pages belong to no pool (page->pp cleared while a frame still held
  // the page: reachable only after a violation, e.g. in a mutant's serialized conformance walk)
  if (first) startXdpFlush(t, env, act, a.cpu, a.ctx, first);
}

/** xdp_flush_frame_bulk(): page_pool_put_page_bulk(pool, pages) (not approved yet: each page holds its frame's pp reference). */
function startXdpFlush(t: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx, f: XdpFlush): void {
  act.bq = f.pages.map((pg) => pg * 2);
  startPutBulk(t, env, act, cpu, ctx, f.pool);
}
