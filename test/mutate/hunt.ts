/**
 * One mutant against the shipped properties: mainline's model (every scenario of
 * the `mainline` variant, the expected killer's scenario first) with the
 * mutant's config overrides, explored exhaustively (BFS) at each scenario's
 * default bounds until a property is violated (safety, then the model's
 * liveness properties as `npm run check` checks them). Used in process by
 * test/mutate/run.ts for config mutants and, from a patched temporary copy of
 * the tree, by test/mutate/worker.ts for source-patch mutants.
 */
import { explore, exploreLiveness } from '../../src/engine/explore.ts';
import { buildModel } from '../../model/build.ts';
import type { ModelConfig } from '../../model/config.ts';
import { findVariant } from '../../model/variants/index.ts';

export interface HuntResult {
  /** killed: a property was violated; survived: every scenario explored clean; error: the model threw */
  outcome: 'killed' | 'survived' | 'error';
  property?: string;
  scenario?: string;
  /** length of the counterexample (BFS: a shortest one in that scenario) */
  steps?: number;
  message?: string;
  /** states explored over every scenario tried */
  states: number;
}

/** The scenarios to try: `first` (the expected killer's), then the rest of mainline's, in order. */
export function scenarioOrder(first?: string): string[] {
  const all = findVariant('mainline')?.scenarios ?? [];
  return first && all.includes(first) ? [first, ...all.filter((s) => s !== first)] : all;
}

export function hunt(config: Partial<ModelConfig>, first?: string, maxStates = 3_000_000): HuntResult {
  let states = 0;
  for (const scenario of scenarioOrder(first)) {
    let r;
    let m;
    try {
      m = buildModel({ variant: 'mainline', scenario, bounds: {}, config });
      r = explore(m, { mode: 'bfs', maxStates });
    } catch (e) {
      return { outcome: 'error', scenario, message: e instanceof Error ? e.message : String(e), states };
    }
    states += r.stats.distinctStates;
    if (r.kind === 'violation') return { outcome: 'killed', property: r.property, scenario, steps: r.trace.steps.length - 1, states };
    if (r.kind === 'error') return { outcome: 'error', scenario, message: r.message, states };
    if (!r.complete) return { outcome: 'error', scenario, message: `not exhaustive within ${maxStates} states`, states };
    // the liveness properties (model.liveness, as npm run check checks them) after a complete safety search
    if (m.liveness && m.liveness.length > 0) {
      const l = exploreLiveness(m, { maxStates });
      if (l.kind === 'violation') return { outcome: 'killed', property: l.property, scenario, steps: l.trace.steps.length - 1, states };
      if (l.kind === 'error') return { outcome: 'error', scenario, message: l.message, states };
    }
  }
  return { outcome: 'survived', states };
}
