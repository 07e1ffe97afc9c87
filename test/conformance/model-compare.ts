/**
 * The model side of the conformance check.
 *
 * A model trace (a sequence of PpAction) is translated into harness lines at
 * kernel-function granularity: the step that starts a kernel function emits the
 * call (the harness runs the whole function at once); the continuation steps
 * the model splits a function into (page_pool_recycle_in_cache, its :store
 * half, the ring produce/unlock, page_pool_scrub, page_pool_release, the
 * napi_pp_put_page steps of an skb_release_data loop) emit nothing. Observable
 * states are compared whenever no model actor is inside a kernel function,
 * i.e. at function boundaries.
 *
 * Random model traces are *serialized* walks: while an actor is inside a
 * kernel function only its continuation is chosen, so the sequential harness
 * can execute the same thing. Pages are matched by identity through page
 * handles: the harness binds `m<i>` to the page its allocation returned for
 * the model's page i, and every later reference to page i uses that handle.
 */
import { buildModel, resolve } from '../../model/build.ts';
import { COALESCE_HEADLEN0, SHIFT_MODES, SPLIT_IN_HEADER } from '../../model/kernel/net/core/skbuff.ts';
import { GRO_FRAGS_ONLY } from '../../model/kernel/net/core/gro.ts';
import { framePages } from '../../model/kernel/net/core/xdp.ts';
import { ARCH_64, ARCH_LAYOUTS, ARCH_NAMES, PAGE_SHIFT, PP_MAGIC_LAYOUTS } from '../../model/kernel/include/linux/mm.ts';
import { page_pool_page_is_pp, ppMagicWord } from '../../model/kernel/net/core/netmem_priv.ts';
import { POLL_STARTED, type PpAction } from '../../model/registry.ts';
import type { ModelConfig } from '../../model/config.ts';
import { SCENARIOS } from '../../model/scenarios.ts';
import { VARIANTS } from '../../model/variants/index.ts';
import {
  type PagePoolState,
  BIAS,
  HARDIRQ,
  OP_NONE,
  POOL_FREED,
  SKB_DEFERRED,
  SKB_FREE,
  SOFTIRQ,
  TASK,
  ALLOC_STATS,
  ALLOC_STAT_NAMES,
  STAT_FIELDS,
  STAT_NAMES,
  pageStatsOf,
  recycleStatIndex,
} from '../../model/state.ts';
import type { Model } from '../../src/engine/model.ts';
import { createPrng, type Prng } from '../../src/engine/prng.ts';
import type { Bounds } from '../../src/family.ts';
import { BUILD_DIR, ensureBuilt, runTracesTolerant, type HStep } from './harness.ts';
import { join } from 'node:path';

export interface ModelRunOptions {
  /** unused for the model comparison (it needs the scaled-cache builds); kept for the runner */
  harness?: string;
  random: number;
  seed: number;
  log: (s: string) => void;
  /** variant to compare (default: mainline, which stands for v6.12-debian: see docs/conformance.md) */
  variant?: string;
  /** print at most this many mismatch reports */
  maxReports?: number;
  /** run the gcov-instrumented scaled builds (coverage of the model's traces) */
  gcov?: boolean;
}

export type ModelRunResult =
  | { status: 'unavailable'; reason: string }
  | { status: 'ok'; traces: number; steps: number; compared: number }
  | { status: 'mismatch'; traces: number; mismatches: number; reports: string[] };

/** Scenarios the harness cannot reproduce, and why (docs/conformance.md). */
export const EXCLUDED_SCENARIOS: Readonly<Record<string, string>> = {};

/** Sizes of the frag allocator in the model: FRAGS_PER_PAGE = 2 → half a page. */
const FRAG_SIZE = 2048;

// ---------------------------------------------------------------------------
// Walks

const isBusy = (s: PagePoolState, id: number): boolean => {
  const a = s.actors[id]!;
  return a.op !== OP_NONE || a.q.length > 0;
};
export const anyBusy = (s: PagePoolState): boolean => s.actors.some((_, i) => isBusy(s, i));
const actorOf = (a: PpAction): number => a.cpu * 3 + a.ctx;

/** A seeded walk in which every kernel function runs to completion before another starts. */
export function serializedWalk(
  m: Model<PagePoolState, PpAction>,
  r: Prng,
  maxSteps: number,
): { init: PagePoolState; actions: PpAction[] } {
  const init = m.init()[0]!;
  let s = init;
  const actions: PpAction[] = [];
  // swarm testing: each walk delays a random subset of action kinds (taken only when nothing
  // else is enabled), so that e.g. the driver's teardown script sometimes waits for live skbs
  const delayed = new Set(m.actionKinds.filter(() => r.below(3) === 0));
  for (let i = 0; i < maxSteps; i++) {
    let acts = m.actions(s);
    const busy = s.actors.findIndex((_, id) => isBusy(s, id));
    if (busy >= 0) acts = acts.filter((a) => actorOf(a) === busy);
    if (acts.length === 0) break;
    const eager = acts.filter((a) => !delayed.has(m.actionKind(a)));
    if (eager.length) acts = eager;
    const a = acts[r.below(acts.length)]!;
    actions.push(a);
    s = m.step(s, a);
  }
  return { init, actions };
}

// ---------------------------------------------------------------------------
// Translation of model steps to harness lines

export interface Translated {
  /** harness lines of the setup (pool creation, NUMA layout) */
  setup: string[];
  /** per model step: its harness lines and, for allocations, the model page bound by each line */
  steps: { lines: string[]; binds: (number | null | undefined)[]; untranslated?: string }[];
  /** model states: states[0] initial, states[i+1] after step i */
  states: PagePoolState[];
}

interface Ctx {
  cfg: ModelConfig;
  bounds: Bounds;
  threaded: boolean;
  poolNid: number;
  /** the scenario's pool0 has a memory provider (devmem: net/core/devmem.c's dmabuf_devmem_ops) */
  devmem: boolean;
}

/** Pool k allocates through mp_ops (model/kernel/net/core/devmem.ts hasProvider: pool0 of a devmem scenario). */
const providerPool = (c: Ctx, k: number): boolean => c.devmem && k === 0;

/**
 * The harness allocation for pool k: page_pool_alloc_netmems() for a provider's pool (its
 * net_iovs have no struct page: page_pool_alloc_pages() would netmem_to_page() them, a WARN and
 * NULL), page_pool_alloc_pages() otherwise (the model's drivers use the page API).
 */
const allocFn = (c: Ctx, k: number): string => (providerPool(c, k) ? 'page_pool_alloc_netmems' : 'page_pool_alloc_pages');

function harnessCtx(c: Ctx, a: PpAction, pollLike: boolean): string {
  if (a.ctx === HARDIRQ) return 'hardirq';
  if (a.ctx === SOFTIRQ) return 'softirq';
  if (a.fn === 'kfree_skb' && a.b === 1) return 'bh'; // local_bh_disable(); kfree_skb()
  if (pollLike && c.threaded) return 'bh'; // threaded NAPI: the poll kthread runs with BH disabled
  return 'process';
}

/** The steps the poll starts (model/registry.ts POLL_STARTED: in threaded mode the kthread runs them with BH disabled, skb_defer_free_flush included) and the second line of page_pool_alloc_pages (its cache pop). */
const POLL_FNS: ReadonlySet<string> = new Set([...POLL_STARTED, '__page_pool_get_cached']);

/** Harness lines that build the model's initial state (pools, NUMA layout, NAPI). */
function setupLines(c: Ctx, init: PagePoolState): string[] {
  const out: string[] = [];
  for (let cpu = 0; cpu < c.bounds.cpus!; cpu++) out.push(`fn=set_cpu_nid cpu_of=${cpu} nid=${cpu % c.bounds.nodes!}`);
  out.push('fn=mm avail=0 pfmemalloc=0 nid=-1');
  // the bus address of the model's dma_map_page_attrs() on this --arch (page i of the harness at
  // that address + i MiB, so that the shim's DMA API tells pages apart: WordFrame undoes it)
  out.push(`fn=mm dma_base=0x${ARCH_LAYOUTS[c.bounds.arch ?? 0]!.mapped.toString(16)}`);
  // devmem: the user binds a dma-buf of `pages` pages (the model's net_iovs) to RX queue 0 before
  // the driver creates its pool there (net_devmem_bind_dmabuf + net_devmem_bind_dmabuf_to_queue)
  if (c.devmem) out.push(`fn=devmem_bind niovs=${c.bounds.pages}`);
  init.pools.forEach((P, k) => {
    // PP_FLAG_DMA_SYNC_DEV as the model's pool has it (models without the field: always on); a
    // provider's pool is created with it (page_pool_init(): mp_ops needs dma_map && dma_sync, -EOPNOTSUPP
    // otherwise) and mp_dmabuf_devmem_init() clears pool->dma_sync: the model's pool starts with it off
    const sync = (P as { dmaSync?: boolean }).dmaSync;
    out.push(
      // a per-CPU pool is a system page pool (PP_FLAG_SYSTEM_POOL: net_page_pool_create()); the
      // flag only chooses where its recycle_stats live (the static pp_system_recycle_stats)
      `fn=page_pool_create pool=${k} flags=${sync === false && !providerPool(c, k) ? 'dma_map' : 'dma_map|dma_sync'}${P.cpuid >= 0 ? '|system' : ''} pool_size=${c.bounds.ringSize} nid=${P.nid}` +
        (providerPool(c, k) ? ' provider=1' : '') +
        // p.order (a high-order pool; models without the field: 0)
        ((P as { order?: number }).order ? ` order=${(P as { order?: number }).order}` : '') +
        (P.napi >= 0 ? ' napi_of=0' : ' napi=0') +
        (P.cpuid >= 0 ? ` cpuid=${P.cpuid}` : ''),
    );
    // xdp_rxq_info_reg_mem_model() -> page_pool_use_xdp_mem(): user_cnt 2 (scenario xdpMemModel)
    for (let u = 1; u < P.user; u++) out.push(`fn=page_pool_use_xdp_mem pool=${k}`);
  });
  const n = init.napi;
  if (n.disabled) out.push('fn=napi_disable pool=0');
  else out.push('fn=napi_enable pool=0');
  if (n.sched) out.push(`cpu=${Math.max(0, n.run)} ctx=hardirq fn=napi_schedule pool=0 owner=${n.owner}`);
  return out;
}

