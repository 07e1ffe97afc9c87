/**
 * Bounds and scenarios. A scenario is like a TLC model configuration: which
 * actors and action kinds run, the driver's control script, and default bounds.
 */
import type { BoundSpec, Bounds } from '../src/family.ts';

/**
 * Bound ranges. The maxima are what the state representation allows comfortably: page indices,
 * refcounts and per-page attributes are small ints (model/symmetry.ts packs a page's own fields
 * into one number: _refcount < 64, pp_ref_count in -16..47, 2 pools), actors are cpu*3 + ctx.
 * cacheSize stays at 4: the conformance harness is built for PP_ALLOC_CACHE_SIZE 1..4
 * (test/conformance/setup.sh). Exhaustive search at the maxima does not finish; they are for
 * random mode (docs/scaling.md).
 */
export const BOUND_SPECS: BoundSpec[] = [
  { name: 'cpus', description: 'CPUs (each with task, softirq and hardirq contexts)', min: 1, max: 4 },
  { name: 'pages', description: 'page frames in the page allocator', min: 1, max: 8 },
  { name: 'skbs', description: 'sk_buff slots (originals and clones)', min: 1, max: 6 },
  { name: 'pools', description: 'page_pools (2 lets the driver swap pools under a live NAPI)', min: 1, max: 2 },
  { name: 'cacheSize', description: 'alloc cache slots (PP_ALLOC_CACHE_SIZE, scaled down)', min: 1, max: 4 },
  { name: 'ringSize', description: 'ptr_ring slots (pool_size, scaled down)', min: 1, max: 8 },
  { name: 'clones', description: 'extra skbs that may share one skb data (skb_clone)', min: 0, max: 2 },
  { name: 'descs', description: 'RX descriptors holding pool pages', min: 1, max: 4 },
  { name: 'budget', description: 'RX page allocations (packets) before the device goes quiet', min: 0, max: 12 },
  { name: 'nodes', description: 'NUMA nodes (cpu c is on node c % nodes; page i on node i % nodes)', min: 1, max: 2 },
  { name: 'threaded', description: '1 = threaded NAPI (a kthread with BH disabled)', min: 0, max: 1 },
  { name: 'preemptRt', description: '1 = PREEMPT_RT (BH-disabled sections are preemptible by other tasks)', min: 0, max: 1 },
  { name: 'pressure', description: '1 = memory pressure (the allocator may hand out pfmemalloc pages)', min: 0, max: 1 },
  {
    name: 'arch',
    description: "the machine's word sizes: 64 (= 0: 64-bit), 32 (= 1: 32-bit, 32-bit dma_addr_t), 32-dma64 (= 2: 32-bit with 64-bit dma_addr_t, page->dma_addr holds the address >> PAGE_SHIFT)",
    min: 0,
    max: 2,
    names: ['64', '32', '32-dma64'],
    // the model before the bound was 64-bit: a trace recorded then replays at 64
    absentMeans: 0,
  },
  {
    name: 'poolStats',
    description:
      'CONFIG_PAGE_POOL_STATS: off (= 0) or on (= 1: pool->alloc_stats, written by the allocating NAPI context, and the per-CPU pool->recycle_stats, this_cpu_inc on the recycling CPU)',
    min: 0,
    max: 1,
    names: ['off', 'on'],
    // the model before the bound kept no statistics unless a scenario asked
    absentMeans: 0,
  },
];

/** A step of the driver's control script (runs in task context on cpu0, in order). */
export type ScriptFn =
  | 'napi_disable'
  | 'napi_enable'
  | 'netdev_rx_queue_restart'
  | 'page_pool_disable_direct_recycling'
  | 'page_pool_put_full_page'
  | 'page_pool_destroy'
  | 'xdp_rxq_info_unreg'
  | 'irq_set_affinity'
  | 'device_unbind'
  | 'net_devmem_unbind_dmabuf';

export interface ScriptStep {
  fn: ScriptFn;
  /**
   * pool for destroy/put_full_page, target cpu for irq_set_affinity;
   * netdev_rx_queue_restart: 1 = the driver disables direct recycling of the old pool (queue API)
   */
  arg: number;
}

/** `F`: the action kinds (model/registry.ts `Fn`; this file does not import the registry, which imports it). */
export interface Scenario<F extends string = string> {
  id: string;
  description: string;
  bounds: Bounds;
  /** action kinds the scenario's actors may start (continuations of started operations always run) */
  kinds: F[];
  script: ScriptStep[];
  /** pool->p.nid of every pool at creation (-1 = NUMA_NO_NODE) */
  poolNid: number;
  /** task-context frees may run with BH disabled (local_bh_disable(); kfree_skb()) */
  bhFrees: boolean;
  /**
   * pool0 is a per-CPU pool of this CPU (page_pool_create_percpu(): pool->cpuid set,
   * p.napi NULL), like the system page pools; the NAPI on that CPU allocates from it
   */
  percpuPool?: number;
  /**
   * the driver registers the XDP memory model on pool0 (xdp_rxq_info_reg_mem_model ->
   * page_pool_use_xdp_mem: user_cnt 2); its remove unregisters it (script step xdp_rxq_info_unreg)
   */
  xdpMemModel?: boolean;
  /**
   * the driver builds multi-buffer XDP buffers (xdp_buff_set_frags_flag(): a packet over two RX
   * buffers, the second in the skb_shared_info's frags): XDP_REDIRECT then makes frames with a frag
   */
  xdpMultiBuffer?: boolean;
  /** pools are created with PP_FLAG_DMA_SYNC_DEV (pool->dma_sync) on a device that needs syncs */
  dmaSyncDev?: boolean;
  /**
   * devmem TCP: pool0 is created on an RX queue bound to a dma-buf (PP_FLAG_ALLOW_UNREADABLE_NETMEM,
   * pool->mp_ops = dmabuf_devmem_ops); its pages are the binding's net_iovs
   */
  devmem?: boolean;
  /** pool->p.order of every pool (default 0; 1: a high-order pool, __page_pool_alloc_page_order) */
  order?: number;
  /** the NAPI starts scheduled on cpu0 (a busy RX queue; with no napi_* kinds it stays so) */
  napiScheduled?: boolean;
  /** CPUs whose contexts free, clone, coalesce skbs and return XDP frames (default: all) */
  skbCpus?: number[];
  /**
   * Bounds the scenario cannot go above (below BOUND_SPECS' maxima): its driver script only
   * models the report it was written for up to there. `limitReason` says why; building the
   * scenario above them is an input error (exit 2), never a silent change of meaning.
   */
  maxBounds?: Partial<Bounds>;
  limitReason?: string;
  /**
   * A steady workload (liveness): packets never run out (the budget is not
   * consumed) and an alive pool's hold/release counters are kept as their
   * difference (model/liveness-model.ts), so the graph stays finite.
   */
  steady?: boolean;
  /**
   * Properties that hold only under this scenario's workload (properties/numa-local-recycling.ts,
   * properties/xdp-drop-direct.ts): checked, after the global ones, in this scenario only and at its
   * default bounds (the workload they assume, e.g. an alloc cache that holds every page).
   */
  checks?: readonly string[];
}

export function defaultBounds(over: Partial<Bounds>): Bounds {
  const b: Bounds = {
    cpus: 2,
    pages: 2,
    skbs: 2,
    pools: 1,
    cacheSize: 2,
    ringSize: 2,
    clones: 1,
    descs: 1,
    budget: 2,
    nodes: 1,
    threaded: 0,
    preemptRt: 0,
    pressure: 0,
    arch: 0,
    poolStats: 0,
  };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) b[k] = v;
  return b;
}
