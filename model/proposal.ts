/**
 * The extension API: a reviewer writes ONE TypeScript file that starts from
 * mainline (or any variant: an era, a bug, a fixed variant) and changes it,
 * without touching the project's files:
 *
 *     // proposals/my-change.ts
 *     import { defineProposal } from '../model/proposal.ts';
 *     export const family = defineProposal({
 *       id: 'my-change',
 *       description: 'what the patch does',
 *       base: 'mainline',                        // any `ppcheck list variants` id
 *       scenarios: ['rx-recycle'],               // default: the base's scenarios
 *       config: { napiLocalChecksListOwner: false },   // model/config.ts guards
 *       replace: {                               // an action kind's step, as a kernel C patch would
 *         napi_pp_put_page(t, a, k) { ... },     // t: an immer draft of the state, mutate it
 *       },
 *       add: [ { fn: 'my_new_fn', enabled(s, k) {...}, step(t, a, k) {...} } ],
 *       state: { bias: { perPage: 0 } },         // new state fields (t.x.bias[page])
 *       properties: [ { id, description, check(s) } ],
 *     });
 *
 * `ppcheck check --model proposals/my-change.ts` checks it (the file's
 * family has every shipped variant plus the proposal, and the proposal is
 * its default variant); `ppcheck diff --model proposals/my-change.ts`
 * compares it with mainline. A mistake found when the file loads (unknown
 * base, scenario, action kind, config field) is reported as
 * `ppcheck: <file>:<line>:<col>: <message>`, exit 2; an exception thrown by
 * the file's own code during a run names the file's line too.
 *
 * docs/reviewing-a-proposal.md walks through it; proposals/ has examples.
 */
import { Immer, type Draft } from 'immer';
import type { Invariant, Model, StateWriter } from '../src/engine/model.ts';
import type { Bounds, Expectation, ModelFamily, VariantInfo } from '../src/family.ts';
import * as C from './context.ts';
import type { Env } from './env.ts';
import { allocPage as allocOrdinaryPage, putPage } from './kernel/include/linux/mm.ts';
import { page_pool_fragment_page } from './kernel/include/net/page_pool/helpers.ts';
import * as PP from './kernel/net/core/page_pool.ts';
import { FNS, KERNEL_FUNCTION, type Fn, type PpAction } from './registry.ts';
import { buildEnv, buildModel, resolve } from './build.ts';
import { in_hardirq, in_serving_softirq, in_softirq } from './kernel/include/linux/preempt.ts';
import { __skb_frag_ref, consumeSkb, fragList, releaseData, segmentDescs, skb_drop_fraglist, unrefFrag } from './kernel/net/core/skbuff.ts';
import { PP_MAGIC_LAYOUTS } from './kernel/include/linux/mm.ts';
import { netmem_is_pp, page_pool_page_is_pp, ppMagicWord } from './kernel/net/core/netmem_priv.ts';
import { page_pool_get_dma_addr_netmem, page_pool_set_dma_addr_netmem } from './kernel/net/core/page_pool_priv.ts';
import { dmaUseAddress } from './kernel/kernel/dma/mapping.ts';
import { hasProvider, mp_dmabuf_devmem_alloc_netmems, mp_dmabuf_devmem_release_page } from './kernel/net/core/devmem.ts';
import { returnPages } from './kernel/net/core/xdp.ts';
import { netmem_is_net_iov, netmem_to_page } from './kernel/include/net/netmem.ts';
import { __skb_fill_netmem_desc, skb_frags_readable } from './kernel/include/linux/skbuff.ts';
import { enterStep } from './transition.ts';
import { BOUND_SPECS, type Scenario, type ScriptStep, defaultBounds } from './scenario.ts';
import { mainlineConfig, type ModelConfig } from './config.ts';
import { pagePoolBehaviours } from './events.ts';
import { pagePoolFamily } from './index.ts';
import { BIAS, CTX_NAMES, type Actor, type Ctx, FRAGS_PER_PAGE, KIND_PP, type PagePoolState, type PoolStatsView, actorId, encodeState, HARDIRQ, SOFTIRQ, TASK, pageStatsOf } from './state.ts';
import { FREE, NAPI, RX, SCENARIOS, findScenario } from './scenarios.ts';
import { canonicalOrder } from './symmetry.ts';
import { compileCodec } from '../src/engine/codec.ts';
import { findVariant, VARIANTS } from './variants/index.ts';
import { explainPagePool } from './explain.ts';
import { contextState } from './views.ts';

export { HARDIRQ, SOFTIRQ, TASK };
/** BIAS_MAX of the frag allocator (scaled) and frags per page, as the model uses them (model/state.ts). */
export { BIAS, FRAGS_PER_PAGE };
/**
 * Sized allocation and high-order pools (issue #16 item 8): `fragsPerPage(order)` (frags in
 * PAGE_SIZE << order), page_pool_alloc()'s `b` bit for a size above max_size / 2 (`SIZED_LARGE`),
 * and the bias a frag-counting driver splits its pages with (model/driver/mlx5e.ts).
 */
export { fragsPerPage } from './state.ts';
export { SIZED_LARGE } from './kernel/include/net/page_pool/helpers.ts';
export { MLX5E_PAGECNT_BIAS_MAX } from './driver/mlx5e.ts';
/** GRO (net/core/gro.c): skb_gro_receive()'s `b` offset for the frags-only layout; an skb held on the GRO list is in state SKB_GRO. */
export { GRO_FRAGS_ONLY } from './kernel/net/core/gro.ts';
/**
 * frag_list, skb_segment, skb_split, skb_shift (issue #16 item 8, net/core/skbuff.c): skb_split()'s
 * `b` (SPLIT_IN_HEADER, else 2k = at frag k, 2k + 1 = inside frag k), skb_shift()'s `b` (skb +
 * SHIFT_MODES * SHIFT_ALL | SHIFT_PARTIAL | SHIFT_MERGE); a frag_list member is in state
 * SKB_FRAGLIST with `up` = the shinfo whose frag_list holds it (k.fragList, k.dropFragList).
 */
export { SHIFT_ALL, SHIFT_MERGE, SHIFT_MODES, SHIFT_PARTIAL, SPLIT_IN_HEADER } from './kernel/net/core/skbuff.ts';
/**
 * Every constant a step needs (model/state.ts): contexts, pool and skb states,
 * reference kinds, the in-flight op codes of multi-step sequences, and
 * `actorId(cpu, ctx)`, the index of a (CPU, context) in `s.actors`.
 */
export {
  CTX_NAMES,
  KIND_PAGE,
  KIND_PP,
  OP_BULK_PUT,
  OP_BULK_RETURN,
  OP_BULK_RING,
  OP_BULK_UNLOCK,
  OP_NAMES,
  OP_NONE,
  OP_POP_WRITE,
  OP_PUSH_READ,
  OP_PUSH_WRITE,
  OP_RELEASE_FREE,
  OP_RELEASE_SCRUB,
  OP_RING,
  OP_RING_FULL,
  OP_RING_STAT,
  OP_RING_UNLOCK,
  OP_SYNC,
  OP_SYNC_CHECK,
  POOL_ALIVE,
  POOL_DESTROYING,
  POOL_FREED,
  SKB_BUILDING,
  SKB_DEFERRED,
  SKB_FRAGLIST,
  SKB_FREE,
  SKB_GRO,
  SKB_LIVE,
  STAT_CACHED,
  STAT_CACHE_FULL,
  STAT_NAMES,
  STAT_RELEASED_REFCNT,
  STAT_RING,
  STAT_RING_FULL,
  ALLOC_FAST,
  ALLOC_SLOW,
  ALLOC_SLOW_HIGH_ORDER,
  ALLOC_EMPTY,
  ALLOC_REFILL,
  ALLOC_WAIVE,
  ALLOC_STAT_NAMES,
  recycleStatIndex,
  recycleStatSum,
  pageStatsOf,
  actorId,
} from './state.ts';
/**
 * XDP_BULK_QUEUE_SIZE (scaled): the frames one xdp_frame_bulk holds; xdpFrameBulks(s, cfg, pages,
 * frags?): the page_pool_put_page_bulk() flushes of a TX completion loop over frames of one or more
 * pools (flush when full, also inside a multi-buffer frame's frag loop; flush and look up the new
 * pool when the mem id changes) (model/kernel/net/core/xdp.ts). Multi-buffer frames: `s.xdpFrag[i]`
 * is frame i's frag page (-1: none); framePages(head, frag) the order xdp_return_frame() returns
 * them in (frags first); xdp_do_redirect's `b` REDIRECT_MULTI_BUFFER; `k.xdpReturnPages`.
 */