/** The harness lines for one model step s --a--> t (empty for continuation steps). */
function translateStep(
  c: Ctx,
  s: PagePoolState,
  a: PpAction,
  t: PagePoolState,
  hasHead: boolean[],
): { lines: string[]; binds: (number | null | undefined)[]; untranslated?: string } {
  const lines: string[] = [];
  const binds: (number | null | undefined)[] = [];
  const pre = `cpu=${a.cpu} ctx=${harnessCtx(c, a, POLL_FNS.has(a.fn))}`;
  const emit = (rest: string, bind?: number | null): void => {
    lines.push(`${pre} ${rest}`);
    binds.push(bind);
  };
  const newRx = (): number | null => (t.rx.length > s.rx.length ? t.rx[t.rx.length - 1]! : null);
  const allocEnv = (k: number): void => {
    // the page allocator gives exactly what the model's slow path took (one page, pfmemalloc or not)
    const slow = t.pools[k]!.hold > s.pools[k]!.hold;
    emit(`fn=mm avail=${slow ? 1 : 0} pfmemalloc=${a.b === 1 ? 1 : 0}`);
  };
  const handle = (pg: number): string => `m${pg}`;
  switch (a.fn) {
    case 'napi_schedule':
      emit(`fn=napi_schedule pool=0 owner=${t.napi.owner}`);
      break;
    case 'napi_complete_done':
      emit('fn=napi_complete pool=0');
      break;
    case 'napi_disable':
      emit('fn=napi_disable pool=0');
      break;
    case 'napi_enable':
      emit('fn=napi_enable pool=0');
      break;
    case '__page_pool_get_cached': {
      // the pop completes here (page_pool_alloc_pages started it): one harness allocation
      const k = s.actors[actorOf(a)]!.pool;
      const pg = newRx();
      emit('fn=mm avail=0');
      emit(`fn=${allocFn(c, k)} pool=${k} as=${pg === null ? 'none' : handle(pg)}`, pg);
      break;
    }
    case 'page_pool_refill_alloc_cache':
    case '__page_pool_alloc_pages_slow': {
      const pg = newRx();
      allocEnv(a.a);
      emit(`fn=${allocFn(c, a.a)} pool=${a.a} as=${pg === null ? 'none' : handle(pg)}`, pg);
      break;
    }
    case 'page_pool_alloc_frag': {
      const pg = newRx();
      allocEnv(a.a);
      emit(`fn=page_pool_alloc_frag pool=${a.a} size=${FRAG_SIZE} as=${pg === null ? 'none' : handle(pg)}`, pg);
      break;
    }
    case 'page_pool_alloc': {
      // page_pool_dev_alloc(pool, &offset, &size): a frag of the model's size, or a size above
      // max_size / 2 (PAGE_SIZE << p.order: the whole page)
      const pg = newRx();
      allocEnv(a.a);
      const size = (a.b & 2) !== 0 ? 4096 << ((t.pools[a.a] as { order?: number }).order ?? 0) : FRAG_SIZE;
      emit(`fn=page_pool_dev_alloc pool=${a.a} size=${size} as=${pg === null ? 'none' : handle(pg)}`, pg);
      break;
    }
    case 'mlx5e_page_alloc_fragmented': {
      // mlx5e_page_alloc_fragmented(): page_pool_dev_alloc_pages(); page_pool_fragment_page(page, BIAS)
      const pg = t.drvFrag >= 0 && t.drvFrag !== s.drvFrag ? t.drvFrag : null;
      allocEnv(a.a);
      emit(`fn=page_pool_alloc_pages pool=${a.a} as=${pg === null ? 'none' : handle(pg)}`, pg);
      if (pg !== null) emit(`fn=page_pool_fragment_page page=${handle(pg)} nr=${BIAS}`);
      break;
    }
    case 'napi_gro_receive':
      // the driver's skb_mark_for_recycle(); the hold on the GRO list touches no page
      emit(`fn=skb_mark_for_recycle skb=${a.a}`);
      break;
    case 'skb_gro_receive': {
      const j = a.b % GRO_FRAGS_ONLY;
      emit(`fn=skb_mark_for_recycle skb=${j}`);
      emit(`fn=skb_gro_receive p=${a.a} skb=${j} headlen=${a.b >= GRO_FRAGS_ONLY ? 0 : 1}`);
      break;
    }
    case 'napi_gro_flush': // the held packet goes up the stack: no page_pool call
      break;
    case 'skb_gro_receive_list':
      emit(`fn=skb_mark_for_recycle skb=${a.b}`);
      emit(`fn=skb_gro_receive_list p=${a.a} skb=${a.b}`);
      break;
    case 'skb_segment':
    case 'batadv_frag_create': // net/batman-adv/fragmentation.c: dev_alloc_skb() (pp_recycle 0) + skb_split()
    case 'skb_split': {
      // the new skb (segment, skb1): the slot that was free; its head is kmalloc'd
      const n = t.skbs.findIndex((x, i) => x.st !== SKB_FREE && s.skbs[i]!.st === SKB_FREE);
      hasHead[t.skbs[n]!.sh] = false;
      if (a.fn === 'skb_segment') emit(`fn=skb_segment skb=${a.a} new=${n}`);
      // recycle=1: the fragment got skb's pp_recycle (the fix of docs/findings.md section 5, batadv-frag-split-fixed)
      else emit(`fn=skb_split skb=${a.a} new=${n} ` + (a.b === SPLIT_IN_HEADER ? 'header=1' : `frag=${a.b >> 1} inside=${a.b & 1}`) + (t.skbs[n]!.ppr ? ' recycle=1' : ''));
      break;
    }
    case 'skb_shift':
      emit(`fn=skb_shift tgt=${a.a} skb=${a.b % SHIFT_MODES} mode=${Math.floor(a.b / SHIFT_MODES)}`);
      break;
    case 'mlx5e_page_release_fragmented':
      // mlx5e_page_release_fragmented(): if (page_pool_unref_page(page, BIAS - frags) == 0)
      // page_pool_put_unrefed_page(pool, page, -1, true)
      emit(`fn=page_pool_unref_put pool=${s.pages[s.drvFrag]!.pp} page=${handle(s.drvFrag)} nr=${BIAS - s.drvFrags} direct=1`);
      break;
    case 'page_pool_update_nid':
      emit(`fn=page_pool_update_nid pool=${a.a} nid=${t.pools[a.a]!.nid}`);
      break;
    case 'build_skb': {
      const j = t.skbs.findIndex((x, i) => x.st !== SKB_FREE && s.skbs[i]!.st === SKB_FREE);
      hasHead[t.skbs[j]!.sh] = true; // napi_build_skb(): the RX page is the head (head_frag)
      emit(`fn=napi_build_skb skb=${j} page=${handle(s.rx[0]!)} recycle=0`);
      break;
    }
    case 'skb_add_rx_frag':
      emit(`fn=skb_add_rx_frag skb=${a.a} page=${handle(s.rx[0]!)}`);
      break;
    case '__xdp_build_skb_from_frame': {
      // cpumap: build_skb_around() on the frame's page (head_frag), xdp_update_skb_shared_info()
      // (its frag), skb_mark_for_recycle(): the harness's skb calls for the same skb
      const j = t.skbs.findIndex((x, i) => x.st !== SKB_FREE && s.skbs[i]!.st === SKB_FREE);
      hasHead[t.skbs[j]!.sh] = true;
      emit(`fn=build_skb skb=${j} page=${handle(s.xdp[a.a]!)} recycle=1`);
      if (s.xdpFrag[a.a]! >= 0) emit(`fn=skb_add_rx_frag skb=${j} page=${handle(s.xdpFrag[a.a]!)}`);
      break;
    }
    case 'napi_alloc_skb': {
      // a kmalloc'ed head (no page); b = 1: the whole packet, marked and handed up at once
      const j = t.skbs.findIndex((x, i) => x.st !== SKB_FREE && s.skbs[i]!.st === SKB_FREE);
      hasHead[t.skbs[j]!.sh] = false;
      emit(`fn=alloc_skb skb=${j} recycle=${a.b === 1 ? 1 : 0}`);
      break;
    }
    case 'skb_add_rx_frag_netmem':
      emit(`fn=skb_add_rx_frag_netmem skb=${a.a} page=${handle(s.rx[0]!)}`);
      break;
    case 'tcp_recvmsg':
      emit(`fn=tcp_recvmsg skb=${a.a}`);
      break;
    case 'skb_mark_for_recycle':
      emit(`fn=skb_mark_for_recycle skb=${a.a}`);
      break;
    case 'page_pool_recycle_direct': {
      const pg = s.rx[0]!;
      emit(`fn=page_pool_recycle_direct pool=${s.pages[pg]!.pp} page=${handle(pg)}`);
      break;
    }
    case 'netpoll_poll_dev': {
      // netpoll_poll_dev() from hard IRQ -> the driver's poll with budget 0 drops the RX buffer:
      // page_pool_recycle_direct() when the driver allows direct, else page_pool_put_full_page(.., false)
      const pg = s.rx[0]!;
      const direct = (c.cfg as unknown as { netpollAllowDirect?: boolean }).netpollAllowDirect === true;
      emit(`fn=page_pool_put_full_page pool=${s.pages[pg]!.pp} page=${handle(pg)} direct=${direct ? 1 : 0}`);
      break;
    }
    case 'bpf_xdp_adjust_tail':
      // bpf_xdp_frags_shrink_tail() -> bpf_xdp_shrink_data(): __xdp_return(frag, .., false, NULL)
      emit(`fn=page_pool_put_full_page pool=${s.pages[s.rx[1]!]!.pp} page=${handle(s.rx[1]!)} direct=0`);
      break;
    case 'xdp_return_frame':
    case 'xdp_return_frame_rx_napi': {
      // the real net/core/xdp.c xdp_return_frame() (direct=0) or xdp_return_frame_rx_napi()
      // (direct=1): each frag, then the head, __xdp_return() -> page_pool_put_full_page(page->pp,
      // page, napi_direct); the model's later steps (the __xdp_return steps of the pages after the
      // first, each put's continuations) emit nothing
      const f = xdpFrame(s, a.a, handle);
      emit(`fn=xdp_return_frame pool=${f.pool} page=${f.head} frags=${f.frag ?? '-'} direct=${a.fn === 'xdp_return_frame' ? 0 : 1}`);
      break;
    }
    case 'xdp_return_buff': {
      // the real xdp_return_buff() of an XDP_DROPped multi-buffer packet: the frags of the buff's
      // shared info, then xdp->data's page, each __xdp_return(.., &xdp->rxq->mem, true, xdp); the
      // packet's first RX buffer is the head, the next its frag (model: framePages), the RX
      // queue's memory model that of the head page's pool
      const [head, frag] = [s.rx[0]!, s.rx[1]!];
      if (framePages(head, frag).length !== 2) return { lines, binds, untranslated: `${a.fn} (a buff without its frag)` };
      emit(`fn=xdp_return_buff pool=${s.pages[head]!.pp} page=${handle(head)} frags=${handle(frag)}`);
      break;
    }
    case 'xdp_return_frame_bulk': {
      // a TX completion loop: xdp_frame_bulk_init(&bq); xdp_return_frame_bulk(xdpf, &bq) per frame;
      // xdp_flush_frame_bulk(&bq), all of it the real net/core/xdp.c's (the frags queued before the
      // head with the in-loop flush, the flushes when the bulk is full or the mem id changes, each
      // page_pool_put_page_bulk()): the harness runs the whole loop here; the model's steps of it
      // (its flushes' unref loop, produce, unlock, return) emit nothing
      const frames = s.xdp.map((_pg, i) => i).slice(a.a, a.a + a.b).filter((i) => s.pages[s.xdp[i]!]!.pp >= 0);
      const spec = (f: XdpFrameLine): string => `${f.pool}:${f.head}${f.frag === null ? '' : `+${f.frag}`}`;
      if (frames.length) emit(`fn=xdp_return_frame_bulk frames=${frames.map((i) => spec(xdpFrame(s, i, handle))).join(',')}`);
      break;
    }
    case 'page_pool_put_unrefed_page': {
      // mlx5e_page_release_fragmented(): if (page_pool_unref_page(page, nr) == 0) page_pool_put_unrefed_page(.., true)
      const pg = s.rx[a.a]!;
      emit(`fn=page_pool_unref_put pool=${s.pages[pg]!.pp} page=${handle(pg)} nr=1 direct=1`);
      break;
    }
    case 'skb_fill_page_desc': {
      // skb_fill_page_desc(skb, i, alloc_page(GFP_ATOMIC), ..): one page from the page allocator
      const pg = t.pages.findIndex((p, i) => p.ref > 0 && s.pages[i]!.ref === 0);
      emit('fn=mm avail=1 pfmemalloc=0');
      emit(`fn=alloc_page as=${pg < 0 ? 'none' : handle(pg)}`, pg < 0 ? null : pg);
      emit('fn=mm avail=0');
      if (pg >= 0) emit(`fn=skb_add_rx_frag skb=${a.a} page=${handle(pg)}`);
      break;
    }
    case 'skb_clone': {
      const j = t.skbs.findIndex((x, i) => x.st !== SKB_FREE && s.skbs[i]!.st === SKB_FREE);
      emit(`fn=skb_clone skb=${a.a} new=${j}`);
      break;
    }
    case 'pskb_expand_head':
      hasHead[t.skbs[a.a]!.sh] = false; // the new head is kmalloc'd: no page
      emit(`fn=pskb_expand_head skb=${a.a}`);
      break;
    case 'skb_try_coalesce': {
      // a shared `from` has all its data in frags (headlen 0); otherwise its head page is stolen
      const from = a.b % COALESCE_HEADLEN0;
      const f = s.skbs[from]!;
      // (the model moves every reference of an unshared `from`: its head page is stolen when it
      // has one, unless the action chose skb_headlen(from) == 0; an expanded skb's kmalloc head
      // cannot be, so its data must be all in frags)
      const shared = f.cloned && s.sh[f.sh]!.dataref > 1;
      const headlen = !shared && hasHead[f.sh] && a.b < COALESCE_HEADLEN0 ? 1 : 0;
      emit(`fn=skb_try_coalesce to=${a.a} from=${from} headlen=${headlen}`);
      break;
    }
    case 'kfree_skb':
    case 'napi_consume_skb':
      emit(`fn=kfree_skb skb=${a.a}`);
      break;
    case 'skb_defer_free_flush':
      s.skbs.forEach((x, j) => {
        if (x.st === SKB_DEFERRED && x.cpu === a.cpu) emit(`fn=napi_consume_skb skb=${j}`);
      });
      break;
    case 'get_page':
      emit(`fn=get_page page=${handle(a.a)}`);
      break;
    case 'put_page':
      emit(`fn=put_page page=${handle(a.a)}`);
      break;
    case 'netdev_rx_queue_restart': {
      // the driver swaps its RX ring to the other pool; queue-API drivers (e.g. bnxt_queue_stop())
      // call page_pool_disable_direct_recycling(old pool): read from the model's transition
      const old = s.napi.pool;
      const P0 = s.pools[old]!;
      const P1 = t.pools[old]!;
      if ((P0.napi >= 0 && P1.napi < 0) || (P0.cpuid >= 0 && P1.cpuid < 0) || c.cfg.restartDisablesDirectRecycling)
        emit(`fn=page_pool_disable_direct_recycling pool=${old}`);
      break;
    }
    case 'page_pool_put_full_page': {
      // the driver's RX-ring teardown: one page_pool_put_full_page(pool, page, false) per reference it
      // queued (read from the actor's queue, so a variant's patched driver is followed too)
      const id = actorOf(a);
      const queued = t.actors[id]!.q.slice(s.actors[id]!.q.length);
      for (const e of queued) emit(`fn=page_pool_put_full_page pool=${a.a} page=${handle(e >> 2)} direct=0`);
      break;
    }
    case 'page_pool_destroy':
      emit(`fn=page_pool_destroy pool=${a.a}`);
      break;
    case 'page_pool_disable_direct_recycling':
      emit(`fn=page_pool_disable_direct_recycling pool=${a.a}`);
      break;
    case 'xdp_rxq_info_unreg':
      emit(`fn=xdp_rxq_info_unreg pool=${a.a}`);
      break;
    case 'page_pool_release_retry':
      emit(`fn=page_pool_release_retry pool=${a.a}`);
      break;
    case 'net_devmem_unbind_dmabuf':
      // net_devmem_unbind_dmabuf(): the queue's mp_params cleared, netdev_rx_queue_restart() (the
      // driver's restart is the script's next steps), the bind's reference dropped
      emit('fn=net_devmem_unbind_dmabuf');
      break;
    // the first half of a split function, its continuations, and model-only bookkeeping
    case 'page_pool_alloc_pages':
    case 'napi_pp_put_page':
    case '__xdp_return':
    case 'page_pool_recycle_in_cache':
    case 'page_pool_recycle_in_cache:store':
    case 'page_pool_recycle_in_ring':
    case 'page_pool_producer_unlock':
    case 'page_pool_return_page':
    case 'recycle_stat_inc':
    case 'page_pool_scrub':
    case 'page_pool_release':
    case 'xdp_do_redirect':
    case 'skb_attempt_defer_free':
    case 'irq_set_affinity':
    case 'device_unbind':
    case 'mlx5e_add_skb_frag': // the driver's own frag count (frag_page->frags): no kernel call
    case 'page_pool_put_page_bulk':
    case 'page_pool_put_page_bulk:produce':
    case 'page_pool_put_page_bulk:unlock':
    case 'page_pool_put_page_bulk:return':
      break;
    default:
      // continuation steps of newer model versions (the harness ran the whole function already)
      if (LATER_CONTINUATIONS.has(a.fn as string)) break;
      // a model action this adapter does not know: reported as a mismatch, never skipped silently
      return { lines, binds, untranslated: a.fn };
  }
  return { lines, binds };
}

