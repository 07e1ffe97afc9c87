/**
 * Scenarios of the regression corpus (model/variants/corpus.ts): the smallest
 * workload in which each historical bug shows, with default bounds small
 * enough that the bug is found, and the fixed variant explored exhaustively,
 * in about a second. Appended to the shipped scenarios (model/scenarios.ts),
 * so mainline is checked under every one of them too.
 */
import type { Fn } from '../registry.ts';
import { type Scenario, defaultBounds } from '../scenario.ts';

const NAPI: Fn[] = ['napi_schedule', 'napi_complete_done'];
const XDP_DROP: Fn[] = [...NAPI, 'page_pool_alloc_pages', 'page_pool_recycle_direct'];

export const CORPUS_SCENARIOS: Scenario<Fn>[] = [
  {
    id: 'xdp-pfmemalloc',
    description: 'pfmemalloc-recycle: one CPU, XDP_DROP (page_pool_recycle_direct) of pages the allocator may take from the pfmemalloc reserves',
    bounds: defaultBounds({ cpus: 1, pages: 1, skbs: 1, descs: 1, budget: 2, cacheSize: 1, ringSize: 1, clones: 0, pressure: 1 }),
    kinds: XDP_DROP,
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'numa-no-node',
    description:
      'numa-no-node-starvation: a steady NUMA-local workload: a pool created with NUMA_NO_NODE, one CPU and its page on node 0; every received page is dropped (XDP_DROP, direct into the cache) or redirected and returned (xdp_return_frame, through the ring and the NUMA-checked refill)',
    bounds: defaultBounds({ cpus: 1, pages: 1, skbs: 1, descs: 1, budget: 3, cacheSize: 1, ringSize: 1, clones: 0, nodes: 1 }),
    kinds: [...XDP_DROP, 'xdp_do_redirect', 'xdp_return_frame'],
    script: [],
    poolNid: -1,
    bhFrees: false,
    checks: ['numa-local-recycling'],
  },
  {
    id: 'netpoll',
    description:
      'netpoll-hardirq-cache, direct-recycle-context: one CPU; the NAPI poll allocates and drops pages in softirq while netpoll_poll_dev() in hard IRQ cleans RX buffers of the same pool',
    bounds: defaultBounds({ cpus: 1, pages: 2, skbs: 1, descs: 2, budget: 3, cacheSize: 2, ringSize: 2, clones: 0 }),
    kinds: [...XDP_DROP, 'netpoll_poll_dev'],
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'threaded-xdp',
    description: 'threaded-napi-softirq-check: threaded NAPI (a kthread with BH disabled) dropping every received page with page_pool_recycle_direct',
    bounds: defaultBounds({ cpus: 1, pages: 1, skbs: 1, descs: 1, budget: 2, cacheSize: 1, ringSize: 1, clones: 0, threaded: 1 }),
    kinds: XDP_DROP,
    script: [],
    poolNid: -1,
    bhFrees: false,
    checks: ['xdp-drop-direct'],
  },
  {
    id: 'skb-clone-expand',
    description: 'clone-expand-double-recycle: a two-page pp skb, skb_clone, pskb_expand_head on the clone, both freed',
    bounds: defaultBounds({ cpus: 1, pages: 2, skbs: 2, descs: 2, budget: 2, cacheSize: 2, ringSize: 2, clones: 1 }),
    kinds: ['page_pool_alloc_pages', 'build_skb', 'skb_mark_for_recycle', 'skb_add_rx_frag', 'skb_clone', 'pskb_expand_head', 'napi_consume_skb'],
    script: [],
    poolNid: -1,
    bhFrees: false,
    napiScheduled: true,
  },
  {
    id: 'destroy-live-napi',
    description:
      'napi-local-destroy-window: the driver destroys its pool while the NAPI still runs on cpu1, then returns its RX ring pages; skbs freed on cpu1 through the defer list (skb_attempt_defer_free, skb_defer_free_flush)',
    bounds: defaultBounds({ cpus: 2, pages: 1, skbs: 1, descs: 1, budget: 1, cacheSize: 1, ringSize: 1, clones: 0 }),
    kinds: [...NAPI, 'page_pool_alloc_pages', 'build_skb', 'skb_mark_for_recycle', 'skb_attempt_defer_free', 'skb_defer_free_flush', 'napi_consume_skb'],
    script: [
      { fn: 'irq_set_affinity', arg: 1 },
      { fn: 'page_pool_destroy', arg: 0 },
      { fn: 'page_pool_put_full_page', arg: 0 },
    ],
    poolNid: -1,
    bhFrees: false,
    // the report's driver destroys the pool under its running NAPI; its one packet is that
    // NAPI's allocation. With more, the NAPI keeps allocating from the alloc cache while
    // page_pool_destroy() drains and frees the pool: a second driver bug, outside the report,
    // which even the proposed fix's -fixed variant then shows as pool-lifetime (13 steps)
    maxBounds: { budget: 1 },
    limitReason:
      'its driver destroys the pool under a running NAPI, whose one packet is the allocation the report is about; more packets would be allocated from the pool being destroyed, a driver bug outside the report',
  },
  {
    id: 'queue-restart-live-napi',
    description:
      'napi-local-destroy-window for a queue-API driver as 6.12 bnxt does it: netdev_rx_queue_restart() without napi_disable() (bnxt_queue_stop: synchronize_net, page_pool_disable_direct_recycling(old) on the live NAPI), the RX ring moves to pool1, then bnxt_queue_mem_free returns the old ring\'s pages and destroys pool0 while the NAPI runs on cpu1 and pool0 pages are freed there',
    bounds: defaultBounds({ cpus: 2, pages: 2, skbs: 1, descs: 1, budget: 2, cacheSize: 1, ringSize: 1, pools: 2, clones: 0 }),
    kinds: [...NAPI, 'page_pool_alloc_pages', 'build_skb', 'skb_mark_for_recycle', 'skb_attempt_defer_free', 'skb_defer_free_flush', 'napi_consume_skb'],
    script: [
      { fn: 'irq_set_affinity', arg: 1 },
      { fn: 'netdev_rx_queue_restart', arg: 2 },
      { fn: 'page_pool_disable_direct_recycling', arg: 0 },
      { fn: 'page_pool_put_full_page', arg: 0 },
      { fn: 'page_pool_destroy', arg: 0 },
    ],
    poolNid: -1,
    bhFrees: false,
  },
];
