/**
 * The shipped scenarios. Together they fire every action kind of mainline.
 * Default bounds are sized so that each one checks exhaustively in seconds.
 */
import type { Fn } from './registry.ts';
import { type Scenario, type ScriptStep, defaultBounds } from './scenario.ts';
import { CORPUS_SCENARIOS } from './variants/corpus-scenarios.ts';
import { LIVENESS_SCENARIOS } from './liveness-scenarios.ts';
import { WORKLOAD_SCENARIOS } from './workloads/scenarios.ts';

/** The building blocks of a scenario's kinds (also for proposals' own scenarios, model/proposal.ts). */
export const NAPI: Fn[] = ['napi_schedule', 'napi_complete_done'];
export const RX: Fn[] = ['page_pool_alloc_pages', 'build_skb', 'skb_mark_for_recycle'];
export const FREE: Fn[] = ['kfree_skb', 'napi_consume_skb'];

/**
 * The driver's queue teardown (ndo_stop / the queue-stop half of a restart): napi_disable(),
 * the RX ring's pages back with page_pool_put_full_page(), page_pool_destroy(). A fresh copy
 * per scenario (a script is data a proposal may take and change).
 */
export function queueTeardown(): ScriptStep[] {
  return [
    { fn: 'napi_disable', arg: 0 },
    { fn: 'page_pool_put_full_page', arg: 0 },
    { fn: 'page_pool_destroy', arg: 0 },
  ];
}

/**
 * Scenarios under which mainline (6.12) is expected to violate a property: model findings on the
 * current kernel, not yet confirmed on hardware (docs/findings.md). Mainline's own list
 * (model/variants/mainline.ts, `npm run check`'s clean mainline row) leaves them out; the variants of
 * model/variants/findings.ts record mainline's violation under them and the fix's clean run.
 */
export const FINDING_SCENARIOS: Scenario<Fn>[] = [
  {
    id: 'batadv-fragment',
    description:
      'batman-adv forwards an RX packet (build_skb on a pool page, one or two more pool pages as frags, skb_mark_for_recycle: pp_recycle 1) over a link with a smaller MTU: batadv_frag_send_packet() -> batadv_frag_create() -> skb_split() into a dev_alloc_skb fragment (pp_recycle 0): frags after the split line move with their pp references; both skbs freed (napi_consume_skb, kfree_skb), then the driver\'s queue teardown (napi_disable, page_pool_put_full_page, page_pool_destroy)',
    bounds: defaultBounds({ cpus: 1, pages: 3, skbs: 2, descs: 1, budget: 3, cacheSize: 1, ringSize: 1 }),
    kinds: [...NAPI, ...RX, 'skb_add_rx_frag', 'batadv_frag_create', ...FREE],
    script: [...queueTeardown()],
    poolNid: -1,
    bhFrees: false,
  },
];

