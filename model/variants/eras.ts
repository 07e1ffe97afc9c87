/**
 * Kernel eras as differences over the one model: each era is a set of
 * `ModelConfig` overrides of mainline (model/config.ts), never a copy.
 * A corpus variant (model/variants/corpus.ts) is an era plus the one guard
 * its bug changes.
 *
 * Sources: /work/shared/kernel/semantics.md (a)-(d), the commits cited per
 * field below. Where a guard did not exist yet in an era, the era value is
 * the behaviour without it.
 */
import type { ModelConfig } from '../config.ts';
import type { VariantDef } from './types.ts';

export type EraId = 'v5.4' | 'v5.14' | 'v6.4' | 'mainline';

/**
 * v5.4: alloc cache + ptr_ring; the only cache guard is
 * `allow_direct && in_serving_softirq()` in __page_pool_put_page(); no skb
 * recycling (no skb->pp_recycle, no page->pp); no pfmemalloc or NUMA test
 * (d5394610b1ba and 44768decb7c0 are v5.5); no NAPI-local recycling; no
 * ring stats; page_pool_release() frees without the producer-lock barrier;
 * no DMA tracking; the release worker stops only at inflight == 0.
 */
const v54: Partial<ModelConfig> = {
  skbRecycling: false, // 6a5bcd84e886 (v5.14)
  recycleChecksPfmemalloc: false, // d5394610b1ba (v5.5)
  refillChecksNuma: false, // 44768decb7c0 (v5.5)
  allowDirectContextCheck: 'in_serving_softirq', // __page_pool_put_page(): allow_direct && in_serving_softirq()
  napiLocalRecycling: false, // 8c48eea3adf3 (v6.4)
  directRecycleCheck: 'in_serving_softirq', // (unused without napi_local)
  napiLocalRtGuard: false, // 32471b2f481d (May 2025)
  disableDirectRecyclingOnDestroy: false, // dd64b232deb8 (v6.4); nothing to unlink before it
  ringStatInsideLock: false, // 271683bb2cf3 (May 2025)
  releaseTakesProducerLock: false, // 271683bb2cf3
  dmaUnmapOnScrub: false, // ee62ce7a1d90 (v6.15)
  retryStopsOnNegative: false, // Jason Xing, 2025
};

/**
 * v5.14: skb recycling (6a5bcd84e886: skb->pp_recycle, page->pp, pp_magic),
 * with 2cc3aeb5eccc (v5.14-rc2, pp_recycle cleared on every
 * skb_release_data exit); the v5.5 pfmemalloc test on put and NUMA test on
 * refill; the skb path always puts with allow_direct=false (no napi_local);
 * `in_serving_softirq()` still guards allow_direct. The frag API
 * (53e0961da1c7, v5.15) is always present in the model: the `frag` scenario
 * stands for v5.15, with coalesce taking page references (pre-1effe8ca4e34).
 */
const v514: Partial<ModelConfig> = {
  ...v54,
  skbRecycling: true,
  recycleChecksPfmemalloc: true,
  refillChecksNuma: true,
  skbReleaseDataClearsPpRecycle: true,
  coalesceClonedPp: 'page_ref', // 1effe8ca4e34 (Mar 2022) not yet; skb_pp_frag_ref (v6.8) not yet
};

/**
 * v6.4: NAPI-local direct recycling from the skb path (8c48eea3adf3:
 * `napi_safe && napi && list_owner == smp_processor_id()`), unlinked in
 * page_pool_destroy() (dd64b232deb8, same release); `allow_direct &&
 * in_softirq()` (542bcea4be86, v6.3); coalesce of a cloned pp skb rejected
 * (1effe8ca4e34). No per-CPU pools (cpuid, v6.9), no PREEMPT_RT guard, no
 * ring-UAF fix, no DMA tracking, worker stops only at 0.
 */
const v64: Partial<ModelConfig> = {
  ...v514,
  napiLocalRecycling: true,
  directRecycleCheck: 'in_softirq',
  allowDirectContextCheck: 'in_softirq',
  disableDirectRecyclingOnDestroy: true,
  coalesceClonedPp: 'reject',
};

export const ERA_CONFIG: Record<EraId, Partial<ModelConfig>> = {
  'v5.4': v54,
  'v5.14': v514,
  'v6.4': v64,
  mainline: {},
};

/** The era variants, in kernel order (mainline itself is model/variants/mainline.ts). */
export const ERA_IDS: EraId[] = ['v5.4', 'v5.14', 'v6.4', 'mainline'];

/**
 * Default scenarios are the cheap ones where the era is expected to be correct
 * (`rx-recycle` also passes for v5.14 and v6.4 but takes 14-21 s each; see docs/bugs.md).
 */
export const eras: VariantDef[] = [
  {
    id: 'v5.4',
    kind: 'era',
    description: 'v5.4: alloc cache + ptr_ring, `allow_direct && in_serving_softirq()`, XDP only (no skb recycling, no pfmemalloc/NUMA tests)',
    scenarios: ['xdp', 'numa-no-node'],
    expect: { verdict: 'ok' },
    config: v54,
  },
  {
    id: 'v5.14',
    kind: 'era',
    description: 'v5.14: skb recycling (skb->pp_recycle, page->pp) with 2cc3aeb5eccc, skb path never direct, in_serving_softirq() guard',
    scenarios: ['xdp', 'skb-clone-expand', 'threaded-xdp'],
    expect: { verdict: 'ok' },
    config: v514,
  },
  {
    id: 'v6.4',
    kind: 'era',
    description: 'v6.4: NAPI-local direct recycling from the skb path (8c48eea3adf3) with the destroy unlink (dd64b232deb8), in_softirq() guard',
    scenarios: ['xdp', 'frag', 'threaded-napi'],
    expect: { verdict: 'ok' },
    config: v64,
  },
];
