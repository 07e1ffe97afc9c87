/**
 * net/core/page_pool.c (Linux 6.12 mainline; era and bug variants switch
 * guards through model/config.ts): allocation (alloc cache, ptr_ring refill,
 * slow path, frag allocator), the put path (napi_local decision, cache push,
 * ring produce, DMA sync), the bulk put (page_pool_put_page_bulk), the put of
 * a page whose references the driver counted (page_pool_put_unrefed_page),
 * the statistics (CONFIG_PAGE_POOL_STATS, bound poolStats: alloc_stats and the
 * per-CPU recycle_stats) and destroy/release. Leaves out: bulk allocation,
 * netmem/devmem (unreadable) memory providers, the dma_mapped xarray (every
 * pool page is tracked: a flag per page; docs/model.md says why).
 *
 * Split sequences (an in-flight record in the acting context's `Actor`, so
 * other contexts interleave between the steps): the cache pop
 * (page_pool_alloc_pages -> __page_pool_get_cached), the cache push
 * (page_pool_recycle_in_cache -> page_pool_recycle_in_cache_store), the ring
 * produce (page_pool_recycle_in_ring -> page_pool_producer_unlock
 * [-> recycle_stat_inc]), the DMA sync (page_pool_dma_sync_for_device ->
 * __page_pool_dma_sync_for_device), release (page_pool_destroy ->
 * page_pool_scrub -> page_pool_release) and the bulk put (one step per page
 * of its unref loop, the produce loop under one producer lock, the unlock,
 * then the return of what the full ring refused).
 */
import { finishOp, inHardirq, inServingSoftirq, inSoftirq, isPollCtx } from '../../../context.ts';
import { type Action, type Env, nodeOf } from '../../../env.ts';
import type { Actor, Ctx, PagePoolState } from '../../../state.ts';
import * as S from '../../../state.ts';
import { putPage } from '../../include/linux/mm.ts';
import { cacheLoad, cacheStore, ringStore } from '../../../bounds.ts';
import { hasProvider, mp_dmabuf_devmem_alloc_netmems, mp_dmabuf_devmem_destroy, mp_dmabuf_devmem_release_page } from './devmem.ts';
import { PP_MAGIC_LAYOUTS } from '../../include/linux/mm.ts';
import { dma_map_page_attrs, dmaUseAddress } from '../../kernel/dma/mapping.ts';
import { netmem_clear_pp_magic, netmem_get_dma_index, netmem_or_pp_magic, netmem_set_dma_index } from './netmem_priv.ts';
import { page_pool_get_dma_addr_netmem, page_pool_set_dma_addr_netmem } from './page_pool_priv.ts';

// local copies: imported bindings may be accessor calls once transpiled, and these are hot
const { BIAS, FRAGS_PER_PAGE, HARDIRQ, OP_BULK_PUT, OP_BULK_RETURN, OP_BULK_RING, OP_BULK_UNLOCK, OP_NONE, OP_POP_WRITE, OP_PUSH_READ, OP_PUSH_WRITE, OP_RELEASE_FREE, OP_RELEASE_SCRUB, OP_RING, OP_RING_FULL, OP_RING_STAT, OP_RING_UNLOCK, OP_SYNC, OP_SYNC_CHECK, POOL_ALIVE, POOL_DESTROYING, POOL_FREED, SOFTIRQ, STAT_CACHED, STAT_CACHE_FULL, STAT_RELEASED_REFCNT, STAT_RING, STAT_RING_FULL, TASK, actorId } = S;

/** PP_ALLOC_CACHE_REFILL, scaled like the cache (64 of 128). */
const refillOf = (env: Env): number => Math.max(1, env.cacheSize >> 1);

/** The pool's preferred node: pool->p.nid, or numa_mem_id() for NUMA_NO_NODE. */
export function prefNid(s: PagePoolState, env: Env, pool: number, cpu: number): number {
  const nid = s.pools[pool].nid;
  return nid < 0 ? nodeOf(env, cpu) : nid;
}

// ---------------------------------------------------------------------------
// Helpers (called by the kernel functions below and by skbuff.c's)

/** Any access to pool memory: after kfree(pool) it is a use-after-free (ghost `poolUaf`). */
export function touchPool(t: PagePoolState, k: number): void {
  if (k < 0) {
    if (t.g.poolUaf < 0) t.g.poolUaf = 99; // NULL page->pp dereference
    return;
  }
  if (t.pools[k].st === POOL_FREED && t.g.poolUaf < 0) t.g.poolUaf = k;
}

/**
 * Ghost `foreign`: page `pg` is handled as pool `k`'s page (put into it, counted by it,
 * returned through it) though no pool owns it (no PP_SIGNATURE: page_pool_page_is_pp()
 * false) or another pool does.
 */
export function notPoolsPage(t: PagePoolState, k: number, pg: number): void {
  const p = t.pages[pg];
  if ((!p.magic || p.pp !== k) && t.g.foreign < 0) t.g.foreign = pg;
}

/**
 * recycle_stat_inc(pool, field) / recycle_stat_add(pool, field, n):
 * `this_cpu_add(pool->recycle_stats->field, n)` on the recycling CPU's counters (a write of
 * pool memory: after kfree(pool) a use-after-free); without CONFIG_PAGE_POOL_STATS (bound
 * poolStats) the macros are empty. this_cpu_add() is one instruction the CPU's own interrupts
 * cannot split and preemption cannot move to another CPU ("recycle_stat_inc is safe to use
 * when preemption is possible").
 */
export function recycleStatAdd(t: PagePoolState, env: Env, k: number, cpu: number, ctx: Ctx, field: number, n: number): void {
  const st = t.pools[k].stats;
  if (st.length === 0) return;
  touchPool(t, k);
  const op = env.cfg.recycleStatOp;
  // (mutants) a plain load/add/store that another updater of the same counter can split
  if (op !== 'this_cpu' && !statRmwSafe(t, env, k, cpu, ctx, op) && t.g.statBad < 0) t.g.statBad = k * 2;
  st[S.recycleStatIndex(op === 'shared' ? 0 : cpu, field)] += n; // 'shared': one counter (cpu0's block stands for it)
}

/**
 * Whether a plain read-modify-write of a stats counter cannot lose an update here.
 * '__this_cpu' (the CPU's own counter): preemption and BH off, so neither a migration nor a
 * softirq on this CPU (which recycles too) can come between the load and the store: a softirq
 * or hard IRQ, or a task inside local_bh_disable()/spin_lock_bh() (in_softirq()); never under
 * PREEMPT_RT, where softirqs and BH-off sections are preemptible. No hard IRQ recycles in 6.12
 * (__page_pool_put_page()'s lockdep_assert_no_hardirq()). 'shared' (one counter for all CPUs)
 * and alloc_stats: only the pool's consumer, the one context that allocates from it.
 */