export const SCENARIOS: Scenario<Fn>[] = [
  {
    id: 'rx-recycle',
    description:
      'RX allocation (cache, refill, slow path under memory pressure), build_skb, skb frees on both CPUs (task and softirq), direct and ring recycling, another subsystem holding get_page references',
    bounds: defaultBounds({ cpus: 2, pages: 4, skbs: 2, descs: 2, budget: 5, cacheSize: 2, ringSize: 2, pressure: 1 }),
    kinds: [...NAPI, ...RX, ...FREE, 'get_page', 'put_page'],
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'skb-clone-coalesce',
    description: 'multi-page skbs (skb_add_rx_frag), skb_clone, pskb_expand_head on a clone, skb_try_coalesce, frees',
    bounds: defaultBounds({ cpus: 1, pages: 3, skbs: 3, descs: 1, budget: 3, cacheSize: 1, ringSize: 1, clones: 1 }),
    kinds: [...RX, 'skb_add_rx_frag', 'skb_clone', 'pskb_expand_head', 'skb_try_coalesce', 'napi_consume_skb'],
    script: [],
    poolNid: -1,
    bhFrees: false,
    napiScheduled: true,
  },
  {
    id: 'frag',
    description:
      'page_pool_alloc_frag (two frags per page, BIAS accounting, drain and reuse), frag skbs, clone and coalesce, then NAPI disable and page_pool_destroy with a partial frag page (page_pool_free_frag)',
    bounds: defaultBounds({ cpus: 1, pages: 3, skbs: 3, descs: 2, budget: 4, cacheSize: 2, ringSize: 2, clones: 1 }),
    kinds: [...NAPI, 'page_pool_alloc_frag', 'build_skb', 'skb_add_rx_frag', 'skb_mark_for_recycle', 'skb_clone', 'skb_try_coalesce', ...FREE],
    script: [
      ...queueTeardown(),
    ],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'destroy-swap',
    description:
      'two pools: the driver disables NAPI, tears down its RX ring, destroys pool0 with pages in flight, swaps the NAPI to pool1 and re-enables it, while skbs are freed on both CPUs (softirq, task, BH-disabled task, defer lists); release retries and the final free',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 2, budget: 3, cacheSize: 2, ringSize: 2, pools: 2 }),
    kinds: [...NAPI, ...RX, ...FREE, 'skb_attempt_defer_free', 'skb_defer_free_flush'],
    script: [
      ...queueTeardown(),
      { fn: 'netdev_rx_queue_restart', arg: 0 },
      { fn: 'napi_enable', arg: 0 },
    ],
    poolNid: -1,
    bhFrees: true,
  },
  {
    id: 'swap-live-napi',
    description:
      'queue restart under a live NAPI (queue API): napi_disable, swap the RX ring to pool1 with page_pool_disable_direct_recycling(pool0), free the old ring, napi_enable, then destroy pool0 while the NAPI runs and pool0 pages are still freed on both CPUs',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 2, budget: 3, cacheSize: 2, ringSize: 2, pools: 2 }),
    kinds: [...NAPI, ...RX, ...FREE, 'skb_attempt_defer_free', 'skb_defer_free_flush'],
    script: [
      { fn: 'napi_disable', arg: 0 },
      // bnxt_queue_stop(): page_pool_disable_direct_recycling(old), then bnxt_queue_start() swaps
      { fn: 'page_pool_disable_direct_recycling', arg: 0 },
      { fn: 'netdev_rx_queue_restart', arg: 0 },
      { fn: 'page_pool_put_full_page', arg: 0 },
      { fn: 'napi_enable', arg: 0 },
      { fn: 'page_pool_destroy', arg: 0 },
    ],
    poolNid: -1,
    bhFrees: true,
  },
  {
    id: 'teardown',
    description:
      'driver remove: NAPI disabled, RX ring torn down, page_pool_destroy with skbs still in flight on the other CPU, then the device is unbound; DMA mappings must be gone',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 3, descs: 2, budget: 4, cacheSize: 2, ringSize: 2 }),
    kinds: [...NAPI, ...RX, ...FREE],
    script: [
      ...queueTeardown(),
      { fn: 'device_unbind', arg: 0 },
    ],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'teardown-dma-sync',
    description:
      'teardown with PP_FLAG_DMA_SYNC_DEV: frees on the other CPU sync pages for the device (re-checking pool->dma_sync under RCU) while page_pool_scrub clears dma_sync, waits (synchronize_net) and unmaps',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 2, budget: 3, cacheSize: 2, ringSize: 2 }),
    kinds: [...NAPI, ...RX, ...FREE],
    script: [
      ...queueTeardown(),
      { fn: 'device_unbind', arg: 0 },
    ],
    poolNid: -1,
    bhFrees: false,
    dmaSyncDev: true,
  },
  {
    id: 'clone-teardown',
    description:
      'cloned and expanded skbs freed on both CPUs while the driver tears down: napi_disable, RX ring teardown, page_pool_destroy, device unbind',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 2, budget: 3, cacheSize: 1, ringSize: 1, clones: 1 }),
    kinds: [...NAPI, ...RX, 'skb_add_rx_frag', 'skb_clone', 'pskb_expand_head', ...FREE],
    script: [
      ...queueTeardown(),
      { fn: 'device_unbind', arg: 0 },
    ],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'xdp',
    description: 'XDP_DROP (page_pool_recycle_direct) in the poll, XDP_REDIRECT frames returned with xdp_return_frame from either CPU',
    bounds: defaultBounds({ cpus: 2, pages: 4, skbs: 2, descs: 2, budget: 5, cacheSize: 2, ringSize: 2 }),
    kinds: [...NAPI, 'page_pool_alloc_pages', 'page_pool_recycle_direct', 'xdp_do_redirect', 'xdp_return_frame'],
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'napi-move',
    description:
      'the IRQ (and so the NAPI) moves from cpu0 (node0) to cpu1 (node1): page_pool_update_nid in the poll, NUMA check in refill, skb_attempt_defer_free to the allocating CPU and skb_defer_free_flush',
    bounds: defaultBounds({ cpus: 2, pages: 4, skbs: 2, descs: 2, budget: 5, cacheSize: 2, ringSize: 2, nodes: 2 }),
    kinds: [...NAPI, ...RX, 'napi_consume_skb', 'skb_attempt_defer_free', 'skb_defer_free_flush', 'page_pool_update_nid'],
    script: [{ fn: 'irq_set_affinity', arg: 1 }],
    poolNid: 0,
    bhFrees: false,
  },
  {
    id: 'preempt-rt',
    description:
      'PREEMPT_RT on one CPU: the softirq (NAPI poll) and a task freeing skbs with BH disabled preempt each other inside their BH sections',
    bounds: defaultBounds({ cpus: 1, pages: 4, skbs: 2, descs: 2, budget: 5, cacheSize: 2, ringSize: 2, preemptRt: 1 }),
    kinds: [...NAPI, ...RX, ...FREE],
    script: [],
    poolNid: -1,
    bhFrees: true,
  },
  {
    id: 'percpu-pool',
    description:
      'a per-CPU page pool (pool->cpuid = cpu0, p.napi NULL) fed by a NAPI pinned to cpu0: direct recycling decided by cpuid, frees on both CPUs',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 2, budget: 4, cacheSize: 2, ringSize: 2 }),
    kinds: [...NAPI, ...RX, ...FREE],
    script: [],
    poolNid: -1,
    bhFrees: true,
    percpuPool: 0,
  },
  {
    id: 'percpu-destroy',
    description:
      'page_pool_destroy of a per-CPU page pool (pool->cpuid = cpu0, p.napi NULL) while skbs are still freed on both CPUs: its page_pool_disable_direct_recycling() clears cpuid, after which no free may push into the cache of the pool being released',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 1, budget: 3, cacheSize: 2, ringSize: 2 }),
    kinds: [...NAPI, ...RX, ...FREE],
    script: [
      ...queueTeardown(),
    ],
    poolNid: -1,
    bhFrees: true,
    percpuPool: 0,
  },
  {
    id: 'percpu-stats',
    description:
      'a per-CPU system page pool (page_pool_create_percpu(), PP_FLAG_SYSTEM_POOL: its recycle_stats are the static per-CPU pp_system_recycle_stats) with CONFIG_PAGE_POOL_STATS: skbs freed on both CPUs, in softirq and in tasks, then the pool destroyed and freed (page_pool_uninit() must not free_percpu() the static stats)',
    bounds: defaultBounds({ cpus: 2, pages: 2, skbs: 1, descs: 1, budget: 2, cacheSize: 1, ringSize: 1, clones: 0, poolStats: 1 }),
    kinds: [...NAPI, ...RX, ...FREE],
    script: [
      ...queueTeardown(),
    ],
    poolNid: -1,
    bhFrees: false,
    percpuPool: 0,
  },
  {
    id: 'threaded-napi',
    description: 'threaded NAPI: the poll runs in a kthread with BH disabled (list_owner never set) and flushes its CPU\'s defer list; frees in softirq and in BH-disabled tasks',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 2, budget: 4, cacheSize: 2, ringSize: 2, threaded: 1 }),
    kinds: [...NAPI, ...RX, ...FREE, 'skb_attempt_defer_free', 'skb_defer_free_flush'],
    script: [],
    poolNid: -1,
    bhFrees: true,
  },
  {
    id: 'ring-refill',
    description:
      'a ptr_ring larger than the alloc cache (ring 2, cache 1): frees on the other CPU fill the ring, the poll refills the cache from it (at most PP_ALLOC_CACHE_REFILL pages), a direct recycle into a full cache goes to the ring, a put into a full ring returns the page',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 1, budget: 4, cacheSize: 1, ringSize: 2 }),
    kinds: [...NAPI, ...RX, ...FREE],
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'frag-pfmemalloc',
    description:
      'page_pool_alloc_frag under memory pressure: the frag page may come from the emergency reserves (pfmemalloc); when its last frag user is gone page_pool_drain_frag reuses it only if __page_pool_page_can_be_recycled()',
    bounds: defaultBounds({ cpus: 1, pages: 2, skbs: 2, descs: 2, budget: 4, cacheSize: 1, ringSize: 1, pressure: 1 }),
    kinds: [...NAPI, 'page_pool_alloc_frag', 'build_skb', 'skb_mark_for_recycle', ...FREE],
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'teardown-32bit-dma64',
    description:
      'teardown-dma-sync on a 32-bit machine with a 64-bit dma_addr_t (--arch 32-dma64): pages mapped above 4 GiB, page->dma_addr holds the address >> PAGE_SHIFT; frees on the other CPU sync them for the device, page_pool_scrub and the returns unmap them with the address read back from struct page',
    bounds: defaultBounds({ cpus: 2, pages: 2, skbs: 2, descs: 2, budget: 2, cacheSize: 1, ringSize: 1, arch: 2 }),
    kinds: [...NAPI, ...RX, ...FREE],
    script: [
      ...queueTeardown(),
      { fn: 'device_unbind', arg: 0 },
    ],
    poolNid: -1,
    bhFrees: false,
    dmaSyncDev: true,
  },
  {
    id: 'teardown-xdp-mem',
    description:
      'driver remove of a pool registered as the XDP memory model (user_cnt 2): NAPI disabled, RX ring torn down, xdp_rxq_info_unreg (its page_pool_destroy returns early), then the driver\'s page_pool_destroy, with skbs in flight on the other CPU',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 2, budget: 3, cacheSize: 2, ringSize: 2 }),
    kinds: [...NAPI, ...RX, ...FREE],
    script: [
      { fn: 'napi_disable', arg: 0 },
      { fn: 'page_pool_put_full_page', arg: 0 },
      { fn: 'xdp_rxq_info_unreg', arg: 0 },
      { fn: 'page_pool_destroy', arg: 0 },
      { fn: 'device_unbind', arg: 0 },
    ],
    poolNid: -1,
    bhFrees: false,
    xdpMemModel: true,
  },
  {
    id: 'sized-alloc',
    description:
      'sized allocation in a high-order pool (p.order 1: __page_pool_alloc_page_order, four frags per page): page_pool_dev_alloc hands out whole pages (size > max_size / 2) and frags from one pool, skbs of both, frees, then NAPI disable, RX ring teardown and page_pool_destroy',
    bounds: defaultBounds({ cpus: 1, pages: 2, skbs: 2, descs: 2, budget: 3, cacheSize: 1, ringSize: 1 }),
    kinds: [...NAPI, 'page_pool_alloc', 'build_skb', 'skb_add_rx_frag', 'skb_mark_for_recycle', ...FREE],
    script: [
      ...queueTeardown(),
    ],
    poolNid: -1,
    bhFrees: false,
    order: 1,
  },
  {
    id: 'driver-frags',
    description:
      'a driver that counts frags itself (mlx5e): page_pool_fragment_page(page, BIAS) on a whole page, strides handed to skbs (frags++), mlx5e_page_release_fragmented drops the unused bias while skbs on both CPUs still hold frags; the last user puts the page',
    bounds: defaultBounds({ cpus: 2, pages: 2, skbs: 2, descs: 2, budget: 2, cacheSize: 1, ringSize: 1 }),
    kinds: [...NAPI, 'mlx5e_page_alloc_fragmented', 'mlx5e_add_skb_frag', 'mlx5e_page_release_fragmented', 'build_skb', 'skb_add_rx_frag', 'skb_mark_for_recycle', ...FREE],
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'gro',
    description:
      'GRO on page_pool frags: the poll holds the first skb (napi_gro_receive), merges the next ones into it with skb_gro_receive (head page stolen as a frag, or frags moved and the head page freed), flushes it to the stack, where it is freed on either CPU',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 2, budget: 5, cacheSize: 1, ringSize: 1 }),
    kinds: [...NAPI, 'page_pool_alloc_frag', 'build_skb', 'skb_add_rx_frag', 'napi_gro_receive', 'skb_gro_receive', 'napi_gro_flush', ...FREE],
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'devmem',
    description:
      'devmem TCP: pool0 allocates net_iovs from a dma-buf binding (mp_ops alloc_netmems / release_netmem, which keeps them), skbs of them freed on both CPUs; the binding\'s user unbinds it, the driver restarts the queue (napi_disable, RX ring teardown, page_pool_destroy) while net_iovs are still in flight: the pool\'s binding reference keeps the binding alive until __page_pool_destroy',
    bounds: defaultBounds({ cpus: 2, pages: 2, skbs: 1, descs: 1, budget: 2, cacheSize: 1, ringSize: 1 }),
    kinds: [...NAPI, ...RX, ...FREE],
    script: [
      { fn: 'net_devmem_unbind_dmabuf', arg: 0 },
      ...queueTeardown(),
    ],
    poolNid: -1,
    bhFrees: false,
    devmem: true,
    checks: ['provider-lifetime'],
  },
  {
    id: 'xdp-bulk',
    description:
      'XDP_REDIRECT frames returned in bulk by a TX completion on either CPU (xdp_return_frame_bulk, xdp_flush_frame_bulk -> page_pool_put_page_bulk: napi_local once per bulk, the unref loop, one producer lock for the ring, the refused pages returned after the unlock) with CONFIG_PAGE_POOL_STATS, a driver releasing buffers it counts itself (page_pool_put_unrefed_page), then NAPI disable and page_pool_destroy with frames in flight',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 1, descs: 2, budget: 3, cacheSize: 1, ringSize: 1, clones: 0, poolStats: 1 }),
    kinds: [...NAPI, 'page_pool_alloc_pages', 'xdp_do_redirect', 'xdp_return_frame_bulk', 'page_pool_put_unrefed_page'],
    script: [
      ...queueTeardown(),
    ],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'xdp-bulk-mixed',
    description:
      'XDP frames of two page_pools in one TX completion: the driver moves its RX ring from pool0 to pool1 (netdev_rx_queue_restart) while frames of pool0 are still queued for transmit, then one xdp_return_frame_bulk loop returns frames of both pools (6.12 flushes the bulk when the mem id changes: a page_pool_put_page_bulk per pool), on either CPU',
    bounds: defaultBounds({ cpus: 2, pages: 2, skbs: 1, descs: 1, budget: 2, cacheSize: 1, ringSize: 1, pools: 2, clones: 0 }),
    kinds: [...NAPI, 'page_pool_alloc_pages', 'xdp_do_redirect', 'xdp_return_frame_bulk'],
    script: [
      { fn: 'napi_disable', arg: 0 },
      { fn: 'netdev_rx_queue_restart', arg: 1 },
      { fn: 'napi_enable', arg: 0 },
    ],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'xdp-bulk-frag',
    description:
      'half-page frags (page_pool_alloc_frag) redirected as XDP frames and returned in bulk: two frames of one page in one bulk, where only the last pp reference recycles (page_pool_is_last_ref)',
    bounds: defaultBounds({ cpus: 1, pages: 2, skbs: 1, descs: 2, budget: 3, cacheSize: 1, ringSize: 1, clones: 0, pressure: 1 }),
    kinds: [...NAPI, 'page_pool_alloc_frag', 'xdp_do_redirect', 'xdp_return_frame_bulk'],
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'foreign-frags',
    description:
      'pages no pool owns: the driver adds a page from the page allocator (alloc_page) as a frag of a pp_recycle skb next to its pool pages; clones, coalescing (skb_pp_frag_ref on a cloned skb\'s frags) and frees on both CPUs, while the pool recycles and returns its own pages',
    bounds: defaultBounds({ cpus: 1, pages: 3, skbs: 3, descs: 1, budget: 2, cacheSize: 1, ringSize: 1, clones: 1 }),
    kinds: [...RX, 'skb_fill_page_desc', 'skb_clone', 'skb_try_coalesce', 'napi_consume_skb'],
    script: [],
    poolNid: -1,
    bhFrees: false,
    napiScheduled: true,
  },
  {
    id: 'gro-fraglist',
    description:
      'fraglist GRO on page_pool frags: the poll holds the first skb, chains the next ones on its frag_list (skb_gro_receive_list, each keeping its own pages and pp_recycle), flushes it; the forwarding path segments it (skb_segment: a pp_recycle-0 segment with page references on every frag and member head) and consumes it (kfree_skb_list frees the members); frees of both, then the driver\'s queue teardown (napi_disable, page_pool_put_full_page, page_pool_destroy)',
    bounds: defaultBounds({ cpus: 1, pages: 2, skbs: 3, descs: 2, budget: 4, cacheSize: 1, ringSize: 1 }),
    kinds: [...NAPI, 'page_pool_alloc_frag', 'build_skb', 'skb_add_rx_frag', 'napi_gro_receive', 'skb_gro_receive_list', 'napi_gro_flush', 'skb_segment', ...FREE],
    script: [
      ...queueTeardown(),
    ],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'skb-split-shift',
    description:
      'TCP\'s frag surgery on pool pages held by page reference: an RX skb is segmented (skb_segment: a pp_recycle-0 skb with page references), the segment is split (skb_split: frags move, a crossed frag gets skb_frag_ref) and shifted back (skb_shift: frags move, a split frag gets __skb_frag_ref, a merged one is __skb_frag_unref\'d); frees',
    bounds: defaultBounds({ cpus: 1, pages: 3, skbs: 3, descs: 1, budget: 4, cacheSize: 1, ringSize: 1 }),
    kinds: [...RX, 'skb_add_rx_frag', 'skb_segment', 'skb_split', 'skb_shift', 'napi_consume_skb'],
    script: [],
    poolNid: -1,
    bhFrees: false,
    napiScheduled: true,
  },
  {
    id: 'devmem-unreadable',
    description:
      'devmem TCP with header split: pool0 allocates net_iovs from a dma-buf binding; the driver copies each packet\'s headers into a napi_alloc_skb head and adds the payload net_iov as a frag (skb_add_rx_frag_netmem: skb->unreadable) or hands up the headers alone (a readable skb); the stack coalesces skbs (skb_try_coalesce refuses to mix readable and unreadable), the socket reads them with MSG_SOCK_DEVMEM (readable: skb_copy_datagram_msg; unreadable: tcp_recvmsg_dmabuf) and frees them',
    bounds: defaultBounds({ cpus: 1, pages: 2, skbs: 2, descs: 2, budget: 3, cacheSize: 1, ringSize: 1 }),
    kinds: [...NAPI, 'page_pool_alloc_pages', 'napi_alloc_skb', 'skb_add_rx_frag_netmem', 'skb_mark_for_recycle', 'skb_try_coalesce', 'tcp_recvmsg', 'napi_consume_skb'],
    script: [],
    poolNid: -1,
    bhFrees: false,
    devmem: true,
    checks: ['net-iov-not-page', 'provider-lifetime'],
  },
  {
    id: 'xdp-multi-buffer',
    description:
      'multi-buffer XDP (xdp_frame_has_frags): packets over two RX buffers, the second a frag in the skb_shared_info; XDP_REDIRECT frames returned with xdp_return_frame from either CPU (frags first, then the head, each __xdp_return) and with xdp_return_frame_rx_napi in the poll (napi_direct), XDP_DROP of a multi-buffer packet with xdp_return_buff; then the driver tears down with frames in flight',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 1, descs: 2, budget: 4, cacheSize: 1, ringSize: 1, clones: 0 }),
    kinds: [...NAPI, 'page_pool_alloc_pages', 'xdp_do_redirect', 'xdp_return_frame', 'xdp_return_frame_rx_napi', 'xdp_return_buff', 'bpf_xdp_adjust_tail'],
    script: [...queueTeardown()],
    poolNid: -1,
    bhFrees: false,
    xdpMultiBuffer: true,
  },
  {
    id: 'xdp-bulk-multi-buffer',
    description:
      'multi-buffer XDP frames returned in bulk (xdp_return_frame_bulk): each frag queued before its frame\'s head, the bulk flushed inside the frag loop when full (`if (bq->count == XDP_BULK_QUEUE_SIZE)`), then page_pool_put_page_bulk per flush, on either CPU',
    bounds: defaultBounds({ cpus: 2, pages: 4, skbs: 1, descs: 2, budget: 4, cacheSize: 1, ringSize: 1, clones: 0 }),
    kinds: [...NAPI, 'page_pool_alloc_pages', 'xdp_do_redirect', 'xdp_return_frame_bulk'],
    script: [],
    poolNid: -1,
    bhFrees: false,
    xdpMultiBuffer: true,
  },
  {
    id: 'xdp-cpumap',
    description:
      'XDP_REDIRECT into a cpumap: single- and multi-buffer frames become skbs on the entry\'s CPU (cpu_map_kthread_run -> __xdp_build_skb_from_frame: the frame\'s page is the head, its frags the skb\'s, skb_mark_for_recycle), which the stack frees there (napi_consume_skb, kfree_skb), while the driver recycles; then the teardown',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 1, descs: 2, budget: 3, cacheSize: 1, ringSize: 1, clones: 0 }),
    kinds: [...NAPI, 'page_pool_alloc_pages', 'xdp_do_redirect', '__xdp_build_skb_from_frame', ...FREE],
    script: [...queueTeardown()],
    poolNid: -1,
    bhFrees: false,
    xdpMultiBuffer: true,
  },
  // mainline's findings (left out of mainline's own list)
  ...FINDING_SCENARIOS,
  // the regression corpus' own scenarios (model/variants/corpus-scenarios.ts)
  ...CORPUS_SCENARIOS,
  ...LIVENESS_SCENARIOS,
  // the workload profiles' scenarios (model/workloads/scenarios.ts, `ppcheck mix`)
  ...WORKLOAD_SCENARIOS,
];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
