/**
 * The page_pool model's state: plain data, small integers, entities by index
 * (page i, pool k, skb j, shinfo h, actor a = cpu*3 + ctx).
 * See docs/model.md for the kernel object behind every field.
 */

/** Execution contexts of a CPU, lowest first (interrupt nesting order). */
export const CTX_NAMES = ['task', 'softirq', 'hardirq'] as const;
export type Ctx = 0 | 1 | 2;
export const TASK: Ctx = 0;
export const SOFTIRQ: Ctx = 1;
export const HARDIRQ: Ctx = 2;

/** Pool lifecycle: alive; page_pool_destroy() begun (pages in flight); __page_pool_destroy() done (kfree). */
export const POOL_ALIVE = 0;
export const POOL_DESTROYING = 1;
export const POOL_FREED = 2;

/** skb states. */
export const SKB_FREE = 0;
/** being built by the driver inside its NAPI poll (build_skb .. skb_mark_for_recycle) */
export const SKB_BUILDING = 1;
/** handed to the stack: any CPU may clone, coalesce, free it */
export const SKB_LIVE = 2;
/** on the defer list of skb.cpu (skb_attempt_defer_free) */
export const SKB_DEFERRED = 3;
/** held on the NAPI's GRO list (napi_gro_receive -> GRO_HELD): private to the poll until napi_gro_flush */
export const SKB_GRO = 4;
/**
 * chained on another skb's skb_shinfo()->frag_list (skb_gro_receive_list / skb_gro_receive's
 * `merge:`): its data goes with that shinfo's last dataref (skb_release_data: kfree_skb_list)
 */
export const SKB_FRAGLIST = 5;
/** The skb states by value (traces, printers, views). */
export const SKB_STATE_NAMES = ['free', 'building', 'live', 'deferred', 'gro', 'fraglist'] as const;

/** Reference kinds (ghost: what the holder really owns). */
export const KIND_PAGE = 0; // a _refcount reference (get_page)
export const KIND_PP = 1; // a pp_ref_count reference (page_pool_ref_netmem / the alloc's first user)

/** Actor.ns: the loop returns an XDP frame's pages, __xdp_return(.., napi_direct = false) each. */
export const NS_XDP = 2;
/** Actor.ns: ... with napi_direct = true (xdp_return_frame_rx_napi, xdp_return_buff). */
export const NS_XDP_DIRECT = 3;

/** In-flight operations of an actor (multi-step kernel sequences). */
export const OP_NONE = 0;
/** page_pool_put_unrefed_netmem decided allow_direct (page_pool_napi_local) and the page is recyclable; next: read alloc.count */
export const OP_PUSH_READ = 1;
/** page_pool_recycle_in_cache: read count = c; next: cache[c] = page, count = c + 1 */
export const OP_PUSH_WRITE = 2;
/** the page goes to page_pool_recycle_in_ring; next: take producer lock and publish */
export const OP_RING = 3;
/** holding the producer lock after publishing; next: page_pool_producer_unlock */
export const OP_RING_UNLOCK = 4;
/** (ringStatInsideLock=false) unlocked; next: recycle_stat_inc(pool, ring) */
export const OP_RING_STAT = 5;
/** __page_pool_get_cached: read count = c; next: page = cache[c-1], count = c - 1 */
export const OP_POP_WRITE = 6;
/** page_pool_destroy done its first part; next: page_pool_release() scrub + inflight */
export const OP_RELEASE_SCRUB = 7;
/** page_pool_release(): inflight computed (c); next: producer-lock barrier and free if 0 */
export const OP_RELEASE_FREE = 8;
/** (pool->dma_sync) recyclable page passed the lockless `pool->dma_sync` test; next: rcu_read_lock + recheck */
export const OP_SYNC_CHECK = 9;
/** inside rcu_read_lock() after the recheck; next: __page_pool_dma_sync_for_device() */
export const OP_SYNC = 10;
/** page_pool_recycle_in_ring() found the ring full and unlocked; next: recycle_stat_inc(ring_full), page_pool_return_page() */
export const OP_RING_FULL = 11;
/** page_pool_put_page_bulk(): allow_direct decided (c = 1 if napi_local); next: one page of the `for (i < count)` loop (Actor.bq) */
export const OP_BULK_PUT = 12;
/** page_pool_put_page_bulk(): bulk_len > 0 pages approved for the ring (Actor.bq); next: producer lock, produce them */
export const OP_BULK_RING = 13;
/** page_pool_put_page_bulk(): holding the producer lock after the produce loop and recycle_stat_add(ring, i); next: unlock */
export const OP_BULK_UNLOCK = 14;
/** page_pool_put_page_bulk(): unlocked with pages the full ring refused (Actor.bq); next: page_pool_return_page() each */
export const OP_BULK_RETURN = 15;