interface XdpFrameLine {
  pool: number;
  head: string;
  frag: string | null;
}
/**
 * XDP frame i of the model as the harness names it: its mem id the pool of its head page (the
 * model's frames are its pages; xdp.c's mem id K + 1 is the harness's pool slot K), its head
 * page's handle, and its frag page's (s.xdpFrag[i] >= 0: xdp_frame_has_frags(), one frag per frame
 * in the model) or null.
 */
function xdpFrame(s: PagePoolState, i: number, handle: (pg: number) => string): XdpFrameLine {
  const pg = s.xdp[i]!;
  const frag = s.xdpFrag[i] ?? -1;
  return { pool: s.pages[pg]!.pp, head: handle(pg), frag: frag >= 0 ? handle(frag) : null };
}

/**
 * Steps that some model versions split a kernel function into, which the
 * harness runs inside the function that started them (the put path's DMA sync
 * for the device: the lockless dma_sync test, then the RCU re-check and sync).
 */
const LATER_CONTINUATIONS = new Set(['page_pool_dma_sync_for_device', '__page_pool_dma_sync_for_device']);

// ---------------------------------------------------------------------------
// Observable state, normalized

export interface ObsPage {
  ref: number;
  pp: number | null;
  magic: boolean;
  dma: boolean;
  /** the DMA index bits of pp_magic are non-zero (netmem_get_dma_index) */
  dma_index?: boolean;
  /** page->dma_addr is non-zero (the shim's bus addresses differ from the model's: only whether one is stored) */
  dma_addr?: boolean;
  /**
   * Only while the page belongs to a pool: pp_ref_count, and the pfmemalloc bit,
   * which the kernel keeps in lru.next, the word pp_magic overlays, so
   * page_pool_clear_pp_info() erases it when the page leaves the pool (the model
   * does too: netmem_clear_pp_magic in model/kernel/net/core/netmem_priv.ts).
   */
  pp_ref?: number | string;
  pfmemalloc?: boolean;
  /** the 32-bit builds (WordFrame): pp_magic & ~PP_DMA_INDEX_MASK as stored, hex (signature, pfmemalloc bit) */
  pp_magic_word?: string;
  /** the 32-bit builds (WordFrame): page->dma_addr as stored, hex, in the model's address frame */
  dma_addr_word?: string;
  /**
   * A net_iov of the devmem binding, not a struct page (model: every page of a devmem scenario;
   * harness: the binding's allocated net_iovs). Its `ref` is netmem_ref_count() (always 1 for a
   * net_iov: the model's "allocated from the binding"); its dma_addr (the dma-buf's address,
   * set at bind time) is not compared: the model leaves the dma-buf's addresses out.
   */
  niov?: boolean;
}
/** The devmem binding (net/core/devmem.c): refcount (0 once freed) and whether RX queue 0 still has it. */
export interface ObsBinding {
  ref: number;
  bound: boolean;
}

