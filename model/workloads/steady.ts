/**
 * A steady packet stream: the model's `budget` counts the packets still to
 * arrive and each RX allocation consumes one. A workload runs for thousands
 * of steps, so after every step the budget is set back to its bound: packets
 * never run out, and the states of a steady run differ only in what the
 * workload is about (kept small enough for the exact answer, src/mix/exact.ts).
 * For the same reason the pool's page counters are kept relative: while a pool
 * is alive and was never destroyed, pages_state_hold_cnt and
 * pages_state_release_cnt are only read as their difference
 * (page_pool_inflight()), so both are lowered by release_cnt after every step.
 */
import type { Model } from '../../src/engine/model.ts';
import type { PpAction } from '../registry.ts';
import { type PagePoolState, POOL_ALIVE } from '../state.ts';

export function steadyStream(m: Model<PagePoolState, PpAction>, budget: number): Model<PagePoolState, PpAction> {
  const step = (s: PagePoolState, a: PpAction): PagePoolState => {
    const t = m.step(s, a); // a new state object (Model.step is pure)
    t.budget = budget;
    for (const P of t.pools) {
      if (P.st !== POOL_ALIVE || P.destroyCnt !== 0 || P.release === 0) continue;
      P.hold -= P.release;
      P.release = 0;
    }
    return t;
  };
  // stepping in place is not offered: a workload's observer compares the state before and after
  const { stepInPlace: _i, inPlaceStepOf: _o, ...rest } = m;
  return { ...rest, name: `${m.name} (steady stream)`, step };
}