function statRmwSafe(t: PagePoolState, env: Env, k: number, cpu: number, ctx: Ctx, op: 'this_cpu' | '__this_cpu' | 'shared'): boolean {
  if (op === 'shared') return isPoolConsumer(t, env, k, cpu, ctx);
  if (env.rt) return ctx === HARDIRQ;
  return ctx !== TASK || inSoftirq(t, env, cpu, ctx);
}

/**
 * alloc_stat_inc(pool, field): `pool->alloc_stats.field++`, a plain read-modify-write of pool
 * memory ("intended to be used in softirq context": only the allocating NAPI context, the
 * consumer of the alloc cache, writes it: every allocation path of the model runs in the NAPI
 * poll, the context napi-local-only holds to the cache); empty without CONFIG_PAGE_POOL_STATS.
 */
export function allocStatInc(t: PagePoolState, k: number, field: number): void {
  const st = t.pools[k].stats;
  if (st.length === 0) return;
  touchPool(t, k);
  st[field]++;
}

/**
 * Whether pages carry a DMA index in pp_magic: the pool tracks its mappings in pool->dma_mapped
 * (ee62ce7a1d90, with the unmap at scrub: `dmaUnmapOnScrub`) and the machine leaves index bits
 * above PP_SIGNATURE (PP_DMA_INDEX_BITS != 0, else page_pool_register_dma_index() tracks nothing).
 */
export function dmaIndexed(env: Env): boolean {
  return env.cfg.dmaUnmapOnScrub && PP_MAGIC_LAYOUTS[env.arch].indexBits > 0;
}

/**
 * __page_pool_unmap_netmem_dma(): `dma = page_pool_get_dma_addr_netmem(netmem)` (read before the
 * xa_cmpxchg); with the DMA index: `if (!id) return;` and only the xa_cmpxchg winner (the
 * dma_mapped entry, `dma`) unmaps; then dma_unmap_page_attrs(dev, dma, ...).
 */
export function unmapNetmemDma(t: PagePoolState, env: Env, pg: number): void {
  const p = t.pages[pg];
  const dma = page_pool_get_dma_addr_netmem(p, env.arch);
  if (dmaIndexed(env) && netmem_get_dma_index(p, PP_MAGIC_LAYOUTS[env.arch]) === 0) return;
  if (!p.dma) return; // xa_cmpxchg(&pool->dma_mapped, id, page, NULL, 0) != page
  if (t.devUnbound && t.g.unmapDeadDev < 0) t.g.unmapDeadDev = pg;
  dmaUseAddress(t, env, pg, dma); // dma_unmap_page_attrs(pool->p.dev, dma, ...)
  p.dma = false;
}

/** page_pool_return_netmem(): the page leaves the pool. */
export function returnNetmem(t: PagePoolState, env: Env, k: number, pg: number): void {
  touchPool(t, k);
  const p = t.pages[pg];
  notPoolsPage(t, k, pg); // a page the pool does not own would be counted by its release_cnt
  // `if (static_branch_unlikely(&page_pool_mem_providers) && pool->mp_ops)`
  // put = pool->mp_ops->release_netmem(pool, netmem); else __page_pool_release_netmem_dma()
  const provider = hasProvider(env, k);
  const put = provider ? mp_dmabuf_devmem_release_page(t, pg) : true;
  // __page_pool_release_netmem_dma(): unmap unless scrub already did (xa_cmpxchg winner)
  if (!provider && env.cfg.returnUnmapsDma) {
    if (env.cfg.releaseDmaReadsAddrFirst) unmapNetmemDma(t, env, pg);
    page_pool_set_dma_addr_netmem(p, 0, env.arch);
    if (!env.cfg.releaseDmaReadsAddrFirst) unmapNetmemDma(t, env, pg); // (mutant) the address read after the clear
    if (dmaIndexed(env)) netmem_set_dma_index(p, 0, PP_MAGIC_LAYOUTS[env.arch]);
  }
  if (k >= 0) t.pools[k].release++; // atomic_inc_return_relaxed(&pool->pages_state_release_cnt)
  if (!put) return; // the provider keeps its netmem
  if (env.scen.devmem === true) {
    // put_page(netmem_to_page(netmem)) on a net_iov: no struct page behind it (ghost; what it
    // would corrupt is not modelled)
    if (t.g.niovPut < 0) t.g.niovPut = pg;
    return;
  }
  // page_pool_clear_pp_info(): netmem_clear_pp_magic() (WARN_ON_ONCE on DMA index bits), pp = NULL
  if (env.cfg.returnClearsPpMagic && netmem_clear_pp_magic(p, PP_MAGIC_LAYOUTS[env.arch]) && t.g.dmaBad < 0) t.g.dmaBad = pg;
  p.pp = -1;
  p.ppRef = 0;
  putPage(t, pg);
}

/**
 * page_pool_unref_netmem(netmem, nr) (an inline of include/net/page_pool/helpers.h,
 * kept here because page_pool.c's callers need it and helpers.ts imports this file):
 * returns the remaining count (0 = last user).
 */
export function unref(t: PagePoolState, pg: number, nr: number): number {
  const p = t.pages[pg];
  if (p.ppRef === nr) {
    p.ppRef = 1; // fast path: last user; re-armed to 1
    return 0;
  }
  const ret = p.ppRef - nr;
  if (ret < 0) {
    if (t.g.ppUnderflow < 0) t.g.ppUnderflow = pg; // WARN_ON(ret < 0)
    p.ppRef = ret;
    return ret;
  }
  if (ret === 0) {
    p.ppRef = 1;
    return 0;
  }
  p.ppRef = ret;
  return ret;
}

/** page_pool_napi_local(). */
export function napiLocal(t: PagePoolState, env: Env, k: number, cpu: number, ctx: Ctx, act: Actor): boolean {
  const cfg = env.cfg;
  if (env.rt && cfg.napiLocalRtGuard) return false; // IS_ENABLED(CONFIG_PREEMPT_RT)
  if (cfg.directRecycleCheck === 'in_softirq' && !inSoftirq(t, env, cpu, ctx)) return false;
  if (cfg.directRecycleCheck === 'in_serving_softirq' && !inServingSoftirq(t, env, cpu, ctx)) return false;
  const P = t.pools[k];
  if (P.cpuid === cpu) return true;
  if (P.napi < 0) return false;
  return cfg.napiLocalChecksListOwner ? t.napi.owner === cpu : true;
}

/**
 * The context test of the pre-mainline `allow_direct && in_[serving_]softirq()` in
 * __page_pool_put_page(), read from the CPU's preempt_count (model/context.ts): a hardirq
 * that interrupted a softirq (or a BH-disabled task) still has in_softirq() true, and
 * in_serving_softirq() true when the interrupted context is a softirq.
 */
