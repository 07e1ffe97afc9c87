/**
 * The fixed mutant list of `npm run mutate` (test/mutate/run.ts): realistic
 * single mutations of the model's kernel functions, each removing or changing
 * one thing the kernel's code does (a guard, a clear, an accounting update, a
 * bound, a context test). A mutant is either a config override (a guard the
 * model already names in model/config.ts: applied without copying code) or a
 * source patch (`find` -> `replace`, exactly one occurrence, applied to a
 * temporary copy of the tree). `expect` names the property and scenario
 * expected to kill it, or says why the mutant is equivalent (no behaviour the
 * kernel cares about changes at any bound, or the change is unreachable in
 * mainline) — equivalent mutants are left out of the kill rate.
 */
import type { ModelConfig } from '../../model/config.ts';

export interface Patch {
  /** path from the repository root */
  file: string;
  find: string;
  replace: string;
}

export interface Mutant {
  id: string;
  /** the file of the mutated kernel function (model/) */
  file: string;
  /** the kernel function mutated */
  fn: string;
  /** what the mutation removes or changes, in the kernel's terms */
  guard: string;
  config?: Partial<ModelConfig>;
  patch?: Patch;
  expect: { property: string; scenario: string } | { equivalent: string };
  /** a known survivor: the mechanism or property the model lacks to kill it (printed with the survivor) */
  gap?: string;
}

const PP = 'model/kernel/net/core/page_pool.ts';
const SKB = 'model/kernel/net/core/skbuff.ts';
const SKBH = 'model/kernel/include/linux/skbuff.ts';
const DEV = 'model/kernel/net/core/dev.ts';
const NETDEV = 'model/kernel/include/linux/netdevice.ts';
const MM = 'model/kernel/include/linux/mm.ts';
const XDP = 'model/kernel/net/core/xdp.ts';
const MLX5E = 'model/driver/mlx5e.ts';
const GRO = 'model/kernel/net/core/gro.ts';
const DEVMEM = 'model/kernel/net/core/devmem.ts';
const PPPRIV = 'model/kernel/net/core/page_pool_priv.ts';
const NETMEM = 'model/kernel/net/core/netmem_priv.ts';

const kill = (property: string, scenario: string) => ({ property, scenario });
const patch = (file: string, find: string, replace: string): Patch => ({ file, find, replace });