export { XDP_BULK_QUEUE_SIZE, type XdpFlush, framePages, xdpFrameBulks } from './kernel/net/core/xdp.ts';
export { REDIRECT_MULTI_BUFFER } from './kernel/net/core/filter.ts';
export type { Actor, Ctx, Ghost, Napi, Page, Pool, PoolStatsView, Shinfo, Skb } from './state.ts';
export type { PagePoolState, PpAction, ModelConfig, Env, Fn, Scenario, ScriptStep };

/**
 * The building blocks of model/scenarios.ts, for a proposal's own scenarios:
 * the kinds of the NAPI, of RX allocation and of skb frees, `defaultBounds`
 * (every bound, the given ones changed), and `scenarioOf(id)` (a copy of a
 * shipped scenario, to start from: `{ ...scenarioOf('rx-recycle'), id: 'mine', ... }`).
 */
export { NAPI, RX, FREE, defaultBounds };
export function scenarioOf(id: string): Scenario {
  const sc = findScenario(id);
  if (!sc) throw new ProposalSpecError(`defineProposal: unknown scenario '${id}' (known: ${SCENARIOS.map((x) => x.id).join(', ')})`);
  return structuredClone(sc);
}
/**
 * Bounded memory (model/bounds.ts): MAX_SKB_FRAGS (scaled), and the checked accessors a
 * proposal uses for pool->alloc.cache[] and the ptr_ring so that an access outside them is
 * recorded (ghost g.oob) and reported by no-out-of-bounds instead of growing a JS array.
 */
export { MAX_SKB_FRAGS, cacheLoad, cacheStore, ringStore, outOfBounds } from './bounds.ts';
/**
 * struct page's page_pool words (issue #16 item 3): the `--arch` values, each machine's word
 * sizes and pp_magic layout (PP_SIGNATURE, PP_DMA_INDEX_SHIFT/BITS/MASK, PP_MAGIC_MASK), and
 * the kernel's accessors of pp_magic and page->dma_addr, for a proposal that changes them.
 */
export { ARCH_32, ARCH_32_DMA64, ARCH_64, ARCH_LAYOUTS, ARCH_NAMES, PAGE_SHIFT, PP_MAGIC_LAYOUTS } from './kernel/include/linux/mm.ts';
export type { ArchLayout, PpMagicLayout } from './kernel/include/linux/mm.ts';
export { netmem_clear_pp_magic, netmem_get_dma_index, netmem_get_pp_magic, netmem_is_pp, netmem_or_pp_magic, netmem_set_dma_index, page_pool_page_is_pp, ppMagicWord, setPpMagicWord } from './kernel/net/core/netmem_priv.ts';
export { page_pool_get_dma_addr_netmem, page_pool_set_dma_addr_netmem, with64BitDma } from './kernel/net/core/page_pool_priv.ts';
/**
 * Memory providers and unreadable netmem (issue #16 item 7, Linux 6.12 devmem TCP): the provider's
 * ops as model/kernel/net/core/devmem.ts has them, the netmem classifiers, skb->unreadable's
 * setter and test (also as `k.hasProvider`, `k.mpAllocNetmem`, `k.mpReleaseNetmem`, `k.isNetIov`,
 * `k.netmemToPage`, `k.skbFragsReadable`, `k.fillNetmemDesc` inside a step), and the scenarios
 * to start from: `scenarioOf('devmem')`, `scenarioOf('devmem-unreadable')`.
 */
export { hasProvider, mp_dmabuf_devmem_alloc_netmems, mp_dmabuf_devmem_destroy, mp_dmabuf_devmem_init, mp_dmabuf_devmem_release_page, net_devmem_free_dmabuf } from './kernel/net/core/devmem.ts';
export { netmem_is_net_iov, netmem_to_page } from './kernel/include/net/netmem.ts';
export { __skb_fill_netmem_desc, skb_frags_readable } from './kernel/include/linux/skbuff.ts';

/** The model's kernel helpers (model/context.ts, model/kernel/net/core/page_pool.ts, include/linux/mm.ts). */
const K = { ...C, ...PP, putPage };

// drafts are never frozen: the base model clones states itself, and a replaced step
// must be able to hand its result to the base step of the next action
const immer = new Immer({ autoFreeze: false });

/** A proposal's state: the page_pool state plus its own fields under `x`. */
export type ProposalState<X extends object = Record<string, unknown>> = PagePoolState & { x: X };

/** A new state field: per page (an array indexed by page, relabelled with the pages), or any plain value. */
export type StateField = { perPage: number | boolean } | { init: unknown; encode?: (v: unknown, w: StateWriter) => void };

