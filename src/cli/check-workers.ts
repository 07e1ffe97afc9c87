/**
 * `check --workers N` (N > 1): every planned scenario is explored by the
 * parallel BFS (src/engine/parallel.ts) before `runPlan` reports the results
 * as usual (CheckPlan.precomputed). Each worker thread builds the model from
 * the family module itself: `family.build({variant, scenario, bounds})`.
 * bfs only; not with --property (the workers check every property).
 * Scenarios run in turn and stop at the first violation or error, like runPlan;
 * the time limit is shared by the scenarios.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exploreParallel } from '../engine/parallel.ts';
import type { ExploreResult, RawExploreOptions } from '../engine/result.ts';
import type { CheckPlan } from './check.ts';
import { UsageError } from './exit.ts';
import { duringSearchAsync, stopRequested } from '../engine/control.ts';

const DEFAULT_MODULE = new URL('../../model/index.ts', import.meta.url).href;

export async function precomputeWithWorkers(plan: CheckPlan, workers: number): Promise<void> {
  if (plan.options.mode !== 'bfs') throw new UsageError(`--workers needs --mode bfs (got ${plan.options.mode})`);
  if (plan.properties !== undefined) throw new UsageError('--workers cannot be combined with --property');
  const modelPath = plan.loaded.modelPath;
  const module = modelPath === undefined ? DEFAULT_MODULE : pathToFileURL(resolve(process.cwd(), modelPath)).href;
  const exportName = modelPath === undefined ? 'pagePoolFamily' : 'family';
  const start = performance.now();
  const results: (ExploreResult<unknown, unknown> | undefined)[] = [];
  for (let i = 0; i < plan.runs.length; i++) {
    const run = plan.runs[i];
    const raw: RawExploreOptions = { ...plan.raw };
    if (plan.raw.timeLimit !== undefined) raw.timeLimit = Math.max(0.001, plan.raw.timeLimit - (performance.now() - start) / 1000);
    const spec = {
      module,
      export: exportName,
      method: 'build',
      args: [{ variant: plan.variant.id, scenario: run.scenario.id, bounds: run.bounds }],
    };
    const r = await duringSearchAsync(() => exploreParallel(spec, raw, workers, run.model));
    results.push(r);
    // a violation, an error, or a stop request (interrupt, memory) ends the check
    if (r.kind !== 'ok' || stopRequested() !== undefined) break;
  }
  plan.precomputed = results;
}
