/**
 * Acceptance: a proposal whose bug makes a counter grow without limit.
 * The driver's RX-ring teardown puts each page twice (page_pool_put_full_page
 * runs mainline's step, then queues the page's pp reference once more), so
 * inflight goes negative; with `retryStopsOnNegative: false`
 * (page_pool_release_retry() before 43130d02baa1) the release worker re-arms
 * forever, and every rerun of page_pool_scrub() increments destroy_cnt: the
 * state space has no end.
 * Expected: diff ends within its default limits (the depth limit cuts the
 * runaway exploration: complete: no, max-depth) and exits 12 (the double put
 * breaks properties mainline keeps).
 */
import { actorId, defineProposal, KIND_PP } from '../../../model/proposal.ts';

export const family = defineProposal({
  id: 'release-loop',
  description: 'a driver that puts its RX-ring pages twice at teardown, on a kernel whose release worker re-arms at inflight < 0',
  scenarios: ['teardown'],
  config: { retryStopsOnNegative: false },
  bounds: { cpus: 1, pages: 1, skbs: 1, descs: 1, budget: 1, cacheSize: 1, ringSize: 1 },
  replace: {
    page_pool_put_full_page(_t, a, k) {
      const t = k.mainline(); // an independent state: mainline's step of this action
      const act = t.actors[actorId(a.cpu, a.ctx)];
      act.q = [...act.q, ...act.q.filter((e) => ((e >> 1) & 1) === KIND_PP)]; // the driver's second put
      return t;
    },
  },
  expect: { verdict: 'violation', property: 'pp-ownership' },
});