/** Kernel helpers for a step, bound to the acting CPU and context (model/kernel/, model/context.ts). */
export interface Kernel<X extends object = Record<string, unknown>> {
  env: Env;
  cfg: ModelConfig;
  cpu: number;
  ctx: Ctx;
  /** the acting (cpu, context)'s in-flight record (inside the draft) */
  act: Actor;
  /** the state before the step (read-only) */
  before: ProposalState<X>;
  /**
   * in_softirq() as the kernel computes it (include/linux/preempt.h:
   * model/kernel/include/linux/preempt.ts): serving a softirq, BH disabled
   * (local_bh_disable(), a held spin_lock_bh() producer lock, the threaded
   * NAPI kthread's poll), or a hard IRQ that interrupted one of those
   */
  inSoftirq(): boolean;
  /** in_serving_softirq() (also true in a hard IRQ that interrupted a softirq) */
  inServingSoftirq(): boolean;
  /** in_hardirq() */
  inHardirq(): boolean;
  /** alloc_pages_node() + page_pool_dma_map() + page_pool_set_pp_info(), hold_cnt++: the slow path's page, or -1 (no free frame of the preferred node) */
  allocPagesSlow(pool: number, pfmemalloc?: boolean): number;
  /** page_pool_refill_alloc_cache(): ring pages to the cache while on the preferred node; the page handed out, or -1 */
  refill(pool: number): number;
  /** skb_release_data(skb): drop a dataref; the last holder queues every page for napi_pp_put_page (the next steps of this context) */
  skbReleaseData(skb: number): void;
  /** kfree_skb()/napi_consume_skb(): skb_release_all() (pages queued as skbReleaseData) and the skb freed; `bhOff`: BH disabled by the caller, `napiSafe`: napi_consume_skb(skb, budget != 0) */
  consumeSkb(skb: number, opts?: { bhOff?: boolean; napiSafe?: boolean }): void;
  /**
   * Any kernel function of the model by its name (model/registry.ts), as the
   * model steps it, by this CPU and context: `k.call('napi_consume_skb', skb)`.
   * It is the table's function (mainline's), never the proposal's replacement.
   */
  call(fn: Fn, a?: number, b?: number): void;
  /** page_pool_napi_local(pool) as mainline decides it */
  napiLocal(pool: number): boolean;
  /** page_pool_put_full_netmem(pool, page, allow_direct): unref, napi_local, recyclable? → cache/ring (continued by the next steps) or page_pool_return_netmem */
  putFullPage(page: number, allowDirect: boolean): void;
  /** page_pool_return_netmem(pool, page): unmap, release_cnt++, clear pp info, put_page */
  returnNetmem(pool: number, page: number): void;
  /** put_page(page) */
  putPage(page: number): void;
  /** page_pool_unref_netmem(page, nr): the remaining pp_ref_count (0 = last user, re-armed to 1) */
  unref(page: number, nr: number): number;
  /** __page_pool_page_can_be_recycled(page) */
  canBeRecycled(page: number): boolean;
  /** any access to pool memory (flags a use after free) */
  touchPool(pool: number): void;
  /** page_pool_alloc_pages(pool) as one step: cache, refill, slow path (__page_pool_alloc_page_order in a high-order pool); -1 if no page */
  allocPage(pool: number, pfmemalloc?: boolean): number;
  /** page_pool_alloc_frag(pool): the next frag of pool->frag_page (drain, reuse, or a fresh page split with BIAS); -1 if no page */
  allocFrag(pool: number, pfmemalloc?: boolean): number;
  /** page_pool_alloc(pool, &offset, &size): `large` (size > max_size / 2) a whole page, else a frag; -1 if no page */
  allocSized(pool: number, large: boolean, pfmemalloc?: boolean): number;
  /** page_pool_fragment_page(page, nr): pp_ref_count = nr (a driver splitting a page itself) */
  fragmentPage(page: number, nr: number): void;
  /** end the actor's multi-step sequence */
  finishOp(): void;
  /**
   * The next page of the acting context's skb_release_data() loop (what
   * `napi_pp_put_page` / skb_page_unref() is called on), removed from the loop:
   * `viaPagePool` is skb->pp_recycle, `kind` the reference the holder owns (ghost).
   */
  nextPut(): { page: number; viaPagePool: boolean; kind: 'page' | 'pp' };
  /** netmem_is_pp(page) (is_pp_netmem, napi_pp_put_page's test): `(pp_magic & ~PP_DMA_INDEX_MASK & PP_MAGIC_MASK) == PP_SIGNATURE` on the run's --arch */
  isPpPage(page: number): boolean;
  /**
   * page_pool_put_unrefed_netmem(pool, page, -1, allow_direct) / page_pool_put_unrefed_page(): the
   * put of a page whose last pp reference the caller already dropped (no unref here): napi_local,
   * recyclable? → cache/ring (continued by the next steps) or page_pool_return_netmem
   */
  putUnrefedPage(page: number, allowDirect: boolean): void;
  /**
   * xdp_flush_frame_bulk() -> page_pool_put_page_bulk(pool, pages): `allow_direct =
   * page_pool_napi_local(pool)`; each page still holds its pp reference (the bulk's unref loop,
   * its produce under one producer lock, the unlock and the return of refused pages are the next
   * steps of this context: page_pool_put_page_bulk, :produce, :unlock, :return)
   */
  putPageBulk(pool: number, pages: number[]): void;
  /**
   * __xdp_return(.., napi_direct) of each page in turn (an XDP frame's frags then its head, as
   * xdp_return_frame[_rx_napi]() and xdp_return_buff() do): page_pool_put_full_page(page->pp,
   * page, napiDirect); the first now, the rest in this context's `__xdp_return` loop (next steps)
   */
  xdpReturnPages(pages: number[], napiDirect: boolean): void;
  /** alloc_page(): a free page frame from the page allocator, no pool's (_refcount 1), or -1 */
  allocOrdinaryPage(): number;
  /** recycle_stat_add(pool, field, n) on this CPU's counters (field: STAT_*; nothing without CONFIG_PAGE_POOL_STATS, bound poolStats) */
  recycleStat(pool: number, field: number, n?: number): void;
  /** alloc_stat_inc(pool, field): `pool->alloc_stats.field++` (field: ALLOC_*; the allocating NAPI context only; nothing without CONFIG_PAGE_POOL_STATS) */
  allocStat(pool: number, field: number): void;
  /**
   * page_pool_get_stats(pool, &stats): alloc_stats, and recycle_stats summed over the CPUs, by field
   * name (struct page_pool_stats); null without CONFIG_PAGE_POOL_STATS (the function does not exist)
   */
  poolStats(pool: number): PoolStatsView | null;
  /** page_pool_page_is_pp(page) (include/linux/mm.h, the page allocator's test): `(pp_magic & PP_MAGIC_MASK) == PP_SIGNATURE` */
  pagePoolPageIsPp(page: number): boolean;
  /** the page's pp_magic word (lru.next: pfmemalloc bit, PP_SIGNATURE, DMA index bits) on the run's --arch */
  ppMagic(page: number): bigint;
  /** page_pool_get_dma_addr_netmem(page): page->dma_addr, shifted back by PAGE_SHIFT on --arch 32-dma64 */
  dmaAddr(page: number): number;
  /** page_pool_set_dma_addr_netmem(page, addr): true when the address does not fit page->dma_addr */
  setDmaAddr(page: number, addr: number): boolean;
  /** a dma_unmap_page_attrs() / dma_sync_*() of `page` at `addr` (records dma-address-intact's ghost unless it is the mapped address) */
  dmaUse(page: number, addr: number): void;
  /** page_pool_disable_direct_recycling(pool) (6.12): cpuid = -1, then p.napi = NULL if set */
  disableDirectRecycling(pool: number): void;
  /** memory providers (devmem TCP, model/kernel/net/core/devmem.ts): pool->mp_ops is set (`static_branch_unlikely(&page_pool_mem_providers) && pool->mp_ops`) */
  hasProvider(pool: number): boolean;
  /** mp_ops->alloc_netmems(): a free net_iov of the binding with pp info set and hold_cnt++, or -1 */
  mpAllocNetmem(pool: number): number;
  /** mp_ops->release_netmem() (mp_dmabuf_devmem_release_page): its result, `put` (false: the provider keeps it) */
  mpReleaseNetmem(page: number): boolean;
  /** netmem_is_net_iov(): the page is a net_iov (every page of a devmem scenario) */
  isNetIov(page: number): boolean;
  /** netmem_to_page(): -1 (NULL, WARN; ghost niovAsPage: net-iov-not-page) for a net_iov, else the page */
  netmemToPage(page: number): number;
  /** skb_frags_readable(skb): `!skb->unreadable` */
  skbFragsReadable(skb: number): boolean;
  /** __skb_fill_netmem_desc(skb, i, netmem): the frag (a pp reference), skb->unreadable for a net_iov */
  fillNetmemDesc(skb: number, page: number): void;
  /** the base variant's step of this very action, on the state before (for "what mainline does, then …") */
  mainline(): ProposalState<X>;
  /**
   * __skb_frag_ref(frag) / skb_frag_ref(skb, i) (include/linux/skbuff_ref.h, 6.12): get_page() on
   * `page`; returns the reference to store in a shinfo's `refs` (a page reference: KIND_PAGE)
   */
  fragRef(page: number): number;
  /**
   * __skb_frag_unref(frag, recycle) / skb_page_unref(): `ref` (an entry of a shinfo's `refs`) is
   * dropped: recycle (the holder's skb->pp_recycle) queues a napi_pp_put_page step, else put_page()
   */
  fragUnref(ref: number, recycle: boolean): void;
  /** the skbs on `skb`'s skb_shinfo()->frag_list (state SKB_FRAGLIST, `up` = its shinfo), in skb order */
  fragList(skb: number): number[];
  /** skb_drop_fraglist(skb): kfree_skb_list() of its frag_list (each member released by its own pp_recycle) */
  dropFragList(skb: number): void;
  /** the references skb_segment() copies into its segments: head_skb's frags, then each member's head page and frags */
  segmentDescs(skb: number): number[];
}

