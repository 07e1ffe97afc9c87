/**
 * A steady packet stream: the model's `budget` counts the packets still to
 * arrive and each RX allocation consumes one. A workload runs for thousands
 * of steps, so after every step the state is normalized as for a steady
 * liveness scenario (model/liveness-model.ts steadyNormalize): the budget is
 * back to its bound (packets never run out) and an alive pool's
 * pages_state_hold_cnt and pages_state_release_cnt, only ever read as their
 * difference (page_pool_inflight()), are kept relative. The states of a steady
 * run then differ only in what the workload is about, few enough for the exact
 * answer (src/mix/exact.ts).
 */
import type { Model } from '../../src/engine/model.ts';
import { steadyNormalize } from '../liveness-model.ts';
import type { PpAction } from '../registry.ts';
import type { PagePoolState } from '../state.ts';

export function steadyStream(m: Model<PagePoolState, PpAction>, budget: number): Model<PagePoolState, PpAction> {
  const step = (s: PagePoolState, a: PpAction): PagePoolState => {
    const t = m.step(s, a); // a new state object (Model.step is pure)
    steadyNormalize(t, budget);
    return t;
  };
  // stepping in place is not offered: a workload's observer compares the state before and after
  const { stepInPlace: _i, inPlaceStepOf: _o, ...rest } = m;
  return { ...rest, name: `${m.name} (steady stream)`, step };
}