export const OP_NAMES = [
  'idle',
  'push_read',
  'push_write',
  'ring',
  'ring_unlock',
  'ring_stat',
  'pop_write',
  'release_scrub',
  'release_free',
  'sync_check',
  'sync',
  'ring_full',
  'bulk_put',
  'bulk_ring',
  'bulk_unlock',
  'bulk_return',
] as const;

/** pp_ref_count bias of the frag allocator (BIAS_MAX = LONG_MAX/2 in the kernel, scaled down). */
export const BIAS = 8;
/** frags per page for page_pool_alloc_frag (size = half a page). */
export const FRAGS_PER_PAGE = 2;
/** Frags of that size in a page of `order` (max_size = PAGE_SIZE << pool->p.order). */
export const fragsPerPage = (order: number): number => FRAGS_PER_PAGE << order;

export interface Page {
  /** _refcount (page_ref_count); 0 = in the page allocator */
  ref: number;
  /** pp_ref_count (page_pool_unref_netmem / page_pool_fragment_netmem) */
  ppRef: number;
  /** page->pp: pool index, -1 = NULL */
  pp: number;
  /** pp_magic carries PP_SIGNATURE (is_pp_netmem) */
  magic: boolean;
  /** page_to_nid (fixed per page frame) */
  nid: number;
  /** page_is_pfmemalloc (set by the allocator under memory pressure) */
  pfm: boolean;
  /** DMA-mapped by its pool (pool->dma_mapped xarray entry) */
  dma: boolean;
  /**
   * page->dma_addr: the unsigned long the pool stored (page_pool_set_dma_addr_netmem; the
   * address >> PAGE_SHIFT where dma_addr_t is wider than unsigned long), 0 when none
   */
  dmaAddr: number;
  /**
   * the DMA index bits of pp_magic (PP_DMA_INDEX_MASK): 0 none, 1 the index of the page's own
   * pool->dma_mapped entry (netmem_set_dma_index). The word pp_magic is assembled from `pfm`
   * (bit 1), `magic` (PP_SIGNATURE) and these bits (model/kernel/net/core/netmem_priv.ts).
   */
  dmaIdx: number;
}

export interface Pool {
  st: number;
  /** pool->alloc.cache[]: slots (page index, -1 = never written / dead) */
  cache: number[];
  /** pool->alloc.count */
  count: number;
  /** pool->ring (ptr_ring), FIFO, head first */
  ring: number[];
  /** ring.producer_lock holder: actor id or -1 */
  lock: number;
  /** pool->p.nid, -1 = NUMA_NO_NODE */
  nid: number;
  /** pool->p.napi: 0 = the NAPI instance, -1 = NULL */
  napi: number;
  /** pool->cpuid (-1 unless a per-CPU pool) */
  cpuid: number;
  /** pages_state_hold_cnt */
  hold: number;
  /** pages_state_release_cnt */
  release: number;
  /** user_cnt */
  user: number;
  /** destroy_cnt */
  destroyCnt: number;
  /** frag_page (page index or -1), frag_users, frag_offset (in frags) */
  frag: number;
  fragUsers: number;
  fragOff: number;
  /** release_dw scheduled (page_pool_release_retry pending) */
  retry: boolean;
  /** release_cnt seen by the last page_pool_release() (the worker reruns only on change) */
  seen: number;
  /** pool->dma_sync (PP_FLAG_DMA_SYNC_DEV; cleared by page_pool_scrub) */
  dmaSync: boolean;
  /**
   * pool->p.order: 0, or 1 for a high-order pool (a model page then stands for the compound
   * page __page_pool_alloc_page_order() takes; its frag allocator fits fragsPerPage(order) frags)
   */
  order: number;
  /**
   * CONFIG_PAGE_POOL_STATS (bound --pool-stats; [] without it): pool->alloc_stats
   * [fast, slow, slow_high_order, empty, refill, waive] (ALLOC_*), then pool->recycle_stats per
   * CPU: for cpu c at ALLOC_STATS + c * STAT_FIELDS + STAT_*: [cached, cache_full, ring,
   * ring_full, released_refcnt] (what per_cpu_ptr(pool->recycle_stats, c) holds)
   */
  stats: number[];
}