export const MUTANTS: Mutant[] = [
  // ---- guards named in model/config.ts (config overrides)
  { id: 'can-recycle-no-refcnt', file: PP, fn: '__page_pool_page_can_be_recycled', guard: '`page_ref_count(page) == 1`', config: { recycleRequiresRefcntOne: false }, expect: kill('cache-refcnt-one', 'rx-recycle') },
  { id: 'can-recycle-no-pfmemalloc', file: PP, fn: '__page_pool_page_can_be_recycled', guard: '`!page_is_pfmemalloc(page)`', config: { recycleChecksPfmemalloc: false }, expect: kill('no-pfmemalloc-recycle', 'rx-recycle') },
  { id: 'put-no-unref-and-test', file: PP, fn: 'page_pool_put_netmem', guard: '`if (!page_pool_unref_and_test(netmem)) return;`', config: { putUnrefsPpRef: false }, expect: kill('no-double-recycle', 'frag') },
  { id: 'napi-local-no-list-owner', file: PP, fn: 'page_pool_napi_local', guard: '`READ_ONCE(napi->list_owner) == cpuid`', config: { napiLocalChecksListOwner: false }, expect: kill('napi-local-only', 'rx-recycle') },
  { id: 'napi-local-no-in-softirq', file: PP, fn: 'page_pool_napi_local', guard: '`if (!in_softirq()) return false;`', config: { directRecycleCheck: 'none' }, expect: kill('napi-local-only', 'rx-recycle') },
  { id: 'napi-local-no-rt-return', file: PP, fn: 'page_pool_napi_local', guard: '`if (IS_ENABLED(CONFIG_PREEMPT_RT)) return false;`', config: { napiLocalRtGuard: false }, expect: kill('napi-local-only', 'preempt-rt') },
  { id: 'refill-no-pref-nid', file: PP, fn: 'page_pool_refill_alloc_cache', guard: '`netmem_is_pref_nid(netmem, pref_nid)`', config: { refillChecksNuma: false }, expect: kill('numa-local-refill', 'napi-move') },
  { id: 'release-no-producer-barrier', file: PP, fn: 'page_pool_release', guard: '`spin_lock_bh(&pool->ring.producer_lock); spin_unlock_bh(...)` before __page_pool_destroy()', config: { releaseTakesProducerLock: false }, expect: kill('pool-lifetime', 'teardown') },
  { id: 'ring-stat-after-unlock', file: PP, fn: 'page_pool_recycle_in_ring', guard: '`recycle_stat_inc(pool, ring)` inside the producer lock', config: { ringStatInsideLock: false }, expect: kill('pool-lifetime', 'teardown') },
  { id: 'destroy-no-disable-direct', file: PP, fn: 'page_pool_destroy', guard: '`page_pool_disable_direct_recycling(pool)`', config: { disableDirectRecyclingOnDestroy: false }, expect: kill('napi-local-only', 'destroy-swap') },
  { id: 'destroy-no-free-frag', file: PP, fn: 'page_pool_destroy', guard: '`page_pool_free_frag(pool)`', config: { destroyFreesFrag: false }, expect: kill('no-leak-at-quiescence', 'frag') },
  { id: 'destroy-no-retry', file: PP, fn: 'page_pool_destroy', guard: '`schedule_delayed_work(&pool->release_dw, DEFER_TIME)`', config: { destroySchedulesRetry: false }, expect: kill('no-leak-at-quiescence', 'teardown') },
  { id: 'retry-rearms-negative', file: PP, fn: 'page_pool_release_retry', guard: '`if (inflight <= 0) return;` -> `if (!inflight)`', config: { retryStopsOnNegative: false }, expect: { equivalent: 'inflight < 0 needs a page returned twice (a driver bug); mainline drivers and the model never make it, so the re-arm is unreachable (negative-inflight-release-loop checks it with a buggy driver)' } },
  { id: 'release-data-no-clear-pp-recycle', file: SKB, fn: 'skb_release_data', guard: '`exit: skb->pp_recycle = 0` for a non-last dataref', config: { skbReleaseDataClearsPpRecycle: false }, expect: kill('pp-ownership', 'skb-clone-coalesce') },
  { id: 'release-data-no-dataref', file: SKB, fn: 'skb_release_data', guard: '`skb->cloned && atomic_sub_return(.., &shinfo->dataref)`', config: { releaseDataChecksDataref: false }, expect: kill('frag-accounting', 'skb-clone-coalesce') },
  { id: 'coalesce-page-ref', file: SKB, fn: 'skb_try_coalesce', guard: '`skb_pp_frag_ref()` -> `__skb_frag_ref()` for a cloned pp `from`', config: { coalesceClonedPp: 'page_ref' }, expect: kill('frag-accounting', 'frag') },
  { id: 'expand-no-frag-ref', file: SKB, fn: 'pskb_expand_head', guard: '`skb_frag_ref(skb, i)` for each frag of a clone', config: { expandTakesFragRefs: false }, expect: kill('no-page-use-after-free', 'skb-clone-coalesce') },
  { id: 'pp-put-no-magic', file: SKB, fn: 'napi_pp_put_page', guard: '`if (!is_pp_netmem(netmem)) return false;`', config: { ppPutChecksMagic: false }, expect: kill('pool-lifetime', 'foreign-frags') }, // page->pp of a page allocator page is NULL in the model (the union's page->lru in the kernel): the put dereferences it
  { id: 'scrub-no-unmap', file: PP, fn: 'page_pool_scrub', guard: 'unmap every page of `pool->dma_mapped`', config: { dmaUnmapOnScrub: false }, expect: kill('dma-unmap-before-free', 'teardown') },
  { id: 'sync-no-rcu-recheck', file: PP, fn: 'page_pool_dma_sync_for_device', guard: 're-check of `pool->dma_sync` under rcu_read_lock()', config: { syncRechecksUnderRcu: false }, expect: kill('dma-unmap-before-free', 'teardown-dma-sync') },
  { id: 'scrub-no-synchronize-net', file: PP, fn: 'page_pool_scrub', guard: '`synchronize_net()` after clearing dma_sync', config: { scrubSynchronizesNet: false }, expect: kill('dma-unmap-before-free', 'teardown-dma-sync') },
  { id: 'return-no-unmap', file: PP, fn: 'page_pool_return_netmem', guard: '`__page_pool_release_netmem_dma()`', config: { returnUnmapsDma: false }, expect: kill('dma-unmap-before-free', 'teardown') },

  { id: 'put-in-serving-softirq', file: PP, fn: '__page_pool_put_page', guard: '`allow_direct && in_softirq()` -> `in_serving_softirq()` (false in the threaded NAPI kthread)', config: { allowDirectContextCheck: 'in_serving_softirq' }, expect: kill('xdp-drop-direct', 'threaded-xdp') },
  { id: 'can-recycle-pool-nid', file: PP, fn: '__page_pool_page_can_be_recycled', guard: 'the NUMA test moved back to the put side: `page_to_nid(page) == pool->p.nid` (never true for NUMA_NO_NODE)', config: { recycleChecksPoolNid: true }, expect: kill('numa-local-recycling', 'numa-no-node') },

  // ---- source patches: page_pool.c
  { id: 'recycle-in-cache-no-full-check', file: PP, fn: 'page_pool_recycle_in_cache', guard: '`if (unlikely(pool->alloc.count == PP_ALLOC_CACHE_SIZE))`', patch: patch(PP, 'if (P.count >= P.cache.length) {', 'if (false) {'), expect: kill('no-out-of-bounds', 'xdp') },
  { id: 'recycle-in-ring-no-full-check', file: PP, fn: 'page_pool_recycle_in_ring', guard: '`__ptr_ring_produce()` returns -ENOSPC on a full ring', patch: patch(PP, 'if (P.ring.length >= env.ringSize) return; // __ptr_ring_produce()', 'if (false) return; // __ptr_ring_produce()'), expect: kill('no-out-of-bounds', 'ring-refill') },
  { id: 'recycle-in-ring-no-lock', file: PP, fn: 'page_pool_recycle_in_ring', guard: '`page_pool_producer_lock(pool)`', patch: patch(PP, 'P.lock = actorId(a.cpu, a.ctx);', ''), expect: kill('pool-lifetime', 'teardown') },
  { id: 'producer-unlock-missing', file: PP, fn: 'page_pool_producer_unlock', guard: '`spin_unlock(&pool->ring.producer_lock)`', patch: patch(PP, 'if (env.cfg.producerUnlockReleasesLock !== false) t.pools[k].lock = -1;', ''), expect: kill('deadlock', 'rx-recycle') }, // the whole statement: removing only its body left `if (..)` over the next declaration (a transform error)
  { id: 'get-cached-no-count-dec', file: PP, fn: '__page_pool_get_cached', guard: '`--pool->alloc.count`', patch: patch(PP, 'P.count = c - 1;\n  if (pg >= 0) t.rx.push(pg);', 'if (pg >= 0) t.rx.push(pg);'), expect: kill('no-double-recycle', 'rx-recycle') },
  { id: 'get-cached-wrong-slot', file: PP, fn: '__page_pool_get_cached', guard: '`cache[--count]` -> `cache[count--]` (off by one)', patch: patch(PP, 'const pg = c > 0 ? cacheLoad(t, k, c - 1) : -1;', 'const pg = c > 0 ? cacheLoad(t, k, c) : -1;'), expect: kill('frag-accounting', 'xdp') },
  { id: 'refill-no-refill-bound', file: PP, fn: 'page_pool_refill_alloc_cache', guard: '`while (pool->alloc.count < PP_ALLOC_CACHE_REFILL)`', patch: patch(PP, 'if (P.count >= refillOf(env)) break;', ''), expect: kill('no-out-of-bounds', 'ring-refill') },
  { id: 'slow-no-hold-cnt', file: PP, fn: '__page_pool_alloc_pages_slow', guard: '`pool->pages_state_hold_cnt++`', patch: patch(PP, '  p.ppRef = 1;\n  t.pools[k].hold++;\n  return pg;', '  p.ppRef = 1;\n  return pg;'), expect: kill('pool-owns-its-pages', 'teardown') }, // hold_cnt - release_cnt no longer counts the pages that name the pool (pool-lifetime caught it later, at the free)
  { id: 'slow-no-dma-map', file: PP, fn: '__page_pool_alloc_pages_slow', guard: '`page_pool_dma_map()`', patch: patch(PP, '  p.dma = true;\n  // page_pool_set_pp_info(): netmem_set_pp();', '  // page_pool_set_pp_info(): netmem_set_pp();'), expect: kill('dma-unmap-before-free', 'teardown-dma-sync') },
  { id: 'slow-no-pp-magic', file: PP, fn: 'page_pool_set_pp_info', guard: '`netmem_or_pp_magic(netmem, PP_SIGNATURE)`', patch: patch(PP, '  netmem_or_pp_magic(p, L.signature, L);\n', ''), expect: kill('pp-ownership', 'rx-recycle') },
  { id: 'slow-no-pp-ref-init', file: PP, fn: 'page_pool_set_pp_info', guard: '`page_pool_fragment_netmem(netmem, 1)`', patch: patch(PP, '  p.ppRef = 1;\n  t.pools[k].hold++;', '  t.pools[k].hold++;'), expect: kill('frag-accounting', 'rx-recycle') },
  { id: 'return-no-release-cnt', file: PP, fn: 'page_pool_return_netmem', guard: '`atomic_inc_return_relaxed(&pool->pages_state_release_cnt)`', patch: patch(PP, 'if (k >= 0) t.pools[k].release++;', ''), expect: kill('pool-owns-its-pages', 'teardown') }, // the pool still counts a page it returned
  { id: 'return-no-clear-pp-info', file: PP, fn: 'page_pool_return_netmem', guard: '`page_pool_clear_pp_info()` (pp = NULL)', patch: patch(PP, '  p.pp = -1;\n  p.ppRef = 0;\n  putPage(t, pg);', '  p.ppRef = 0;\n  putPage(t, pg);'), expect: kill('no-page-use-after-free', 'rx-recycle') },
  { id: 'return-no-put-page', file: PP, fn: 'page_pool_return_netmem', guard: '`put_page()` after the page leaves the pool', patch: patch(PP, '  p.ppRef = 0;\n  putPage(t, pg);', '  p.ppRef = 0;'), expect: kill('no-leak-at-quiescence', 'rx-recycle') },
  { id: 'unref-no-rearm', file: PP, fn: 'page_pool_unref_netmem', guard: '`atomic_long_set(pp_ref_count, 1)` when the last user drops it', patch: patch(PP, '    p.ppRef = 1; // fast path: last user; re-armed to 1\n', '    p.ppRef = 0;\n'), expect: kill('cache-refcnt-one', 'rx-recycle') },
  { id: 'napi-local-no-napi-null', file: PP, fn: 'page_pool_napi_local', guard: '`napi &&` (pool->p.napi cleared by page_pool_disable_direct_recycling)', patch: patch(PP, 'if (P.napi < 0) return false;', ''), expect: kill('napi-local-only', 'destroy-swap') },
  { id: 'napi-local-no-cpuid', file: PP, fn: 'page_pool_napi_local', guard: '`if (READ_ONCE(pool->cpuid) == cpuid) return true;`', patch: patch(PP, 'if (P.cpuid === cpu) return true;', ''), expect: { equivalent: 'only a per-CPU pool loses its direct recycling: a page goes to the ring instead of the cache, which no safety property can tell; a performance loss (a percpu-pool property would see it)' } },
  // ---- per-CPU and system page pools (issue #16 item 6): pool->cpuid, page_pool_disable_direct_recycling
  { id: 'disable-direct-no-cpuid', file: PP, fn: 'page_pool_disable_direct_recycling', guard: '`WRITE_ONCE(pool->cpuid, -1)`', patch: patch(PP, '  P.cpuid = -1;\n  if (P.napi < 0) return; // if (!pool->p.napi) return;', '  if (P.napi < 0) return; // if (!pool->p.napi) return;'), expect: kill('napi-local-only', 'percpu-destroy') },
  { id: 'disable-direct-napi-first', file: PP, fn: 'page_pool_disable_direct_recycling', guard: '`if (!pool->p.napi) return;` after the cpuid write (moved before it: a per-CPU pool, which has no NAPI, keeps its cpuid)', patch: patch(PP, '  P.cpuid = -1;\n  if (P.napi < 0) return; // if (!pool->p.napi) return;', '  if (P.napi < 0) return; // if (!pool->p.napi) return;\n  P.cpuid = -1;'), expect: kill('napi-local-only', 'percpu-destroy') },
  { id: 'napi-local-cpuid-before-softirq', file: PP, fn: 'page_pool_napi_local', guard: '`if (unlikely(!in_softirq())) return false;` before the `pool->cpuid == cpuid` test (the per-CPU test moved ahead of it)', patch: patch(PP, "  const cfg = env.cfg;\n  if (env.rt && cfg.napiLocalRtGuard) return false;", "  const cfg = env.cfg;\n  if (t.pools[k].cpuid === cpu) return true;\n  if (env.rt && cfg.napiLocalRtGuard) return false;"), expect: kill('napi-local-only', 'percpu-pool') },
  { id: 'napi-local-cpuid-any-cpu', file: PP, fn: 'page_pool_napi_local', guard: '`READ_ONCE(pool->cpuid) == cpuid` (smp_processor_id()) -> any per-CPU pool (`cpuid >= 0`)', patch: patch(PP, 'if (P.cpuid === cpu) return true;', 'if (P.cpuid >= 0) return true;'), expect: kill('napi-local-only', 'percpu-pool') },
  { id: 'disable-direct-no-napi-clear', file: PP, fn: 'page_pool_disable_direct_recycling', guard: '`WRITE_ONCE(pool->p.napi, NULL)`', patch: patch(PP, '  P.napi = -1;\n}', '}'), expect: kill('napi-local-only', 'destroy-swap') },
  { id: 'frag-drain-no-can-recycle', file: PP, fn: 'page_pool_drain_frag', guard: '`__page_pool_page_can_be_recycled(page)` before reusing the drained frag page', patch: patch(PP, 'if (canBeRecycled(t, env, drained)) {', 'if (true) {'), expect: kill('no-pfmemalloc-recycle', 'frag-pfmemalloc') },
  { id: 'frag-no-users-inc', file: PP, fn: 'page_pool_alloc_frag_netmem', guard: '`pool->frag_users++`', patch: patch(PP, '    P.fragUsers++;\n', ''), expect: kill('frag-accounting', 'frag') },
  { id: 'frag-offset-off-by-one', file: PP, fn: 'page_pool_alloc_frag_netmem', guard: '`if (netmem && *offset + size > max_size)` -> `>` one frag later', patch: patch(PP, 'P.fragOff + 1 > maxSize', 'P.fragOff > maxSize'), expect: kill('no-out-of-bounds', 'frag') },
  { id: 'get-cached-at-zero', file: PP, fn: 'page_pool_alloc_pages', guard: '`if (likely(pool->alloc.count))` before `cache[--count]` (the fast path taken on an empty cache)', patch: patch(PP, '  if (P.count > 0) return cacheLoad(t, k, --P.count);', '  return cacheLoad(t, k, --P.count);'), expect: kill('no-out-of-bounds', 'frag') },
  { id: 'recycle-in-cache-full-off-by-one', file: PP, fn: 'page_pool_recycle_in_cache', guard: '`alloc.count == PP_ALLOC_CACHE_SIZE` -> a test one slot late', patch: patch(PP, 'if (P.count >= P.cache.length) {', 'if (P.count > P.cache.length) {'), expect: kill('no-out-of-bounds', 'xdp') },
  { id: 'update-nid-no-drain', file: PP, fn: 'page_pool_update_nid', guard: 'the alloc cache drain (`page_pool_return_netmem` of every cached page)', patch: patch(PP, '  while (P.count > 0) returnNetmem(t, env, k, cacheLoad(t, k, --P.count));\n  // ghost', '  // ghost'), expect: kill('numa-local-refill', 'napi-move') },
  { id: 'scrub-no-empty-cache', file: PP, fn: 'page_pool_empty_alloc_cache_once', guard: 'return every page of the alloc cache', patch: patch(PP, 'if (P.destroyCnt === 0 && P.count > 0) return returnNetmem(', 'if (false) return returnNetmem('), expect: kill('no-leak-at-quiescence', 'teardown') },
  { id: 'scrub-no-empty-ring', file: PP, fn: 'page_pool_empty_ring', guard: '`while ((netmem = ptr_ring_consume_bh(&pool->ring)))`', config: { scrubEmptiesRing: false }, expect: kill('pool-eventually-freed', 'teardown') },
  { id: 'scrub-no-clear-dma-sync', file: PP, fn: 'page_pool_scrub', guard: '`WRITE_ONCE(pool->dma_sync, false)`', patch: patch(PP, 'if (P.destroyCnt === 0) P.dmaSync = false;', ''), expect: kill('dma-unmap-before-free', 'teardown-dma-sync') },
  { id: 'release-free-nonzero', file: PP, fn: 'page_pool_release', guard: '`if (!inflight) __page_pool_destroy(pool)` -> free whatever inflight says', patch: patch(PP, 'if (inflight === 0) {\n    P.st = POOL_FREED;', 'if (true) {\n    P.st = POOL_FREED;'), expect: kill('pool-lifetime', 'teardown') },

  // ---- sized allocation and high-order pools (issue #16 item 8): page_pool.c, helpers.h
  { id: 'order-alloc-no-hold-cnt', file: PP, fn: '__page_pool_alloc_page_order', guard: '`pool->pages_state_hold_cnt++`', patch: patch(PP, 't.pools[k].hold++; // pool->pages_state_hold_cnt++ (order)', ''), expect: kill('pool-lifetime', 'sized-alloc') },
  { id: 'order-alloc-no-pp-magic', file: PP, fn: '__page_pool_alloc_page_order', guard: '`page_pool_set_pp_info()`: `netmem_or_pp_magic(netmem, PP_SIGNATURE)`', patch: patch(PP, 'p.magic = true; // netmem_or_pp_magic(netmem, PP_SIGNATURE) (order)', ''), expect: kill('pp-ownership', 'sized-alloc') },
  { id: 'order-alloc-no-pp-ref-init', file: PP, fn: '__page_pool_alloc_page_order', guard: '`page_pool_set_pp_info()`: `page_pool_fragment_netmem(netmem, 1)`', patch: patch(PP, 'p.ppRef = 1; // page_pool_fragment_netmem(netmem, 1) (order)', ''), expect: kill('frag-accounting', 'sized-alloc') },
  { id: 'frag-reset-no-bias', file: PP, fn: 'page_pool_alloc_frag_netmem', guard: '`frag_reset: page_pool_fragment_netmem(netmem, BIAS_MAX)` (the new frag page, fresh or a whole page page_pool_alloc recycled, keeps pp_ref_count 1)', patch: patch(PP, 't.pages[pg].ppRef = BIAS; // page_pool_fragment_netmem(netmem, BIAS_MAX)', ''), expect: kill('frag-accounting', 'sized-alloc') },
  { id: 'order-frag-max-size-page', file: PP, fn: 'page_pool_alloc_frag_netmem', guard: '`max_size = PAGE_SIZE << pool->p.order` -> `PAGE_SIZE`', patch: patch(PP, 'const maxSize = S.fragsPerPage(P.order);', 'const maxSize = S.fragsPerPage(0);'), expect: { equivalent: 'a high-order pool then fits fewer frags per page: the page is drained and reused earlier, which no safety property can tell (a truesize/performance loss)' } },

  // ---- a driver that counts frags itself (mlx5e, issue #16 item 8): page_pool_fragment_page / page_pool_unref_page
  { id: 'mlx5e-no-fragment', file: MLX5E, fn: 'mlx5e_page_alloc_fragmented', guard: '`page_pool_fragment_page(page, MLX5E_PAGECNT_BIAS_MAX)`', patch: patch(MLX5E, '  page_pool_fragment_page(t, pg, MLX5E_PAGECNT_BIAS_MAX);\n', ''), expect: kill('frag-accounting', 'driver-frags') },
  { id: 'mlx5e-no-frags-inc', file: MLX5E, fn: 'mlx5e_add_skb_frag', guard: '`frag_page->frags++`', patch: patch(MLX5E, '  t.drvFrags++;\n', ''), expect: kill('frag-accounting', 'driver-frags') },
  { id: 'mlx5e-release-full-bias', file: MLX5E, fn: 'mlx5e_page_release_fragmented', guard: '`drain_count = MLX5E_PAGECNT_BIAS_MAX - frag_page->frags` -> the whole bias', patch: patch(MLX5E, 'const drain = MLX5E_PAGECNT_BIAS_MAX - t.drvFrags;', 'const drain = MLX5E_PAGECNT_BIAS_MAX;'), expect: kill('no-double-recycle', 'driver-frags') },
  { id: 'mlx5e-release-no-last-test', file: MLX5E, fn: 'mlx5e_page_release_fragmented', guard: '`if (page_pool_unref_page(page, drain_count) == 0)` before page_pool_put_unrefed_page()', patch: patch(MLX5E, 'if (page_pool_unref_page(t, pg, drain) === 0) putUnrefedPage(', 'page_pool_unref_page(t, pg, drain);\n  putUnrefedPage('), expect: kill('no-double-recycle', 'driver-frags') },

  // ---- GRO frag and head stealing (issue #16 item 8): gro.c
  { id: 'gro-frags-no-clear', file: GRO, fn: 'skb_gro_receive', guard: '`skbinfo->nr_frags = 0` after the frags moved to p (headlen <= offset)', patch: patch(GRO, '    skbinfo.refs = skbinfo.refs.slice(0, 1); // skbinfo->nr_frags = 0\n', ''), expect: kill('frag-accounting', 'gro') },
  { id: 'gro-stolen-head-kfree', file: GRO, fn: 'napi_skb_finish', guard: '`if (NAPI_GRO_CB(skb)->free == NAPI_GRO_FREE_STOLEN_HEAD) napi_skb_free_stolen_head(skb)` -> `__napi_kfree_skb(skb)` (skb_release_data on the stolen head)', patch: patch(GRO, '    napi_skb_free_stolen_head(t, j);', '    consumeSkb(t, env, act, j, env.threaded && a.ctx === TASK, true);'), expect: kill('frag-accounting', 'gro') },
  { id: 'gro-steal-no-frags-bound', file: GRO, fn: 'skb_gro_receive', guard: '`if (nr_frags + 1 + skbinfo->nr_frags > MAX_SKB_FRAGS) goto merge;` (head stolen)', patch: patch(GRO, ': pFrags + 1 + skbFrags <= maxFrags;', ': true;'), expect: kill('no-out-of-bounds', 'gro') },
  { id: 'gro-frags-no-frags-bound', file: GRO, fn: 'skb_gro_receive', guard: '`if (nr_frags > MAX_SKB_FRAGS) goto merge;` (frags only)', patch: patch(GRO, 'return fragsOnly ? pFrags + skbFrags <= maxFrags :', 'return fragsOnly ? true :'), expect: kill('no-out-of-bounds', 'gro') },

  // ---- memory providers (devmem TCP, issue #16 item 7): devmem.c, page_pool.c's mp_ops calls
  { id: 'mp-init-no-binding-get', file: DEVMEM, fn: 'mp_dmabuf_devmem_init', guard: '`net_devmem_dmabuf_binding_get(binding)` (the pool\'s reference on the binding)', patch: patch(DEVMEM, 'return binding + 1; // net_devmem_dmabuf_binding_get(binding)', 'return binding;'), expect: kill('provider-lifetime', 'devmem') },
  { id: 'mp-release-returns-true', file: DEVMEM, fn: 'mp_dmabuf_devmem_release_page', guard: '`return false;` (the provider keeps its net_iov: the pool must not put_page() it)', patch: patch(DEVMEM, '  net_devmem_free_dmabuf(t, pg);\n  return false;', '  net_devmem_free_dmabuf(t, pg);\n  return true;'), expect: kill('provider-lifetime', 'devmem') },
  { id: 'mp-release-no-clear-pp-info', file: DEVMEM, fn: 'mp_dmabuf_devmem_release_page', guard: '`page_pool_clear_pp_info(netmem)` before net_devmem_free_dmabuf()', patch: patch(DEVMEM, '  p.pp = -1;\n  p.magic = false;\n  p.ppRef = 0;\n  net_devmem_free_dmabuf(t, pg);', '  net_devmem_free_dmabuf(t, pg);'), expect: kill('no-page-use-after-free', 'devmem') },
  { id: 'mp-uninit-no-destroy', file: PP, fn: 'page_pool_uninit', guard: '`if (pool->mp_ops) pool->mp_ops->destroy(pool)` (the pool\'s binding reference dropped)', patch: patch(PP, '    if (hasProvider(env, k)) mp_dmabuf_devmem_destroy(t);\n', ''), expect: kill('provider-lifetime', 'devmem') },
  { id: 'mp-alloc-no-hold-cnt', file: DEVMEM, fn: 'mp_dmabuf_devmem_alloc_netmems', guard: '`pool->pages_state_hold_cnt++`', patch: patch(DEVMEM, '  t.pools[k].hold++; // pool->pages_state_hold_cnt++ (niov)\n', ''), expect: kill('pool-lifetime', 'devmem') },
  { id: 'mp-alloc-no-pp-info', file: DEVMEM, fn: 'mp_dmabuf_devmem_alloc_netmems', guard: '`page_pool_set_pp_info(pool, netmem)`: pp_magic', patch: patch(DEVMEM, '  p.magic = true; // (niov)\n', ''), expect: kill('pp-ownership', 'devmem') },
  // ---- unreadable netmem (devmem TCP, issue #16 item 7): skb->unreadable and the checks that keep net_iovs from being read as pages
  { id: 'coalesce-no-readable-check', file: SKB, fn: 'skb_try_coalesce', guard: '`if (skb_frags_readable(from) != skb_frags_readable(to)) return false;` (a readable skb gets net_iov frags)', patch: patch(SKB, '  if ((t.ur === true) !== (f.ur === true)) return false;\n', ''), expect: kill('net-iov-not-page', 'devmem-unreadable') },
  { id: 'fill-netmem-no-unreadable', file: SKBH, fn: '__skb_fill_netmem_desc', guard: '`skb->unreadable = true` for a net_iov frag', patch: patch(SKBH, '    t.skbs[j].ur = true; // skb->unreadable = true\n', ''), expect: kill('net-iov-not-page', 'devmem-unreadable') },
  { id: 'fill-netmem-no-return', file: SKBH, fn: '__skb_fill_netmem_desc', guard: 'the `return` after `skb->unreadable = true` (a net_iov reaches `netmem_to_page()` for the pfmemalloc test)', patch: patch(SKBH, '    t.skbs[j].ur = true; // skb->unreadable = true\n    return;\n', '    t.skbs[j].ur = true; // skb->unreadable = true\n'), expect: kill('net-iov-not-page', 'devmem-unreadable') },
  { id: 'datagram-iter-no-readable-check', file: 'model/kernel/net/core/datagram.ts', fn: '__skb_datagram_iter', guard: '`if (!skb_frags_readable(skb)) goto short_copy;`', patch: patch('model/kernel/net/core/datagram.ts', '  if (!skb_frags_readable(x)) return -1; // goto short_copy\n', ''), expect: { equivalent: 'its only caller in the model, tcp_recvmsg_locked(), calls skb_copy_datagram_msg() only when skb_frags_readable(skb) (tcp_recvmsg_dmabuf() otherwise), as 6.12 does: the check is a second line of defence for other callers (skb_copy_datagram_iter from other protocols), which the model does not have' } },

  // ---- the bulk put (page_pool_put_page_bulk, xdp_return_frame_bulk)
  { id: 'bulk-no-napi-local', file: PP, fn: 'page_pool_put_page_bulk', guard: '`allow_direct = page_pool_napi_local(pool)` -> allow_direct = true (a TX completion on any CPU writes the alloc cache)', patch: patch(PP, 'act.c = env.cfg.bulkAllowDirect && napiLocal(t, env, k, cpu, ctx, act) ? 1 : 0;', 'act.c = 1;'), expect: kill('napi-local-only', 'xdp-bulk') },
  { id: 'bulk-no-last-ref', file: PP, fn: 'page_pool_put_page_bulk', guard: '`if (!page_pool_is_last_ref(netmem)) continue;` (two frags of one page in one bulk)', config: { bulkChecksLastRef: false }, expect: kill('no-double-recycle', 'xdp-bulk-frag') },
  { id: 'bulk-produce-no-full-check', file: PP, fn: 'page_pool_put_page_bulk', guard: '`if (__ptr_ring_produce(&pool->ring, data[i])) { recycle_stat_inc(pool, ring_full); break; }`', config: { bulkProduceChecksFull: false }, expect: kill('no-out-of-bounds', 'xdp-bulk') },
  { id: 'bulk-no-can-recycle', file: PP, fn: '__page_pool_put_page', guard: '`__page_pool_page_can_be_recycled(netmem)` in the bulk loop (a pfmemalloc page goes back to the page allocator)', patch: patch(PP, '    if (canBeRecycled(t, env, pg)) {\n      // page_pool_dma_sync_for_device(): rcu_read_lock(); if (pool->dma_sync) sync (one step:', '    if (true) {\n      // page_pool_dma_sync_for_device(): rcu_read_lock(); if (pool->dma_sync) sync (one step:'), expect: kill('no-pfmemalloc-recycle', 'xdp-bulk-frag') },
  { id: 'bulk-cache-no-full-check', file: PP, fn: 'page_pool_recycle_in_cache', guard: '`if (unlikely(pool->alloc.count == PP_ALLOC_CACHE_SIZE))` as the bulk loop reaches it', config: { bulkCacheFullCheck: false }, expect: kill('no-out-of-bounds', 'xdp-bulk') },
  { id: 'bulk-stat-after-unlock', file: PP, fn: 'page_pool_put_page_bulk', guard: '`recycle_stat_add(pool, ring, i)` before `page_pool_producer_unlock()`', config: { bulkStatInsideLock: false }, expect: kill('pool-lifetime', 'xdp-bulk') },

  // ---- pages no pool owns (page allocator pages next to pool pages)
  { id: 'clear-pp-info-no-magic', file: PP, fn: 'page_pool_clear_pp_info', guard: '`netmem_clear_pp_magic(netmem)` before the page goes back to the page allocator', config: { returnClearsPpMagic: false }, expect: kill('pool-owns-its-pages', 'rx-recycle') },
  { id: 'return-put-before-clear', file: PP, fn: 'page_pool_return_netmem', guard: '`page_pool_clear_pp_info(netmem)` before `put_page()` (the page is freed while it still names its pool)', patch: patch(PP, '  if (env.cfg.returnClearsPpMagic && netmem_clear_pp_magic(p, PP_MAGIC_LAYOUTS[env.arch]) && t.g.dmaBad < 0) t.g.dmaBad = pg;\n  p.pp = -1;\n  p.ppRef = 0;\n  putPage(t, pg);', '  putPage(t, pg);\n  if (env.cfg.returnClearsPpMagic && netmem_clear_pp_magic(p, PP_MAGIC_LAYOUTS[env.arch]) && t.g.dmaBad < 0) t.g.dmaBad = pg;\n  p.pp = -1;\n  p.ppRef = 0;'), expect: kill('pool-owns-its-pages', 'rx-recycle') },
  { id: 'pp-frag-ref-no-magic', file: SKB, fn: 'skb_pp_frag_ref', guard: '`if (!netmem_is_pp(netmem)) return -EINVAL;` (a cloned skb\'s non-pool frag gets a page reference, not a pp one)', patch: patch(SKB, "if (from.ppr && cfg.coalesceClonedPp === 'pp_ref' && p.magic) {", "if (from.ppr && cfg.coalesceClonedPp === 'pp_ref') {"), expect: kill('pp-ownership', 'foreign-frags') }, // the pp reference names a page no pool owns

  // ---- struct page layout (issue #16 item 3): pp_magic bits, page->dma_addr's 32-bit split, the DMA index
  { id: 'set-dma-addr-no-shift', file: PPPRIV, fn: 'page_pool_set_dma_addr_netmem', guard: '`addr >> PAGE_SHIFT` where dma_addr_t is wider than unsigned long (the address stored as is, truncated)', patch: patch(PPPRIV, 'netmem_set_dma_addr(p, Math.floor(addr / 2 ** PAGE_SHIFT), arch); // addr >> PAGE_SHIFT', 'netmem_set_dma_addr(p, addr, arch);'), expect: kill('dma-address-intact', 'teardown-32bit-dma64') },
  { id: 'get-dma-addr-no-shift', file: PPPRIV, fn: 'page_pool_get_dma_addr_netmem', guard: '`ret <<= PAGE_SHIFT` where dma_addr_t is wider than unsigned long', patch: patch(PPPRIV, '  if (with64BitDma(arch)) ret = ret * 2 ** PAGE_SHIFT; // ret <<= PAGE_SHIFT\n', ''), expect: kill('dma-address-intact', 'teardown-32bit-dma64') },
  { id: 'set-dma-addr-no-split', file: PPPRIV, fn: 'page_pool_set_dma_addr_netmem', guard: '`if (PAGE_POOL_32BIT_ARCH_WITH_64BIT_DMA)`: the split skipped (the address stored in an unsigned long as is, no check)', patch: patch(PPPRIV, '  if (with64BitDma(arch)) {\n    netmem_set_dma_addr', '  if (false) {\n    netmem_set_dma_addr'), expect: kill('dma-address-intact', 'teardown-32bit-dma64') },
  { id: 'pp-magic-get-keeps-index', file: NETMEM, fn: 'netmem_get_pp_magic', guard: '`& ~PP_DMA_INDEX_MASK` (the index bits read as part of the magic: netmem_is_pp false for a mapped page)', patch: patch(NETMEM, '  return ppMagicWord(p, L) & ~L.indexMask;', '  return ppMagicWord(p, L);'), expect: kill('dma-address-intact', 'rx-recycle') },
  { id: 'magic-mask-keeps-pfmemalloc-bit', file: NETMEM, fn: 'netmem_is_pp', guard: 'PP_MAGIC_MASK clears bits 0-1 (`0x3UL`): a pfmemalloc pool page (bit 1 of lru.next) compared with them', patch: patch(NETMEM, '  return (netmem_get_pp_magic(p, L) & L.magicMask) === L.signature;', '  return (netmem_get_pp_magic(p, L) & (L.magicMask | 0x3n)) === L.signature;'), expect: kill('no-page-use-after-free', 'rx-recycle') },
  { id: 'set-pp-info-assigns-magic', file: NETMEM, fn: 'netmem_or_pp_magic', guard: '`pp_magic |= PP_SIGNATURE` -> `pp_magic = PP_SIGNATURE` (the DMA index and the pfmemalloc bit set before are lost)', patch: patch(NETMEM, '  setPpMagicWord(p, ppMagicWord(p, L) | v, L);', '  setPpMagicWord(p, v, L);'), expect: kill('dma-unmap-before-free', 'teardown') },
  { id: 'release-dma-no-index-clear', file: PP, fn: '__page_pool_release_netmem_dma', guard: '`netmem_set_dma_index(netmem, 0)` before page_pool_clear_pp_info()', patch: patch(PP, '    if (dmaIndexed(env)) netmem_set_dma_index(p, 0, PP_MAGIC_LAYOUTS[env.arch]);\n', ''), expect: kill('dma-address-intact', 'rx-recycle') },
  { id: 'unmap-reads-addr-after-clear', file: PP, fn: '__page_pool_release_netmem_dma', guard: 'the address read before it is cleared (`dma = page_pool_get_dma_addr_netmem(netmem)` first; page_pool_set_dma_addr_netmem(netmem, 0) after the unmap)', config: { releaseDmaReadsAddrFirst: false }, expect: kill('dma-address-intact', 'rx-recycle') },

  // ---- source patches: skbuff.c, dev.c, xdp.c, netdevice.h, mm.h
  { id: 'clone-no-dataref-inc', file: SKB, fn: 'skb_clone', guard: '`atomic_inc(&skb_shinfo(skb)->dataref)` (__skb_clone)', patch: patch(SKB, 't.sh[x.sh].dataref++;', ''), expect: kill('frag-accounting', 'skb-clone-coalesce') },
  { id: 'clone-no-pp-recycle-copy', file: SKB, fn: 'skb_clone', guard: '`C(pp_recycle)` (__skb_clone copies pp_recycle)', patch: patch(SKB, 'ppr: x.ppr, cpu: x.cpu, cloned: true', 'ppr: false, cpu: x.cpu, cloned: true'), expect: kill('no-page-use-after-free', 'skb-clone-coalesce') },
  { id: 'coalesce-no-pp-recycle-match', file: SKB, fn: 'skb_try_coalesce', guard: '`if (to->pp_recycle != from->pp_recycle) return false;`', patch: patch(SKB, 'if (t.ppr !== f.ppr) return false;', ''), expect: kill('no-page-use-after-free', 'skb-clone-coalesce') },
  { id: 'coalesce-steal-no-clear', file: SKB, fn: 'skb_try_coalesce', guard: 'the stolen head and moved frags leave `from` (`from_shinfo->nr_frags = 0`)', patch: patch(SKB, '    fr.refs = [];\n    fr.head = false;', '    fr.head = false;'), expect: kill('frag-accounting', 'skb-clone-coalesce') },
  { id: 'coalesce-no-frags-bound', file: SKB, fn: 'skb_try_coalesce', guard: '`if (to_shinfo->nr_frags + from_shinfo->nr_frags > MAX_SKB_FRAGS) return false;`', patch: patch(SKB, 'return fr.length > 0 && toFrags + fr.length <= MAX_SKB_FRAGS;', 'return fr.length > 0;'), expect: kill('no-out-of-bounds', 'skb-clone-coalesce') },
  { id: 'release-data-head-skipped', file: SKB, fn: 'skb_release_data', guard: '`skb_free_head(skb)` (the head page after the frags)', patch: patch(SKB, 'for (let i = first; i < n + first; i++) {', 'for (let i = first; i < n; i++) {'), expect: kill('frag-accounting', 'rx-recycle') },
  { id: 'expand-no-release-old', file: SKB, fn: 'pskb_expand_head', guard: '`skb_release_data(skb, SKB_CONSUMED)` of the old data', patch: patch(SKB, '  releaseData(t, env, act, j);\n  // the new head', '  // the new head'), expect: kill('pp-ownership', 'skb-clone-coalesce') },
  { id: 'defer-flush-any-cpu', file: DEV, fn: 'skb_defer_free_flush', guard: 'flushes only `sd->defer_list` of this CPU', patch: patch(DEV, 'x.st === SKB_DEFERRED && x.cpu === a.cpu', 'x.st === SKB_DEFERRED'), expect: { equivalent: 'a flush frees a deferred skb on another CPU than its alloc_cpu: the same frees as a direct kfree_skb/napi_consume_skb there, which the model already explores' } },
  { id: 'napi-complete-keeps-owner', file: DEV, fn: 'napi_complete_done', guard: '`WRITE_ONCE(n->list_owner, -1)`', patch: patch(DEV, '  n.sched = false;\n  n.owner = -1;', '  n.sched = false;'), expect: kill('napi-local-only', 'napi-move') },
  { id: 'napi-schedule-threaded-owner', file: NETDEV, fn: '____napi_schedule', guard: 'threaded NAPI: the kthread is woken, `list_owner` is not set', patch: patch(NETDEV, 'n.owner = env.threaded && env.cfg.threadedScheduleSkipsListOwner ? -1 : a.cpu;', 'n.owner = a.cpu;'), expect: kill('napi-local-only', 'threaded-napi') }, // was equivalent until the kthread could migrate between polls (issue #15 D10): the IRQ's CPU then decides napi_local while the kthread consumes elsewhere
  { id: 'xdp-return-direct', file: XDP, fn: 'xdp_return_frame', guard: '`napi_direct = false` (xdp_return_frame, not xdp_return_frame_rx_napi)', patch: patch(XDP, 'startPut(t, env, act, a.cpu, a.ctx, pg, false);', 'startPut(t, env, act, a.cpu, a.ctx, pg, true);'), expect: kill('napi-local-only', 'xdp') },
  { id: 'put-page-no-zero-check', file: MM, fn: 'put_page', guard: '`VM_BUG_ON_PAGE(page_ref_zero_or_close_to_overflow(page))` (a put at _refcount 0)', patch: patch(MM, '  if (p.ref <= 0) {\n    if (t.g.putFreed < 0) t.g.putFreed = pg;\n    return;\n  }\n', ''), expect: { equivalent: 'the check only records a bug (ghost putFreed) that the mutation erases; mainline never puts a free page, so nothing else changes' } },
];