function allowDirectContextOk(t: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  const check = env.cfg.allowDirectContextCheck;
  if (check === 'none') return true;
  if (check === 'in_serving_softirq') return inServingSoftirq(t, env, cpu, ctx);
  if (check === 'in_softirq') return inSoftirq(t, env, cpu, ctx);
  return inSoftirq(t, env, cpu, ctx) && !inHardirq(t, env, cpu, ctx); // 'softirq_not_hardirq'
}

/** __page_pool_page_can_be_recycled(): page_ref_count == 1 && !page_is_pfmemalloc. */
export function canBeRecycled(t: PagePoolState, env: Env, pg: number): boolean {
  const p = t.pages[pg];
  if (env.cfg.recycleRequiresRefcntOne && p.ref !== 1) return false;
  if (env.cfg.recycleChecksPfmemalloc && p.pfm) return false;
  // kernel (v5.5, d5394610b1ba; removed by 44768decb7c0): pool_page_reusable(): page_to_nid(page) == pool->p.nid
  if (env.cfg.recycleChecksPoolNid && (p.pp < 0 || p.nid !== t.pools[p.pp].nid)) return false;
  return true;
}

/**
 * page_pool_put_full_netmem(pool, page, allow_direct) up to the decision:
 * page_pool_unref_and_test(); page_pool_put_unrefed_netmem(): napi_local;
 * __page_pool_put_page(): recyclable? cache (in flight) : ring (in flight); else return.
 */
export function startPut(t: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx, pg: number, allowDirect: boolean, unrefed = false): void {
  const k = t.pages[pg].pp;
  notPoolsPage(t, k, pg);
  touchPool(t, k);
  if (k < 0) return;
  // page_pool_put_unrefed_netmem() (`unrefed`): the caller already dropped the last pp reference
  if (!unrefed && env.cfg.putUnrefsPpRef && unref(t, pg, 1) !== 0) return;
  putUnrefed(t, env, act, cpu, ctx, k, pg, allowDirect);
}

/**
 * page_pool_put_unrefed_page(pool, page, -1, allow_direct) called by the model's own code (a
 * driver counting its frag users, a proposal): the caller already dropped the last pp reference
 * (page_pool_unref_page() returned 0); the put path without the unref.
 */
export function putUnrefedPage(t: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx, pg: number, allowDirect: boolean): void {
  startPut(t, env, act, cpu, ctx, pg, allowDirect, true);
}

/**
 * page_pool_put_unrefed_netmem(pool, netmem, -1, allow_direct): the caller dropped the last
 * pp reference; the napi_local decision, then __page_pool_put_page().
 */
export function putUnrefed(t: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx, k: number, pg: number, allowDirect: boolean): void {
  // __page_pool_put_page(): `allow_direct && <context test>` (era field); mainline: allow_direct as given
  // page_pool_put_unrefed_netmem(): if (!allow_direct) allow_direct = page_pool_napi_local(pool) (v6.4+)
  // v6.4-v6.8 (skbPathNeedsNapiSafe): only a NAPI-driven skb free (napi_safe) may decide locality
  const decides = env.cfg.skbPathNeedsNapiSafe ? act.ns === 1 : env.cfg.napiLocalRecycling;
  const direct = (allowDirect && allowDirectContextOk(t, env, cpu, ctx)) || (decides && napiLocal(t, env, k, cpu, ctx, act));
  if (canBeRecycled(t, env, pg)) {
    act.op = direct ? OP_PUSH_READ : OP_RING;
    act.pool = k;
    act.page = pg;
    // page_pool_dma_sync_for_device(): `if (pool->dma_sync && dma_dev_need_sync(dev))` (lockless first test)
    if (t.pools[k].dmaSync) {
      act.op = OP_SYNC_CHECK;
      act.c = direct ? 1 : 0; // where the page goes after the sync
    }
    return;
  }
  recycleStatAdd(t, env, k, cpu, ctx, STAT_RELEASED_REFCNT, 1);
  returnNetmem(t, env, k, pg); // recycle_stat_inc(pool, released_refcnt); page_pool_return_netmem()
}

/** Ghost check at a cache write: the writer must be the pool's consumer (the contract of pool->alloc). */
export function checkLocalPush(t: PagePoolState, env: Env, k: number, cpu: number, ctx: Ctx, _act: Actor): void {
  if (!isPoolConsumer(t, env, k, cpu, ctx) && t.g.nonLocalPush < 0) t.g.nonLocalPush = k;
}

/** Whether (cpu, ctx) is pool k's consumer: the one context that may touch pool->alloc without a lock. */
export function isPoolConsumer(t: PagePoolState, env: Env, k: number, cpu: number, ctx: Ctx): boolean {
  const P = t.pools[k];
  return (
    P.st === POOL_ALIVE &&
    // a hard IRQ is never the consumer, also when nested over it (in_softirq() true there)
    !inHardirq(t, env, cpu, ctx) &&
    inSoftirq(t, env, cpu, ctx) &&
    (P.cpuid === cpu ||
      (P.napi >= 0 && t.napi.owner === cpu && t.napi.run === cpu) ||
      // the driver's own NAPI poll (softirq, or the threaded-NAPI kthread with BH off, where
      // list_owner is never set) is the consumer of the pool its RX ring allocates from
      (t.napi.pool === k && isPollCtx(t, env, cpu, ctx)))
  );
}

/**
 * page_pool_dma_map(pool, netmem, gfp), for both slow paths: dma_map_page_attrs();
 * page_pool_set_dma_addr_netmem() refuses an address that does not fit page->dma_addr
 * (WARN_ONCE("unexpected DMA address"), dma_unmap_page_attrs(), return false: the caller
 * put_page()s the page); page_pool_register_dma_index(): xa_alloc(&pool->dma_mapped, &id, ..),
 * netmem_set_dma_index(netmem, id). True when the page is mapped.
 */
export function page_pool_dma_map(t: PagePoolState, env: Env, pg: number): boolean {
  const p = t.pages[pg];
  if (page_pool_set_dma_addr_netmem(p, dma_map_page_attrs(env), env.arch)) {
    if (t.g.dmaBad < 0) t.g.dmaBad = pg;
    p.dmaAddr = 0;
    return false;
  }
  if (dmaIndexed(env)) netmem_set_dma_index(p, 1, PP_MAGIC_LAYOUTS[env.arch]);
  p.dma = true;
  return true;
}

