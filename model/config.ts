/**
 * ModelConfig: every kernel guard that a mutant, an era or a historical bug
 * removes or changes is a named field here. Mainline is `mainlineConfig`.
 * A variant is mainline plus a `Partial<ModelConfig>` (see model/variants/).
 *
 * Each field cites the kernel code it stands for.
 */
export interface ModelConfig {
  /**
   * net/core/page_pool.c __page_pool_page_can_be_recycled():
   * `page_ref_count(page) == 1` before recycling into cache or ring.
   */
  recycleRequiresRefcntOne: boolean;
  /** __page_pool_page_can_be_recycled(): `!page_is_pfmemalloc(page)` (d5394610b1ba). */
  recycleChecksPfmemalloc: boolean;
  /**
   * include/net/page_pool/helpers.h page_pool_put_netmem():
   * `if (!page_pool_unref_and_test(netmem)) return;` — only the last pp user recycles.
   */
  putUnrefsPpRef: boolean;
  /** page_pool_napi_local(): `napi && READ_ONCE(napi->list_owner) == cpuid` (false: any linked napi qualifies). */
  napiLocalChecksListOwner: boolean;
  /**
   * page_pool_napi_local(): the context test. 'in_softirq' is mainline (542bcea4be86);
   * 'in_serving_softirq' the v5.x-v6.3 test (false in threaded NAPI); 'none' removes it.
   */
  directRecycleCheck: 'in_softirq' | 'in_serving_softirq' | 'none';
  /** page_pool_napi_local(): `if (IS_ENABLED(CONFIG_PREEMPT_RT)) return false;` (32471b2f481d). */
  napiLocalRtGuard: boolean;
  /** page_pool_refill_alloc_cache(): `netmem_is_pref_nid(netmem, pref_nid)` (44768decb7c0). */
  refillChecksNuma: boolean;
  /** page_pool_release(): producer lock+unlock barrier before __page_pool_destroy() (271683bb2cf3). */
  releaseTakesProducerLock: boolean;
  /** page_pool_recycle_in_ring(): recycle_stat_inc(pool, ring) inside the producer lock (271683bb2cf3); false: after unlock. */
  ringStatInsideLock: boolean;
  /**
   * page_pool_producer_unlock(pool, in_softirq): unlocks with the variant
   * page_pool_producer_lock() chose (the saved `in_softirq`: spin_unlock or
   * spin_unlock_bh). false (a mutant): re-reads in_softirq() at unlock time, which
   * the lock's own spin_lock_bh() made true, so a task leaves BH disabled.
   */
  producerUnlockUsesSavedInSoftirq: boolean;
  /**
   * ____napi_schedule(): `if (test_bit(NAPI_STATE_THREADED, ...)) { wake_up_process(thread); return; }`
   * before list_add_tail/`WRITE_ONCE(napi->list_owner, smp_processor_id())`: a threaded NAPI never
   * gets a list_owner. false (a mutant): list_owner = the IRQ's CPU also when threaded.
   */
  threadedScheduleSkipsListOwner: boolean;
  /** page_pool_destroy() -> page_pool_disable_direct_recycling(): cpuid = -1, p.napi = NULL (dd64b232deb8). */
  disableDirectRecyclingOnDestroy: boolean;
  /** page_pool_destroy() -> page_pool_free_frag(): drop the allocator's bias on the partial frag page. */
  destroyFreesFrag: boolean;
  /** page_pool_destroy(): schedule_delayed_work(release_retry) while pages are in flight. */
  destroySchedulesRetry: boolean;
  /** page_pool_release_retry(): stop when inflight <= 0 (Jason Xing, 2025); false: only stop at 0. */
  retryStopsOnNegative: boolean;
  /** skbuff.c skb_release_data(): `exit: skb->pp_recycle = 0` for a non-last dataref holder (2cc3aeb5eccc). */
  skbReleaseDataClearsPpRecycle: boolean;
  /** skbuff.c skb_release_data(): `if (skb->cloned && atomic_sub_return(..dataref)) goto exit`. */
  releaseDataChecksDataref: boolean;
  /**
   * skbuff.c skb_try_coalesce() when `from` is a cloned pp_recycle skb:
   * 'pp_ref' mainline skb_pp_frag_ref() (page_pool_ref_netmem, v6.8);
   * 'reject' the 1effe8ca4e34 fix (refuse to coalesce);
   * 'page_ref' the pre-fix __skb_frag_ref() (get_page) (CVE-2022-49093).
   */
  coalesceClonedPp: 'pp_ref' | 'reject' | 'page_ref';
  /** skbuff.c pskb_expand_head(): skb_frag_ref() on every frag of a cloned skb before releasing the old data. */
  expandTakesFragRefs: boolean;
  /** skbuff.c napi_pp_put_page(): `if (!is_pp_netmem(netmem)) return false;` (pp_magic check). */
  ppPutChecksMagic: boolean;
  /** page_pool_scrub(): unmap every page of pool->dma_mapped at destroy (ee62ce7a1d90). */
  dmaUnmapOnScrub: boolean;
  /**
   * page_pool_dma_sync_for_device(): re-check `pool->dma_sync` under rcu_read_lock()
   * before syncing (ee62ce7a1d90), pairing with page_pool_scrub().
   */
  syncRechecksUnderRcu: boolean;
  /**
   * page_pool_scrub(): `dma_sync = false; synchronize_net()` before unmapping the
   * tracked pages (ee62ce7a1d90): in-flight syncs finish before the unmap.
   */
  scrubSynchronizesNet: boolean;
  /** page_pool_return_netmem() -> __page_pool_release_netmem_dma(): unmap before the page leaves. */
  returnUnmapsDma: boolean;
  /**
   * __page_pool_release_netmem_dma(): the unmap reads page->dma_addr (page_pool_get_dma_addr_netmem)
   * before page_pool_set_dma_addr_netmem(netmem, 0) clears it (false: the clear first, the unmap then
   * passes address 0).
   */
  releaseDmaReadsAddrFirst: boolean;
  /**
   * Driver contract, not a kernel guard: page_pool_destroy() of a pool still
   * linked to a live NAPI trips napi_assert_will_not_race(); a correct driver
   * destroys only when the NAPI is disabled or the pool was unlinked.
   * false lets the driver break the contract (napi-local-destroy-window).
   */
  driverRespectsNapiAssert: boolean;
  /**
   * Driver behaviour at a queue restart (e.g. bnxt_queue_stop()): call
   * page_pool_disable_direct_recycling(old pool) while the NAPI is disabled.
   */
  restartDisablesDirectRecycling: boolean;