/** Where an added action may start: the proposal's `enabled` returns these. */
export interface Start {
  cpu: number;
  ctx: Ctx;
  a?: number;
  b?: number;
}

export interface AddedAction<X extends object = Record<string, unknown>> {
  /** the action kind: name it after the kernel function it models */
  fn: string;
  /** the kernel function(s) it models, for printers and reviewers */
  description?: string;
  /**
   * Where it may start in state `s`. The kernel's context rules (a softirq does
   * not run over a BH-disabled task, ...) and "the actor is idle" are applied
   * on top, so list every (cpu, ctx) the code may run in.
   */
  enabled(s: ProposalState<X>, env: Env): Start[];
  step(t: Draft<ProposalState<X>>, a: PpAction, k: Kernel<X>): void | ProposalState<X>;
  /** short argument text for traces (default: the a/b numbers that are set) */
  args?(a: PpAction): string;
}

export type ReplacedStep<X extends object = Record<string, unknown>> = (
  t: Draft<ProposalState<X>>,
  a: PpAction,
  k: Kernel<X>,
) => void | ProposalState<X>;

/**
 * A property of the proposal: `check(s, bounds)` returns null when it holds,
 * else why not. `bounds` are the bounds of the run (e.g. to say "every page
 * is somewhere": `bounds.pages`).
 */
export interface ProposalProperty<X extends object = Record<string, unknown>> {
  id: string;
  description: string;
  check(s: ProposalState<X>, bounds: Bounds): string | null;
}

export interface ProposalSpec<X extends object = Record<string, unknown>> {
  /** the variant id (used by --variant, traces, diff) */
  id: string;
  description: string;
  /** the variant it starts from (default 'mainline') */
  base?: string;
  /**
   * The scenarios it is checked under (default: the base's): ids of shipped
   * ones (`npx ppcheck list scenarios`), or new ones written as data from the
   * same building blocks as model/scenarios.ts (`NAPI`, `RX`, `FREE`,
   * `defaultBounds`, `scenarioOf(id)`): actors' kinds, the driver's script,
   * bounds. Every variant of the file's family (mainline too) can run a new one.
   */
  scenarios?: (string | Scenario)[];
  /** model/config.ts guards, on top of the base's */
  config?: Partial<ModelConfig>;
  /** bound defaults on top of each scenario's; a command-line flag wins, even one equal to the scenario's default */
  bounds?: Partial<Bounds>;
  /** new state fields, under `s.x` */
  state?: { [F in keyof X]: StateField };
  /** replace the step of existing action kinds (the enabling conditions stay mainline's) */
  replace?: Partial<Record<(typeof FNS)[number], ReplacedStep<X>>>;
  /** existing action kinds that can no longer start */
  remove?: (typeof FNS)[number][];
  /**
   * Existing action kinds started in more places than mainline starts them
   * (e.g. `napi_consume_skb` from a driver's hard IRQ): where, as for `add`'s
   * `enabled`, with the same context rules on top. Their step is the kind's
   * (mainline's, or the proposal's `replace`). A driver-script kind
   * (page_pool_destroy, napi_disable, ...) advances the script as its model does.
   */
  enable?: Partial<Record<(typeof FNS)[number], (s: ProposalState<X>, env: Env) => Start[]>>;
  /** new action kinds */
  add?: AddedAction<X>[];
  /** new properties (checked after the base's) */
  properties?: ProposalProperty<X>[];
  /** new quiescence properties */
  terminalProperties?: ProposalProperty<X>[];
  /** base property ids not to check (say why in the file) */
  removeProperties?: string[];
  /** extra behaviours for `ppcheck diff` (besides model/events.ts) */
  behaviours?(prev: ProposalState<X>, next: ProposalState<X>, a: PpAction): string[];
  /** what the author expects (shown by `list variants`; used by `suite`) */
  expect?: Expectation;
}

/** Where `defineProposal` was called from: "<file>" (for error messages). */
function callerFile(): string | undefined {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+\.[cm]?[tj]s):\d+:\d+\)?\s*$/.exec(line);
    if (!m) continue;
    const f = m[1].replace(/^file:\/\//, '');
    if (f.endsWith('/model/proposal.ts')) continue;
    return f;
  }
  return undefined;
}

const PROJECT = new URL('..', import.meta.url).pathname; // the repository root, with a trailing "/"

/**
 * "<file>:<line>:<col>" of the frame of `e` in the proposal's own code: the
 * first frame in `file`, else the first one outside the project's model/,
 * src/, properties/ and node_modules (a hook defined in an imported proposal file).
 */