/**
 * How the stored words are compared on a build (the 32-bit builds, test/conformance/arch.ts):
 * the layout of the run's `--arch` (checked equal to the C build's by arch.ts checkLayout), and
 * the build's own PAGE_POOL_32BIT_ARCH_WITH_64BIT_DMA (`split`, printed by the harness's
 * fn=layout). The shim maps harness page i at the model's address + i MiB (page aligned); the
 * harness's page->dma_addr is brought into the model's frame by taking that offset off in the
 * word's units (>> PAGE_SHIFT where the build splits), so the two words are compared as numbers.
 */
export interface WordFrame {
  arch: number;
  split: boolean;
}
const hex = (x: bigint): string => `0x${x.toString(16)}`;

export interface ObsPool {
  freed: boolean;
  cache?: string[];
  ring?: string[];
  hold?: number;
  release?: number;
  destroy_cnt?: number;
  user_cnt?: number;
  frag_page?: string | null;
  frag_users?: number;
  frag_offset?: number;
  cpuid?: number;
  napi?: boolean;
  nid?: number;
  work_pending?: boolean;
  /** pool->dma_sync, when the model has it */
  dma_sync?: boolean;
  /**
   * CONFIG_PAGE_POOL_STATS (bound poolStats=1): page_pool_get_stats()'s alloc_stats and summed
   * recycle_stats, and each CPU's recycle_stats (the model's CPUs; the harness's other CPUs must
   * be all zero: `recycle_other_cpus`)
   */
  alloc_stats?: number[];
  recycle_stats?: number[];
  recycle_percpu?: number[][];
  recycle_other_cpus?: number[][];
  /** pool->mp_ops is set (only in traces with a binding) */
  mp?: boolean;
}
export interface ObsSkb {
  pp_recycle: boolean;
  cloned: boolean;
  /** skb->unreadable */
  unreadable: boolean;
  dataref: number;
  pages: string[];
}
export interface Observable {
  pages: Record<string, ObsPage>;
  pools: ObsPool[];
  napi_owner: number;
  skbs: Record<string, ObsSkb>;
  /**
   * The 32-bit builds (WordFrame): a DMA address went wrong so far. The model: its ghost `dmaBad`
   * (property dma-address-intact: an unmap or sync given an address that was not mapped, a
   * mapping refused by page_pool_set_dma_addr_netmem, netmem_clear_pp_magic() finding index
   * bits). The real code: the same three as it reports them (isDmaBadEvent).
   */
  dma_bad?: boolean;
  /** null without a memory provider */
  binding: ObsBinding | null;
  /** the static key page_pool_mem_providers: pools with mp_ops from page_pool_init() to page_pool_uninit() */
  mem_providers: number;
  /**
   * A net_iov was handed to netmem_to_page() so far in the trace: the model's ghost g.niovPut
   * (page_pool_return_netmem() put_page()s a net_iov when release_netmem returns true); the real
   * code's WARN_ON_ONCE(netmem_is_net_iov(netmem)) in include/net/netmem.h netmem_to_page().
   */
  niov_as_page: boolean;
}

/** include/net/netmem.h netmem_to_page()'s WARN, as the harness records it */
export const NIOV_AS_PAGE_WARN = /^warn:netmem\.h:\d+:netmem_is_net_iov\(netmem\)$/;

/**
 * A harness event of a wrong DMA address: the shim's DMA API given an address it never handed
 * out (or no longer maps), page_pool_dma_map()'s `WARN_ONCE(1, "unexpected DMA address ...")`
 * (the only WARN with condition `1` in page_pool.c 6.12), netmem_clear_pp_magic()'s
 * `WARN_ON_ONCE(pp_magic & PP_DMA_INDEX_MASK)`.
 */
export const isDmaBadEvent = (e: string): boolean =>
  /^warn:(dma_(unmap|sync)_of_unmapped|page_pool\.c:\d+:1$|.*PP_DMA_INDEX_MASK)/.test(e);

/**
 * The model's pp_ref_count of a frag page carries its scaled BIAS (BIAS_MAX in the kernel): shown
 * relative to it. Only where the frag allocator runs: elsewhere a count above BIAS / 2 is a plain
 * count of users (e.g. several coalesced clones of one page).
 */
const normPpRefModel = (v: number, frags: boolean): number | string => (frags && v > BIAS / 2 ? `BIAS-${BIAS - v}` : v);
const normPpRefHarness = (v: number | string): number | string =>
  typeof v === 'string' ? v.replace('BIAS_MAX-', 'BIAS-') : v;