  // ---- era and corpus fields (model/variants/eras.ts, model/variants/corpus.ts) ----

  /**
   * page_pool_put_unrefed_netmem(): `if (!allow_direct) allow_direct = page_pool_napi_local(pool)`
   * exists (8c48eea3adf3, v6.4). false: a put with allow_direct=false never goes to the
   * cache (v5.4-v6.3: the skb path and XDP frame returns always used the ring).
   */
  napiLocalRecycling: boolean;
  /**
   * v6.4-v6.8 (8c48eea3adf3, b07a2d97ba5e): the NAPI-locality decision is made only on
   * the skb free path and only for NAPI-driven frees: page_pool_return_skb_page() /
   * napi_pp_put_page(page, napi_safe) with `napi_safe && napi && list_owner == cpu`
   * (napi_consume_skb and the defer flush pass napi_safe; kfree_skb, coalesce and
   * expand do not; XDP frame returns and driver puts never decide). false (mainline
   * since 4a96a4e807c3, v6.9): page_pool_napi_local() decides for every put.
   */
  skbPathNeedsNapiSafe: boolean;
  /**
   * __page_pool_put_page(): the context test applied to a caller's allow_direct=true:
   * 'in_serving_softirq' `allow_direct && in_serving_softirq()` (v5.4-v6.2);
   * 'in_softirq' `allow_direct && in_softirq()` (542bcea4be86, v6.3-v6.8; moved into
   * page_pool_napi_local() by 4a96a4e807c3, v6.9);
   * 'none' mainline (only lockdep_assert_no_hardirq(), ff4e538c8c3e);
   * 'softirq_not_hardirq' `in_softirq() && !in_hardirq()`, the rule that
   * lockdep_assert_no_hardirq() enforces. The predicates are the kernel's: in a
   * hardirq nested in a softirq, in_serving_softirq() and in_softirq() are true.
   */
  allowDirectContextCheck: 'none' | 'in_serving_softirq' | 'in_softirq' | 'softirq_not_hardirq';
  /** skb_mark_for_recycle() exists (6a5bcd84e886, v5.14); false: v5.4, the driver cannot hand pp skbs to the stack. */
  skbRecycling: boolean;
  /**
   * d5394610b1ba pool_page_reusable() on the put side: `page_to_nid(page) == pool->p.nid`
   * (never true for NUMA_NO_NODE); removed by 44768decb7c0 (v5.5).
   */
  recycleChecksPoolNid: boolean;
  /**
   * Driver: its netpoll path (netpoll_poll_dev() from hard IRQ, NAPI budget 0) drops
   * RX pages with page_pool_recycle_direct() (allow_direct=true). false: mainline
   * drivers do no RX / XDP page work at budget 0, so netpoll never enters page_pool
   * (the netpoll_poll_dev action is not enabled).
   */
  netpollAllowDirect: boolean;
  /**
   * Proposed fix for napi-local-destroy-window (Yunsheng Lin, unmerged): rcu_read_lock()
   * around the page_pool_napi_local() decision and the put, synchronize_rcu() in
   * page_pool_destroy() after page_pool_disable_direct_recycling().
   */
  napiLocalRcu: boolean;
  /**
   * Guards whose removal only a liveness check or the deadlock check sees
   * (mutants in model/variants/liveness-mutants.ts; all true in every era):
   * page_pool_producer_unlock() releases ring.producer_lock (spin_unlock_bh).
   */
  producerUnlockReleasesLock?: boolean;
  /** A softirq does not run on a CPU whose task disabled BH (local_bh_disable / spin_lock_bh). */
  bhDisableBlocksSoftirq?: boolean;
  /** page_pool_scrub() -> page_pool_empty_ring(): ptr_ring_consume_bh() until the ring is empty. */
  scrubEmptiesRing?: boolean;
  /** page_pool_recycle_in_ring(): a full ring (ptr_ring_produce() fails) returns the page (page_pool_return_netmem); false: retry the produce. */
  ringFullReturnsPage?: boolean;
  /** The driver's poll calls napi_complete_done() when it has no more work (false: it keeps returning its budget). */
  pollCompletes?: boolean;
  /** page_pool_put_page_bulk(): `allow_direct = page_pool_napi_local(pool)` (false: the bulk never recycles into the alloc cache). */
  bulkAllowDirect: boolean;
  /** page_pool_put_page_bulk(): `if (!page_pool_is_last_ref(netmem)) continue;` (only the last pp user recycles). */
  bulkChecksLastRef: boolean;
  /** page_pool_put_page_bulk(): the produce loop's `if (__ptr_ring_produce(..)) { ...; break; }` on a full ring. */
  bulkProduceChecksFull: boolean;
  /** page_pool_return_netmem() -> page_pool_clear_pp_info(): `netmem_clear_pp_magic(netmem)` (PP_SIGNATURE gone before put_page). */
  returnClearsPpMagic: boolean;
  /** page_pool_put_page_bulk(): `recycle_stat_add(pool, ring, i)` before page_pool_producer_unlock() (false: after it, with no page left to keep the pool alive). */
  bulkStatInsideLock: boolean;
  /** page_pool_recycle_in_cache() as the bulk loop calls it: `if (pool->alloc.count == PP_ALLOC_CACHE_SIZE) return false`. */
  bulkCacheFullCheck: boolean;
  /** a driver counting its own frag users (mlx5e_page_release_fragmented): `page_pool_unref_page(page, drain) == 0` before page_pool_put_unrefed_page(). */
  unrefedPutDriverUnrefs: boolean;
  /**
   * recycle_stat_inc/add() (CONFIG_PAGE_POOL_STATS): `this_cpu_inc(s->field)` / `this_cpu_add()`
   * on the per-CPU pool->recycle_stats (ad6fa1e1ab1b "page_pool: Add recycle stats": per CPU
   * because pages are recycled from any CPU): 'this_cpu' mainline, one instruction the CPU's
   * own interrupts and preemption cannot split. '__this_cpu' (a mutant): the raw op, a separate
   * load and store only safe with preemption and BH off. 'shared' (a mutant): one counter for
   * all CPUs, `pool->recycle_stats.field++` as for alloc_stats, only safe from the pool's consumer.
   */
  recycleStatOp: 'this_cpu' | '__this_cpu' | 'shared';
  /**
   * page_pool_uninit() (and page_pool_init()'s error path): `if (!pool->system)
   * free_percpu(pool->recycle_stats)`: a system page pool (PP_FLAG_SYSTEM_POOL,
   * page_pool_create_percpu() of net/core/dev.c) uses the static per-CPU
   * pp_system_recycle_stats, which is not the pool's to free.
   */
  uninitSkipsSystemStats: boolean;
  /**
   * xdp_return_frame_bulk(): `if (unlikely(mem->id != xa->mem.id)) { xdp_flush_frame_bulk(bq);
   * bq->xa = rhashtable_lookup(..); }`: a frame of another page_pool (mem.id) flushes the bulk
   * queued so far to its own pool first (false: the whole `if` removed).
   */
  xdpBulkFlushesOnMemIdChange: boolean;
  /** ... the `bq->xa = rhashtable_lookup(mem_id_ht, &mem->id, ..)` of that `if` (false: the flush, but the old pool stays the bulk's). */
  xdpBulkLooksUpNewMemId: boolean;
  /** xdp_flush_frame_bulk(): `bq->count = 0` after page_pool_put_page_bulk() (false: the flushed frames stay queued). */
  xdpFlushResetsCount: boolean;
}

