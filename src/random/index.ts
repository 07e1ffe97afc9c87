/**
 * Random mode (fast-check): the public API.
 */
import type { Model } from '../engine/model.ts';
import { OptionsError } from '../engine/options.ts';
import type { RawExploreOptions } from '../engine/result.ts';
import { formatShard, parseShard, runRandom, type RandomInfo, type RandomResult, type Shard } from './run.ts';

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
  /** look for lassos on walks that revisit a state (--liveness) */
  liveness?: boolean;
}

/**
 * `--mode random` with the engine's raw options (seed, runs, maxDepth as the
 * depth of each run, timeLimit, listener): what the CLI's check calls.
 * maxStates has no meaning for random runs and is ignored.
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

/** The random-mode flags of `check` as parsed (strings, raw). */
export interface RandomFlags {
  path?: string;
  shard?: string;
  swarm?: boolean;
}

/**
 * Validates the random-mode flags of `check` against the mode and the number
 * of scenarios; `undefined` outside random mode. Throws `OptionsError` (exit 2).
 */
export function randomArgsFrom(flags: RandomFlags, mode: string, scenarioCount: number): RandomArgs | undefined {
  const given = [flags.path !== undefined && '--path', flags.shard !== undefined && '--shard', flags.swarm === false && '--no-swarm'].filter(
    (x): x is string => typeof x === 'string',
  );
  if (mode !== 'random') {
    if (given.length > 0) throw new OptionsError(`${given.join(', ')} ${given.length > 1 ? 'apply' : 'applies'} only to --mode random`);
    return undefined;
  }
  const out: RandomArgs = {};
  if (flags.path !== undefined) {
    if (scenarioCount > 1) throw new OptionsError('--path replays one run of one scenario: give --scenario too');
    out.path = flags.path;
  }
  if (flags.shard !== undefined) out.shard = parseShard(flags.shard);
  if (flags.swarm === false) out.swarm = false;
  return out;
}

/** Extra arguments of the command that re-runs (or, with `path`, replays) a random check. */
export function randomRerunArgs(args: RandomArgs | undefined, path?: string): string[] {
  if (!args) return [];
  const out: string[] = [];
  if (path !== undefined) out.push('--path', path);
  else if (args.path !== undefined) out.push('--path', args.path);
  else if (args.shard !== undefined) out.push('--shard', formatShard(args.shard));
  if (args.swarm === false) out.push('--no-swarm');
  return out;
}

/** One line for the text report of a random check. */
export function formatRandomInfo(r: RandomInfo): string {
  const parts = [`seed ${r.seed}`, `shard ${formatShard(r.shard)}`, `${r.runsExecuted} of ${r.runs} runs`, `${r.steps} steps`];
  if (r.distinctStates !== null) parts.push(`${r.distinctStates} distinct states seen`);
  if (!r.swarm) parts.push('no swarm');
  let line = `  random     ${parts.join(', ')}\n`;
  if (r.path !== undefined) {
    line += `  shrunk     run ${r.runIndex} from ${r.originalLength ?? '?'} to ${r.shrunkLength} steps (${r.shrinks} shrinks)${r.firstProperty ? `, first violated ${r.firstProperty}` : ''}; fast-check path ${r.path}\n`;
  }
  return line;
}
