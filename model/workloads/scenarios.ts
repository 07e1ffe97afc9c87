/**
 * Scenarios of the workload profiles (model/workloads/profiles.ts): who
 * allocates, who frees and where. Registered with the shipped scenarios
 * (model/scenarios.ts), so `npm run check` explores mainline under each of
 * them at these small default bounds; `ppcheck mix` runs them at the larger
 * bounds of their profile with a steady packet stream (model/workloads/steady.ts).
 */
import type { Fn } from '../registry.ts';
import { type Scenario, defaultBounds } from '../scenario.ts';

const NAPI: Fn[] = ['napi_schedule', 'napi_complete_done'];
const RX: Fn[] = ['page_pool_alloc_pages', 'build_skb', 'skb_mark_for_recycle'];
const XDP: Fn[] = ['page_pool_alloc_pages', 'page_pool_recycle_direct', 'xdp_do_redirect', 'xdp_return_frame'];

export const WORKLOAD_SCENARIOS: Scenario<Fn>[] = [
  {
    id: 'wl-router',
    description:
      'workload router: one CPU runs the NAPI; every received page ends in XDP (XDP_TX/XDP_DROP completed in the poll with page_pool_recycle_direct, or XDP_REDIRECT and its TX completion xdp_return_frame on the same CPU)',
    bounds: defaultBounds({ cpus: 1, pages: 3, skbs: 1, descs: 2, budget: 3, cacheSize: 2, ringSize: 2, clones: 0 }),
    kinds: [...NAPI, ...XDP],
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'wl-remote-app',
    description:
      'workload host, application on another CPU: the NAPI on cpu0 builds pp skbs; the reader on cpu1 frees them with skb_attempt_defer_free back to cpu0, whose softirq frees them in skb_defer_free_flush',
    bounds: defaultBounds({ cpus: 2, pages: 3, skbs: 2, descs: 1, budget: 3, cacheSize: 2, ringSize: 2, clones: 0 }),
    kinds: [...NAPI, ...RX, 'skb_attempt_defer_free', 'skb_defer_free_flush'],
    script: [],
    poolNid: -1,
    bhFrees: false,
  },
  {
    id: 'wl-local-app',
    description:
      "workload host, application on the NAPI's CPU: the reader frees skbs in process context on cpu0 with BH disabled (skb_attempt_defer_free -> kfree_skb_napi_cache, no defer list)",
    bounds: defaultBounds({ cpus: 1, pages: 3, skbs: 2, descs: 1, budget: 3, cacheSize: 2, ringSize: 2, clones: 0 }),
    kinds: [...NAPI, ...RX, 'kfree_skb'],
    script: [],
    poolNid: -1,
    bhFrees: true,
  },
  {
    id: 'wl-numa-remote',
    description:
      'workload NUMA: a NUMA_NO_NODE pool; the IRQ (and so the NAPI) moves from cpu0 (node 0) to cpu1 (node 1); XDP_DROP and XDP_REDIRECT + xdp_return_frame on the NAPI CPU',
    bounds: defaultBounds({ cpus: 2, pages: 4, skbs: 1, descs: 1, budget: 3, cacheSize: 1, ringSize: 1, clones: 0, nodes: 2 }),
    kinds: [...NAPI, ...XDP],
    script: [{ fn: 'irq_set_affinity', arg: 1 }],
    poolNid: -1,
    bhFrees: false,
    skbCpus: [1],
  },
];
