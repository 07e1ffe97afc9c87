import type { LivenessProperty } from '../src/engine/model.ts';
import type { PpAction } from '../model/registry.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';

/** Some context has a page put under way (skb_release_data's loop, or the put pipeline before the page is stored). */
export function putPending(s: PagePoolState): boolean {
  const pipeline = St.pageCounts(s).pipeline;
  for (let pg = 0; pg < pipeline.length; pg++) if (pipeline[pg] > 0) return true;
  for (const a of s.actors) if (a.q.length > 0) return true;
  return false;
}

/**
 * put-eventually-settles (liveness; checked by `check --liveness`)
 *
 * Statement: every page put that has begun (napi_pp_put_page /
 * page_pool_put_unrefed_netmem up to the store) ends: the page lands in the
 * alloc cache, in the ptr_ring, or back in the page allocator
 * (page_pool_return_netmem). Checked in aggregate form, `some put pending ~>
 * no put pending`, under weak fairness of every context: with a finite
 * packet budget puts cannot overlap forever without a stuck one, so the
 * aggregate form fails exactly when some put never settles (a per-put form
 * would need page identities, which page symmetry permutes).
 *
 * Kernel rationale: page_pool_put_unrefed_netmem() must not block or spin
 * without bound: it runs in softirq and under local_bh_disable(), where a
 * spin on a condition that only another context on the same CPU can change
 * (a full ptr_ring drained only by the NAPI poll of the same CPU, a producer
 * lock held by the preempted task) never ends. That is why
 * page_pool_recycle_in_ring() gives up on a full ring (ptr_ring_produce()
 * fails, recycle_stat_inc(ring_full)) and the page goes back to the page
 * allocator instead.
 */
export const putEventuallySettles: LivenessProperty<PagePoolState, PpAction> = {
  id: 'put-eventually-settles',
  description: 'every page put that has begun ends in the alloc cache, the ptr_ring or the page allocator',
  from: (s) => putPending(s),
  to: (s) => !putPending(s),
};
