/**
 * The liveness side of a page_pool model (`check --liveness`): the liveness
 * properties a scenario is checked against, its fairness assumptions
 * (model/fairness.ts), the deadlock hook, and the abstraction of a steady
 * workload (Scenario.steady).
 */
import type { LivenessProperty, Model } from '../src/engine/model.ts';
import type { Bounds } from '../src/family.ts';
import { blockedContexts, fairnessFor } from './fairness.ts';
import type { Env } from './env.ts';
import type { PpAction } from './registry.ts';
import type { Scenario } from './scenario.ts';
import * as S from './state.ts';
import type { PagePoolState } from './state.ts';
import { poolEventuallyFreed } from '../properties/pool-eventually-freed.ts';
import { putEventuallySettles } from '../properties/put-eventually-settles.ts';
import { recyclingContinues } from '../properties/recycling-continues.ts';
import { napiProgress } from '../properties/napi-progress.ts';

const { POOL_ALIVE } = S;

/** Every liveness property, in the order they are checked. */
export const LIVENESS_PROPERTIES = [poolEventuallyFreed, putEventuallySettles, recyclingContinues, napiProgress] as const;

/**
 * The liveness properties that mean something in a scenario: the pool ones
 * when its driver destroys a pool, napi-progress when its NAPI can complete,
 * recycling-continues only in a steady workload (with a packet budget every
 * run ends, so `[]<>allocation` never holds and the property is vacuous),
 * napi-progress only with a packet budget: under a load that never stops the
 * kernel keeps the NAPI scheduled (a poll that uses its whole weight is
 * polled again by net_rx_action(), not completed), which is no bug.
 */
export function livenessFor(scen: Scenario, env: Pick<Env, 'on'>, pools: number): LivenessProperty<PagePoolState, PpAction>[] {
  const out: LivenessProperty<PagePoolState, PpAction>[] = [];
  if (scen.script.some((x) => x.fn === 'page_pool_destroy')) out.push({ ...poolEventuallyFreed, instances: pools });
  out.push(putEventuallySettles);
  if (scen.steady) out.push(recyclingContinues);
  if (env.on.napi_complete_done && !scen.steady) out.push(napiProgress);
  return out;
}

/** The liveness side of a model: deadlock hook, liveness properties, fairness. */
export function livenessParts(scen: Scenario, env: Pick<Env, 'on'>, bounds: Bounds): Pick<Model<PagePoolState, PpAction>, 'blocked' | 'liveness' | 'fairness'> {
  return { blocked: blockedContexts, liveness: livenessFor(scen, env, bounds.pools), fairness: fairnessFor(scen, bounds.cpus) };
}

type InPlaceStep = (t: PagePoolState, a: PpAction, env: Env) => void;

/** `step`, followed by steadyNormalize in a steady scenario. */
export function steadyStepper(step: InPlaceStep, scen: Scenario, budget: number): InPlaceStep {
  if (scen.steady !== true) return step;
  return (t, a, env) => {
    step(t, a, env);
    steadyNormalize(t, budget);
    S.stateChanged(t);
  };
}

/**
 * Steady workload: after every step the packet budget is back to `budget`
 * (packets never run out) and an alive pool's pages_state_hold_cnt and
 * pages_state_release_cnt are replaced by (hold - release, 0). For an alive
 * pool the properties read only the difference (inflight), except
 * numa-local-recycling (hold_cnt > frames), which steady scenarios do not
 * check: recycling-continues states it there. Without this, every page the
 * pool releases and allocates again grows both counters without bound.
 */
export function steadyNormalize(t: PagePoolState, budget: number): void {
  t.budget = budget;
  for (const P of t.pools) {
    if (P.st === POOL_ALIVE && P.release > 0) {
      P.hold -= P.release;
      P.release = 0;
    }
  }
}
