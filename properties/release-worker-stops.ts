import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { POOL_DESTROYING } = St;

/**
 * release-worker-stops (bounded termination of page_pool_release_retry();
 * checked on mainline, whose drivers never return a page twice, and by the
 * negative-inflight-release-loop variants, whose driver does)
 *
 * Statement: page_pool_release_retry() re-arms the delayed release worker only
 * when the inflight count it computed (hold_cnt - release_cnt at its scrub) is
 * positive, i.e. only when pages may still come back. Re-arming at
 * inflight <= 0 means the worker runs forever: nothing can ever make a
 * negative inflight reach 0. page_pool_destroy() itself schedules the worker
 * once for any non-zero inflight (`if (!page_pool_release(pool)) return;`),
 * negative included; that single run is not a loop: the state is flagged only
 * after a worker run (destroy_cnt > 1: page_pool_scrub() ran again).
 *
 * Kernel rationale: "page_pool: avoid infinite loop to schedule delayed
 * worker" (Jason Xing, 2025; net-next 43130d02baa1): a driver that returned a
 * page twice made inflight negative, and page_pool_release_retry() "was waken
 * up repeatedly and infinitely in production"; the fix returns when
 * inflight <= 0 (the driver bug is still reported by the WARN in
 * page_pool_inflight()).
 */
export const releaseWorkerStops: Invariant<PagePoolState> = {
  id: 'release-worker-stops',
  description: 'the delayed release worker is re-armed only while pages are in flight (inflight > 0)',
  check(s) {
    for (let k = 0; k < s.pools.length; k++) {
      const P = s.pools[k];
      if (P.st !== POOL_DESTROYING || !P.retry) continue;
      const inflight = P.hold - P.seen;
      if (inflight <= 0 && P.destroyCnt > 1) return `pool${k} release worker re-armed with inflight ${inflight} (hold ${P.hold}, release ${P.seen}): it will run forever`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
