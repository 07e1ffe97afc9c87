/**
 * Workload profiles: a scenario (model/workloads/scenarios.ts), the bounds a
 * steady run uses, and the rates of the scheduler: how often packets arrive,
 * how long the NAPI stays scheduled, how fast readers free what they hold.
 * A walk takes the next action with probability rate / Σ rates of the enabled
 * actions (src/mix/walk.ts). Rates are per unit of time, relative to the
 * packet rate (one RX allocation per unit while the NAPI polls); the kernel
 * instructions between two interleaving points (the put path, the second half
 * of a cache pop) run at FAST.
 *
 * Each profile cites the document it answers; docs/workloads.md quotes them.
 */
import type { WorkloadParamSpec } from '../../src/mix/workload.ts';
import type { Fn, PpAction } from '../registry.ts';
import type { PagePoolState } from '../state.ts';

/** The rate of a continuation (a few instructions of a started kernel function). */
export const FAST = 20;

export type Rate = number | ((s: PagePoolState, a: PpAction, p: Record<string, number>) => number);

export interface Profile {
  id: string;
  description: string;
  scenario: string;
  source: string;
  /** bounds of a steady run (on top of the scenario's) */
  bounds: Record<string, number>;
  /** small bounds for the exact answer (power iteration over every reachable state) */
  exactBounds: Record<string, number>;
  rates: Partial<Record<Fn, Rate>>;
  /** the rates as printed in a run's header */
  rateText: string[];
  params: WorkloadParamSpec[];
  defaultVariant: string;
  defaultAgainst?: string;
}

/** NAPI_STATE_SCHED and on this CPU's poll list (napi->list_owner == cpu): net_rx_action() is running it. */
export const napiListedOn = (s: PagePoolState, cpu: number): boolean => s.napi.sched && s.napi.owner === cpu;

const ALLOC: Partial<Record<Fn, Rate>> = {
  // one packet per unit of time: the driver refills the descriptor it just consumed
  page_pool_alloc_pages: 1,
  page_pool_refill_alloc_cache: 1,
  __page_pool_alloc_pages_slow: 1,
};

const NAPI: Partial<Record<Fn, Rate>> = {
  // the device IRQ schedules the NAPI at the packet rate; a poll handles about five packets before
  // napi_complete_done() (busy traffic: the NAPI is listed most of the time)
  napi_schedule: 1,
  napi_complete_done: 0.2,
};

const SKB_BUILD: Partial<Record<Fn, Rate>> = {
  // the driver's per-packet work in the poll is fast next to the packet rate
  build_skb: 5,
  skb_mark_for_recycle: 5,
};

const HOLD: WorkloadParamSpec = {
  name: 'hold',
  description: 'mean time a reader holds a received skb (its pages) before freeing it, in packet times',
  default: 1,
  min: 0.01,
  max: 1000,
};

/** A reader frees each skb it holds at rate 1/hold (exponential holding times). */
const reader: Rate = (_s, _a, p) => 1 / p.hold;

/**
 * skb_defer_free_flush() runs from net_rx_action() before each poll round
 * (net/core/dev.c), i.e. while the NAPI is listed on that CPU; otherwise only
 * after the IPI that skb_attempt_defer_free() sends when the defer list is
 * half full (kick_defer_list_purge), rarely.
 */
const deferFlush: Rate = (s, a) => (napiListedOn(s, a.cpu) ? 5 : 0.1);

