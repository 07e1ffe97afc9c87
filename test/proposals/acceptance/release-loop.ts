/**
 * Acceptance: a proposal whose bug makes a counter grow without limit.
 * The driver's RX-ring teardown puts each page twice (page_pool_put_full_page
 * runs mainline's step, then queues the page's pp reference once more), so
 * inflight goes negative; with `retryStopsOnNegative: false`
 * (page_pool_release_retry() before 43130d02baa1) the release worker re-arms
 * forever; the proposal also counts the worker's reruns (a stall warning's
 * counter, as pool->defer_warn), so every rerun is a new state: the state space
 * has no end. (The model keeps destroy_cnt >= 2 as one value, so the counter is
 * the proposal's own.)
 * Expected: diff ends within its default limits (the depth limit cuts the
 * runaway exploration: complete: no, max-depth) and exits 12 (the double put
 * breaks properties mainline keeps).
 */
import { actorId, defineProposal, KIND_PP } from '../../../model/proposal.ts';

export const family = defineProposal<{ reruns: number }>({
  id: 'release-loop',
  description: 'a driver that puts its RX-ring pages twice at teardown, on a kernel whose release worker re-arms at inflight < 0',
  scenarios: ['teardown'],
  config: { retryStopsOnNegative: false },
  bounds: { cpus: 1, pages: 1, skbs: 1, descs: 1, budget: 1, cacheSize: 1, ringSize: 1 },
  state: { reruns: { init: 0 } },
  replace: {
    page_pool_release_retry(_t, _a, k) {
      const t = k.mainline();
      t.x.reruns++; // the worker ran again
      return t;
    },
    page_pool_put_full_page(_t, a, k) {
      const t = k.mainline(); // an independent state: mainline's step of this action
      const act = t.actors[actorId(a.cpu, a.ctx)];
      act.q = [...act.q, ...act.q.filter((e) => ((e >> 1) & 1) === KIND_PP)]; // the driver's second put
      return t;
    },
  },
  expect: { verdict: 'violation', property: 'pp-ownership' },
});