/** Set up a freshly allocated page: alloc_pages_node + page_pool_dma_map + page_pool_set_pp_info, hold_cnt++. */
export function slowAlloc(t: PagePoolState, env: Env, k: number, cpu: number, pfm: number): number {
  // page_pool_alloc_netmems(): `if (static_branch_unlikely(&page_pool_mem_providers) && pool->mp_ops)`
  if (hasProvider(env, k)) return mp_dmabuf_devmem_alloc_netmems(t, k); // pool->mp_ops->alloc_netmems()
  // __page_pool_alloc_pages_slow(): `if (unlikely(pp_order)) return __page_pool_alloc_page_order()`
  if (t.pools[k].order > 0) return __page_pool_alloc_page_order(t, env, k, cpu, pfm);
  const nid = prefNid(t, env, k, cpu);
  const pg = t.pages.findIndex((p) => p.ref === 0 && p.nid === nid);
  if (pg < 0) return -1;
  const p = t.pages[pg];
  const L = PP_MAGIC_LAYOUTS[env.arch];
  p.ref = 1;
  p.pfm = pfm === 1; // the allocator's set_page_pfmemalloc(): bit 1 of lru.next (pp_magic's word)
  // `if (dma_map && unlikely(!page_pool_dma_map(pool, netmem, gfp))) { put_page(page); continue; }`
  if (!page_pool_dma_map(t, env, pg)) {
    p.ref = 0;
    p.pfm = false;
    return -1;
  }
  // the page is allocated and mapped: `if (likely(pool->alloc.count > 0))` the last one is
  // returned with alloc_stat_inc(pool, slow) (the bulk's other pages are not modelled)
  allocStatInc(t, k, S.ALLOC_SLOW);
  // page_pool_set_pp_info(): netmem_set_pp(); netmem_or_pp_magic(netmem, PP_SIGNATURE); page_pool_fragment_netmem(netmem, 1)
  p.pp = k;
  netmem_or_pp_magic(p, L.w32.signature, L);
  p.ppRef = 1;
  t.pools[k].hold++;
  return pg;
}

/**
 * __page_pool_alloc_page_order(): a high-order pool's slow path, one compound page (no bulk):
 * alloc_pages_node(p.nid, gfp | __GFP_COMP, p.order); page_pool_dma_map();
 * page_pool_set_pp_info(); pages_state_hold_cnt++. The model's page stands for the compound
 * page (its head); the allocator's free frame of the node is taken as it.
 */
export function __page_pool_alloc_page_order(t: PagePoolState, env: Env, k: number, cpu: number, pfm: number): number {
  const nid = prefNid(t, env, k, cpu);
  const pg = t.pages.findIndex((p) => p.ref === 0 && p.nid === nid);
  if (pg < 0) return -1; // if (unlikely(!page)) return NULL;
  const p = t.pages[pg];
  p.ref = 1;
  p.pfm = pfm === 1;
  // `if (pool->dma_map && unlikely(!page_pool_dma_map(pool, page_to_netmem(page), gfp))) { put_page(page); return NULL; }`
  if (!page_pool_dma_map(t, env, pg)) {
    p.ref = 0;
    p.pfm = false;
    return -1;
  }
  allocStatInc(t, k, S.ALLOC_SLOW_HIGH_ORDER); // alloc_stat_inc(pool, slow_high_order)
  // page_pool_set_pp_info(pool, netmem): pp, PP_SIGNATURE, page_pool_fragment_netmem(netmem, 1)
  p.pp = k;
  p.magic = true; // netmem_or_pp_magic(netmem, PP_SIGNATURE) (order)
  p.ppRef = 1; // page_pool_fragment_netmem(netmem, 1) (order)
  t.pools[k].hold++; // pool->pages_state_hold_cnt++ (order)
  return pg;
}

/**
 * page_pool_refill_alloc_cache(): move ring pages to the cache while they are
 * on the preferred node; on a mismatch return that one page and stop.
 * Returns the page handed out or -1 (then the caller takes the slow path).
 */
export function refill(t: PagePoolState, env: Env, k: number, cpu: number): number {
  const P = t.pools[k];
  const pref = prefNid(t, env, k, cpu);
  let n = -1;
  if (P.ring.length === 0) {
    allocStatInc(t, k, S.ALLOC_EMPTY); // `if (__ptr_ring_empty(r)) { alloc_stat_inc(pool, empty); return 0; }`
    return -1;
  }
  while (P.ring.length > 0) {
    n = P.ring.shift() as number; // __ptr_ring_consume (the single consumer, no lock)
    if (!env.cfg.refillChecksNuma || t.pages[n].nid === pref) {
      if (t.pages[n].nid !== pref && t.g.numaRemote < 0) t.g.numaRemote = k; // ghost: a remote page refilled
      cacheStore(t, k, P.count++, n); // pool->alloc.cache[pool->alloc.count++] = netmem
    } else {
      returnNetmem(t, env, k, n);
      allocStatInc(t, k, S.ALLOC_WAIVE); // page_pool_return_page(); alloc_stat_inc(pool, waive)
      n = -1;
      break;
    }
    if (P.count >= refillOf(env)) break; // while (pool->alloc.count < PP_ALLOC_CACHE_REFILL)
  }
  if (P.count > 0) {
    n = cacheLoad(t, k, --P.count);
    allocStatInc(t, k, S.ALLOC_REFILL); // return the last page: alloc_stat_inc(pool, refill)
    return n;
  }
  return -1;
}

/** page_pool_alloc_pages() as one atomic step (used inside page_pool_alloc_frag). */
export function allocPageAtomic(t: PagePoolState, env: Env, k: number, cpu: number, pfm: number): number {
  const P = t.pools[k];
  if (P.count > 0) allocStatInc(t, k, S.ALLOC_FAST); // __page_pool_get_cached() fast path: alloc_stat_inc(pool, fast)
  if (P.count > 0) return cacheLoad(t, k, --P.count);
  const n = refill(t, env, k, cpu);
  if (n >= 0) return n;
  return slowAlloc(t, env, k, cpu, pfm);
}

// ---------------------------------------------------------------------------
// Allocation

/** page_pool_alloc_pages() -> __page_pool_get_cached(): read pool->alloc.count (lockless). */
export function page_pool_alloc_pages(t: PagePoolState, a: Action, _env: Env, act: Actor): void {
  touchPool(t, a.a);
  t.budget--;
  act.op = OP_POP_WRITE;
  act.pool = a.a;
  act.c = t.pools[a.a].count;
}

/** __page_pool_get_cached(): `netmem = pool->alloc.cache[--pool->alloc.count]` (the write half). */
export function __page_pool_get_cached(t: PagePoolState, _a: Action, _env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  const P = t.pools[k];
  const c = act.c;
  const pg = c > 0 ? cacheLoad(t, k, c - 1) : -1;
  P.count = c - 1;
  if (pg >= 0) t.rx.push(pg);
  if (c > 0) allocStatInc(t, k, S.ALLOC_FAST); // alloc_stat_inc(pool, fast)
  finishOp(act);
}

