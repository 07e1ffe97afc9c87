/**
 * Scenarios for the liveness check (`check --liveness`): steady workloads,
 * where packets never run out (Scenario.steady, model/liveness-model.ts).
 * Appended to the shipped scenarios (model/scenarios.ts), so mainline is
 * checked under them too.
 */
import type { Fn } from './registry.ts';
import { type Scenario, defaultBounds } from './scenario.ts';

const NAPI: Fn[] = ['napi_schedule', 'napi_complete_done'];

export const LIVENESS_SCENARIOS: Scenario<Fn>[] = [
  {
    id: 'numa-steady',
    description:
      'recycling-continues: the numa-no-node workload (a pool created with NUMA_NO_NODE, one CPU and its page on node 0, XDP_DROP into the cache or redirect and xdp_return_frame through the ring) with packets that never run out',
    // budget: any positive value (a steady scenario never consumes it)
    bounds: defaultBounds({ cpus: 1, pages: 1, skbs: 1, descs: 1, budget: 1, cacheSize: 1, ringSize: 1, clones: 0, nodes: 1 }),
    kinds: [...NAPI, 'page_pool_alloc_pages', 'page_pool_recycle_direct', 'xdp_do_redirect', 'xdp_return_frame'],
    script: [],
    poolNid: -1,
    bhFrees: false,
    steady: true,
  },
];
