/**
 * The regression corpus: for every entry of /work/shared/kernel/bugs.md, the
 * variant with the bug (`<id>`: its era, with the code as it was before the
 * fix) and the variant with the fix (`<id>-fixed`). Each is an era's config
 * (model/variants/eras.ts) plus the one guard the bug is about; a few add a
 * property of their own (a patch that extends the invariants). Expectations
 * here are the ones recorded in test/corpus/manifest.json and checked by
 * test/corpus/manifest.test.ts. The kernel stories are in docs/bugs.md.
 */
import type { Invariant, Model } from '../../src/engine/model.ts';
import type { PropertyInfo } from '../../src/family.ts';
import { numaLocalRecycling } from '../../properties/numa-local-recycling.ts';
import { releaseWorkerStops } from '../../properties/release-worker-stops.ts';
import { xdpDropDirect } from '../../properties/xdp-drop-direct.ts';
import { providerLifetime } from '../../properties/provider-lifetime.ts';
import { netIovNotPage } from '../../properties/net-iov-not-page.ts';
import type { Action, Env } from '../env.ts';
import { page_pool_put_full_page } from '../kernel/include/net/page_pool/helpers.ts';
import type { PpAction } from '../registry.ts';
import type { ModelConfig } from '../config.ts';
import { type Actor, type PagePoolState, KIND_PP } from '../state.ts';
import { ERA_CONFIG, type EraId } from './eras.ts';
import type { VariantDef } from './types.ts';

/** The 13 ids of /work/shared/kernel/bugs.md, in its order. */
export const CORPUS_IDS = [
  'pfmemalloc-recycle',
  'numa-no-node-starvation',
  'netpoll-hardirq-cache',
  'clone-expand-double-recycle',
  'coalesce-frag-uaf',
  'threaded-napi-softirq-check',
  'napi-reuse-after-destroy',
  'direct-recycle-context',
  'napi-local-destroy-window',
  'preempt-rt-cache-race',
  'recycle-in-ring-pool-uaf',
  'dma-unmap-after-unbind',
  'negative-inflight-release-loop',
] as const;

export type CorpusId = (typeof CORPUS_IDS)[number];

/** Properties that only corpus variants check (listed in the family's property list too); release-worker-stops is a mainline property now (properties/index.ts). */
export const CORPUS_PROPERTIES: Invariant<PagePoolState>[] = [numaLocalRecycling, xdpDropDirect];
/**
 * Properties that only the mainline scenarios naming them check (Scenario.checks), with no corpus
 * variant: provider-lifetime (scenario devmem), net-iov-not-page (scenario devmem-unreadable); killed
 * mutants in test/mutate/mutants.ts.
 */
export const SCENARIO_PROPERTIES: Invariant<PagePoolState>[] = [providerLifetime, netIovNotPage];
export const CORPUS_PROPERTY_INFO: PropertyInfo[] = CORPUS_PROPERTIES.map((p) => ({ id: p.id, description: p.description }));

type Patch = NonNullable<VariantDef['patch']>;

/** Check `extra` first, then the model's own invariants. */
function withInvariants(...extra: Invariant<PagePoolState>[]): Patch {
  return (m) => ({ ...m, invariants: [...extra, ...m.invariants] });
}

/**
 * A buggy driver (negative-inflight-release-loop): its RX-ring teardown
 * (page_pool_put_full_page for every descriptor page) puts each page twice:
 * the variant replaces page_pool_put_full_page by name. The double put breaks
 * the ownership properties by construction, so the variant checks only
 * release-worker-stops: what the kernel fix is about.
 */
export function driverDoublePut(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  page_pool_put_full_page(t, a, env, act);
  const again = act.q.filter((e) => ((e >> 1) & 1) === KIND_PP);
  act.q.push(...again);
}
// nor any liveness property: the pool is leaked on purpose once inflight went negative
export const onlyReleaseWorkerStops: Patch = (m: Model<PagePoolState, PpAction>) => ({ ...m, invariants: [releaseWorkerStops], terminalInvariants: [], liveness: [] });

interface CorpusEntry {
  id: CorpusId;
  era: EraId;
  /** the era's code before the fix (on top of the era) */
  bug: Partial<ModelConfig>;
  /** the fix (on top of era + bug) */
  fix: Partial<ModelConfig>;
  scenarios: string[];
  property: string;
  /** upper bound on the shortest counterexample (steps), as in the manifest */
  maxTraceLength: number;
  bugDescription: string;
  fixDescription: string;
  /** kernel functions replaced by name (VariantDef.replace) */
  replace?: VariantDef['replace'];
  patch?: Patch;
}

