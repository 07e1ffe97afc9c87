import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { OP_NONE, POOL_FREED } = St;

/**
 * pool-lifetime
 *
 * Statement: (1) no context touches a pool after __page_pool_destroy() freed
 * it (ghost `g.poolUaf`: every action that reads or writes pool memory — the
 * producer unlock, a stat increment, a cache access, a release — checks it);
 * (2) a freed pool has no context inside one of its critical sections (no
 * in-flight operation names it, its producer lock is free), no page whose
 * page->pp names it, and hold_cnt == release_cnt.
 *
 * Kernel rationale: page_pool_release() may free the pool as soon as inflight
 * (hold - release) reaches 0, and a producer's release_cnt++ / ring publish can
 * be the event that makes it 0. Hence 271683bb2cf3: the ring stat moves inside
 * the producer lock and page_pool_release() takes and drops the producer lock
 * ("make sure producers have exited") before __page_pool_destroy().
 *
 * Motivating commit: 271683bb2cf3 "page_pool: Fix use-after-free in
 * page_pool_recycle_in_ring" (CVE-2025-38129); c3f812cea0d7 "page_pool: do not
 * release pool until inflight == 0".
 */
export const poolLifetime: Invariant<PagePoolState> = {
  id: 'pool-lifetime',
  description: 'no context touches a freed pool; a pool is freed only with nothing in flight and no context inside it',
  check(s) {
    if (s.g.poolUaf >= 0)
      return s.g.poolUaf === 99 ? 'page->pp is NULL when the put path dereferences it' : `pool${s.g.poolUaf} used after __page_pool_destroy() freed it`;
    for (let k = 0; k < s.pools.length; k++) {
      const P = s.pools[k];
      if (P.st !== POOL_FREED) continue;
      if (P.lock >= 0) return `pool${k} freed while its producer lock is held`;
      for (let a = 0; a < s.actors.length; a++) {
        const A = s.actors[a];
        if (A.op !== OP_NONE && A.pool === k) return `pool${k} freed while cpu${Math.floor(a / 3)} is inside one of its operations`;
      }
      for (let pg = 0; pg < s.pages.length; pg++)
        if (s.pages[pg].pp === k) return `pool${k} freed while page${pg} still names it (page->pp)`;
      if (P.hold !== P.release) return `pool${k} freed with hold_cnt ${P.hold} != release_cnt ${P.release}`;
    }
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
