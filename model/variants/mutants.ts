/**
 * Mutants: mainline with one guard removed each. Every property has at least
 * one mutant that it must catch (test/model/mutants.test.ts). maxTraceLength
 * is the length of the shortest counterexample (BFS) at the scenario's default
 * bounds when the mutant was added; larger bounds can only shorten it.
 */
import type { Action, Env } from '../env.ts';
import { checkLocalPush, touchPool } from '../kernel/net/core/page_pool.ts';
import { type Actor, OP_PUSH_WRITE, type PagePoolState } from '../state.ts';
import type { VariantDef } from './types.ts';
import { driverDoublePut, onlyReleaseWorkerStops } from './corpus.ts';
import { SHIFT_MODES, SHIFT_PARTIAL, SPLIT_IN_HEADER, freeSkbSlot, skb_segment, skb_shift, skb_split } from '../kernel/net/core/skbuff.ts';

/** skb_split_no_header() without `skb_frag_ref(skb, i)` for the frag the split line crosses: mainline's step, the reference taken back. */
function splitNoFragRef(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const h = t.sh[t.skbs[a.a].sh];
  const crossed = a.b !== SPLIT_IN_HEADER && (a.b & 1) === 1 ? h.refs[(h.head ? 1 : 0) + (a.b >> 1)] >> 1 : -1;
  skb_split(t, a, env, act);
  if (crossed >= 0) t.pages[crossed].ref--;
}
/** skb_shift() without `__skb_frag_ref(fragfrom)` for a frag split between skb and tgt. */
function shiftNoFragRef(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const si = t.sh[t.skbs[a.b % SHIFT_MODES].sh];
  const first = si.refs[si.head ? 1 : 0] >> 1;
  skb_shift(t, a, env, act);
  if (Math.floor(a.b / SHIFT_MODES) === SHIFT_PARTIAL) t.pages[first].ref--;
}
/** skb_segment() whose segment keeps head_skb's pp_recycle (instead of __alloc_skb()'s 0). */
function segmentKeepsPpRecycle(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const n = freeSkbSlot(t);
  const ppr = t.skbs[a.a].ppr;
  skb_segment(t, a, env, act);
  t.skbs[n].ppr = ppr;
}

/** page_pool_recycle_in_cache() without `if (unlikely(pool->alloc.count == PP_ALLOC_CACHE_SIZE))`: always stores. */
function recycleInCacheNoFullCheck(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const k = act.pool;
  touchPool(t, k);
  checkLocalPush(t, env, k, a.cpu, a.ctx, act);
  act.op = OP_PUSH_WRITE;
  act.c = t.pools[k].count;
}