/** Indices of Pool.stats: the fields of struct page_pool_alloc_stats (include/net/page_pool/types.h). */
export const ALLOC_FAST = 0;
export const ALLOC_SLOW = 1;
export const ALLOC_SLOW_HIGH_ORDER = 2;
export const ALLOC_EMPTY = 3;
export const ALLOC_REFILL = 4;
export const ALLOC_WAIVE = 5;
export const ALLOC_STAT_NAMES = ['fast', 'slow', 'slow_high_order', 'empty', 'refill', 'waive'] as const;
/** Pool.stats[0 .. ALLOC_STATS): the alloc stats; the per-CPU recycle stats follow. */
export const ALLOC_STATS = 6;

/** Fields of struct page_pool_recycle_stats (one block of STAT_FIELDS per CPU in Pool.stats). */
export const STAT_CACHED = 0;
export const STAT_CACHE_FULL = 1;
export const STAT_RING = 2;
export const STAT_RING_FULL = 3;
export const STAT_RELEASED_REFCNT = 4;
export const STAT_NAMES = ['cached', 'cache_full', 'ring', 'ring_full', 'released_refcnt'] as const;
export const STAT_FIELDS = 5;
/** Pool.stats index of `per_cpu_ptr(pool->recycle_stats, cpu)->field`. */
export const recycleStatIndex = (cpu: number, field: number): number => ALLOC_STATS + cpu * STAT_FIELDS + field;
/** page_pool_get_stats()'s recycle_stats: `field` summed over the CPUs (for_each_possible_cpu). */
export function recycleStatSum(stats: readonly number[], field: number): number {
  let n = 0;
  for (let i = ALLOC_STATS + field; i < stats.length; i += STAT_FIELDS) n += stats[i];
  return n;
}

/** struct page_pool_stats as page_pool_get_stats() fills it (net/core/page_pool.c); null without CONFIG_PAGE_POOL_STATS. */
export interface PoolStatsView {
  alloc: Record<(typeof ALLOC_STAT_NAMES)[number], number>;
  recycle: Record<(typeof STAT_NAMES)[number], number>;
}
/** page_pool_get_stats(): the alloc stats as they are, the recycle stats summed over every CPU's block. */
export function pageStatsOf(stats: readonly number[]): PoolStatsView | null {
  if (stats.length === 0) return null;
  const alloc = Object.fromEntries(ALLOC_STAT_NAMES.map((n, i) => [n, stats[i]])) as PoolStatsView['alloc'];
  const recycle = Object.fromEntries(STAT_NAMES.map((n, i) => [n, recycleStatSum(stats, i)])) as PoolStatsView['recycle'];
  return { alloc, recycle };
}

export interface Napi {
  /** NAPI_STATE_SCHED for a scheduled poll */
  sched: boolean;
  /** napi->list_owner (-1 when not on a poll list; never set for threaded NAPI) */
  owner: number;
  /** CPU whose softirq (or kthread) runs the poll while scheduled, -1 if not scheduled */
  run: number;
  /** napi_disable()d */
  disabled: boolean;
  /** CPU that the device IRQ (and so napi_schedule) targets */
  irq: number;
  /** the pool the driver's RX ring allocates from */
  pool: number;
}

export interface Skb {
  st: number;
  /** index of its skb_shared_info */
  sh: number;
  /** skb->pp_recycle */
  ppr: boolean;
  /** skb->alloc_cpu (for skb_attempt_defer_free) */
  cpu: number;
  /** skb->cloned */
  cloned: boolean;
  /**
   * the skb_shared_info whose frag_list chains this skb (SKB_FRAGLIST), -1 when on none: the
   * chain (`shinfo->frag_list`, `skb->next`) as the set of its members, in skb order
   */
  up: number;
  /**
   * skb->unreadable (6.12 include/linux/skbuff.h): set by __skb_fill_netmem_desc() when a
   * net_iov becomes a frag, copied by __copy_skb_header() and skb_split(); skb_frags_readable()
   * is its negation
   */
  ur: boolean;
}

export interface Shinfo {
  /** atomic dataref (0 = free slot) */
  dataref: number;
  /** head page (when `head`) then frags: page*2 + kind (KIND_PAGE | KIND_PP) */
  refs: number[];
  /**
   * refs[0] is a head page (napi_build_skb on a page_pool buffer: skb->head_frag); false after
   * pskb_expand_head() (the new head is kmalloc'ed: every reference in the shinfo is a frag)
   * and for a free slot.
   */
  head: boolean;
}