export function observeModel(s: PagePoolState, frags = true, words?: WordFrame): Observable {
  const pages: Record<string, ObsPage> = {};
  // the classifier from the pp_magic bits in the layout of the build compared: --arch 64's for the
  // x86_64 harness, the run's --arch for the -m32 builds (words)
  const L = PP_MAGIC_LAYOUTS[words ? words.arch : ARCH_64]!;
  // devmem (s.binding >= 0: model/build.ts): every model page is a net_iov of the binding, pool0 its provider's pool
  const binding = (s as { binding?: number }).binding ?? -1;
  const devmem = binding >= 0;
  s.pages.forEach((p, i) => {
    if (p.ref <= 0) return;
    const o: ObsPage = { ref: p.ref, pp: p.pp < 0 ? null : p.pp, magic: page_pool_page_is_pp(p, L), dma: p.dma, dma_index: p.dmaIdx !== 0, dma_addr: p.dmaAddr !== 0 };
    if (devmem) {
      o.niov = true;
      delete o.dma_addr;
    }
    if (words && !devmem) {
      // (a net_iov's words: its pp_magic is compared through `magic`; its dma_addr is the dma-buf's)
      o.pp_magic_word = hex(ppMagicWord(p, L) & ~L.indexMask & L.longMask);
      o.dma_addr_word = hex(BigInt(p.dmaAddr));
    }
    if (p.pp >= 0) {
      o.pp_ref = normPpRefModel(p.ppRef, frags);
      o.pfmemalloc = p.pfm;
    }
    pages[`page${i}`] = o;
  });
  const pools: ObsPool[] = s.pools.map((P, k) => {
    if (P.st === POOL_FREED) return { freed: true };
    const o: ObsPool = {
      freed: false,
      ...(devmem ? { mp: k === 0 } : {}),
      cache: P.cache.slice(0, P.count).map((pg) => `page${pg}`),
      ring: P.ring.map((pg) => `page${pg}`),
      hold: P.hold,
      release: P.release,
      destroy_cnt: P.destroyCnt,
      user_cnt: P.user,
      frag_page: P.frag < 0 ? null : `page${P.frag}`,
      cpuid: P.cpuid,
      napi: P.napi >= 0,
      nid: P.nid,
      work_pending: P.retry,
    };
    if (P.frag >= 0) {
      o.frag_users = P.fragUsers;
      o.frag_offset = P.fragOff * FRAG_SIZE;
    }
    const sync = (P as { dmaSync?: boolean }).dmaSync;
    if (sync !== undefined) o.dma_sync = sync;
    const st = (P as { stats?: number[] }).stats;
    if (st && st.length > 0) {
      const v = pageStatsOf(st)!;
      o.alloc_stats = ALLOC_STAT_NAMES.map((n) => v.alloc[n]);
      o.recycle_stats = STAT_NAMES.map((n) => v.recycle[n]);
      const cpus = (st.length - ALLOC_STATS) / STAT_FIELDS;
      o.recycle_percpu = Array.from({ length: cpus }, (_, c) => STAT_NAMES.map((_n, f) => st[recycleStatIndex(c, f)]!));
    }
    return o;
  });
  const skbs: Record<string, ObsSkb> = {};
  s.skbs.forEach((x, j) => {
    if (x.st === SKB_FREE) return;
    const h = s.sh[x.sh]!;
    skbs[`skb${j}`] = {
      pp_recycle: x.ppr,
      cloned: x.cloned,
      unreadable: (x as { ur?: boolean }).ur === true,
      dataref: h.dataref,
      pages: h.refs.map((r) => `page${r >> 1}`).sort(),
    };
  });
  const o: Observable = {
    pages,
    pools,
    napi_owner: s.napi.owner,
    skbs,
    binding: devmem ? { ref: binding, bound: (s as { bound?: boolean }).bound === true } : null,
    mem_providers: devmem && s.pools[0]!.st !== POOL_FREED ? 1 : 0,
    niov_as_page: ((s.g as { niovPut?: number }).niovPut ?? -1) >= 0,
  };
  if (words) o.dma_bad = s.g.dmaBad >= 0;
  return o;
}

export function observeHarness(h: HStep, toModel: Map<number, number>, nPools: number, withSync = false, words?: WordFrame, dmaBad = false, statsCpus = 0, niovAsPage = false): Observable {
  const name = (idx: number): string => (toModel.has(idx) ? `page${toModel.get(idx)}` : `harness-page${idx}`);
  const pages: Record<string, ObsPage> = {};
  for (const [k, p] of Object.entries(h.pages)) {
    const o: ObsPage = { ref: p.ref, pp: p.pp, magic: p.pp_magic, dma: p.dma > 0, dma_index: p.dma_index !== 0, dma_addr: (p.dma_addr ?? 0) !== 0 };
    if (p.niov === true) {
      o.niov = true;
      delete o.dma_addr; // the dma-buf's address, from bind time: not in the model
    }
    if (words && p.niov !== true) {
      const L = PP_MAGIC_LAYOUTS[words.arch]!;
      const longMod = 1n << BigInt(ARCH_LAYOUTS[words.arch]!.longBits);
      o.pp_magic_word = hex(BigInt(p.pp_magic_word!) & ~L.indexMask & L.longMask);
      let w = BigInt(p.dma_addr_word!);
      if (w !== 0n) {
        // the harness page's offset from the model's address, in the stored word's units
        const off = BigInt(p.dma_map_addr!) - BigInt(ARCH_LAYOUTS[words.arch]!.mapped);
        w = (((w - (words.split ? off >> BigInt(PAGE_SHIFT) : off)) % longMod) + longMod) % longMod;
      }
      o.dma_addr_word = hex(w);
    }
    if (p.pp !== null) {
      o.pp_ref = normPpRefHarness(p.pp_ref);
      o.pfmemalloc = p.pfmemalloc;
    }
    pages[name(Number(k))] = o;
  }
  const pools: ObsPool[] = [];
  for (let k = 0; k < nPools; k++) {
    const P = h.pools.find((x) => x.id === k);
    if (!P) {
      pools.push({ freed: true, cache: ['<pool not created>'] });
      continue;
    }
    if (P.freed) {
      pools.push({ freed: true });
      continue;
    }
    const o: ObsPool = {
      freed: false,
      ...(h.binding ? { mp: P.mp === true } : {}),
      cache: (P.cache ?? []).map(name),
      ring: (P.ring ?? []).map(name),
      hold: P.hold,
      release: P.release,
      destroy_cnt: P.destroy_cnt,
      user_cnt: P.user_cnt,
      frag_page: P.frag_page === null || P.frag_page === undefined ? null : name(P.frag_page),
      cpuid: P.cpuid!,
      napi: P.napi!,
      nid: P.nid!,
      work_pending: P.work_pending,
    };
    if (o.frag_page !== null) {
      o.frag_users = P.frag_users!;
      o.frag_offset = P.frag_offset!;
    }
    if (withSync) o.dma_sync = P.dma_sync!;
    if (statsCpus > 0) {
      // a harness built without CONFIG_PAGE_POOL_STATS prints none: a mismatch, never a skip
      o.alloc_stats = P.alloc_stats ?? [];
      o.recycle_stats = P.recycle_stats ?? [];
      o.recycle_percpu = (P.recycle_percpu ?? []).slice(0, statsCpus);
      const other = (P.recycle_percpu ?? []).slice(statsCpus).filter((c) => c.some((x) => x !== 0));
      if (other.length) o.recycle_other_cpus = other;
    }
    pools.push(o);
  }
  const owner = h.pools.find((x) => x.id === 0)?.napi_owner ?? -1;
  const skbs: Record<string, ObsSkb> = {};
  for (const x of h.skbs) {
    skbs[`skb${x.id}`] = {
      pp_recycle: x.pp_recycle !== 0,
      cloned: x.cloned !== 0,
      unreadable: (x.unreadable ?? 0) !== 0,
      dataref: x.dataref,
      pages: [...(x.head === null ? [] : [x.head]), ...x.frags].map(name).sort(),
    };
  }
  const b = h.binding ?? null;
  const o: Observable = {
    pages,
    pools,
    napi_owner: owner,
    skbs,
    binding: b === null ? null : { ref: b.freed ? 0 : b.ref, bound: b.bound },
    mem_providers: h.mem_providers ?? 0,
    niov_as_page: niovAsPage,
  };
  if (words) o.dma_bad = dmaBad;
  return o;
}

/** Differences between two observables, as "path: model X, kernel Y" lines (empty when equal). */
export function diffObservable(m: Observable, k: Observable): string[] {
  const out: string[] = [];
  const walk = (path: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) walk(`${path}.${key}`, (a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.some((x) => x && typeof x === 'object')) {
      a.forEach((x, i) => walk(`${path}[${i}]`, x, b[i]));
      return;
    }
    out.push(`${path.slice(1)}: model ${JSON.stringify(a)}, kernel ${JSON.stringify(b)}`);
  };
  walk('', m, k);
  return out;
}

/** Side-by-side rendering of the two observables (pure). */
export function sideBySide(m: Observable, k: Observable): string {
  const L = JSON.stringify(m, null, 1).split('\n');
  const R = JSON.stringify(k, null, 1).split('\n');
  const w = Math.max(30, ...L.map((l) => l.length));
  const rows = [`${'model'.padEnd(w)} | real page_pool.c`, `${'-'.repeat(w)}-+-${'-'.repeat(20)}`];
  for (let i = 0; i < Math.max(L.length, R.length); i++) {
    const l = L[i] ?? '';
    const r = R[i] ?? '';
    rows.push(`${l.padEnd(w)} ${l === r ? '|' : '≠'} ${r}`);
  }
  return rows.join('\n');
}

// ---------------------------------------------------------------------------
// One trace

export interface TraceCase {
  label: string;
  variant: string;
  scenario: string;
  bounds: Bounds;
  actions: PpAction[];
  /** a config override on the variant (a model changed on purpose: test/conformance's own mutants) */
  config?: Partial<ModelConfig>;
}

export interface Prepared {
  c: TraceCase;
  model: Model<PagePoolState, PpAction>;
  tr: Translated;
  cacheSize: number;
  nPools: number;
  /** CONFIG_PREEMPT_RT (bound preemptRt) */
  rt: boolean;
  /** the binary to run instead of scaledHarness()'s (the 32-bit builds: test/conformance/arch.ts) */
  harness?: string;
  /** compare the stored words too (the 32-bit builds) */
  words?: WordFrame;
  /** CONFIG_PAGE_POOL_STATS (bound poolStats): the stats build of the harness, counters compared */
  stats: boolean;
  cpus: number;
}

/**
 * A deliberately wrong model for the comparison's self-tests: `tamper(a, t)` changes the state a
 * step (or, with a = null, the initial state) produced; it gets a copy and returns the wrong state.
 */
export type Tamper = (a: PpAction | null, t: PagePoolState, s: PagePoolState | null) => PagePoolState;

export function prepare(c: TraceCase): Prepared {
  return prepareWith(c);
}

/**
 * A deliberately wrong translation for the comparison's self-tests: `rewrite(a, lines)` changes the
 * harness lines emitted for model step a (the same model, the real code called wrongly).
 */
export type Rewrite = (a: PpAction, lines: string[]) => string[];