/** page_pool_refill_alloc_cache() (alloc.count == 0, ring not empty); falls back to the slow path. */
export function page_pool_refill_alloc_cache(t: PagePoolState, a: Action, env: Env, _act: Actor): void {
  const k = a.a;
  touchPool(t, k);
  t.budget--;
  let pg = refill(t, env, k, a.cpu);
  if (pg < 0) pg = slowAlloc(t, env, k, a.cpu, a.b);
  if (pg >= 0) t.rx.push(pg);
}

/** __page_pool_alloc_pages_slow() (__page_pool_alloc_netmems_slow in 6.12): cache and ring empty. */
export function __page_pool_alloc_pages_slow(t: PagePoolState, a: Action, env: Env, _act: Actor): void {
  const k = a.a;
  touchPool(t, k);
  t.budget--;
  allocStatInc(t, k, S.ALLOC_EMPTY); // __page_pool_get_cached() -> page_pool_refill_alloc_cache(): ring empty
  const pg = slowAlloc(t, env, k, a.cpu, a.b);
  if (pg >= 0) t.rx.push(pg);
}

/** page_pool_alloc_frag_netmem(), size = 1/FRAGS_PER_PAGE of a page (of PAGE_SIZE << p.order). */
export function page_pool_alloc_frag(t: PagePoolState, a: Action, env: Env, _act: Actor): void {
  const k = a.a;
  touchPool(t, k);
  t.budget--;
  const pg = allocFrag(t, env, k, a.cpu, a.b);
  if (pg >= 0) t.rx.push(pg);
}

/**
 * page_pool_alloc_frag_netmem() (also page_pool_alloc()'s small sizes): the next frag of
 * pool->frag_page, or a fresh page split with BIAS_MAX; -1 when none could be allocated.
 */
export function allocFrag(t: PagePoolState, env: Env, k: number, cpu: number, pfm: number): number {
  const P = t.pools[k];
  // unsigned int max_size = PAGE_SIZE << pool->p.order (in frags)
  const maxSize = S.fragsPerPage(P.order);
  let pg = P.frag;
  let reset = false;
  if (pg >= 0 && P.fragOff + 1 > maxSize) {
    // page_pool_drain_frag(): drop the unused bias; reuse the page if we were the last user
    const drained = P.frag;
    pg = -1;
    if (unref(t, drained, BIAS - P.fragUsers) === 0) {
      if (canBeRecycled(t, env, drained)) {
        pg = drained;
        reset = true;
        allocStatInc(t, k, S.ALLOC_FAST); // `if (netmem) { alloc_stat_inc(pool, fast); goto frag_reset; }`
        if (t.pages[pg].pfm && t.g.pfmReuse < 0) t.g.pfmReuse = k; // ghost: a reserve page kept for reuse
      } else returnNetmem(t, env, k, drained);
    }
  }
  if (pg < 0) {
    pg = allocPageAtomic(t, env, k, cpu, pfm);
    if (pg < 0) {
      P.frag = -1;
      return -1;
    }
    P.frag = pg;
    reset = true;
  }
  if (reset) {
    // frag_reset: pool->frag_users = 1; pool->frag_offset = size;
    P.fragUsers = 1;
    P.fragOff = 1;
    t.pages[pg].ppRef = BIAS; // page_pool_fragment_netmem(netmem, BIAS_MAX)
  } else {
    P.fragUsers++;
    P.fragOff++;
    allocStatInc(t, k, S.ALLOC_FAST); // alloc_stat_inc(pool, fast)
  }
  return pg;
}

/** page_pool_update_nid(): p.nid = new; drain the alloc cache (page_pool_return_netmem). */
export function page_pool_update_nid(t: PagePoolState, a: Action, env: Env, _act: Actor): void {
  const k = a.a;
  const P = t.pools[k];
  touchPool(t, k);
  P.nid = nodeOf(env, a.cpu);
  while (P.count > 0) returnNetmem(t, env, k, cacheLoad(t, k, --P.count));
  // ghost: a page of the old node still in the cache, to be handed out on the new one
  for (let i = 0; i < P.count && i < P.cache.length; i++) if (P.cache[i] >= 0 && t.pages[P.cache[i]].nid !== P.nid && t.g.numaRemote < 0) t.g.numaRemote = k;
}

// ---------------------------------------------------------------------------
// The put path, after page_pool_put_unrefed_netmem()'s decision (startPut)

/** page_pool_dma_sync_for_device(): rcu_read_lock(); if (pool->dma_sync) ... (the re-check of ee62ce7a1d90). */
export function page_pool_dma_sync_for_device(t: PagePoolState, _a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  if (!env.cfg.syncRechecksUnderRcu || t.pools[k].dmaSync) act.op = OP_SYNC;
  else {
    act.op = act.c === 1 ? OP_PUSH_READ : OP_RING; // rcu_read_unlock(); no sync
    act.c = 0;
  }
}

/** __page_pool_dma_sync_for_device(): dma_sync_single_range_for_device() on the page's mapping; rcu_read_unlock(). */
export function __page_pool_dma_sync_for_device(t: PagePoolState, _a: Action, env: Env, act: Actor): void {
  const pg = act.page;
  if (!t.pages[pg].dma && t.g.syncUnmapped < 0) t.g.syncUnmapped = pg;
  // dma_addr = page_pool_get_dma_addr_netmem(netmem); __dma_sync_single_for_device(dev, dma_addr + offset, ...)
  dmaUseAddress(t, env, pg, page_pool_get_dma_addr_netmem(t.pages[pg], env.arch));
  act.op = act.c === 1 ? OP_PUSH_READ : OP_RING;
  act.c = 0;
}

/** page_pool_recycle_in_cache(): `if (pool->alloc.count == PP_ALLOC_CACHE_SIZE)` -> cache full. */
export function page_pool_recycle_in_cache(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  checkLocalPush(t, env, k, a.cpu, a.ctx, act);
  const P = t.pools[k];
  if (P.count >= P.cache.length) {
    recycleStatAdd(t, env, k, a.cpu, a.ctx, STAT_CACHE_FULL, 1);
    act.op = OP_RING; // recycle_stat_inc(cache_full); the page goes to the ring
  } else {
    act.op = OP_PUSH_WRITE;
    act.c = P.count;
  }
}

/** page_pool_recycle_in_cache(): `pool->alloc.cache[pool->alloc.count++] = netmem` (the write half). */
export function page_pool_recycle_in_cache_store(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  checkLocalPush(t, env, k, a.cpu, a.ctx, act);
  const P = t.pools[k];
  cacheStore(t, k, act.c, act.page);
  P.count = act.c + 1;
  recycleStatAdd(t, env, k, a.cpu, a.ctx, STAT_CACHED, 1);
  finishOp(act);
}