export interface Actor {
  op: number;
  pool: number;
  page: number;
  /** count read by a cache push/pop, or inflight computed by release */
  c: number;
  /** BH disabled for the current operation (threaded NAPI kthread, local_bh_disable) */
  bh: boolean;
  /**
   * local_bh_disable() depth this context holds beyond `bh`: spin_lock_bh() of the producer
   * lock taken where in_softirq() was false (page_pool_producer_lock). SOFTIRQ_DISABLE_OFFSET
   * units of its CPU's preempt_count (model/context.ts preemptCount); 0 whenever balanced and
   * idle (property bh-balanced).
   */
  bhd: number;
  /**
   * The caller's NAPI argument of the current loop of puts (`q`): napi_safe of the current skb
   * free (v6.4-v6.8 skb_release_all(.., napi_safe)): 1 from napi_consume_skb / the defer flush,
   * 0 from kfree_skb and other skb paths (recorded only when config.skbPathNeedsNapiSafe);
   * NS_XDP / NS_XDP_DIRECT: the pages of a multi-buffer XDP frame or buffer, each returned by
   * __xdp_return(.., napi_direct false / true); -1 otherwise.
   */
  ns: number;
  /** pages still to be put by the current loop (skb_release_data's, an XDP frame's): page*4 + kind*2 + viaPagePool */
  q: number[];
  /**
   * page_pool_put_page_bulk()'s `data[]` (the xdp_frame_bulk queue, XDP_BULK_QUEUE_SIZE scaled):
   * page*2 + approved. approved 0: a frame's pp reference not yet dropped (`i` has not reached
   * it); 1: the pool's own reference after the last unref, approved for the ring
   * (`data[bulk_len++]`), or refused by the full ring and still to be returned.
   */
  bq: number[];
}

/** Ghost flags: events that a property forbids, recorded when they happen (-1 = never). */
export interface Ghost {
  /** pool index touched after __page_pool_destroy() freed it */
  poolUaf: number;
  /** page index put_page()d at _refcount 0 */
  putFreed: number;
  /** page index whose pp_ref_count went negative (WARN_ON in page_pool_unref_netmem) */
  ppUnderflow: number;
  /** pool index whose alloc cache was written from a context that is not its consumer */
  nonLocalPush: number;
  /** page index dma_unmap()ped after the device was unbound */
  unmapDeadDev: number;
  /** pool index whose release worker saw inflight < 0 */
  negInflight: number;
  /** page index synced for the device (dma_sync_for_device) after its mapping was torn down */
  syncUnmapped: number;
  /** out-of-bounds access of a fixed-size array (model/bounds.ts): pool*4 + which (OOB_*) */
  oob: number;
  /** pool index that reused a pfmemalloc page as its frag page (page_pool_drain_frag) */
  pfmReuse: number;
  /** a memory provider's dma-buf binding used after it was freed (net_devmem_dmabuf_binding_put to 0): 1 */
  mpUaf: number;
  /** page index (a net_iov) that page_pool_return_netmem() put_page()d */
  niovPut: number;
  /**
   * page index (a net_iov) treated as a struct page outside the pool's return path:
   * netmem_to_page() / skb_frag_page() + kmap of a net_iov frag (its WARN_ON_ONCE, NULL page)
   */
  niovAsPage: number;
  /**
   * page index: a page no pool owns (no PP_SIGNATURE in pp_magic), or another pool's, was
   * put into, counted by or returned through a pool
   */
  foreign: number;
  /**
   * page index freed to the page allocator (_refcount 0) while it still carried PP_SIGNATURE
   * or a pool still counted it (page->pp set): free_pages_prepare()'s bad_page("page_pool leak")
   */
  badPage: number;
  /**
   * pool index that moved a page of another node than its preferred one from its ring into
   * its alloc cache (page_pool_refill_alloc_cache), or kept one in the cache across
   * page_pool_update_nid()
   */
  numaRemote: number;
  /**
   * page index whose DMA address or index was not the one its mapping got: a dma_unmap or
   * dma_sync with another address, a store that lost the address (page_pool_set_dma_addr's
   * check), or pp_magic cleared with its DMA index still set (netmem_clear_pp_magic's WARN)
   */
  dmaBad: number;
  /**
   * statistics: a pool whose stats counter was updated by a plain read-modify-write from a
   * context another updater can interleave with (alloc_stat_inc outside the pool's consumer; a
   * recycle stat with a raw or shared op where preemption or a softirq can split it), or
   * pool*2+1 when page_pool_uninit() freed recycle_stats it did not allocate (the system
   * pools' static pp_system_recycle_stats)
   */
  statBad: number;
}