/** prepare(), with the model's steps passed through `tamper` (a wrong model: self-tests) and the harness lines through `rewrite` (a wrong emission) */
export function prepareWith(c: TraceCase, tamper?: Tamper, rewrite?: Rewrite): Prepared {
  const model0 = buildModel({ variant: c.variant, scenario: c.scenario, bounds: c.bounds, config: c.config });
  const model: Model<PagePoolState, PpAction> = tamper
    ? {
        ...model0,
        init: () => model0.init().map((s) => tamper(null, structuredClone(s), null)),
        step: (s: PagePoolState, a: PpAction) => tamper(a, structuredClone(model0.step(s, a)), s),
      }
    : model0;
  const { cfg, bounds, scen } = resolve({ variant: c.variant, scenario: c.scenario, bounds: c.bounds, config: c.config });
  const cx: Ctx = { cfg, bounds, threaded: bounds.threaded === 1, poolNid: scen.poolNid, devmem: scen.devmem === true };
  const states: PagePoolState[] = [model.init()[0]!];
  const steps: Translated['steps'] = [];
  const hasHead: boolean[] = [];
  for (const a of c.actions) {
    const s = states[states.length - 1]!;
    const t = model.step(s, a);
    const st = translateStep(cx, s, a, t, hasHead);
    if (rewrite) st.lines = rewrite(a, st.lines);
    steps.push(st);
    states.push(t);
  }
  return {
    c,
    model,
    tr: { setup: setupLines(cx, states[0]!), steps, states },
    cacheSize: bounds.cacheSize!,
    nPools: bounds.pools!,
    rt: bounds.preemptRt === 1,
    // the x86_64 builds compare the stored words of --arch 64 runs; a scenario of another --arch
    // (teardown-32bit-dma64) keeps the bit tests here and is compared word for word on its -m32
    // build (test/conformance/arch.ts, which sets words from that build's layout)
    words: (bounds.arch ?? ARCH_64) === ARCH_64 ? { arch: ARCH_64, split: false } : undefined,
    stats: bounds.poolStats === 1,
    cpus: bounds.cpus!,
  };
}

export interface CompareResult {
  compared: number;
  mismatch?: { step: number; report: string };
}

/** Compare a prepared trace with its harness output (all lines: setup then steps). */
export function compareTrace(p: Prepared, out: HStep[], harnessError?: string): CompareResult {
  let line = p.tr.setup.length;
  const toModel = new Map<number, number>(); // harness page index -> model page
  let last: HStep | undefined = out[line - 1];
  let compared = 0;
  let fnStart = 0; // first step after the last function boundary
  let dmaBadK = false; // the real code reported a wrong DMA address so far (isDmaBadEvent)
  let niovAsPage = false; // netmem_to_page() met a net_iov on some earlier line
  const check = (i: number): CompareResult['mismatch'] => {
    const m = observeModel(p.tr.states[i + 1]!, (p.model.actionKinds?.includes('page_pool_alloc_frag') || p.model.actionKinds?.includes('page_pool_alloc')) ?? true, p.words);
    const withSync = p.tr.states[i + 1]!.pools.some((P) => (P as { dmaSync?: boolean }).dmaSync !== undefined);
    const k = observeHarness(last!, toModel, p.nPools, withSync, p.words, dmaBadK, p.stats ? p.cpus : 0, niovAsPage);
    const d = diffObservable(m, k);
    if (!d.length) return undefined;
    const a = p.c.actions[i]!;
    const started =
      fnStart < i
        ? ` (end of the kernel function started at step ${fnStart}: ${p.model.actionLabel(p.c.actions[fnStart]!)})`
        : '';
    const report = [
      `MISMATCH in ${p.c.label} at step ${i}: ${p.model.actionLabel(a)}${started}`,
      `  harness lines of this step: ${p.tr.steps[i]!.lines.join(' ; ') || '(none: continuation of a kernel function)'}`,
      ...d.map((x) => `  ${x}`),
      sideBySide(m, k),
      `  trace so far: ${p.c.actions.slice(0, i + 1).map((x) => p.model.actionLabel(x)).join(' → ')}`,
    ].join('\n');
    return { step: i, report };
  };
  for (let i = 0; i < p.tr.steps.length; i++) {
    const st = p.tr.steps[i]!;
    if (st.untranslated) {
      return {
        compared,
        mismatch: {
          step: i,
          report: `MISMATCH in ${p.c.label} at step ${i}: ${p.model.actionLabel(p.c.actions[i]!)}\n  the model action ${st.untranslated} has no harness translation (test/conformance/model-compare.ts translateStep)`,
        },
      };
    }
    for (let j = 0; j < st.lines.length; j++) {
      const h = out[line++];
      if (!h) {
        const a = p.c.actions[i]!;
        return {
          compared,
          mismatch: {
            step: i,
            report:
              `MISMATCH in ${p.c.label} at step ${i}: ${p.model.actionLabel(a)}\n` +
              `  the harness could not execute this step: ${harnessError ?? 'its output ended early'}\n` +
              `  harness lines of this step: ${st.lines.join(' ; ')}\n` +
              `  trace so far: ${p.c.actions.slice(0, i + 1).map((x) => p.model.actionLabel(x)).join(' → ')}`,
          },
        };
      }
      last = h;
      if (h.events.some(isDmaBadEvent)) dmaBadK = true;
      if (h.events.some((e) => NIOV_AS_PAGE_WARN.test(e))) niovAsPage = true;
      const bind = st.binds[j];
      if (bind !== undefined) {
        const ret =
          typeof h.ret === 'number'
            ? h.ret
            : h.ret && typeof h.ret === 'object' && typeof (h.ret as { page?: unknown }).page === 'number'
              ? (h.ret as { page: number }).page
              : null;
        if ((bind === null) !== (ret === null)) {
          const a = p.c.actions[i]!;
          return {
            compared,
            mismatch: {
              step: i,
              report: `MISMATCH in ${p.c.label} at step ${i}: ${p.model.actionLabel(a)}\n  allocation: model ${bind === null ? 'got no page' : `got page${bind}`}, kernel returned ${JSON.stringify(h.ret)}`,
            },
          };
        }
        if (bind !== null && ret !== null) {
          for (const [hk, mv] of [...toModel]) if (hk === ret || mv === bind) toModel.delete(hk);
          toModel.set(ret, bind);
        }
      }
    }
    if (anyBusy(p.tr.states[i + 1]!)) continue; // inside a kernel function: compare at its end
    compared++;
    const mm = check(i);
    if (mm) return { compared, mismatch: mm };
    fnStart = i + 1;
  }
  return { compared };
}

/** Harness binary for a model cache size (scaled PP_ALLOC_CACHE_SIZE build). */
export function scaledHarness(cacheSize: number, gcov = false, rt = false, stats = false): string {
  if (rt) return join(BUILD_DIR, `harness-cache${cacheSize}-rt`); // the PREEMPT_RT flavour (not instrumented)
  // the CONFIG_PAGE_POOL_STATS flavour (bound poolStats=1)
  if (stats) return join(BUILD_DIR, `harness-cache${cacheSize}-stats${gcov ? '-gcov' : ''}`);
  return join(BUILD_DIR, `harness-cache${cacheSize}${gcov ? '-gcov' : ''}`);
}

/** Run prepared traces through the matching scaled harness builds and compare. */
export function runPrepared(ps: Prepared[], gcov = false): { results: CompareResult[]; steps: number } {
  const results: CompareResult[] = new Array(ps.length);
  let steps = 0;
  const byBuild = new Map<string, number[]>();
  ps.forEach((p, i) => {
    const bin = p.harness ?? scaledHarness(p.cacheSize, gcov, p.rt, p.stats);
    const l = byBuild.get(bin) ?? [];
    l.push(i);
    byBuild.set(bin, l);
  });
  for (const [bin, idx] of [...byBuild].sort((a, b) => a[0].localeCompare(b[0]))) {
    ensureBuilt(bin); // a scaled build not built yet (npm test's conformance test builds on first use)
    const lines = idx.map((i) => [...ps[i]!.tr.setup, ...ps[i]!.tr.steps.flatMap((s) => s.lines)]);
    const outs = runTracesTolerant(bin, lines);
    idx.forEach((i, n) => {
      const o = outs[n]!;
      if ('error' in o) {
        // compare what the harness printed before it rejected a line: an earlier divergence is the real report
        const p = ps[i]!;
        const r = compareTrace(p, o.partial, o.error);
        results[i] = r;
        steps += p.c.actions.length;
        return;
      }
      results[i] = compareTrace(ps[i]!, o);
      steps += ps[i]!.c.actions.length;
    });
  }
  return { results, steps };
}

/**
 * Seeded serialized random traces of a variant over every scenario it can run, at each scenario's
 * default bounds overridden by `bounds` (e.g. an --arch, or poolStats: 1: a PREEMPT_RT scenario is
 * left out then, its harness flavour has no CONFIG_PAGE_POOL_STATS build), with `config` over the
 * variant's (a model changed on purpose).
 */