export const mutants: VariantDef[] = [
  {
    id: 'mutant-recycle-direct-serving-softirq',
    kind: 'mutant',
    description:
      '__page_pool_put_page() with `allow_direct && in_serving_softirq()` (542bcea4be86 reverted): the threaded NAPI kthread (BH disabled, not serving a softirq) drops every page into the ring',
    scenarios: ['threaded-xdp'],
    expect: { verdict: 'violation', property: 'xdp-drop-direct', maxTraceLength: 4 },
    config: { allowDirectContextCheck: 'in_serving_softirq' },
  },
  {
    id: 'mutant-recycle-checks-pool-nid',
    kind: 'mutant',
    description:
      '__page_pool_page_can_be_recycled() with d5394610b1ba\'s `page_to_nid(page) == pool->p.nid` (44768decb7c0 reverted): never true for NUMA_NO_NODE, every page is released',
    scenarios: ['numa-no-node'],
    expect: { verdict: 'violation', property: 'numa-local-recycling', maxTraceLength: 5 },
    config: { recycleChecksPoolNid: true },
  },
  {
    id: 'mutant-retry-rearms-negative',
    kind: 'mutant',
    description:
      'page_pool_release_retry() without `if (inflight <= 0) return;` (43130d02baa1 reverted to `if (!inflight)`), under a driver whose RX-ring teardown puts each page twice: the worker re-arms forever',
    scenarios: ['teardown'],
    expect: { verdict: 'violation', property: 'release-worker-stops', maxTraceLength: 17 },
    config: { retryStopsOnNegative: false },
    replace: { page_pool_put_full_page: driverDoublePut },
    patch: onlyReleaseWorkerStops,
  },
  {
    id: 'mutant-cache-no-full-check',
    kind: 'mutant',
    description: 'page_pool_recycle_in_cache() without the `alloc.count == PP_ALLOC_CACHE_SIZE` test: a put into a full cache writes past alloc.cache[]',
    scenarios: ['xdp'],
    expect: { verdict: 'violation', property: 'no-out-of-bounds', maxTraceLength: 14 },
    config: {},
    replace: { page_pool_recycle_in_cache: recycleInCacheNoFullCheck },
  },
  {
    id: 'mutant-no-refcnt-check',
    kind: 'mutant',
    description: '__page_pool_page_can_be_recycled() without `page_ref_count(page) == 1`: a page another subsystem holds is recycled',
    scenarios: ['rx-recycle'],
    expect: { verdict: 'violation', property: 'cache-refcnt-one', maxTraceLength: 8 },
    config: { recycleRequiresRefcntOne: false },
  },
  {
    id: 'mutant-recycle-pfmemalloc',
    kind: 'mutant',
    description: '__page_pool_page_can_be_recycled() without `!page_is_pfmemalloc(page)` (d5394610b1ba reverted)',
    scenarios: ['rx-recycle'],
    expect: { verdict: 'violation', property: 'no-pfmemalloc-recycle', maxTraceLength: 7 },
    config: { recycleChecksPfmemalloc: false },
  },
  {
    id: 'mutant-napi-local-no-owner-check',
    kind: 'mutant',
    description: 'page_pool_napi_local() without `napi->list_owner == cpuid`: any CPU in softirq recycles directly into the cache',
    scenarios: ['rx-recycle'],
    expect: { verdict: 'violation', property: 'napi-local-only', maxTraceLength: 7 },
    config: { napiLocalChecksListOwner: false },
  },
  {
    id: 'mutant-destroy-keeps-napi',
    kind: 'mutant',
    description: 'page_pool_destroy() without page_pool_disable_direct_recycling() (dd64b232deb8 reverted): the re-enabled NAPI recycles into the destroyed pool',
    scenarios: ['destroy-swap'],
    expect: { verdict: 'violation', property: 'napi-local-only', maxTraceLength: 16 },
    config: { disableDirectRecyclingOnDestroy: false },
  },
  {
    id: 'mutant-rt-no-napi-local-guard',
    kind: 'mutant',
    description:
      'page_pool_napi_local() without the CONFIG_PREEMPT_RT early return (32471b2f481d reverted): a BH-disabled task decides "NAPI-local", is preempted, and writes the cache after the NAPI completed',
    scenarios: ['preempt-rt'],
    expect: { verdict: 'violation', property: 'napi-local-only', maxTraceLength: 8 },
    config: { napiLocalRtGuard: false },
  },
  {
    id: 'mutant-put-no-unref',
    kind: 'mutant',
    description: 'page_pool_put_netmem() without page_pool_unref_and_test(): every frag user recycles the shared page',
    scenarios: ['frag'],
    expect: { verdict: 'violation', property: 'no-double-recycle', maxTraceLength: 7 },
    config: { putUnrefsPpRef: false },
  },
  {
    id: 'mutant-no-dataref-check',
    kind: 'mutant',
    description: 'skb_release_data() without the `skb->cloned && dataref` test: every clone releases the shared pages',
    scenarios: ['skb-clone-coalesce'],
    expect: { verdict: 'violation', property: 'frag-accounting', maxTraceLength: 5 },
    config: { releaseDataChecksDataref: false },
  },
  {
    id: 'mutant-expand-no-frag-ref',
    kind: 'mutant',
    description: 'pskb_expand_head() on a clone without skb_frag_ref() of each frag: the expanded skb frees a page it never referenced',
    scenarios: ['skb-clone-coalesce'],
    expect: { verdict: 'violation', property: 'no-page-use-after-free', maxTraceLength: 8 },
    config: { expandTakesFragRefs: false },
  },
  {
    id: 'mutant-no-clear-pp-recycle',
    kind: 'mutant',
    description: 'skb_release_data() returns early for a non-last dataref without clearing pp_recycle (2cc3aeb5eccc reverted)',
    scenarios: ['skb-clone-coalesce'],
    expect: { verdict: 'violation', property: 'pp-ownership', maxTraceLength: 9 },
    config: { skbReleaseDataClearsPpRecycle: false },
  },
  {
    id: 'mutant-coalesce-page-ref',
    kind: 'mutant',
    description: 'skb_try_coalesce() from a cloned pp skb takes page references (__skb_frag_ref) instead of pp references (CVE-2022-49093 shape)',
    scenarios: ['frag'],
    expect: { verdict: 'violation', property: 'frag-accounting', maxTraceLength: 14 },
    config: { coalesceClonedPp: 'page_ref' },
  },
  {
    id: 'mutant-release-no-producer-barrier',
    kind: 'mutant',
    description: 'page_pool_release() frees the pool without the producer-lock barrier (271683bb2cf3 half reverted): the producer unlocks freed memory',
    scenarios: ['teardown'],
    expect: { verdict: 'violation', property: 'pool-lifetime', maxTraceLength: 13 },
    config: { releaseTakesProducerLock: false },
  },
  {
    id: 'mutant-producer-unlock-rereads-in-softirq',
    kind: 'mutant',
    description:
      'page_pool_producer_unlock() re-reads in_softirq() instead of taking the lock\'s saved choice: a task that took spin_lock_bh() sees its own BH disable, calls spin_unlock() and leaves BH disabled',
    scenarios: ['rx-recycle'],
    expect: { verdict: 'violation', property: 'bh-balanced', maxTraceLength: 8 },
    config: { producerUnlockUsesSavedInSoftirq: false },
  },
  {
    id: 'mutant-threaded-sets-list-owner',
    kind: 'mutant',
    description:
      '____napi_schedule() sets list_owner also for a threaded NAPI: the IRQ\'s CPU decides page_pool_napi_local() in its softirq while the kthread, migrated to another CPU, is the consumer',
    scenarios: ['threaded-napi'],
    expect: { verdict: 'violation', property: 'napi-local-only', maxTraceLength: 7 },
    config: { threadedScheduleSkipsListOwner: false },
  },
  {
    id: 'mutant-ring-stat-after-unlock',
    kind: 'mutant',
    description: 'page_pool_recycle_in_ring() bumps recycle_stats after the producer unlock (271683bb2cf3 half reverted): the barrier in page_pool_release() no longer covers it',
    scenarios: ['teardown'],
    expect: { verdict: 'violation', property: 'pool-lifetime', maxTraceLength: 14 },
    config: { ringStatInsideLock: false },
  },
  {
    id: 'mutant-destroy-no-retry',
    kind: 'mutant',
    description: 'page_pool_destroy() does not schedule page_pool_release_retry() while pages are in flight: the pool is never freed',
    scenarios: ['teardown'],
    expect: { verdict: 'violation', property: 'no-leak-at-quiescence', maxTraceLength: 15 },
    config: { destroySchedulesRetry: false },
  },
  {
    id: 'mutant-scrub-no-dma-unmap',
    kind: 'mutant',
    description: 'page_pool_scrub() does not unmap the pages still in flight (ee62ce7a1d90 reverted): mappings outlive the device',
    scenarios: ['teardown'],
    expect: { verdict: 'violation', property: 'dma-unmap-before-free', maxTraceLength: 11 },
    config: { dmaUnmapOnScrub: false },
  },
  {
    id: 'mutant-release-dma-clears-addr-first',
    kind: 'mutant',
    description:
      '__page_pool_release_netmem_dma() clears page->dma_addr (page_pool_set_dma_addr_netmem(netmem, 0)) before __page_pool_unmap_netmem_dma() reads it: the unmap passes address 0, the mapping stays',
    scenarios: ['teardown-32bit-dma64'],
    expect: { verdict: 'violation', property: 'dma-address-intact', maxTraceLength: 15 },
    config: { releaseDmaReadsAddrFirst: false },
  },
  {
    id: 'mutant-scrub-no-synchronize-net',
    kind: 'mutant',
    description: 'page_pool_scrub() unmaps without synchronize_net() after clearing pool->dma_sync: a sync already inside rcu_read_lock() hits an unmapped page',
    scenarios: ['teardown-dma-sync'],
    expect: { verdict: 'violation', property: 'dma-unmap-before-free', maxTraceLength: 13 },
    config: { scrubSynchronizesNet: false },
  },
  {
    id: 'mutant-sync-no-rcu-recheck',
    kind: 'mutant',
    description: 'page_pool_dma_sync_for_device() without the re-check of pool->dma_sync under rcu_read_lock(): a stale first test syncs after scrub unmapped',
    scenarios: ['teardown-dma-sync'],
    expect: { verdict: 'violation', property: 'dma-unmap-before-free', maxTraceLength: 13 },
    config: { syncRechecksUnderRcu: false },
  },
  // liveness and deadlock mutants (docs/model.md "Liveness and fairness"): found by the deadlock
  // check of every search, or by the liveness check (`check --liveness`, on in `npm run check`)
  {
    id: 'mutant-scrub-keeps-ring',
    kind: 'mutant',
    description: 'page_pool_scrub() never empties the ptr_ring (page_pool_empty_ring() removed): the release worker retries forever and the pool is never freed',
    scenarios: ['teardown'],
    expect: { verdict: 'violation', property: 'pool-eventually-freed' },
    config: { scrubEmptiesRing: false },
  },
  {
    id: 'mutant-lost-unlock',
    kind: 'mutant',
    description: 'page_pool_producer_unlock() does not release ring.producer_lock: the next producer (or page_pool_release) spins forever',
    scenarios: ['rx-recycle'],
    expect: { verdict: 'violation', property: 'deadlock' },
    config: { producerUnlockReleasesLock: false },
  },
  {
    id: 'mutant-softirq-over-bh-disabled',
    kind: 'mutant',
    description: 'a softirq runs over a task that disabled BH (spin_lock_bh holder): it spins on the producer lock the preempted task holds',
    scenarios: ['rx-recycle'],
    expect: { verdict: 'violation', property: 'deadlock' },
    config: { bhDisableBlocksSoftirq: false },
  },
  {
    id: 'mutant-ring-full-spins',
    kind: 'mutant',
    description: 'page_pool_recycle_in_ring() retries ptr_ring_produce() on a full ring instead of returning the page: the put never ends',
    scenarios: ['rx-recycle'],
    expect: { verdict: 'violation', property: 'put-eventually-settles' },
    config: { ringFullReturnsPage: false },
  },
  {
    id: 'mutant-put-checks-pool-nid',
    kind: 'mutant',
    description:
      'mainline with the put-side `page_to_nid(page) == pool->p.nid` test of d5394610b1ba instead of the refill check: a NUMA_NO_NODE pool releases every page (recycling stops)',
    scenarios: ['numa-steady'],
    expect: { verdict: 'violation', property: 'recycling-continues' },
    config: { recycleChecksPoolNid: true },
  },
  {
    id: 'mutant-poll-never-completes',
    kind: 'mutant',
    description: 'the driver poll never calls napi_complete_done(): the NAPI stays scheduled forever',
    scenarios: ['xdp'],
    expect: { verdict: 'violation', property: 'napi-progress' },
    config: { pollCompletes: false },
  },
  {
    id: 'mutant-clear-pp-info-keeps-magic',
    kind: 'mutant',
    description:
      'page_pool_clear_pp_info() without netmem_clear_pp_magic(): a page the pool returns reaches the page allocator with PP_SIGNATURE (free_pages_prepare: bad_page "page_pool leak")',
    scenarios: ['rx-recycle'],
    expect: { verdict: 'violation', property: 'pool-owns-its-pages', maxTraceLength: 6 },
    config: { returnClearsPpMagic: false },
  },
  {
    id: 'mutant-refill-no-pref-nid',
    kind: 'mutant',
    description:
      'page_pool_refill_alloc_cache() without `netmem_is_pref_nid(netmem, pref_nid)` (44768decb7c0 reverted): after the NAPI moved node, the refill hands out the old node\'s ring pages',
    scenarios: ['napi-move'],
    expect: { verdict: 'violation', property: 'numa-local-refill', maxTraceLength: 10 },
    config: { refillChecksNuma: false },
  },
  {
    id: 'mutant-bulk-no-last-ref',
    kind: 'mutant',
    description:
      'page_pool_put_page_bulk() without `if (!page_pool_is_last_ref(netmem)) continue;`: two frags of one page in one bulk recycle the page twice',
    scenarios: ['xdp-bulk-frag'],
    expect: { verdict: 'violation', property: 'no-double-recycle', maxTraceLength: 5 },
    config: { bulkChecksLastRef: false },
  },
  {
    id: 'mutant-split-no-frag-ref',
    kind: 'mutant',
    description: 'skb_split_no_header() without `skb_frag_ref(skb, i)`: a frag the split line crosses is in both skbs with one page reference',
    scenarios: ['skb-split-shift'],
    expect: { verdict: 'violation', property: 'no-page-use-after-free', maxTraceLength: 12 },
    config: {},
    replace: { skb_split: splitNoFragRef },
  },
  {
    id: 'mutant-shift-no-frag-ref',
    kind: 'mutant',
    description: 'skb_shift() without `__skb_frag_ref(fragfrom)`: a frag split between skb and tgt is in both with one page reference',
    scenarios: ['skb-split-shift'],
    expect: { verdict: 'violation', property: 'no-page-use-after-free', maxTraceLength: 13 },
    config: {},
    replace: { skb_shift: shiftNoFragRef },
  },
  {
    id: 'mutant-segment-keeps-pp-recycle',
    kind: 'mutant',
    description: 'skb_segment() whose segments keep head_skb->pp_recycle: their __skb_frag_ref page references go back through napi_pp_put_page as pp references',
    scenarios: ['gro-fraglist'],
    expect: { verdict: 'violation', property: 'frag-accounting', maxTraceLength: 12 },
    config: {},
    replace: { skb_segment: segmentKeepsPpRecycle },
  },
  {
    id: 'mutant-stats-shared-counter',
    kind: 'mutant',
    description:
      'recycle_stat_inc() on one pool-wide counter with a plain `++` (CONFIG_PAGE_POOL_STATS without ad6fa1e1ab1b\'s per-CPU recycle_stats): a TX completion on the other CPU counts its ring recycle in a counter the NAPI CPU updates too',
    scenarios: ['xdp-bulk'],
    expect: { verdict: 'violation', property: 'stats-integrity', maxTraceLength: 6 },
    config: { recycleStatOp: 'shared' },
  },
];
