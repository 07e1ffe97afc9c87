/**
 * Mutants: mainline with one guard removed each. Every property has at least
 * one mutant that it must catch (test/model/mutants.test.ts). maxTraceLength
 * is the length of the shortest counterexample (BFS) at the scenario's default
 * bounds when the mutant was added; larger bounds can only shorten it.
 */
import type { VariantDef } from './types.ts';

export const mutants: VariantDef[] = [
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
];