/**
 * page_pool_recycle_in_ring(): page_pool_producer_lock(); __ptr_ring_produce(); [recycle_stat_inc(ring)
 * inside the lock]. A full ring fails the produce under the lock too: the page stays with the caller
 * through the unlock (`act.page`), and page_pool_put_unrefed_netmem() returns it after (OP_RING_FULL).
 */
export function page_pool_recycle_in_ring(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  const P = t.pools[k];
  if (P.ring.length >= env.ringSize && env.cfg.ringFullReturnsPage === false) return; // (liveness mutant) spin: retry the produce
  // page_pool_producer_lock(): in_softirq ? spin_lock : spin_lock_bh; the caller keeps `in_softirq`
  const sirq = inSoftirq(t, env, a.cpu, a.ctx);
  if (!sirq) act.bhd++;
  act.c = sirq ? 0 : 1;
  P.lock = actorId(a.cpu, a.ctx);
  act.op = OP_RING_UNLOCK;
  if (P.ring.length >= env.ringSize) return; // __ptr_ring_produce() == -ENOSPC: the page stays with us
  ringStore(t, k, env.ringSize, act.page);
  act.page = -1;
  if (env.cfg.ringStatInsideLock) recycleStatAdd(t, env, k, a.cpu, a.ctx, STAT_RING, 1);
}

/** page_pool_producer_unlock(): spin_unlock(&pool->ring.producer_lock) writes pool memory. */
export function page_pool_producer_unlock(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  if (env.cfg.producerUnlockReleasesLock !== false) t.pools[k].lock = -1; // (liveness mutant: the unlock is lost)
  // page_pool_producer_unlock(pool, in_softirq): spin_unlock_bh() iff the lock took spin_lock_bh()
  const bhVariant = env.cfg.producerUnlockUsesSavedInSoftirq ? act.c === 1 : !inSoftirq(t, env, a.cpu, a.ctx);
  if (bhVariant) act.bhd--;
  act.c = 0;
  if (act.page >= 0) act.op = OP_RING_FULL; // the produce failed: the caller returns the page
  else if (env.cfg.ringStatInsideLock) finishOp(act);
  else act.op = OP_RING_STAT;
}

/** page_pool_put_unrefed_netmem(), ring full after the unlock: recycle_stat_inc(pool, ring_full); page_pool_return_page(). */
export function page_pool_return_page(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  const pg = act.page;
  touchPool(t, k);
  finishOp(act);
  recycleStatAdd(t, env, k, a.cpu, a.ctx, STAT_RING_FULL, 1);
  returnNetmem(t, env, k, pg);
}

/** recycle_stat_inc(pool, ring) after the unlock (bug variants): this_cpu_inc(pool->recycle_stats->ring). */
export function recycle_stat_inc(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  touchPool(t, act.pool);
  recycleStatAdd(t, env, act.pool, a.cpu, a.ctx, STAT_RING, 1);
  finishOp(act);
}

// ---------------------------------------------------------------------------
// The bulk put: page_pool_put_page_bulk() (xdp_flush_frame_bulk's), one step per
// page of its unref loop, then the produce loop under one producer lock, the
// unlock, and the return of the pages the full ring refused (after the unlock)

/**
 * page_pool_put_page_bulk(pool, data, count) up to its loop: `allow_direct =
 * page_pool_napi_local(pool)`, read once for the whole bulk (act.c = 1). The queued
 * pages are in `act.bq` (approved bit 0: each still holds its frame's pp reference).
 */
export function startPutBulk(t: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx, k: number): void {
  touchPool(t, k);
  act.op = OP_BULK_PUT;
  act.pool = k;
  act.c = env.cfg.bulkAllowDirect && napiLocal(t, env, k, cpu, ctx, act) ? 1 : 0;
}

/**
 * page_pool_put_page_bulk() returns: the caller's TX completion loop (xdp.c
 * xdp_return_frame_bulk(), model/kernel/net/core/xdp.ts) goes on with its next flush, the
 * frames it queued in `act.q` (each a pp reference: page << 2 | 3), or is done. At most one
 * flush waits (a completion returns at most XDP_BULK_QUEUE_SIZE frames); its pool is bq->xa:
 * the last queued frame's mem id (`bq->xa = rhashtable_lookup(..)`), or the flushed pool again
 * where the lookup is missing (`xdpBulkLooksUpNewMemId` false).
 */
function bulkEnd(t: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx): void {
  const prev = act.pool;
  finishOp(act);
  if (act.q.length === 0) return;
  const pages = act.q.map((e) => e >> 2);
  act.q = [];
  const pool = env.cfg.xdpBulkLooksUpNewMemId ? t.pages[pages[pages.length - 1]].pp : prev;
  act.bq = pages.map((pg) => pg * 2); // not approved yet: each holds its frame's pp reference
  startPutBulk(t, env, act, cpu, ctx, pool);
}

/**
 * page_pool_recycle_in_cache() in one step, for the bulk loop: `if (pool->alloc.count ==
 * PP_ALLOC_CACHE_SIZE) { recycle_stat_inc(cache_full); return false; }` else
 * `cache[count++] = netmem; recycle_stat_inc(cached)`. One step: the bulk loop's
 * allow_direct comes from page_pool_napi_local(), under which no other context writes the
 * cache (the write is still checked: ghost nonLocalPush, napi-local-only).
 */
function recycleInCacheNow(t: PagePoolState, env: Env, k: number, cpu: number, ctx: Ctx, act: Actor, pg: number): boolean {
  checkLocalPush(t, env, k, cpu, ctx, act);
  const P = t.pools[k];
  if (env.cfg.bulkCacheFullCheck && P.count === P.cache.length) {
    recycleStatAdd(t, env, k, cpu, ctx, STAT_CACHE_FULL, 1);
    return false;
  }
  cacheStore(t, k, P.count, pg);
  P.count++;
  recycleStatAdd(t, env, k, cpu, ctx, STAT_CACHED, 1);
  return true;
}

/**
 * One iteration of page_pool_put_page_bulk()'s `for (i = 0; i < count; i++)`:
 * `if (!page_pool_is_last_ref(netmem)) continue;` then __page_pool_put_page(pool, netmem,
 * -1, allow_direct): recyclable -> dma sync (under RCU, one step), the alloc cache when
 * allow_direct and it has room, else `data[bulk_len++] = netmem` (approved for the ring);
 * not recyclable -> recycle_stat_inc(released_refcnt), page_pool_return_page(). After the
 * last page: `if (!bulk_len) return;` or on to the producer lock.
 */