export interface PagePoolState {
  pages: Page[];
  pools: Pool[];
  napi: Napi;
  skbs: Skb[];
  sh: Shinfo[];
  /** RX descriptors holding a page (frag) for the device, FIFO: page indices (pp refs) */
  rx: number[];
  /** XDP frames in flight (xdp_do_redirect .. xdp_return_frame): page indices (pp refs) */
  xdp: number[];
  /**
   * Each XDP frame's frag (xdp_frame_has_frags(): `sinfo->frags[0]` of the skb_shared_info at
   * the frame's tail), parallel to `xdp`: a page index (a pp ref the frame holds), or -1 for a
   * single-buffer frame. MAX_SKB_FRAGS of an XDP frame scaled to 1.
   */
  xdpFrag: number[];
  /** references taken by another subsystem with get_page: page indices */
  ext: number[];
  /**
   * A driver that counts frags itself (mlx5e_frag_page): the page it split with
   * page_pool_fragment_page(page, BIAS) (-1 = none), and how many frags it handed out
   * (`frags`); its share of pp_ref_count is BIAS - frags until mlx5e_page_release_fragmented().
   */
  drvFrag: number;
  drvFrags: number;
  /**
   * A memory provider (devmem TCP, scenario `devmem`): pool0's pages are net_iovs of a dma-buf
   * binding. `binding`: the binding's refcount (net_devmem_dmabuf_binding_get/put; 0 = freed,
   * -1 = no provider); `bound`: still installed on the RX queue (false after
   * net_devmem_unbind_dmabuf). A net_iov with `ref` 0 is free in the binding's chunk pool.
   */
  binding: number;
  bound: boolean;
  /** actors[cpu*3 + ctx] */
  actors: Actor[];
  /** packets still to arrive (each RX page allocation consumes one) */
  budget: number;
  /** next step of the driver's control script */
  drv: number;
  /** the device was unbound (driver remove after page_pool_destroy) */
  devUnbound: boolean;
  g: Ghost;
}

export function actorId(cpu: number, ctx: Ctx): number {
  return cpu * 3 + ctx;
}

export function cloneState(s: PagePoolState): PagePoolState {
  const pages: Page[] = new Array(s.pages.length);
  for (let i = 0; i < pages.length; i++) {
    const p = s.pages[i];
    pages[i] = { ref: p.ref, ppRef: p.ppRef, pp: p.pp, magic: p.magic, nid: p.nid, pfm: p.pfm, dma: p.dma, dmaAddr: p.dmaAddr, dmaIdx: p.dmaIdx };
  }
  const pools: Pool[] = new Array(s.pools.length);
  for (let i = 0; i < pools.length; i++) {
    const p = s.pools[i];
    pools[i] = {
      st: p.st,
      cache: p.cache.slice(),
      count: p.count,
      ring: p.ring.slice(),
      lock: p.lock,
      nid: p.nid,
      napi: p.napi,
      cpuid: p.cpuid,
      hold: p.hold,
      release: p.release,
      user: p.user,
      destroyCnt: p.destroyCnt,
      frag: p.frag,
      fragUsers: p.fragUsers,
      fragOff: p.fragOff,
      retry: p.retry,
      seen: p.seen,
      dmaSync: p.dmaSync,
      order: p.order,
      stats: p.stats.slice(),
    };
  }
  const n = s.napi;
  const skbs: Skb[] = new Array(s.skbs.length);
  for (let i = 0; i < skbs.length; i++) {
    const k = s.skbs[i];
    skbs[i] = { st: k.st, sh: k.sh, ppr: k.ppr, cpu: k.cpu, cloned: k.cloned, up: k.up, ur: k.ur === true };
  }
  const sh: Shinfo[] = new Array(s.sh.length);
  for (let i = 0; i < sh.length; i++) sh[i] = { dataref: s.sh[i].dataref, refs: s.sh[i].refs.slice(), head: s.sh[i].head };
  const actors: Actor[] = new Array(s.actors.length);
  for (let i = 0; i < actors.length; i++) {
    const a = s.actors[i];
    actors[i] = { op: a.op, pool: a.pool, page: a.page, c: a.c, bh: a.bh, bhd: a.bhd, ns: a.ns, q: a.q.slice(), bq: a.bq.slice() };
  }
  return {
    pages,
    pools,
    napi: { sched: n.sched, owner: n.owner, run: n.run, disabled: n.disabled, irq: n.irq, pool: n.pool },
    skbs,
    sh,
    rx: s.rx.slice(),
    xdp: s.xdp.slice(),
    xdpFrag: s.xdpFrag.slice(),
    ext: s.ext.slice(),
    drvFrag: s.drvFrag,
    drvFrags: s.drvFrags,
    binding: s.binding,
    bound: s.bound,
    actors,
    budget: s.budget,
    drv: s.drv,
    devUnbound: s.devUnbound,
    g: cloneGhosts(s.g),
  };
}