export function randomCases(
  variant: string,
  count: number,
  seed: number,
  maxSteps = 40,
  only?: readonly string[],
  bounds: Bounds = {},
  config?: Partial<ModelConfig>,
): TraceCase[] {
  const scens = SCENARIOS.filter(
    (s) => !(s.id in EXCLUDED_SCENARIOS) && (!only || only.includes(s.id)) && !(bounds.poolStats === 1 && s.bounds.preemptRt === 1),
  );
  if (!scens.length) throw new Error(`no scenario to run for ${variant}`);
  const r = createPrng(seed);
  const out: TraceCase[] = [];
  const models = new Map<string, Model<PagePoolState, PpAction>>();
  for (let i = 0; i < count; i++) {
    const sc = scens[i % scens.length]!;
    let m = models.get(sc.id);
    if (!m) {
      m = buildModel({ variant, scenario: sc.id, bounds, config });
      models.set(sc.id, m);
    }
    const w = serializedWalk(m, r, maxSteps);
    const tag = (bounds.arch !== undefined ? ` --arch ${ARCH_NAMES[bounds.arch]}` : '') + (bounds.poolStats === 1 ? ' poolStats=1' : '');
    out.push({ label: `${variant}/${sc.id}${tag} walk #${i} (seed ${seed})`, variant, scenario: sc.id, bounds, actions: w.actions, ...(config ? { config } : {}) });
  }
  return out;
}

/** The variant that stands for Debian's 6.12: v6.12-debian when the model has it, else mainline. */
export function debianVariant(): string {
  return VARIANTS.some((v) => v.id === 'v6.12-debian') ? 'v6.12-debian' : 'mainline';
}

/**
 * The comparison must be able to fail: a mutant that drops a real guard has to
 * produce a mismatch. Returns the first mismatch report, or null if none.
 */
export function mutantCheck(mutant: string, count: number, seed: number): { report: string | null; traces: number } {
  const v = VARIANTS.find((x) => x.id === mutant);
  if (!v) throw new Error(`no variant ${mutant} in the model`);
  const cases = randomCases(mutant, count, seed, 40, v.scenarios);
  const { results } = runPrepared(cases.map(prepare));
  const bad = results.find((r) => r.mismatch);
  return { report: bad?.mismatch?.report ?? null, traces: cases.length };
}

/**
 * The statistics comparison must be able to fail too: mainline with one counter deliberately
 * wrong (recycle_stat_inc() on one shared counter, cpu0's block, instead of the recycling CPU's:
 * the stats-integrity mutant) on CONFIG_PAGE_POOL_STATS traces of xdp-bulk. The first mismatch
 * report, or null if none.
 */
export const STATS_MUTANT: { label: string; config: Partial<ModelConfig>; scenarios: string[] } = {
  label: 'recycle stats counted on cpu0 (recycleStatOp: shared)',
  config: { recycleStatOp: 'shared' },
  scenarios: ['xdp-bulk'],
};
export function statsMutantCheck(count: number, seed: number): { report: string | null; traces: number } {
  const cases = randomCases(debianVariant(), count, seed, 40, STATS_MUTANT.scenarios, { poolStats: 1 }, STATS_MUTANT.config);
  const { results } = runPrepared(cases.map(prepare));
  const bad = results.find((r) => r.mismatch);
  return { report: bad?.mismatch?.report ?? null, traces: cases.length };
}

/** A net_iov the step gave back to the binding (allocated before, free in its genpool after). */
const releasedNiov = (t: PagePoolState, s: PagePoolState | null): number =>
  s === null || t.binding < 0 ? -1 : t.pages.findIndex((p, i) => p.ref === 0 && s.pages[i]!.ref > 0);

/**
 * Wrong provider steps the comparison with the real devmem.c + page_pool.c must report (each a
 * guard or effect the model's model/kernel/net/core/devmem.ts has, taken away from its result).
 */
export const PROVIDER_WRONG_STEPS: readonly { id: string; what: string; tamper: Tamper; scenario?: string }[] = [
  {
    id: 'mp-release-returns-true',
    what: 'mp_dmabuf_devmem_release_page() returns true: page_pool_return_page() put_page()s the net_iov (ghost g.niovPut)',
    tamper: (_a, t, s) => {
      const pg = releasedNiov(t, s);
      if (pg >= 0 && t.g.niovPut < 0) t.g.niovPut = pg;
      return t;
    },
  },
  {
    id: 'mp-release-no-free-dmabuf',
    what: 'mp_dmabuf_devmem_release_page() without net_devmem_free_dmabuf(): the net_iov stays allocated from the binding',
    tamper: (_a, t, s) => {
      const pg = releasedNiov(t, s);
      if (pg >= 0) t.pages[pg]!.ref = 1;
      return t;
    },
  },
  {
    id: 'mp-unbind-no-put',
    what: 'net_devmem_unbind_dmabuf() without net_devmem_dmabuf_binding_put(): the binding outlives its pool',
    tamper: (a, t) => {
      if (a?.fn === 'net_devmem_unbind_dmabuf') t.binding++;
      return t;
    },
  },
  {
    id: 'mp-init-no-binding-get',
    what: 'mp_dmabuf_devmem_init() without net_devmem_dmabuf_binding_get(): the pool holds no binding reference',
    tamper: (a, t) => {
      if (a === null && t.binding > 0) t.binding--;
      return t;
    },
  },
  {
    id: 'fill-netmem-no-unreadable',
    what: '__skb_fill_netmem_desc() without `skb->unreadable = true` for a net_iov frag',
    scenario: 'devmem-unreadable',
    tamper: (a, t) => {
      if (a?.fn === 'skb_add_rx_frag_netmem') t.skbs[a.a]!.ur = false;
      return t;
    },
  },
];

/**
 * The comparison sees the provider's state: every PROVIDER_WRONG_STEPS model, replayed on `count`
 * devmem traces of the 6.12 model, must mismatch the real code. Returns, per wrong step, its first
 * mismatch report (null: not seen, the self-test fails).
 */
export function providerSelfTest(count: number, seed: number): { id: string; what: string; report: string | null; traces: number }[] {
  const byScenario = new Map<string, TraceCase[]>();
  return PROVIDER_WRONG_STEPS.map((w) => {
    const sc = w.scenario ?? 'devmem';
    if (!byScenario.has(sc)) byScenario.set(sc, randomCases(debianVariant(), count, seed, 40, [sc]));
    const cases = byScenario.get(sc)!;
    const { results } = runPrepared(cases.map((c) => prepareWith({ ...c, label: `${c.label} [wrong: ${w.id}]` }, w.tamper)));
    const bad = results.find((r) => r.mismatch);
    return { id: w.id, what: w.what, report: bad?.mismatch?.report ?? null, traces: cases.length };
  });
}

export function runModelConformance(o: ModelRunOptions): ModelRunResult {
  const variant = o.variant ?? debianVariant();
  let cases: TraceCase[];
  try {
    const v = VARIANTS.find((x) => x.id === variant);
    if (!v) throw new Error(`unknown variant '${variant}'`);
    // mainline / 6.12 runs every scenario; another variant its own scenarios
    const only = variant === debianVariant() ? undefined : v.scenarios;
    cases = randomCases(variant, o.random, o.seed, 40, only);
    // CONFIG_PAGE_POOL_STATS: a tenth more walks with the bound on in every scenario, against the
    // stats build (alloc_stats and per-CPU recycle_stats compared at every function boundary)
    cases.push(...randomCases(variant, Math.ceil(o.random / 10), o.seed + 1, 40, only, { poolStats: 1 }));
    // what the random walks rarely reach of the real xdp.c's bulk loop (XDP_DIRECTED)
    if (!only) cases.push(...xdpDirectedCases(variant));
    // batman-adv's fragment of a pp_recycle skb freed: the model's counterexample (docs/findings.md)
    if (!only) cases.push(...batadvDirectedCases(variant));
  } catch (e) {
    return { status: 'unavailable', reason: `cannot build the model: ${e instanceof Error ? e.message : String(e)}` };
  }
  const t0 = Date.now();
  const ps = cases.map(prepare);
  const { results, steps } = runPrepared(ps, o.gcov === true);
  const bad = results.map((r, i) => ({ r, i })).filter((x) => x.r.mismatch);
  const compared = results.reduce((a, r) => a + r.compared, 0);
  o.log(
    `model ${variant} vs real page_pool.c: ${cases.length} serialized random traces, ${steps} model steps, ` +
      `${compared} states compared at kernel-function boundaries, ${bad.length} mismatching (${Date.now() - t0} ms)`,
  );
  const per = new Map<string, [number, number]>();
  cases.forEach((c, i) => {
    const key = c.bounds.poolStats === 1 ? `${c.scenario}+stats` : c.scenario;
    const v = per.get(key) ?? [0, 0];
    v[0]++;
    if (results[i]!.mismatch) v[1]++;
    per.set(key, v);
  });
  o.log(`  per scenario (mismatching/traces): ${[...per].map(([k, v]) => `${k} ${v[1]}/${v[0]}`).join(', ')}`);
  if (!bad.length) return { status: 'ok', traces: cases.length, steps, compared };
  const reports = bad.slice(0, o.maxReports ?? 3).map((x) => x.r.mismatch!.report);
  for (const rep of reports) o.log(rep);
  return { status: 'mismatch', traces: cases.length, mismatches: bad.length, reports };
}

// ---------------------------------------------------------------------------
// XDP frame returns: the real net/core/xdp.c (harness/xdp_shim.h, setup.sh's build/xdp/xdp_return.c)

/**
 * A directed model trace: the shortest serialized walk (breadth-first over the model's states,
 * every kernel function run to its end before another starts) to the first action `want` accepts,
 * that action, and its kernel function run to its end. For what random walks rarely reach (frames
 * of two pools in one bulk: 11 steps of one order). Null when `limit` states do not reach it.
 */