const ENTRIES: CorpusEntry[] = [
  {
    id: 'pfmemalloc-recycle',
    era: 'v5.4',
    bug: { recycleChecksPfmemalloc: false },
    fix: { recycleChecksPfmemalloc: true },
    scenarios: ['xdp-pfmemalloc'],
    property: 'no-pfmemalloc-recycle',
    maxTraceLength: 5,
    bugDescription: 'v5.4 __page_pool_put_page(): any page with refcount 1 is recycled, pfmemalloc reserve pages too',
    fixDescription: 'd5394610b1ba: __page_pool_put_page() refuses pfmemalloc pages (pool_page_reusable)',
  },
  {
    id: 'numa-no-node-starvation',
    era: 'v5.4',
    bug: { recycleChecksPfmemalloc: true, recycleChecksPoolNid: true, refillChecksNuma: false },
    fix: { recycleChecksPoolNid: false, refillChecksNuma: true },
    scenarios: ['numa-no-node'],
    property: 'numa-local-recycling',
    maxTraceLength: 5,
    bugDescription: 'd5394610b1ba (v5.5): put-side `page_to_nid(page) == pool->p.nid`, never true for NUMA_NO_NODE: recycling stops',
    fixDescription: '44768decb7c0: the NUMA test moves to page_pool_refill_alloc_cache() against numa_mem_id()',
    patch: withInvariants(numaLocalRecycling),
  },
  {
    id: 'netpoll-hardirq-cache',
    era: 'v5.14',
    bug: { netpollAllowDirect: true },
    fix: { netpollAllowDirect: false },
    scenarios: ['netpoll'],
    property: 'napi-local-only',
    maxTraceLength: 6,
    bugDescription:
      'v5.x: netpoll (hard IRQ, NAPI budget 0) recycles RX pages with page_pool_recycle_direct(); in_serving_softirq() is true in a hardirq nested in the NAPI softirq',
    fixDescription: 'drivers do no XDP / direct recycling at NAPI budget 0 (netpoll); page_pool use in hardirq is forbidden (ff4e538c8c3e)',
  },
  {
    id: 'clone-expand-double-recycle',
    era: 'v5.14',
    bug: { skbReleaseDataClearsPpRecycle: false },
    fix: { skbReleaseDataClearsPpRecycle: true },
    scenarios: ['skb-clone-expand'],
    property: 'pp-ownership',
    maxTraceLength: 11,
    bugDescription: '6a5bcd84e886 before 2cc3aeb5eccc: an expanded clone keeps skb->pp_recycle and also hands the shared frag pages to the pool',
    fixDescription: '2cc3aeb5eccc: skb_release_data() clears skb->pp_recycle on every exit, only the last dataref holder recycles',
  },
  {
    id: 'coalesce-frag-uaf',
    era: 'v5.14',
    // with 271683bb2cf3 backported: v5.14 also had the ring-recycle pool use-after-free
    // (corpus recycle-in-ring-pool-uaf), which frag finds first once it has two CPUs
    // (docs/findings.md, finding 4); without it the -fixed twin is not clean beyond the
    // default bounds, and random mode would report that other bug first
    bug: { coalesceClonedPp: 'page_ref', ringStatInsideLock: true, releaseTakesProducerLock: true },
    fix: { coalesceClonedPp: 'reject' },
    scenarios: ['frag'],
    property: 'frag-accounting',
    maxTraceLength: 16,
    bugDescription: 'v5.15 frag API: skb_try_coalesce() from a cloned pp skb takes page references where pp frag references are needed (CVE-2022-49093)',
    fixDescription: '1effe8ca4e34: skb_try_coalesce() refuses to coalesce a cloned pp_recycle skb',
  },
  {
    id: 'threaded-napi-softirq-check',
    era: 'v5.14',
    bug: { allowDirectContextCheck: 'in_serving_softirq' },
    fix: { allowDirectContextCheck: 'in_softirq' },
    scenarios: ['threaded-xdp'],
    property: 'xdp-drop-direct',
    maxTraceLength: 4,
    bugDescription: 'v5.12-v6.2: `allow_direct && in_serving_softirq()`, false in the threaded-NAPI kthread: the alloc cache is unreachable',
    fixDescription: '542bcea4be86: `allow_direct && in_softirq()` (BH disabled counts)',
    patch: withInvariants(xdpDropDirect),
  },
  {
    id: 'napi-reuse-after-destroy',
    era: 'v6.4',
    // with 271683bb2cf3 backported: v6.4 also had the ring use-after-free, which the
    // destroy-swap scenario finds first (see the v6.4 era rows of the manifest)
    bug: { disableDirectRecyclingOnDestroy: false, ringStatInsideLock: true, releaseTakesProducerLock: true },
    fix: { disableDirectRecyclingOnDestroy: true },
    scenarios: ['destroy-swap'],
    property: 'napi-local-only',
    maxTraceLength: 16,
    bugDescription: '8c48eea3adf3 before dd64b232deb8: a destroyed pool still names the re-enabled NAPI and takes direct recycling into its cache',
    fixDescription: 'dd64b232deb8: page_pool_destroy() unlinks the pool from its NAPI (pool->p.napi = NULL)',
  },
  {
    id: 'direct-recycle-context',
    era: 'v6.4',
    // v6.4-v6.8 decided NAPI locality only for a NAPI-driven skb free (8c48eea3adf3: napi_safe in
    // napi_pp_put_page), never for a driver's or netpoll's put (skbPathNeedsNapiSafe): with the
    // hard IRQ's in_softirq() read from preempt_count (it is true over the NAPI softirq), the
    // mainline napi_local decision on netpoll's put would wrongly reach the cache in the fix
    bug: { netpollAllowDirect: true, allowDirectContextCheck: 'in_softirq', skbPathNeedsNapiSafe: true },
    fix: { allowDirectContextCheck: 'softirq_not_hardirq' },
    scenarios: ['netpoll'],
    property: 'napi-local-only',
    maxTraceLength: 6,
    bugDescription: 'v6.4 `allow_direct && in_softirq()`: in_softirq() is true in a hardirq that interrupted the NAPI softirq',
    fixDescription: 'v6.6 (ff4e538c8c3e and series): no direct recycling from hardirq (the rule lockdep_assert_no_hardirq() enforces)',
  },
  {
    id: 'napi-local-destroy-window',
    era: 'mainline',
    bug: { driverRespectsNapiAssert: false },
    fix: { napiLocalRcu: true },
    scenarios: ['destroy-live-napi'],
    property: 'napi-local-only',
    maxTraceLength: 11,
    bugDescription:
      'mainline (open report): page_pool_napi_local() decided, then page_pool_destroy() on another CPU disables direct recycling and empties the cache before the push',
    fixDescription: 'proposed (Yunsheng Lin): rcu_read_lock() around the napi_local decision and the put, synchronize_rcu() in page_pool_destroy()',
  },
  {
    id: 'preempt-rt-cache-race',
    era: 'mainline',
    bug: { napiLocalRtGuard: false },
    fix: { napiLocalRtGuard: true },
    scenarios: ['preempt-rt'],
    property: 'napi-local-only',
    maxTraceLength: 10,
    bugDescription: 'before 32471b2f481d: on PREEMPT_RT a BH-disabled task pushes into the cache while the preempted NAPI softirq is inside it',
    fixDescription: '32471b2f481d: page_pool_napi_local() returns false on PREEMPT_RT',
  },
  {
    id: 'recycle-in-ring-pool-uaf',
    era: 'mainline',
    bug: { ringStatInsideLock: false, releaseTakesProducerLock: false },
    fix: { ringStatInsideLock: true, releaseTakesProducerLock: true },
    scenarios: ['teardown'],
    property: 'pool-lifetime',
    maxTraceLength: 14,
    bugDescription: 'before 271683bb2cf3: the producer unlocks and bumps the ring stat after the release worker freed the pool (CVE-2025-38129)',
    fixDescription: '271683bb2cf3: stat inside the producer lock; page_pool_release() takes the producer lock before freeing',
  },
  {
    id: 'dma-unmap-after-unbind',
    era: 'mainline',
    bug: { dmaUnmapOnScrub: false },
    fix: { dmaUnmapOnScrub: true },
    scenarios: ['teardown'],
    property: 'dma-unmap-before-free',
    maxTraceLength: 12,
    bugDescription: 'before ee62ce7a1d90: pages in flight at page_pool_destroy() keep their DMA mapping past the device unbind',
    fixDescription: 'ee62ce7a1d90: pool->dma_mapped tracks every mapping; page_pool_scrub() unmaps them all at destroy',
  },
  {
    id: 'negative-inflight-release-loop',
    era: 'mainline',
    bug: { retryStopsOnNegative: false },
    fix: { retryStopsOnNegative: true },
    scenarios: ['teardown'],
    property: 'release-worker-stops',
    // destroy (inflight < 0, schedules the work once), then the worker's rerun re-arms: 17 steps
    maxTraceLength: 17,
    bugDescription: 'before the Jason Xing fix: with a driver that puts a page twice (inflight < 0) page_pool_release_retry() reschedules itself forever',
    fixDescription: '43130d02baa1: page_pool_release_retry() stops when inflight <= 0',
    replace: { page_pool_put_full_page: driverDoublePut },
    patch: onlyReleaseWorkerStops,
  },
];