/** The ghost fields, copied (cloneState). */
function cloneGhosts(g: Ghost): Ghost {
  return {
    poolUaf: g.poolUaf,
    putFreed: g.putFreed,
    ppUnderflow: g.ppUnderflow,
    nonLocalPush: g.nonLocalPush,
    unmapDeadDev: g.unmapDeadDev,
    negInflight: g.negInflight,
    syncUnmapped: g.syncUnmapped,
    oob: g.oob,
    pfmReuse: g.pfmReuse,
    mpUaf: g.mpUaf,
    niovPut: g.niovPut,
    niovAsPage: g.niovAsPage,
    foreign: g.foreign,
    badPage: g.badPage,
    numaRemote: g.numaRemote,
    dmaBad: g.dmaBad,
    statBad: g.statBad,
  };
}

/** destroy_cnt values from here on are one class in the encoding (encodeState). */
export const DESTROY_CNT_SAME = 2;

export interface StateWriterLike {
  int(n: number): void;
  bool(b: boolean): void;
}

/** The pools' part of encodeState (`m`: the page relabelling). */
function encodePools(s: PagePoolState, w: StateWriterLike, m: (pg: number) => number): void {
  for (const p of s.pools) {
    w.int(p.st);
    w.int(p.count);
    for (const c of p.cache) w.int(m(c));
    w.int(p.ring.length);
    for (const r of p.ring) w.int(m(r));
    w.int(p.lock);
    w.int(p.nid);
    w.int(p.napi);
    w.int(p.cpuid);
    w.int(p.hold);
    w.int(p.release);
    w.int(p.user);
    // destroy_cnt only counts up and is read only as 0, 1 or more (page_pool_scrub's first run,
    // page_pool_release's fromWorker): states that differ only in values >= 2 behave alike and
    // share a fingerprint, so a release worker that retries forever is a cycle (docs/model.md)
    w.int(p.destroyCnt < DESTROY_CNT_SAME ? p.destroyCnt : DESTROY_CNT_SAME);
    w.int(m(p.frag));
    w.int(p.fragUsers);
    w.int(p.fragOff);
    w.bool(p.retry);
    w.int(p.seen);
    w.bool(p.dmaSync);
    w.int(p.order);
    for (const x of p.stats) w.int(x);
  }
}

/** The skbs, then their shinfos (page references relabelled by `m`), in encodeState's order. */
function encodeSkbs(s: PagePoolState, w: StateWriterLike, m: (pg: number) => number): void {
  for (const k of s.skbs) {
    w.int(k.st);
    w.int(k.sh);
    w.bool(k.ppr);
    w.int(k.cpu);
    w.bool(k.cloned);
    w.int(k.up);
    w.bool(k.ur === true);
  }
  for (const h of s.sh) {
    w.int(h.dataref);
    w.bool(h.head);
    w.int(h.refs.length);
    for (const r of h.refs) w.int(m(r >> 1) * 2 + (r & 1));
  }
}

/**
 * Write the state's encoding. With `order`/`rel` (a page relabelling: new page
 * i is old page order[i], old page p becomes rel[p]) it writes the encoding of
 * the relabelled state without building it (used by model/symmetry.ts).
 */
