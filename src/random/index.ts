/**
 * Random mode (fast-check): the public API.
 */
import type { Model } from '../engine/model.ts';
import type { RawExploreOptions } from '../engine/result.ts';
import { runRandom, type RandomResult, type Shard } from './run.ts';

export { runRandom, parseShard, formatShard, DEFAULT_RANDOM_DEPTH, DEFAULT_RANDOM_RUNS } from './run.ts';
export type { RandomOptions, RandomInfo, RandomResult, Shard } from './run.ts';
export { walks, WalkArbitrary } from './arbitrary.ts';
export { mergeResults, MergeInputError } from './merge.ts';
export type { MergedResult, MergeInput, ShardSummary } from './merge.ts';

/** Random-mode flags beyond the engine's options. */
export interface RandomArgs {
  path?: string;
  shard?: Shard;
  swarm?: boolean;
}

/**
 * `--mode random` with the engine's raw options (seed, runs, maxDepth as the
 * depth of each run, timeLimit, listener): what the CLI's check calls.
 */
export function exploreRandom<S, A>(model: Model<S, A>, raw: RawExploreOptions, extra: RandomArgs = {}): RandomResult<S, A> {
  return runRandom(model, {
    seed: raw.seed,
    runs: raw.runs,
    depth: raw.maxDepth,
    timeLimit: raw.timeLimit,
    listener: raw.listener,
    ...extra,
  });
}