export function page_pool_put_page_bulk(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  const i = act.bq.findIndex((e) => (e & 1) === 0); // data[i]: the approved ones are data[0 .. bulk_len)
  const pg = act.bq[i] >> 1;
  act.bq.splice(i, 1);
  notPoolsPage(t, k, pg);
  const last = !env.cfg.bulkChecksLastRef || unref(t, pg, 1) === 0; // page_pool_is_last_ref()
  if (last) {
    if (canBeRecycled(t, env, pg)) {
      // page_pool_dma_sync_for_device(): rcu_read_lock(); if (pool->dma_sync) sync (one step:
      // page_pool_scrub()'s synchronize_net() waits for it as a whole)
      if (t.pools[k].dmaSync && !t.pages[pg].dma && t.g.syncUnmapped < 0) t.g.syncUnmapped = pg;
      if (!(act.c === 1 && recycleInCacheNow(t, env, k, a.cpu, a.ctx, act, pg))) act.bq.splice(i, 0, pg * 2 + 1);
    } else {
      recycleStatAdd(t, env, k, a.cpu, a.ctx, STAT_RELEASED_REFCNT, 1);
      returnNetmem(t, env, k, pg);
    }
  }
  if (act.bq.some((e) => (e & 1) === 0)) return; // more pages in the loop
  if (act.bq.length === 0) bulkEnd(t, env, act, a.cpu, a.ctx); // if (!bulk_len) return;
  else act.op = OP_BULK_RING;
}

/**
 * page_pool_put_page_bulk(): `in_softirq = page_pool_producer_lock(pool)`; the produce loop
 * (`if (__ptr_ring_produce(&pool->ring, data[i])) { recycle_stat_inc(ring_full); break; }`);
 * `recycle_stat_add(pool, ring, i)` inside the lock. The refused pages stay in `act.bq`.
 */
export function page_pool_put_page_bulk_produce(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  const P = t.pools[k];
  const sirq = inSoftirq(t, env, a.cpu, a.ctx);
  if (!sirq) act.bhd++; // spin_lock_bh() where in_softirq() was false
  const me = actorId(a.cpu, a.ctx);
  P.lock = me; // spin_lock(&pool->ring.producer_lock)
  let i = 0;
  for (; i < act.bq.length; i++) {
    if (env.cfg.bulkProduceChecksFull && P.ring.length === env.ringSize) {
      recycleStatAdd(t, env, k, a.cpu, a.ctx, STAT_RING_FULL, 1); // ring full
      break;
    }
    ringStore(t, k, env.ringSize, act.bq[i] >> 1);
  }
  if (env.cfg.ringStatInsideLock && env.cfg.bulkStatInsideLock) recycleStatAdd(t, env, k, a.cpu, a.ctx, STAT_RING, i);
  act.bq = act.bq.slice(i);
  act.c = sirq ? 0 : 1; // the saved in_softirq
  act.op = OP_BULK_UNLOCK;
}

/**
 * page_pool_put_page_bulk(): page_pool_producer_unlock(pool, in_softirq); `if (likely(i ==
 * bulk_len)) return;` else the rest is freed after the unlock (OP_BULK_RETURN).
 */
export function page_pool_put_page_bulk_unlock(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  const P = t.pools[k];
  if (env.cfg.producerUnlockReleasesLock !== false) P.lock = -1;
  const bhVariant = env.cfg.producerUnlockUsesSavedInSoftirq ? act.c === 1 : !inSoftirq(t, env, a.cpu, a.ctx);
  if (bhVariant) act.bhd--;
  act.c = 0;
  if (act.bq.length > 0) act.op = OP_BULK_RETURN;
  else if (env.cfg.ringStatInsideLock && env.cfg.bulkStatInsideLock) bulkEnd(t, env, act, a.cpu, a.ctx);
  else act.op = OP_RING_STAT; // (bug variants) recycle_stat_add(pool, ring, i) after the unlock
}

/** page_pool_put_page_bulk(): `for (; i < bulk_len; i++) page_pool_return_page(pool, data[i])` (outside the lock). */
export function page_pool_put_page_bulk_return(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  const rest = act.bq;
  act.bq = [];
  for (const e of rest) returnNetmem(t, env, k, e >> 1);
  bulkEnd(t, env, act, a.cpu, a.ctx);
}

/**
 * page_pool_put_unrefed_page(pool, page, -1, allow_direct) as a driver that counts its own
 * frag users calls it (mlx5e_page_release_fragmented(): `if (page_pool_unref_page(page,
 * drain_count) == 0) page_pool_put_unrefed_page(rq->page_pool, page, -1, true)`): the driver
 * drops its references itself, then the put without page_pool_put_netmem()'s unref.
 */
export function page_pool_put_unrefed_page(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const pg = t.rx.splice(a.a, 1)[0];
  const k = t.pages[pg].pp;
  touchPool(t, k);
  if (k < 0) return;
  // the driver's page_pool_unref_page(page, drain_count) (its one remaining user here)
  if (env.cfg.unrefedPutDriverUnrefs && unref(t, pg, 1) !== 0) return;
  putUnrefed(t, env, act, a.cpu, a.ctx, k, pg, true);
}

// ---------------------------------------------------------------------------
// Destroy and release

/** page_pool_destroy(): user_cnt--; disable_direct_recycling; free_frag; page_pool_release(). */
export function page_pool_destroy(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const cfg = env.cfg;
  const k = a.a;
  const P = t.pools[k];
  touchPool(t, k);
  t.drv++;
  P.user--;
  if (P.user > 0) return;
  if (cfg.disableDirectRecyclingOnDestroy) disableDirectRecycling(t, k);
  if (cfg.destroyFreesFrag && P.frag >= 0) {
    // page_pool_free_frag(): unref(BIAS_MAX - frag_users); if last -> page_pool_return_netmem
    const pg = P.frag;
    P.frag = -1;
    if (unref(t, pg, BIAS - P.fragUsers) === 0) returnNetmem(t, env, k, pg);
  }
  P.st = POOL_DESTROYING;
  act.op = OP_RELEASE_SCRUB;
  act.pool = k;
}

/**
 * pool->system: created by page_pool_create_percpu() with PP_FLAG_SYSTEM_POOL (net/core/dev.c's
 * per-CPU system page pools: the scenario's `percpuPool`); page_pool_init() gives it the static
 * per-CPU pp_system_recycle_stats instead of alloc_percpu() (one block per CPU for all system pools:
 * the model has one per-CPU pool, whose Pool.stats stands for it).
 */
export function isSystemPool(env: Env, k: number): boolean {
  return k === 0 && env.scen.percpuPool !== undefined;
}