function bugVariant(e: CorpusEntry): VariantDef {
  const v: VariantDef = {
    id: e.id,
    kind: 'bug',
    description: e.bugDescription,
    scenarios: e.scenarios,
    expect: { verdict: 'violation', property: e.property, maxTraceLength: e.maxTraceLength },
    config: { ...ERA_CONFIG[e.era], ...e.bug },
  };
  if (e.replace) v.replace = e.replace;
  if (e.patch) v.patch = e.patch;
  return v;
}

function fixedVariant(e: CorpusEntry): VariantDef {
  const v: VariantDef = {
    id: `${e.id}-fixed`,
    kind: 'fixed',
    description: e.fixDescription,
    scenarios: e.scenarios,
    expect: { verdict: 'ok' },
    config: { ...ERA_CONFIG[e.era], ...e.bug, ...e.fix },
  };
  if (e.replace) v.replace = e.replace;
  if (e.patch) v.patch = e.patch;
  return v;
}

export const corpus: VariantDef[] = ENTRIES.flatMap((e) => [bugVariant(e), fixedVariant(e)]);

/** The era and scenarios of a corpus id (for docs and tests). */
export function corpusEntry(id: string): Pick<CorpusEntry, 'id' | 'era' | 'scenarios' | 'property'> | undefined {
  return ENTRIES.find((e) => e.id === id);
}