export function directedCase(
  variant: string,
  scenario: string,
  label: string,
  want: (s: PagePoolState, a: PpAction) => boolean,
  bounds: Bounds = {},
  config?: Partial<ModelConfig>,
  limit = 50_000,
): TraceCase | null {
  const m = buildModel({ variant, scenario, bounds, config });
  const serial = (s: PagePoolState): readonly PpAction[] => {
    const busy = s.actors.findIndex((_, id) => isBusy(s, id));
    const acts = m.actions(s);
    return busy >= 0 ? acts.filter((a) => actorOf(a) === busy) : acts;
  };
  const init = m.init()[0]!;
  const seen = new Set<string>([JSON.stringify(init)]);
  let level: { s: PagePoolState; path: PpAction[] }[] = [{ s: init, path: [] }];
  while (level.length && seen.size <= limit) {
    const next: typeof level = [];
    for (const { s, path } of level) {
      for (const a of serial(s)) {
        if (want(s, a)) {
          const actions = [...path, a];
          let t = m.step(s, a);
          // the kernel function the action started, to its end (its first continuation each step)
          for (let i = 0; i < 64 && anyBusy(t); i++) {
            const c = serial(t)[0];
            if (!c) break;
            actions.push(c);
            t = m.step(t, c);
          }
          return { label: `${variant}/${scenario} directed: ${label}`, variant, scenario, bounds, actions, ...(config ? { config } : {}) };
        }
        const t = m.step(s, a);
        const k = JSON.stringify(t);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push({ s: t, path: [...path, a] });
      }
    }
    level = next;
  }
  return null;
}

/**
 * Directed batman-adv traces (docs/findings.md): the shortest serialized walk of batadv-fragment to
 * the free of a fragment batadv_frag_create() split off a pp_recycle skb inside the header (every
 * frag moves: mainline's 8-step counterexample of no-page-use-after-free). Compared like the random walks: the real page_pool.c
 * must end where the model does (the page back in the allocator with page->pp and pp_magic set, the
 * pool's hold_cnt ahead of its release_cnt).
 */
export const BATADV_DIRECTED: readonly { scenario: string; label: string; want: (s: PagePoolState, a: PpAction) => boolean }[] = [
  { scenario: 'batadv-fragment', label: 'the fragment of a split inside the header freed', want: (s, a) => a.fn === 'napi_consume_skb' && a.a === 1 && s.sh[s.skbs[0]!.sh]!.refs.length === 1 },
];

export function batadvDirectedCases(variant: string = debianVariant(), config?: Partial<ModelConfig>): TraceCase[] {
  return BATADV_DIRECTED.filter((d) => SCENARIOS.some((x) => x.id === d.scenario)).map((d) => {
    const c = directedCase(variant, d.scenario, d.label, d.want, {}, config);
    if (!c) throw new Error(`no serialized walk of ${variant}/${d.scenario} reaches: ${d.label}`);
    return c;
  });
}

/** the pools of the frames a bulk return takes (xdp_return_frame_bulk of a.b frames from frame a.a) */
const bulkPools = (s: PagePoolState, a: PpAction): Set<number> => new Set(s.xdp.slice(a.a, a.a + a.b).map((pg) => s.pages[pg]!.pp));

/**
 * Directed XDP traces the random walks rarely make, compared like them (runModelConformance): one
 * TX completion bulk with frames of two pools (xdp-bulk-mixed: xdp_return_frame_bulk() flushes
 * where the mem id changes and looks the new one up); a single-buffer then a multi-buffer frame in
 * one bulk (the flush inside the frags loop); each one-at-a-time return of a multi-buffer frame or
 * buff (its frag, then its head).
 */
export const XDP_DIRECTED: readonly { scenario: string; label: string; want: (s: PagePoolState, a: PpAction) => boolean }[] = [
  { scenario: 'xdp-bulk-mixed', label: 'one bulk with frames of two pools', want: (s, a) => a.fn === 'xdp_return_frame_bulk' && bulkPools(s, a).size > 1 },
  {
    scenario: 'xdp-bulk-multi-buffer',
    label: 'a single-buffer then a multi-buffer frame in one bulk',
    want: (s, a) => a.fn === 'xdp_return_frame_bulk' && a.b >= 2 && s.xdpFrag[a.a]! < 0 && s.xdpFrag[a.a + 1]! >= 0,
  },
  { scenario: 'xdp-multi-buffer', label: 'xdp_return_frame of a multi-buffer frame', want: (s, a) => a.fn === 'xdp_return_frame' && s.xdpFrag[a.a]! >= 0 },
  { scenario: 'xdp-multi-buffer', label: 'xdp_return_frame_rx_napi of a multi-buffer frame', want: (s, a) => a.fn === 'xdp_return_frame_rx_napi' && s.xdpFrag[a.a]! >= 0 },
  { scenario: 'xdp-multi-buffer', label: 'xdp_return_buff', want: (_s, a) => a.fn === 'xdp_return_buff' },
];

export function xdpDirectedCases(variant: string = debianVariant(), config?: Partial<ModelConfig>): TraceCase[] {
  return XDP_DIRECTED.filter((d) => SCENARIOS.some((x) => x.id === d.scenario)).map((d) => {
    const c = directedCase(variant, d.scenario, d.label, d.want, {}, config);
    if (!c) throw new Error(`no serialized walk of ${variant}/${d.scenario} reaches: ${d.label}`);
    return c;
  });
}

/**
 * Wrong XDP returns the comparison with the real xdp.c must report: either a wrong emission (the
 * model right, the real functions called wrongly: `rewrite`) or a wrong model of xdp.c's bulk loop
 * (`config`: the flags model/kernel/net/core/xdp.ts's xdpFrameBulks() follows, which the harness no
 * longer runs: the real loop does), each on the directed traces and `count` random walks of its
 * scenario.
 */
export const XDP_WRONG: readonly { id: string; what: string; scenario: string; rewrite?: Rewrite; config?: Partial<ModelConfig> }[] = [
  {
    id: 'bulk-one-mem-id',
    what: 'every frame of a bulk given the mem id of its first: the bulk flushed to the first frame\'s pool',
    scenario: 'xdp-bulk-mixed',
    rewrite: (a, lines) =>
      a.fn !== 'xdp_return_frame_bulk'
        ? lines
        : lines.map((l) => {
            const first = /frames=(\d+):/.exec(l)?.[1];
            return first === undefined ? l : l.replace(/([=,])\d+:/g, `$1${first}:`);
          }),
  },
  {
    id: 'frame-rx-napi',
    what: 'xdp_return_frame() called as xdp_return_frame_rx_napi() (napi_direct true from any context)',
    scenario: 'xdp',
    rewrite: (a, lines) => (a.fn === 'xdp_return_frame' ? lines.map((l) => l.replace(/ direct=0$/, ' direct=1')) : lines),
  },
  {
    id: 'frame-frag-not-returned',
    what: 'xdp_return_frame / _rx_napi called on a multi-buffer frame without its frag (xdp_frame_has_frags() false)',
    scenario: 'xdp-multi-buffer',
    rewrite: (a, lines) => (a.fn === 'xdp_return_frame' || a.fn === 'xdp_return_frame_rx_napi' ? lines.map((l) => l.replace(/ frags=[^ ]+/, ' frags=-')) : lines),
  },
  {
    id: 'buff-frag-not-returned',
    what: 'xdp_return_buff called without the buff\'s frag',
    scenario: 'xdp-multi-buffer',
    rewrite: (a, lines) => (a.fn === 'xdp_return_buff' ? lines.map((l) => l.replace(/ frags=[^ ]+/, ' frags=-')) : lines),
  },
  {
    id: 'bulk-frag-not-queued',
    what: 'xdp_return_frame_bulk given the multi-buffer frames without their frags',
    scenario: 'xdp-bulk-multi-buffer',
    rewrite: (a, lines) => (a.fn === 'xdp_return_frame_bulk' ? lines.map((l) => l.replace(/\+[^,+ ]+/g, '')) : lines),
  },
  {
    id: 'model-bulk-no-mem-id-flush',
    what: 'the model\'s bulk loop without the flush where the mem id changes (xdpBulkFlushesOnMemIdChange false)',
    scenario: 'xdp-bulk-mixed',
    config: { xdpBulkFlushesOnMemIdChange: false },
  },
];

/**
 * The comparison sees the XDP returns: every XDP_WRONG, on the directed traces of its scenario and
 * `count` random walks of it (6.12 model), must mismatch the real code. Returns, per wrong one, its
 * first mismatch report (null: not seen, the self-test fails).
 */
export function xdpSelfTest(count: number, seed: number): { id: string; what: string; report: string | null; traces: number }[] {
  const v = debianVariant();
  return XDP_WRONG.map((w) => {
    // (a wrong model makes its own walks: its steps differ from the right one's)
    const cases = [
      ...xdpDirectedCases(v, w.config).filter((c) => c.scenario === w.scenario),
      ...randomCases(v, count, seed, 40, [w.scenario], {}, w.config),
    ].map((c) => ({ ...c, label: `${c.label} [wrong: ${w.id}]` }));
    const { results } = runPrepared(cases.map((c) => prepareWith(c, undefined, w.rewrite)));
    const bad = results.find((r) => r.mismatch);
    return { id: w.id, what: w.what, report: bad?.mismatch?.report ?? null, traces: cases.length };
  });
}