/**
 * page_pool_disable_direct_recycling() (6.12 net/core/page_pool.c), the body that page_pool_destroy(),
 * a driver's queue stop and netdev_rx_queue_restart() run: the per-CPU test of page_pool_napi_local()
 * goes first (a per-CPU pool has no NAPI), then the NAPI link.
 */
export function disableDirectRecycling(t: PagePoolState, k: number): void {
  const P = t.pools[k];
  // WRITE_ONCE(pool->cpuid, -1): "Disable direct recycling based on pool->cpuid" (paired with page_pool_napi_local)
  P.cpuid = -1;
  if (P.napi < 0) return; // if (!pool->p.napi) return;
  // napi_assert_will_not_race(pool->p.napi) (the callers' contract: model/driver/control.ts); WRITE_ONCE(pool->p.napi, NULL)
  P.napi = -1;
}

/**
 * page_pool_create_percpu(params, cpuid) -> page_pool_init(): `pool->cpuid = cpuid` (the system page
 * pools of net/core/dev.c net_page_pool_create(): PP_FLAG_SYSTEM_POOL, no p.napi); page_pool_create()
 * is page_pool_create_percpu(params, -1). The pool's initial NAPI link and CPU (model/build.ts initialState).
 */
export function page_pool_create_percpu(napi: number, cpuid: number): { napi: number; cpuid: number } {
  return { napi: cpuid >= 0 ? -1 : napi, cpuid };
}

/** page_pool_disable_direct_recycling() as a driver calls it (queue stop): cpuid = -1; p.napi = NULL. */
export function page_pool_disable_direct_recycling(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  touchPool(t, a.a);
  disableDirectRecycling(t, a.a);
  t.drv++;
}

/** page_pool_release_retry() (the delayed work): reruns page_pool_release(). */
export function page_pool_release_retry(t: PagePoolState, a: Action, _env: Env, act: Actor): void {
  act.op = OP_RELEASE_SCRUB;
  act.pool = a.a;
  t.pools[a.a].retry = false;
  touchPool(t, a.a);
}

/** page_pool_release() -> page_pool_scrub(): empty_alloc_cache_once (a page per step); destroy_cnt++; unmap (first time); empty_ring; inflight. */
export function page_pool_scrub(t: PagePoolState, _a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  const P = t.pools[k];
  // page_pool_empty_alloc_cache_once(): `while (pool->alloc.count)` one page per step, so that
  // a late push can interleave with the drain; the last read of count (0) goes with the rest
  if (P.destroyCnt === 0 && P.count > 0) return returnNetmem(t, env, k, cacheLoad(t, k, --P.count));
  if (P.destroyCnt === 0) P.dmaSync = false; // WRITE_ONCE(pool->dma_sync, false) (then synchronize_net())
  if (P.destroyCnt === 0 && env.cfg.dmaUnmapOnScrub) {
    // xa_for_each(&pool->dma_mapped, id, ptr) __page_pool_unmap_netmem_dma(pool, ptr): no page ref, unmap only
    for (let pg = 0; pg < t.pages.length; pg++) if (t.pages[pg].pp === k && t.pages[pg].dma) unmapNetmemDma(t, env, pg);
  }
  P.destroyCnt++;
  // (liveness mutant scrubEmptiesRing false: page_pool_empty_ring() removed)
  while (env.cfg.scrubEmptiesRing !== false && P.ring.length > 0) returnNetmem(t, env, k, P.ring.shift() as number); // ptr_ring_consume_bh
  // page_pool_inflight(): hold - release
  act.c = P.hold - P.release;
  P.seen = P.release;
  act.op = OP_RELEASE_FREE;
}

/** page_pool_release() after the producer-lock barrier: inflight == 0 -> __page_pool_destroy() (kfree). */
export function page_pool_release(t: PagePoolState, _a: Action, env: Env, act: Actor): void {
  const cfg = env.cfg;
  const k = act.pool;
  const P = t.pools[k];
  touchPool(t, k);
  const inflight = act.c;
  finishOp(act);
  // destroy_cnt counts page_pool_scrub() calls: the first page_pool_release() is
  // page_pool_destroy()'s, every later one page_pool_release_retry()'s
  const fromWorker = P.destroyCnt > 1;
  if (inflight < 0 && t.g.negInflight < 0) t.g.negInflight = k; // WARN(inflight < 0) in page_pool_inflight()
  if (inflight === 0) {
    P.st = POOL_FREED;
    P.retry = false;
    // __page_pool_destroy() -> page_pool_uninit(): `if (!pool->system) free_percpu(pool->recycle_stats)`
    if (P.stats.length > 0 && isSystemPool(env, k) && !cfg.uninitSkipsSystemStats && t.g.statBad < 0) t.g.statBad = k * 2 + 1;
    // __page_pool_destroy() -> page_pool_uninit(): `if (pool->mp_ops) pool->mp_ops->destroy(pool)`
    if (hasProvider(env, k)) mp_dmabuf_devmem_destroy(t);
  } else if (!fromWorker) {
    // page_pool_destroy(): `if (!page_pool_release(pool)) return;` then
    // schedule_delayed_work(&pool->release_dw, DEFER_TIME): any non-zero inflight, negative too
    P.retry = cfg.destroySchedulesRetry;
  } else if (inflight < 0) {
    // page_pool_release_retry(): `if (inflight <= 0) return;` (43130d02baa1); before: `if (!inflight) return;`
    P.retry = !cfg.retryStopsOnNegative && cfg.destroySchedulesRetry;
  } else {
    P.retry = cfg.destroySchedulesRetry; // page_pool_release_retry(): schedule_delayed_work() again
  }
}

// ---------------------------------------------------------------------------
// When a continuation may run (the waits between the steps above)

/** spin_lock(&r->producer_lock) in page_pool_recycle_in_ring(): wait while another context holds it. */
export function producerLockFree(s: PagePoolState, _env: Env, act: Actor): boolean {
  return s.pools[act.pool].lock === -1;
}

/** page_pool_scrub(): dma_sync = false; synchronize_net() waits for syncs inside rcu_read_lock(). */
export function scrubSynchronized(s: PagePoolState, env: Env, act: Actor): boolean {
  const P = s.pools[act.pool];
  if (P.destroyCnt === 0 && P.count > 0) return true; // the cache drain comes before the wait
  return !(env.cfg.scrubSynchronizesNet && P.destroyCnt === 0 && P.dmaSync && s.actors.some((o) => o.op === OP_SYNC && o.pool === act.pool));
}

/** page_pool_release(): spin_lock_bh(producer_lock); spin_unlock_bh() barrier (271683bb2cf3). */
export function releaseBarrierPassed(s: PagePoolState, env: Env, act: Actor): boolean {
  return !env.cfg.releaseTakesProducerLock || s.pools[act.pool].lock === -1;
}
