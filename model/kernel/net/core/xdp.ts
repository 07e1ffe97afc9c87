/**
 * net/core/xdp.c (Linux 6.12 mainline): returning a redirected XDP frame, one
 * at a time or in bulk (xdp_return_frame_bulk / xdp_flush_frame_bulk), and
 * unregistering the page_pool memory model (its page_pool_destroy). A frame's
 * mem.id is the page_pool of its page (every frame is a page_pool page: the
 * rhashtable of mem ids is that map). Leaves out: multi-buffer frames
 * (xdp_frame_has_frags: the frags of skb_shared_info at the frame's tail).
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, Ctx, PagePoolState } from '../../../state.ts';
import type { ModelConfig } from '../../../config.ts';
import { page_pool_destroy, startPut, startPutBulk } from './page_pool.ts';

/** xdp_return_frame() -> __xdp_return(.., napi_direct=false) -> page_pool_put_full_page(pp, page, false). */
export function xdp_return_frame(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pg = t.xdp.splice(a.a, 1)[0];
  startPut(t, env, act, a.cpu, a.ctx, pg, false);
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
 * &bq)` per frame; `xdp_flush_frame_bulk(&bq)`) for the frames' pages in order. Per frame:
 * `if (unlikely(!xa)) { xa = lookup(mem->id); bq->count = 0; }`, `if (bq->count ==
 * XDP_BULK_QUEUE_SIZE) xdp_flush_frame_bulk(bq)`, `if (unlikely(mem->id != xa->mem.id)) {
 * xdp_flush_frame_bulk(bq); bq->xa = lookup(mem->id); }`, `bq->q[bq->count++] = xdpf->data`.
 * xdp_flush_frame_bulk(): `if (!xa || !bq->count) return;` page_pool_put_page_bulk(); `bq->count = 0`.
 */
export function xdpFrameBulks(t: PagePoolState, cfg: ModelConfig, pages: readonly number[]): XdpFlush[] {
  const out: XdpFlush[] = [];
  let xa = -1;
  let q: number[] = [];
  const flush = (): void => {
    if (xa < 0 || q.length === 0) return;
    out.push({ pool: xa, pages: q.slice() });
    if (cfg.xdpFlushResetsCount) q = []; // bq->count = 0
  };
  for (const pg of pages) {
    const id = t.pages[pg].pp; // xdpf->mem.id: the page_pool the frame's page belongs to
    if (xa < 0) xa = id;
    if (q.length >= XDP_BULK_QUEUE_SIZE) flush();
    if (id !== xa && cfg.xdpBulkFlushesOnMemIdChange) {
      flush();
      if (cfg.xdpBulkLooksUpNewMemId) xa = id;
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
 * page_pool_put_page_bulk() returns). With XDP_BULK_QUEUE_SIZE 2, at most one flush waits.
 */
export function xdp_return_frame_bulk(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pages = t.xdp.splice(a.a, a.b);
  const [first, ...rest] = xdpFrameBulks(t, env.cfg, pages);
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