export function encodeState(s: PagePoolState, w: StateWriterLike, order?: readonly number[], rel?: readonly number[]): void {
  const m = rel ? (pg: number) => (pg >= 0 ? rel[pg] : pg) : (pg: number) => pg;
  const np = s.pages.length;
  for (let i = 0; i < np; i++) {
    const p = s.pages[order ? order[i] : i];
    w.int(p.ref);
    w.int(p.ppRef);
    w.int(p.pp);
    w.bool(p.magic);
    w.int(p.nid);
    w.bool(p.pfm);
    w.bool(p.dma);
    w.int(p.dmaAddr);
    w.int(p.dmaIdx);
  }
  encodePools(s, w, m);
  const n = s.napi;
  w.bool(n.sched);
  w.int(n.owner);
  w.int(n.run);
  w.bool(n.disabled);
  w.int(n.irq);
  w.int(n.pool);
  encodeSkbs(s, w, m);
  w.int(s.rx.length);
  for (const r of s.rx) w.int(m(r));
  w.int(s.xdp.length);
  for (const r of s.xdp) w.int(m(r));
  for (const r of s.xdpFrag) w.int(m(r)); // as many as xdp
  w.int(s.ext.length);
  for (const r of s.ext) w.int(m(r));
  w.int(m(s.drvFrag));
  w.int(s.drvFrags);
  w.int(s.binding);
  w.bool(s.bound);
  for (const a of s.actors) {
    w.int(a.op);
    w.int(a.pool);
    w.int(m(a.page));
    w.int(a.c);
    w.bool(a.bh);
    w.int(a.bhd);
    w.int(a.ns);
    w.int(a.q.length);
    for (const e of a.q) w.int(m(e >> 2) * 4 + (e & 3));
    w.int(a.bq.length);
    for (const e of a.bq) w.int(m(e >> 1) * 2 + (e & 1));
  }
  w.int(s.budget);
  w.int(s.drv);
  w.bool(s.devUnbound);
  encodeGhosts(s.g, w, m);
}

/** The ghost variables' part of encodeState (page indices through the relabelling `m`). */
function encodeGhosts(g: PagePoolState['g'], w: StateWriterLike, m: (pg: number) => number): void {
  w.int(g.poolUaf);
  w.int(m(g.putFreed));
  w.int(m(g.ppUnderflow));
  w.int(g.nonLocalPush);
  w.int(m(g.unmapDeadDev));
  w.int(g.negInflight);
  w.int(m(g.syncUnmapped));
  w.int(g.oob);
  w.int(g.pfmReuse);
  w.int(g.mpUaf);
  w.int(m(g.niovPut));
  w.int(m(g.foreign));
  w.int(m(g.badPage));
  w.int(g.numaRemote);
  w.int(m(g.dmaBad));
  w.int(g.statBad);
  w.int(m(g.niovAsPage));
}

// ---------------------------------------------------------------------------
// Derived views used by properties and printers.

/** Occurrences of each page in every pool's alloc cache (slots < count) and ring. */
export function storageCounts(s: PagePoolState): number[] {
  return addStorage(s, new Array<number>(s.pages.length).fill(0));
}

/** Add each page's occurrences in storage (storageCounts) to `c`. */
function addStorage(s: PagePoolState, c: number[]): number[] {
  for (const p of s.pools) {
    if (p.st === POOL_FREED) continue;
    for (let i = 0; i < p.count && i < p.cache.length; i++) {
      const pg = p.cache[i];
      if (pg >= 0) c[pg]++;
    }
    for (const pg of p.ring) c[pg]++;
  }
  return c;
}

/** Whether page `pg` is some pool's frag_page (pool->frag_page). */
export function isPoolFragPage(s: PagePoolState, pg: number): boolean {
  for (let k = 0; k < s.pools.length; k++) if (s.pools[k].frag === pg) return true;
  return false;
}

/** Where a page sits in storage: [pool, 'cache'|'ring'] pairs. */
export function storagePlaces(s: PagePoolState, page: number): string[] {
  const out: string[] = [];
  s.pools.forEach((p, k) => {
    for (let i = 0; i < p.count && i < p.cache.length; i++) if (p.cache[i] === page) out.push(`pool${k}.cache[${i}]`);
    p.ring.forEach((r, i) => {
      if (r === page) out.push(`pool${k}.ring[${i}]`);
    });
  });
  return out;
}

/** pp-kind references held by users (RX descriptors, live skb data, XDP frames, pending puts). */
export function ppHeldCounts(s: PagePoolState): number[] {
  return addPpHolds(s, new Array<number>(s.pages.length).fill(0));
}