export const PROFILES: Profile[] = [
  {
    id: 'router',
    description: 'a router: every page comes back at XDP_TX/XDP_DROP in the poll or at TX completion of a redirected frame, all on the NAPI CPU',
    scenario: 'wl-router',
    source:
      "Eric Dumazet's reply to the 2016 page-pool proposal (seed 004): 'Problem of a pool is that it matches a router workload, not host one'; XDP_TX completion: xdp_return_frame_rx_napi() / page_pool_put_full_page(.., true), net/core/xdp.c",
    bounds: { cpus: 1, pages: 6, skbs: 1, descs: 2, budget: 1, cacheSize: 4, ringSize: 4, clones: 0 },
    exactBounds: { pages: 4, descs: 2, cacheSize: 2, ringSize: 2 },
    rates: { ...ALLOC, ...NAPI, page_pool_recycle_direct: 1, xdp_do_redirect: 1, xdp_return_frame: 1 },
    rateText: ['packets (RX allocation) 1', 'napi_schedule 1, napi_complete_done 0.2', 'XDP_TX/DROP page_pool_recycle_direct 1', 'XDP_REDIRECT 1, its xdp_return_frame 1', `continuations ${FAST}`],
    params: [],
    defaultVariant: 'mainline',
    defaultAgainst: 'v5.14',
  },
  {
    id: 'host-remote-app',
    description: 'a TCP receiver whose application runs on another CPU: skbs are freed with skb_attempt_defer_free back to the NAPI CPU, whose softirq frees them',
    scenario: 'wl-remote-app',
    source:
      "commit 8c48eea3 'page_pool: allow caching from safely localized NAPI' (seed 000): 'TCP stream test (app on a different physical core than softirq)', page_pool_refill_alloc_cache 1.17% -> 0%",
    bounds: { cpus: 2, pages: 6, skbs: 3, descs: 2, budget: 1, cacheSize: 4, ringSize: 4, clones: 0 },
    exactBounds: { pages: 3, skbs: 2, descs: 1, cacheSize: 2, ringSize: 2 },
    rates: { ...ALLOC, ...NAPI, ...SKB_BUILD, skb_attempt_defer_free: reader, skb_defer_free_flush: deferFlush },
    rateText: ['packets (RX allocation) 1', 'napi_schedule 1, napi_complete_done 0.2', 'build_skb 5, skb_mark_for_recycle 5', 'reader skb_attempt_defer_free 1/hold per skb', 'skb_defer_free_flush 5 while the NAPI is listed on the CPU, else 0.1', `continuations ${FAST}`],
    params: [HOLD],
    defaultVariant: 'mainline',
    defaultAgainst: 'v5.14',
  },
  {
    id: 'host-local-app',
    description:
      "a TCP receiver whose application runs on the NAPI's CPU: skb_attempt_defer_free sees alloc_cpu == this CPU and frees at once with kfree_skb_napi_cache() (BH disabled)",
    scenario: 'wl-local-app',
    source:
      "commit 8c48eea3 (seed 000): 'The main case we'll miss out on is when application runs on the same CPU as NAPI. In that case we don't use the deferred skb free path.'; v6.12 net/core/skbuff.c skb_attempt_defer_free() -> kfree_skb_napi_cache()",
    bounds: { cpus: 1, pages: 6, skbs: 3, descs: 2, budget: 1, cacheSize: 4, ringSize: 4, clones: 0 },
    exactBounds: { pages: 3, skbs: 2, descs: 1, cacheSize: 2, ringSize: 2 },
    rates: {
      ...ALLOC,
      ...NAPI,
      ...SKB_BUILD,
      // bh = 1: kfree_skb_napi_cache(): local_bh_disable(); __napi_kfree_skb(); local_bh_enable() (a.b = 1),
      // the nodefer path since v6.10 ('net: cache for same cpu skb_attempt_defer_free', Pavel Begunkov);
      // bh = 0: __kfree_skb() in process context (a.b = 0), the nodefer path before it
      kfree_skb: (s, a, p) => (a.b === p.bh ? 1 / p.hold : 0),
      // how busy the NAPI is: a poll handles `poll` packets on average before napi_complete_done()
      napi_complete_done: (_s, _a, p) => 1 / p.poll,
    },
    rateText: [
      'packets (RX allocation) 1',
      'napi_schedule 1, napi_complete_done 1/poll',
      'build_skb 5, skb_mark_for_recycle 5',
      'reader kfree_skb 1/hold per skb, with BH disabled if bh=1 (kfree_skb_napi_cache, v6.10+), in plain process context if bh=0 (__kfree_skb, before)',
      `continuations ${FAST}`,
    ],
    params: [
      HOLD,
      { name: 'bh', description: "1: the reader frees with BH disabled (kfree_skb_napi_cache, v6.10+); 0: plain __kfree_skb in process context (before v6.10)", default: 1, min: 0, max: 1, integer: true },
      { name: 'poll', description: 'mean packets per NAPI poll before napi_complete_done (how long the NAPI stays listed)', default: 5, min: 0.01, max: 1000 },
    ],
    defaultVariant: 'mainline',
    defaultAgainst: 'v5.14',
  },
  {
    id: 'host-slow-reader',
    description:
      'host-remote-app with readers that hold pages long (socket receive queues, slow consumers): more pages are out of the pool when the driver refills',
    scenario: 'wl-remote-app',
    source:
      "Eric Dumazet's reply (seed 004): 'new pages are automatically allocated on demand, if say previous pages are still used by skb stored in sockets receive queues and consumers are slow to react'",
    bounds: { cpus: 2, pages: 8, skbs: 6, descs: 1, budget: 1, cacheSize: 1, ringSize: 1, clones: 0 },
    exactBounds: { pages: 3, skbs: 2, descs: 1, cacheSize: 1, ringSize: 1 },
    rates: { ...ALLOC, ...NAPI, ...SKB_BUILD, skb_attempt_defer_free: reader, skb_defer_free_flush: deferFlush },
    rateText: ['packets (RX allocation) 1', 'napi_schedule 1, napi_complete_done 0.2', 'build_skb 5, skb_mark_for_recycle 5', 'reader skb_attempt_defer_free 1/hold per skb', 'skb_defer_free_flush 5 while the NAPI is listed on the CPU, else 0.1', `continuations ${FAST}`],
    params: [{ ...HOLD, default: 4 }],
    defaultVariant: 'mainline',
  },
  {
    id: 'numa-remote',
    description:
      'a NUMA_NO_NODE pool whose NAPI runs on node 1 after the IRQ moved there; XDP_DROP in the poll and XDP_REDIRECT frames returned on the NAPI CPU',
    scenario: 'wl-numa-remote',
    source:
      "'page_pool: handle page recycle for NUMA_NO_NODE condition' (seed 002): 'The check in pool_page_reusable (page_to_nid(page) == pool->p.nid) is not valid if page_pool was configured with pool->p.nid = NUMA_NO_NODE'",
    bounds: { cpus: 2, pages: 8, skbs: 1, descs: 2, budget: 1, cacheSize: 2, ringSize: 2, clones: 0, nodes: 2 },
    exactBounds: { pages: 4, descs: 1, cacheSize: 1, ringSize: 1 },
    rates: { ...ALLOC, ...NAPI, page_pool_recycle_direct: 1, xdp_do_redirect: 1, xdp_return_frame: 1, irq_set_affinity: 1 },
    rateText: ['packets (RX allocation) 1', 'napi_schedule 1, napi_complete_done 0.2', 'XDP_DROP page_pool_recycle_direct 1', 'XDP_REDIRECT 1, its xdp_return_frame 1', 'irq_set_affinity (once, in the warm-up) 1', `continuations ${FAST}`],
    params: [],
    defaultVariant: 'numa-no-node-starvation-fixed',
    defaultAgainst: 'numa-no-node-starvation',
  },
];

export function findProfile(id: string): Profile | undefined {
  return PROFILES.find((p) => p.id === id);
}

/** The rate of `a` in `s` under profile `pr` with parameters `p`: the table's entry, FAST for the rest. */
export function rateOf(pr: Profile, s: PagePoolState, a: PpAction, p: Record<string, number>): number {
  const r = pr.rates[a.fn];
  if (r === undefined) return FAST;
  return typeof r === 'number' ? r : r(s, a, p);
}
