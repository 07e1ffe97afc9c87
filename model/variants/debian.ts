/**
 * v6.12-debian: Debian's linux-source-6.12 (6.12.117-1~deb12u1), the
 * `page_pool.c` that the conformance harness compiles (test/conformance/,
 * docs/conformance.md "v6.12-debian against mainline").
 *
 * Every ModelConfig field keeps its mainline value: the 6.12.117 source carries
 * each guard the config names, read in the extracted file:
 * - page_pool_napi_local(): `if (IS_ENABLED(CONFIG_PREEMPT_RT)) return false;`,
 *   `in_softirq()`, `pool->cpuid`, `napi->list_owner` (napiLocalRtGuard,
 *   directRecycleCheck, napiLocalChecksListOwner);
 * - page_pool_recycle_in_ring(): recycle_stat_inc(pool, ring) inside the producer
 *   lock; page_pool_release(): producer lock/unlock barrier before
 *   __page_pool_destroy() (271683bb2cf3: ringStatInsideLock, releaseTakesProducerLock);
 * - pool->dma_mapped xarray, page_pool_scrub() `dma_sync = false; synchronize_net()`
 *   then the unmap of every tracked page, and the re-check of `pool->dma_sync`
 *   under rcu_read_lock() in page_pool_dma_sync_for_device() (ee62ce7a1d90 and its
 *   follow-up: dmaUnmapOnScrub, scrubSynchronizesNet, syncRechecksUnderRcu);
 * - page_pool_release_retry(): `if (inflight <= 0) return;` (retryStopsOnNegative);
 *   page_pool_destroy(): disable_direct_recycling, free_frag, `if (!page_pool_release(pool)) return;`.
 * skbuff.c is not compiled by the harness; the model's skb side follows 6.12's
 * (pp_recycle cleared on every skb_release_data exit, skb_pp_frag_ref in
 * skb_try_coalesce, frags before the head in skb_release_data).
 *
 * The source does differ from mainline (page_pool_put_page_bulk instead of
 * page_pool_put_netmem_bulk, frag alignment, page_pools_lock in
 * page_pool_disable_direct_recycling, page_pool_init checks, names, stats,
 * memory providers; table in docs/conformance.md), in code the model does not
 * represent. A difference that the model comes to represent becomes a field
 * override here.
 */
import type { VariantDef } from './types.ts';

export const v612Debian: VariantDef = {
  id: 'v6.12-debian',
  kind: 'era',
  description:
    "Debian linux-source-6.12 (6.12.117): mainline's recycling guards (same ModelConfig); differs in code the model does not represent (bulk put, frag alignment, init checks)",
  scenarios: ['xdp', 'skb-clone-coalesce', 'skb-clone-expand', 'teardown', 'teardown-dma-sync', 'preempt-rt'],
  expect: { verdict: 'ok' },
  config: {},
};
