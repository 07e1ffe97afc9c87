import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import { reasonWitness } from './witness.ts';

/**
 * napi-local-only
 *
 * Statement: every access to a pool's alloc cache by the put path (the read of
 * `alloc.count` and the store of the slot in page_pool_recycle_in_cache) is made
 * by the pool's consumer: a context with in_softirq() true on the CPU that is
 * `pool->cpuid`, or on the CPU that owns the pool's NAPI (`p.napi` set and
 * `napi->list_owner` == this CPU, the NAPI scheduled there), or the driver's
 * own NAPI poll context for the pool its RX ring allocates from (softirq, or
 * the threaded-NAPI kthread with BH disabled, where list_owner is never set:
 * XDP_DROP's page_pool_recycle_direct); and only while the pool is alive
 * (page_pool_destroy() not begun). The model records the first
 * access that breaks this in the ghost field `g.nonLocalPush`.
 *
 * Kernel rationale: page_pool_napi_local() is the only guard of the lockless
 * cache on the free path; after page_pool_destroy() the consumer is the destroy
 * path (page_pool_empty_alloc_cache_once), not the NAPI. Commit dd64b232deb8:
 * "we must prevent recycling into cache after page_pool_destroy() is called".
 *
 * Motivating commits: 8c48eea3adf3 "page_pool: allow caching from safely
 * localized NAPI", dd64b232deb8 "page_pool: unlink from napi during destroy";
 * open report "page_pool: fix timing for checking and disabling napi_local".
 */
export const napiLocalOnly: Invariant<PagePoolState> = {
  id: 'napi-local-only',
  description: 'the alloc cache is written on the free path only by the pool\'s NAPI-local consumer, and never after destroy',
  check(s) {
    const k = s.g.nonLocalPush;
    if (k < 0) return null;
    return `pool${k}.alloc.cache written from a context that is not its consumer (not NAPI-local, or after page_pool_destroy)`;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
