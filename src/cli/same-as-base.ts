/**
 * `check` of a proposal that changes nothing: when a proposal variant
 * (VariantInfo.base names what it is written against) checks OK and complete
 * in BFS, its base is explored under the same scenarios and bounds; if every
 * scenario has the same distinct states, transitions and per-action coverage
 * (fired, new states), the change most likely did not take effect (a step
 * that writes a field nothing reads, a replaced kind the scenario never
 * starts). `diff` says the same from its own comparison (src/diff/run.ts).
 */
import { explore } from '../engine/explore.ts';
import type { RawExploreOptions } from '../engine/result.ts';
import { identicalWarning } from '../diff/run.ts';
import type { CheckPlan, CheckReport } from './check.ts';

export function sameAsBaseWarning(plan: CheckPlan, report: CheckReport): string | null {
  const base = plan.variant.base;
  if (plan.variant.kind !== 'proposal' || base === undefined) return null;
  if (report.verdict !== 'ok' || !report.complete || plan.options.mode !== 'bfs' || plan.properties !== undefined) return null;
  const family = plan.loaded.family;
  if (!family.variants.some((v) => v.id === base)) return null;
  for (const run of plan.runs) {
    const mine = report.scenarios.find((s) => s.scenario === run.scenario.id);
    if (!mine) return null;
    const raw: RawExploreOptions = { mode: 'bfs' };
    if (plan.raw.maxStates !== undefined) raw.maxStates = plan.raw.maxStates;
    if (plan.raw.maxDepth !== undefined) raw.maxDepth = plan.raw.maxDepth;
    const r = explore(family.build({ variant: base, scenario: run.scenario.id, bounds: run.bounds }), raw);
    if (r.kind !== 'ok' || !r.complete) return null;
    const a = mine.stats;
    const b = r.stats;
    if (a.distinctStates !== b.distinctStates || a.transitions !== b.transitions) return null;
    const cov = (c: typeof a.coverage) => JSON.stringify([...c].map((x) => [x.action, x.fired, x.newStates]).sort());
    if (cov(a.coverage) !== cov(b.coverage)) return null;
  }
  return identicalWarning(base, 'states, transitions and actions fired, each as often');
}