/** Add the pp-kind references held by users (ppHeldCounts) to `c`. */
function addPpHolds(s: PagePoolState, c: number[]): number[] {
  for (const r of s.rx) c[r]++;
  for (const r of s.xdp) c[r]++;
  for (const r of s.xdpFrag) if (r >= 0) c[r]++;
  for (const h of s.sh) {
    if (h.dataref === 0) continue;
    for (const r of h.refs) if ((r & 1) === KIND_PP) c[r >> 1]++;
  }
  for (const a of s.actors) {
    for (const e of a.q) if (((e >> 1) & 1) === KIND_PP) c[e >> 2]++;
    for (const e of a.bq) if ((e & 1) === 0) c[e >> 1]++; // a queued frame's reference, not dropped yet
  }
  return c;
}

/** All references (of any kind) held by users: pp refs plus page refs (skb page refs, get_page holders). */
export function anyHeldCounts(s: PagePoolState): number[] {
  return addPageRefHolds(s, ppHeldCounts(s));
}

/** Add the page-kind references held by users (skb page refs, pending puts of them, get_page holders) to `c`. */
function addPageRefHolds(s: PagePoolState, c: number[]): number[] {
  for (const h of s.sh) {
    if (h.dataref === 0) continue;
    for (const r of h.refs) if ((r & 1) === KIND_PAGE) c[r >> 1]++;
  }
  for (const a of s.actors) for (const e of a.q) if (((e >> 1) & 1) === KIND_PAGE) c[e >> 2]++;
  for (const r of s.ext) c[r]++;
  return c;
}

/** Pages held by an actor's put pipeline after its last unref (the pool's own reference). */
export function pipelinePages(s: PagePoolState): number[] {
  return addPipeline(s, new Array<number>(s.pages.length).fill(0));
}

/** Add the pages held by put pipelines (pipelinePages) to `c`. */
function addPipeline(s: PagePoolState, c: number[]): number[] {
  for (const a of s.actors) {
    if (a.op === OP_PUSH_READ || a.op === OP_PUSH_WRITE || a.op === OP_RING || a.op === OP_SYNC_CHECK || a.op === OP_SYNC || a.op === OP_RING_FULL) c[a.page]++;
    // the ring-full path holds its page across the unlock (D7)
    else if (a.op === OP_RING_UNLOCK && a.page >= 0) c[a.page]++;
    // page_pool_put_page_bulk(): pages past their last unref (approved for the ring, or refused by it)
    for (const e of a.bq) if ((e & 1) === 1) c[e >> 1]++;
  }
  return c;
}

/** The per-page counts that several properties read (each as the function of the same name computes it). */
export interface PageCounts {
  /** ppHeldCounts */
  readonly ppHeld: readonly number[];
  /** anyHeldCounts */
  readonly anyHeld: readonly number[];
  /** storageCounts */
  readonly storage: readonly number[];
  /** pipelinePages */
  readonly pipeline: readonly number[];
}

// the last state the counts were computed for: the properties are checked one after the
// other on the same state object. Only the in-place step (model/actions.ts stepInPlace)
// and the refill of a state object (Model.unpackWordsInto, model/build.ts) change a state
// object after it was built, and both call stateChanged().
let countedState: PagePoolState | null = null;
let counted: PageCounts | null = null;

/** `s` was changed in place: counts computed for it are stale. */
export function stateChanged(s: PagePoolState): void {
  if (s === countedState) countedState = null;
}

/** `c` as an array of `n` zeros: the same array when it has that length already (no allocation per state). */
function zeros(c: number[], n: number): number[] {
  if (c.length !== n) return new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) c[i] = 0; // (Array.prototype.fill is a call V8 does not inline: 10% of a random walk)
  return c;
}

/**
 * The per-page counts of `s`, computed once for the properties checked on it in turn. The
 * arrays are reused from one state to the next (the properties read them before the next
 * state is counted): read them at once, copy what must outlive the next pageCounts() call.
 */
export function pageCounts(s: PagePoolState): PageCounts {
  if (s === countedState && counted) return counted;
  const n = s.pages.length;
  const last = counted ?? { ppHeld: [], anyHeld: [], storage: [], pipeline: [] };
  const ppHeld = addPpHolds(s, zeros(last.ppHeld as number[], n));
  const anyHeld = zeros(last.anyHeld as number[], n);
  for (let i = 0; i < n; i++) anyHeld[i] = ppHeld[i];
  addPageRefHolds(s, anyHeld);
  const storage = addStorage(s, zeros(last.storage as number[], n));
  const pipeline = addPipeline(s, zeros(last.pipeline as number[], n));
  counted = last.ppHeld === ppHeld && last.anyHeld === anyHeld && last.storage === storage && last.pipeline === pipeline ? last : { ppHeld, anyHeld, storage, pipeline };
  countedState = s;
  return counted;
}