function frameIn(e: unknown, file: string | undefined): string | null {
  if (!(e instanceof Error)) return null;
  const frames: { f: string; line: string; col: string }[] = [];
  for (const line of (e.stack ?? '').split('\n')) {
    const m = /\(?((?:file:\/\/)?\/[^():]+\.[cm]?[tj]s):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m) frames.push({ f: m[1].replace(/^file:\/\//, ''), line: m[2], col: m[3] });
  }
  const own = frames.find((x) => x.f === file);
  if (own) return `${shownPath(own.f)}:${own.line}:${own.col}`;
  const user = frames.find(
    (x) => !x.f.includes('/node_modules/') && !['model/', 'src/', 'properties/'].some((d) => x.f.startsWith(PROJECT + d)),
  );
  return user ? `${shownPath(user.f)}:${user.line}:${user.col}` : null;
}

/** An exception thrown by a proposal file's own code while a model runs. */
export class ProposalError extends Error {
  override name = 'ProposalError';
}

function shownPath(file: string): string {
  const cwd = process.cwd() + '/';
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}

/** A mistake in the proposal's declaration, thrown while the file loads (load-family.ts reports it at the defineProposal call's line). */
export class ProposalSpecError extends Error {}

function spec_error(_file: string | undefined, msg: string): Error {
  return new ProposalSpecError(`defineProposal: ${msg}`);
}

/** Wrap a user callback: an exception names the proposal file's line. */
function guarded<F extends (...args: never[]) => unknown>(file: string | undefined, what: string, f: F): F {
  return ((...args: Parameters<F>) => {
    try {
      return f(...args);
    } catch (e) {
      if (e instanceof ProposalError) throw e;
      const where = frameIn(e, file);
      const msg = e instanceof Error ? `${e.name !== 'Error' ? e.name + ': ' : ''}${e.message.split('\n')[0]}` : String(e);
      throw new ProposalError(`${where ?? (file ? shownPath(file) : 'proposal')}: in ${what}: ${msg}`);
    }
  }) as F;
}

/** proxy → the object it guards (a guarded value written into the state is stored unwrapped) */
const GUARDED = new WeakMap<object, object>();

/**
 * The state as a step sees it: writing a field the state does not have
 * (`t.pools[k].napii = …`, a typo TypeScript would catch but plain JavaScript
 * does not) throws at the writing line instead of adding a field that no
 * property or printer reads. Array elements and the proposal's own values
 * under `x.<field>` may change freely; `x` itself takes only declared fields.
 */
function guardShape(o: object, path: string, deep: boolean): object {
  const p = new Proxy(o, {
    get(target, key, recv) {
      const v = Reflect.get(target, key, recv) as unknown;
      if (typeof v !== 'object' || v === null || typeof key === 'symbol') return v;
      if (path === 'state' && key === 'x') return guardShape(v, 'x', false);
      if (!deep) return v;
      return guardShape(v, Array.isArray(target) ? `${path}[${key}]` : `${path}.${key}`, true);
    },
    set(target, key, value, recv) {
      if (typeof key === 'string' && !Array.isArray(target) && !(key in target)) {
        const known = Object.keys(target).join(', ');
        throw new TypeError(`${path === 'state' ? 'the state' : path} has no field '${key}' (it has: ${known})`);
      }
      const raw = typeof value === 'object' && value !== null ? (GUARDED.get(value as object) ?? value) : value;
      return Reflect.set(target, key, raw, recv);
    },
    defineProperty(target, key, desc) {
      if (typeof key === 'string' && !Array.isArray(target) && !(key in target)) throw new TypeError(`${path} has no field '${key}'`);
      return Reflect.defineProperty(target, key, desc);
    },
  });
  GUARDED.set(p, o);
  return p;
}

/** Encode any plain value (numbers, booleans, null, arrays, objects by sorted key). */
export function encodeValue(v: unknown, w: StateWriter): void {
  if (typeof v === 'number') w.int(v);
  else if (typeof v === 'boolean') w.bool(v);
  else if (v === null || v === undefined) w.int(-1);
  else if (Array.isArray(v)) {
    w.int(v.length);
    for (const e of v) encodeValue(e, w);
  } else if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    w.int(keys.length);
    for (const key of keys) encodeValue(o[key], w);
  } else if (typeof v === 'string') {
    w.int(v.length);
    for (let i = 0; i < v.length; i++) w.int(v.charCodeAt(i));
  } else throw new Error(`cannot encode a ${typeof v} in the state`);
}

/** Where the driver's NAPI poll runs in `s` (softirq, or the threaded kthread): the starts of an RX-side action. */
export function pollStarts(s: PagePoolState, env: Env): Start[] {
  const out: Start[] = [];
  for (let cpu = 0; cpu < env.cpus; cpu++) for (const ctx of [SOFTIRQ, TASK] as Ctx[]) if (K.isPollCtx(s, env, cpu, ctx)) out.push({ cpu, ctx });
  return out;
}

function defaultArgs(a: PpAction): string {
  return [a.a, a.b].filter((v) => v >= 0).join(', ');
}

/** The helpers a replaced or added step gets (`Kernel`), on the draft `d` of the state `s` before the step. */
function kernelOf<X extends object>(env: Env, d: PagePoolState, s: ProposalState<X>, a: PpAction, mainline: () => ProposalState<X>): Kernel<X> {
  const act = d.actors[actorId(a.cpu, a.ctx)];
  return {
    env,
    cfg: env.cfg,
    cpu: a.cpu,
    ctx: a.ctx,
    act,
    before: s,
    inSoftirq: () => in_softirq(d, env, a.cpu, a.ctx),
    inServingSoftirq: () => in_serving_softirq(d, env, a.cpu, a.ctx),
    inHardirq: () => in_hardirq(d, env, a.cpu, a.ctx),
    allocPagesSlow: (pool, pfm) => K.slowAlloc(d, env, pool, a.cpu, pfm ? 1 : 0),
    refill: (pool) => K.refill(d, env, pool, a.cpu),
    skbReleaseData: (skb) => releaseData(d, env, act, skb),
    consumeSkb: (skb, o = {}) => consumeSkb(d, env, act, skb, o.bhOff === true, o.napiSafe === true),
    call: (fn, x = -1, y = -1) => {
      const e = KERNEL_FUNCTION.get(fn);
      if (!e) throw new Error(`k.call(): unknown kernel function '${fn}' (model/registry.ts)`);
      e.step(d, { fn, cpu: a.cpu, ctx: a.ctx, a: x, b: y }, env, act);
    },
    napiLocal: (pool) => K.napiLocal(d, env, pool, a.cpu, a.ctx, act),
    putFullPage: (page, allowDirect) => K.startPut(d, env, act, a.cpu, a.ctx, page, allowDirect),
    returnNetmem: (pool, page) => K.returnNetmem(d, env, pool, page),
    putPage: (page) => K.putPage(d, page),
    unref: (page, nr) => K.unref(d, page, nr),
    canBeRecycled: (page) => K.canBeRecycled(d, env, page),
    touchPool: (pool) => K.touchPool(d, pool),
    allocPage: (pool, pfm) => K.allocPageAtomic(d, env, pool, a.cpu, pfm ? 1 : 0),
    allocFrag: (pool, pfm) => K.allocFrag(d, env, pool, a.cpu, pfm ? 1 : 0),
    allocSized: (pool, large, pfm) => (large ? K.allocPageAtomic(d, env, pool, a.cpu, pfm ? 1 : 0) : K.allocFrag(d, env, pool, a.cpu, pfm ? 1 : 0)),
    fragmentPage: (page, nr) => page_pool_fragment_page(d, page, nr),
    finishOp: () => K.finishOp(act),
    nextPut: () => {
      const e = act.q.shift();
      if (e === undefined) throw new Error('nextPut(): no skb_release_data() loop in progress');
      return { page: e >> 2, viaPagePool: (e & 1) === 1, kind: ((e >> 1) & 1) === 1 ? 'pp' : 'page' };
    },
    putUnrefedPage: (page, allowDirect) => K.putUnrefedPage(d, env, act, a.cpu, a.ctx, page, allowDirect),
    fragRef: (page) => __skb_frag_ref(d, page),
    fragUnref: (ref, recycle) => unrefFrag(d, recycle, act, ref),
    fragList: (skb) => fragList(d, d.skbs[skb].sh),
    dropFragList: (skb) => skb_drop_fraglist(d, env, act, d.skbs[skb].sh),
    segmentDescs: (skb) => segmentDescs(d, skb),
    putPageBulk: (pool, pages) => {
      act.bq = pages.map((pg) => pg * 2);
      K.startPutBulk(d, env, act, a.cpu, a.ctx, pool);
    },
    xdpReturnPages: (pages, napiDirect) => returnPages(d, env, act, a.cpu, a.ctx, pages, napiDirect),
    allocOrdinaryPage: () => allocOrdinaryPage(d),
    recycleStat: (pool, field, n = 1) => K.recycleStatAdd(d, env, pool, a.cpu, a.ctx, field, n),
    allocStat: (pool, field) => K.allocStatInc(d, pool, field),
    poolStats: (pool) => pageStatsOf(d.pools[pool].stats),
    isPpPage: (page) => netmem_is_pp(d.pages[page], PP_MAGIC_LAYOUTS[env.arch]),
    pagePoolPageIsPp: (page) => page_pool_page_is_pp(d.pages[page], PP_MAGIC_LAYOUTS[env.arch]),
    ppMagic: (page) => ppMagicWord(d.pages[page], PP_MAGIC_LAYOUTS[env.arch]),
    dmaAddr: (page) => page_pool_get_dma_addr_netmem(d.pages[page], env.arch),
    setDmaAddr: (page, addr) => page_pool_set_dma_addr_netmem(d.pages[page], addr, env.arch),
    dmaUse: (page, addr) => dmaUseAddress(d, env, page, addr),
    disableDirectRecycling: (pool) => K.disableDirectRecycling(d, pool),
    hasProvider: (pool) => hasProvider(env, pool),
    mpAllocNetmem: (pool) => mp_dmabuf_devmem_alloc_netmems(d, pool),
    mpReleaseNetmem: (page) => mp_dmabuf_devmem_release_page(d, page),
    isNetIov: (page) => netmem_is_net_iov(env, page),
    netmemToPage: (page) => netmem_to_page(d, env, page),
    skbFragsReadable: (skb) => skb_frags_readable(d.skbs[skb]),
    fillNetmemDesc: (skb, page) => __skb_fill_netmem_desc(d, env, skb, page, KIND_PP),
    mainline,
  };
}

/** The encoding (page symmetry, per-page fields relabelled along) and the change lines of a proposal's own state fields. */
function stateFieldsOf<X extends object>(fields: [string, StateField][], m0: Model<PagePoolState, PpAction>) {
  type S = ProposalState<X>;
  const hasState = fields.length > 0;
  const perPage = fields.filter(([, f]) => 'perPage' in f).map(([n]) => n);
  const others = fields.filter(([, f]) => !('perPage' in f)) as [string, { init: unknown; encode?: (v: unknown, w: StateWriter) => void }][];
  const encode = (s: S, w: StateWriter): void => {
    if (!hasState) return m0.encode(s, w);
    // page symmetry as model/symmetry.ts, with the per-page fields relabelled along
    const order = canonicalOrder(s);
    const rel = new Array<number>(order.length);
    for (let i = 0; i < order.length; i++) rel[order[i]] = i;
    encodeState(s, w, order, rel);
    const x = s.x as Record<string, unknown>;
    for (const name of perPage) {
      const arr = x[name] as unknown[];
      for (let i = 0; i < order.length; i++) encodeValue(arr[order[i]], w);
    }
    for (const [name, f] of others) (f.encode ?? encodeValue)(x[name], w);
  };
  const describeX = (prev: S, next: S, out: string[]): void => {
    const px = prev.x as Record<string, unknown>;
    const nx = next.x as Record<string, unknown>;
    for (const name of perPage) {
      const pa = px[name] as unknown[];
      const na = nx[name] as unknown[];
      na.forEach((v, i) => {
        if (JSON.stringify(v) !== JSON.stringify(pa[i])) out.push(`page${i} ${name} ${JSON.stringify(pa[i])}→${JSON.stringify(v)}`);
      });
    }
    for (const [name] of others)
      if (JSON.stringify(px[name]) !== JSON.stringify(nx[name])) out.push(`${name} ${JSON.stringify(px[name])}→${JSON.stringify(nx[name])}`);
  };
  return { encode, describeX };
}

/** The starts of an added action kind that the kernel's context rules allow (the actor idle, nothing above it). */
function addedStarts<S extends PagePoolState>(s: S, env: Env, fn: string, enabled: (s: S, env: Env) => Start[], out: PpAction[]): void {
  for (const st of enabled(s, env)) {
    if (!K.canRun(s, env, st.cpu, st.ctx)) continue;
    if (K.busy(s.actors[actorId(st.cpu, st.ctx)])) continue;
    out.push({ fn: fn as PpAction['fn'], cpu: st.cpu, ctx: st.ctx, a: st.a ?? -1, b: st.b ?? -1 });
  }
}

/**
 * Compact BFS frontiers for a proposal, by the same path as model/build.ts:
 * the codec compiled from the initial state (src/engine/codec.ts), with the
 * proposal's own fields under `x`. Only when their shape is fixed (per-page
 * fields, numbers, booleans, arrays of numbers); other values keep whole
 * states in the frontier.
 */
function packingOf<S extends PagePoolState>(fields: [string, StateField][], init: S, m0: Model<PagePoolState, PpAction>): Partial<Model<S, PpAction>> {
  if (!m0.pack || !m0.unpack) return {};
  if (fields.length === 0) return { pack: m0.pack, unpack: m0.unpack, packWords: m0.packWords, unpackWords: m0.unpackWords } as Partial<Model<S, PpAction>>;
  const fixed = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((e) => typeof e === 'number'));
  if (!fields.every(([, f]) => 'perPage' in f || (fixed(f.init) && f.encode === undefined))) return {};
  const codec = compileCodec(init);
  return { pack: codec.pack, unpack: codec.unpack, packWords: codec.packWords, unpackWords: codec.unpackWords };
}

/** `enable`: more starts of existing kinds (context rules applied), each once (not where the base already starts it). */
function moreStarts<S extends PagePoolState>(s: S, env: Env, more: { fn: string; enabled: (s: S, env: Env) => Start[] }[], out: PpAction[]): void {
  const extra: PpAction[] = [];
  for (const x of more) addedStarts(s, env, x.fn, x.enabled, extra);
  const key = (a: PpAction) => `${a.fn}|${a.cpu}|${a.ctx}|${a.a}|${a.b}`;
  const have = new Set(out.map(key));
  for (const a of extra) {
    if (have.has(key(a))) continue;
    have.add(key(a));
    out.push(a);
  }
}

/** The proposal model's action kinds: the base's less the removed, the added, and the enabled ones with what they lead to. */
function kindsOf(base: readonly string[], removed: ReadonlySet<string>, added: string[], enabled: string[]): string[] {
  const out = base.filter((k) => !removed.has(k));
  const want = new Set<string>(enabled);
  for (const k of enabled) for (const i of KERNEL_FUNCTION.get(k)?.leadsTo ?? []) want.add(i);
  for (const k of FNS) if (want.has(k) && !out.includes(k)) out.push(k);
  return [...out, ...added];
}

/** A step that took frames from s.xdp must take their frags from s.xdpFrag (parallel arrays): said at once, not as a wrong frame later. */
function checkFramesParallel(s: PagePoolState, file: string | undefined, fn: string): void {
  if (s.xdp.length === s.xdpFrag.length) return;
  throw new ProposalError(`${file ? shownPath(file) : 'proposal'}: in ${fn}: s.xdp has ${s.xdp.length} frames but s.xdpFrag ${s.xdpFrag.length} (frame i's frag is s.xdpFrag[i], -1 for none: remove or add both, e.g. t.xdpFrag.splice(a.a, 1))`);
}

/**
 * The proposal's step: a kind it replaces (by the kernel function's name) or adds runs the
 * proposal's function on an immer draft of the state; every other kind the base's step.
 */
function proposalStep<X extends object>(
  spec: ProposalSpec<X>,
  file: string | undefined,
  env: Env,
  baseStep: (s: ProposalState<X>, a: PpAction) => ProposalState<X>,
): (s: ProposalState<X>, a: PpAction) => ProposalState<X> {
  type S = ProposalState<X>;
  const replace = (spec.replace ?? {}) as Record<string, ReplacedStep<X> | undefined>;
  // k.mainline(): an independent state (the base's step builds a new state; `x` is copied, k.before keeps its own)
  const mainline = (s: S, a: PpAction): S => {
    const m = baseStep(s, a);
    if (s.x !== undefined) m.x = structuredClone(s.x);
    return m;
  };
  const kernel = (t: Draft<S>, s: S, a: PpAction): Kernel<X> => kernelOf(env, t as unknown as PagePoolState, s, a, () => mainline(s, a));
  const runUser = (s: S, a: PpAction, f: ReplacedStep<X>): S => {
    let out: S | undefined;
    const r = immer.produce(s, (t) => {
      enterStep(t as unknown as PagePoolState, a, env);
      const ret = f(guardShape(t as object, 'state', true) as Draft<S>, a, kernel(t, s, a));
      if (ret !== undefined) {
        out = ret;
        return;
      }
      K.scrubDeadSlots(t as unknown as PagePoolState);
    });
    const next = out ?? (r as S);
    checkFramesParallel(next, file, a.fn);
    return next;
  };

  const userStep = new Map<string, ReplacedStep<X>>();
  for (const [fn, f] of Object.entries(replace)) if (f) userStep.set(fn, guarded(file, `replace.${fn}`, f));
  for (const x of spec.add ?? []) userStep.set(x.fn, guarded(file, `add ${x.fn}.step`, x.step));
  return (s, a) => {
    const f = userStep.get(a.fn);
    return f ? runUser(s, a, f) : baseStep(s, a);
  };
}

/**
 * One order (src/family.ts resolveBounds): a requested bound (the CLI asks with every bound
 * resolved: flag > proposal > scenario) wins over the proposal's, which wins over the scenario's.
 */
function proposalBounds(own: Partial<Bounds> | undefined, requested: Partial<Bounds>): Partial<Bounds> {
  const bounds: Partial<Bounds> = { ...(own ?? {}) };
  for (const [k, v] of Object.entries(requested)) if (v !== undefined) bounds[k] = v;
  return bounds;
}

/**
 * Build the proposal's model for a scenario and (complete) bounds. Exported for
 * tests; the CLI goes through the family's `build`.
 */
export function buildProposalModel<X extends object>(
  spec: ProposalSpec<X>,
  req: { scenario: string; bounds: Partial<Bounds> },
  file?: string,
  scenarioDef?: Scenario,
): Model<ProposalState<X>, PpAction> {
  const baseId = spec.base ?? 'mainline';
  const bounds = proposalBounds(spec.bounds, req.bounds);
  const def = scenarioDef ? { scenarioDef } : {};
  const { cfg, scen, bounds: full } = resolve({ variant: baseId, scenario: req.scenario, bounds, config: spec.config ?? {}, ...def });
  // the base variant's model with the proposal's config on top; no CPU symmetry: the proposal's
  // own actions may treat CPUs differently (model/cpu-symmetry.ts audits only the shipped model)
  const m0 = buildModel({ variant: baseId, scenario: req.scenario, bounds: full, config: spec.config ?? {}, cpuSymmetry: false, ...def });
  const env = buildEnv(cfg, scen, full);
  const fields = Object.entries((spec.state ?? {}) as Record<string, StateField>);
  const hasState = fields.length > 0;
  const added = spec.add ?? [];
  const addedFns = new Set(added.map((x) => x.fn));
  const removed = new Set<string>(spec.remove ?? []);

  type S = ProposalState<X>;
  const withX = (t: PagePoolState, x: unknown): S => {
    if (hasState) (t as S).x = x as X;
    return t as S;
  };
  const baseStep = (s: S, a: PpAction): S => withX(m0.step(s, a), s.x);

  const step = proposalStep(spec, file, env, baseStep);
  const addedEnabled = added.map((x) => ({ fn: x.fn, enabled: guarded(file, `add ${x.fn}.enabled`, x.enabled) }));
  const enabledMore = Object.entries(spec.enable ?? {}).map(([fn, f]) => ({ fn, enabled: guarded(file, `enable.${fn}`, f as (s: S, env: Env) => Start[]) }));
  const addedArgs = new Map(added.map((x) => [x.fn, x.args ? guarded(file, `add ${x.fn}.args`, x.args) : defaultArgs]));

  const init0 = m0.init()[0];
  const initX: Record<string, unknown> = {};
  for (const [name, f] of fields) initX[name] = 'perPage' in f ? init0.pages.map(() => f.perPage) : structuredClone(f.init);
  const init = withX(init0, initX);

  const { encode, describeX } = stateFieldsOf<X>(fields, m0);
  const packing = packingOf(fields, init, m0);

  const props = (list: readonly Invariant<PagePoolState>[], extra: readonly ProposalProperty<X>[] | undefined): Invariant<S>[] => [
    ...list.filter((p) => !(spec.removeProperties ?? []).includes(p.id)),
    ...(extra ?? []).map((p) => ({ id: p.id, description: p.description, check: guarded(file, `property ${p.id}`, (s: S) => p.check(s, full)) })),
  ];

  const isAdded = (a: PpAction) => addedFns.has(a.fn);
  const label = (a: PpAction) => (isAdded(a) ? `cpu${a.cpu} ${CTX_NAMES[a.ctx]} ${a.fn}(${addedArgs.get(a.fn)!(a)})` : m0.actionLabel(a));
  const baseActor = m0.actionActor!;
  const baseDescribe = m0.describeChange;
  return {
    name: m0.name,
    init: () => [init],
    actions(s) {
      const out = removed.size ? m0.actions(s).filter((a) => !removed.has(a.fn)) : [...m0.actions(s)];
      for (const x of addedEnabled) addedStarts(s, env, x.fn, x.enabled, out);
      if (enabledMore.length > 0) moreStarts(s, env, enabledMore, out);
      return out;
    },
    step,
    invariants: props(m0.invariants, spec.properties),
    terminalInvariants: props(m0.terminalInvariants ?? [], spec.terminalProperties),
    encode,
    ...packing,
    actionLabel: label,
    actionKind: (a) => a.fn,
    actionKinds: kindsOf(m0.actionKinds, removed, added.map((x) => x.fn), enabledMore.map((x) => x.fn)),
    actionActor: (a) =>
      isAdded(a) ? { actor: `cpu${a.cpu}`, context: CTX_NAMES[a.ctx], fn: a.fn, args: addedArgs.get(a.fn)!(a) } : baseActor(a),
    // trace printers (model/views.ts, model/explain.ts); no describeRead: this step copies the state
    contextState(prev, a) {
      return contextState(prev, this.step(prev, a), a);
    },
    explain: (states, actions, property) => explainPagePool(states, actions, property),
    describeChange(prev, next, a) {
      const out = baseDescribe ? baseDescribe(prev, next, a) : [];
      if (hasState) describeX(prev, next, out);
      return out;
    },
  };
}

/**
 * Declare a proposal. Returns a `ModelFamily` (export it as `family`) with
 * every shipped variant plus this one (its default variant).
 */
export function defineProposal<X extends object = Record<string, never>>(
  spec: ProposalSpec<X>,
): ModelFamily<ProposalState<X>, PpAction> & { proposal: ProposalSpec<X> } {
  const fam = defineProposalsAt([spec as ProposalSpec<object>], callerFile());
  return { ...(fam as unknown as ModelFamily<ProposalState<X>, PpAction>), proposal: spec };
}

/**
 * Several proposals in one family (e.g. to `ppcheck diff` one design against
 * another): `defineProposals([a.proposal, b.proposal])`; the first is the
 * default variant.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each spec has its own state type X
export function defineProposals(specs: ProposalSpec<any>[]): ModelFamily<ProposalState<object>, PpAction> {
  return defineProposalsAt(specs as ProposalSpec<object>[], callerFile());
}

/** The action kinds a proposal changes: those it replaces, starts in more places, or adds (sorted, once each). */
function changedKinds(spec: ProposalSpec<object>): string[] {
  const kinds = [...Object.keys(spec.replace ?? {}), ...Object.keys(spec.enable ?? {}), ...(spec.add ?? []).map((x) => x.fn)];
  return [...new Set(kinds)].sort();
}

function defineProposalsAt(specs: ProposalSpec<object>[], file: string | undefined): ModelFamily<ProposalState<object>, PpAction> {
  if (!Array.isArray(specs) || specs.length === 0) throw spec_error(file, 'defineProposals() needs a non-empty list of proposals');
  for (const spec of specs) validate(spec, file);
  const ids = specs.map((s) => s.id);
  if (new Set(ids).size !== ids.length) throw spec_error(file, `two proposals have the same id (${ids.join(', ')})`);
  const infos: VariantInfo[] = specs.map((spec) => ({
    id: spec.id,
    kind: 'proposal',
    description: spec.description,
    scenarios: spec.scenarios ? spec.scenarios.map((x) => (typeof x === 'string' ? x : x.id)) : findVariant(spec.base ?? 'mainline')!.scenarios,
    expect: spec.expect ?? { verdict: 'ok' },
    base: spec.base ?? 'mainline',
    ...(spec.bounds ? { bounds: { ...spec.bounds } } : {}),
    changes: changedKinds(spec),
  }));
  const own = ownScenarios(specs, file);
  type S = ProposalState<object>;
  const userBehaviours = specs.map((spec) => (spec.behaviours ? guarded(file, 'behaviours', spec.behaviours) : undefined));
  const fam = pagePoolFamily as unknown as ModelFamily<S, PpAction>;
  const extraProps: { id: string; description: string }[] = [];
  for (const spec of specs)
    for (const p of [...(spec.properties ?? []), ...(spec.terminalProperties ?? [])])
      if (!pagePoolFamily.properties.some((q) => q.id === p.id) && !extraProps.some((q) => q.id === p.id)) extraProps.push({ id: p.id, description: p.description });
  return {
    name: pagePoolFamily.name,
    version: pagePoolFamily.version,
    bounds: pagePoolFamily.bounds,
    properties: [...pagePoolFamily.properties, ...extraProps],
    scenarios: [...pagePoolFamily.scenarios, ...own.map((x) => ({ id: x.id, description: x.description, bounds: { ...x.bounds } }))],
    variants: [...infos, ...pagePoolFamily.variants],
    defaultVariant: specs[0].id,
    // the HTML report and show --step name the page_pool fields the same way (a proposal's own `x` fields are not shown)
    ...(pagePoolFamily.describeState ? { describeState: pagePoolFamily.describeState } : {}),
    ...(pagePoolFamily.actionDocs ? { actionDocs: pagePoolFamily.actionDocs } : {}),
    build(req) {
      const spec = specs.find((s) => s.id === req.variant);
      const def = own.find((x) => x.id === req.scenario);
      if (spec) return buildProposalModel(spec, req, file, def) as unknown as Model<S, PpAction>;
      // a shipped variant (mainline, the base) under a proposal's own scenario
      if (def) return buildModel({ variant: req.variant, scenario: req.scenario, bounds: req.bounds, scenarioDef: def }) as unknown as Model<S, PpAction>;
      return fam.build(req);
    },
    behaviours(prev, next, a) {
      const out = pagePoolBehaviours(prev, next, a);
      // a proposal's own behaviours read its own state fields: only for states that have them
      for (let i = 0; i < specs.length; i++) {
        const f = userBehaviours[i];
        const fields = Object.keys(specs[i].state ?? {});
        const has = fields.length === 0 || (prev.x !== undefined && fields.every((k) => k in (prev.x as object)));
        if (f && has) out.push(...f(prev, next, a));
      }
      return out;
    },
  };
}

/** The new scenarios the proposals define (Scenario objects in `scenarios`), checked. */
function ownScenarios(specs: ProposalSpec<object>[], file: string | undefined): Scenario[] {
  const out: Scenario[] = [];
  for (const spec of specs)
    for (const x of spec.scenarios ?? []) {
      if (typeof x === 'string') continue;
      const same = out.find((o) => o.id === x.id);
      if (same && same !== x) throw spec_error(file, `two scenarios are named '${x.id}'`);
      if (!same) out.push(x);
    }
  return out;
}

/** A proposal's own scenario: what buildModel needs, with the model's own names. */
function validateScenario(sc: Scenario, err: (m: string) => Error): void {
  if (typeof sc !== 'object' || sc === null) throw err('scenarios: give an id or a scenario object');
  if (typeof sc.id !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(sc.id)) throw err(`scenario id must be a lower-case word, got ${JSON.stringify(sc.id)}`);
  if (SCENARIOS.some((x) => x.id === sc.id)) throw err(`scenario '${sc.id}' is already a shipped scenario; choose another id (or give the id alone to use it)`);
  if (typeof sc.description !== 'string' || sc.description === '') throw err(`scenario ${sc.id}: description is missing`);
  for (const b of BOUND_SPECS) {
    const v = sc.bounds?.[b.name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < b.min || v > b.max) throw err(`scenario ${sc.id}: bound ${b.name} must be an integer in ${b.min}..${b.max} (defaultBounds({...}) fills every bound)`);
  }
  for (const k of sc.kinds ?? []) if (!KERNEL_FUNCTION.has(k)) throw err(`scenario ${sc.id}: unknown action kind '${k}' in kinds`);
  for (const st of sc.script ?? []) if (!KERNEL_FUNCTION.get(st.fn)?.script) throw err(`scenario ${sc.id}: '${st.fn}' is not a driver script step (model/registry.ts: a kind with a script rule)`);
  if (!Array.isArray(sc.kinds) || !Array.isArray(sc.script)) throw err(`scenario ${sc.id}: needs kinds and script (lists)`);
  if (typeof sc.poolNid !== 'number' || typeof sc.bhFrees !== 'boolean') throw err(`scenario ${sc.id}: needs poolNid (-1 = NUMA_NO_NODE) and bhFrees`);
}

function validate<X extends object>(spec: ProposalSpec<X>, file: string | undefined): void {
  const err = (m: string) => spec_error(file, m);
  if (typeof spec !== 'object' || spec === null) throw err('defineProposal() needs an object');
  if (typeof spec.id !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(spec.id)) throw err(`id must be a lower-case word (letters, digits, - . _), got ${JSON.stringify(spec.id)}`);
  if (findVariant(spec.id)) throw err(`id '${spec.id}' is already a shipped variant; choose another`);
  if (typeof spec.description !== 'string' || spec.description === '') throw err('description is missing');
  const base = spec.base ?? 'mainline';
  if (!findVariant(base)) throw err(`unknown base '${base}' (mainline, an era (${VARIANTS.filter((v) => v.kind === 'era').map((v) => v.id).join(', ')}) or any id of \`npx ppcheck list variants\`)`);
  for (const sc of spec.scenarios ?? []) {
    if (typeof sc !== 'string') validateScenario(sc, err);
    else if (!SCENARIOS.some((x) => x.id === sc)) throw err(`unknown scenario '${sc}' (known: ${SCENARIOS.map((x) => x.id).join(', ')})`);
  }
  for (const [fn, f] of Object.entries(spec.enable ?? {})) {
    if (!KERNEL_FUNCTION.has(fn)) throw err(`enable: unknown action kind '${fn}' (add a new one with add)`);
    if (typeof f !== 'function') throw err(`enable.${fn} must be a function (s, env) => [{ cpu, ctx, a?, b? }]`);
  }
  if (spec.scenarios && spec.scenarios.length === 0) throw err('scenarios is empty');
  for (const key of Object.keys(spec.config ?? {})) {
    if (!(key in mainlineConfig)) throw err(`unknown config field '${key}' (see model/config.ts)`);
  }
  for (const [k, v] of Object.entries(spec.bounds ?? {})) {
    const b = pagePoolFamily.bounds.find((x) => x.name === k);
    if (!b) throw err(`unknown bound '${k}' (known: ${pagePoolFamily.bounds.map((x) => x.name).join(', ')})`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < b.min || v > b.max) throw err(`bound ${k} must be an integer in ${b.min}..${b.max}, got ${String(v)}`);
  }
  const known = new Set<string>(FNS);
  for (const [fn, f] of Object.entries(spec.replace ?? {})) {
    if (!known.has(fn)) throw err(`replace: unknown action kind '${fn}' (see docs/model.md "Actions")`);
    if (typeof f !== 'function') throw err(`replace.${fn} must be a function (t, a, k) => void`);
  }
  for (const fn of spec.remove ?? []) if (!known.has(fn)) throw err(`remove: unknown action kind '${fn}'`);
  for (const x of spec.add ?? []) {
    if (typeof x.fn !== 'string' || x.fn === '') throw err('add: an action needs fn (its kernel function name)');
    if (known.has(x.fn)) throw err(`add: '${x.fn}' already exists; use replace to change it, enable to start it in more places`);
    if (typeof x.enabled !== 'function' || typeof x.step !== 'function') throw err(`add ${x.fn}: needs enabled(s, env) and step(t, a, k)`);
  }
  const ids = new Set(pagePoolFamily.properties.map((p) => p.id));
  for (const p of [...(spec.properties ?? []), ...(spec.terminalProperties ?? [])]) {
    if (typeof p.id !== 'string' || typeof p.check !== 'function') throw err('a property needs id, description and check(s)');
    if (ids.has(p.id)) throw err(`property '${p.id}' already exists`);
    ids.add(p.id);
  }
  for (const id of spec.removeProperties ?? []) {
    if (!pagePoolFamily.properties.some((p) => p.id === id)) throw err(`removeProperties: unknown property '${id}'`);
  }
  for (const [name, f] of Object.entries((spec.state ?? {}) as Record<string, StateField>)) {
    if (typeof f !== 'object' || f === null || !('perPage' in f || 'init' in f)) throw err(`state.${name}: give { perPage: <initial value> } or { init: <value> }`);
  }
}