export const mainlineConfig: ModelConfig = Object.freeze({
  recycleRequiresRefcntOne: true,
  recycleChecksPfmemalloc: true,
  putUnrefsPpRef: true,
  napiLocalChecksListOwner: true,
  directRecycleCheck: 'in_softirq',
  napiLocalRtGuard: true,
  refillChecksNuma: true,
  releaseTakesProducerLock: true,
  ringStatInsideLock: true,
  producerUnlockUsesSavedInSoftirq: true,
  threadedScheduleSkipsListOwner: true,
  disableDirectRecyclingOnDestroy: true,
  destroyFreesFrag: true,
  destroySchedulesRetry: true,
  retryStopsOnNegative: true,
  skbReleaseDataClearsPpRecycle: true,
  releaseDataChecksDataref: true,
  coalesceClonedPp: 'pp_ref',
  expandTakesFragRefs: true,
  ppPutChecksMagic: true,
  bulkAllowDirect: true,
  bulkChecksLastRef: true,
  bulkProduceChecksFull: true,
  bulkStatInsideLock: true,
  returnClearsPpMagic: true,
  bulkCacheFullCheck: true,
  unrefedPutDriverUnrefs: true,
  recycleStatOp: 'this_cpu',
  uninitSkipsSystemStats: true,
  xdpBulkFlushesOnMemIdChange: true,
  xdpBulkLooksUpNewMemId: true,
  xdpFlushResetsCount: true,
  dmaUnmapOnScrub: true,
  syncRechecksUnderRcu: true,
  scrubSynchronizesNet: true,
  returnUnmapsDma: true,
  releaseDmaReadsAddrFirst: true,
  driverRespectsNapiAssert: true,
  restartDisablesDirectRecycling: false,
  napiLocalRecycling: true,
  skbPathNeedsNapiSafe: false,
  allowDirectContextCheck: 'none',
  skbRecycling: true,
  recycleChecksPoolNid: false,
  netpollAllowDirect: false,
  napiLocalRcu: false,
  producerUnlockReleasesLock: true,
  bhDisableBlocksSoftirq: true,
  scrubEmptiesRing: true,
  ringFullReturnsPage: true,
  pollCompletes: true,
}) as ModelConfig;
