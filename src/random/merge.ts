/**
 * Merging the JSON results of random-mode shards (`ppcheck check --mode random
 * --shard i/N --json`, one per process or machine) into one verdict:
 * violation if any shard found one (the one of the earliest failing run, which
 * is what an unsharded run over the same seeds reports: same path, same trace;
 * a strictly shorter trace of another shard is named in `shorter`), else error
 * if any shard failed, else ok;
 * statistics summed (coverage per action summed; `distinctStates` is the sum
 * over shards, an upper bound on the states seen by all of them together).
 *
 * Pure: input are parsed JSON values, output is data. Bad input (not a random
 * check result, shards of different checks, a shard given twice) throws
 * `MergeInputError` with a one-line message naming the file and the problem.
 */
import { combineStats } from '../cli/combine.ts';
import type { ActionCoverage, Stats } from '../engine/result.ts';
import { toolVersion } from '../trace/version.ts';

export class MergeInputError extends Error {
  override name = 'MergeInputError';
}

export interface MergeInput {
  /** file name, for messages */
  file: string;
  json: unknown;
}

export type Verdict = 'ok' | 'violation' | 'error';

export interface ShardSummary {
  file: string;
  /** "i/N", 1-based */
  shard: string;
  verdict: Verdict;
  runsExecuted: number;
  steps: number;
  distinctStates: number;
  property: string | null;
  traceLength: number | null;
  runIndex: number | null;
  path: string | null;
}

export interface MergedResult {
  format: 1;
  command: 'merge';
  /** the ppcheck version that merged (package.json) */
  toolVersion: string;
  verdict: Verdict;
  /** random exploration is never exhaustive */
  complete: false;
  shardCount: number;
  shards: ShardSummary[];
  /** shards of 1..N not among the inputs ("2/4"): the merged runs do not cover the seed space */
  missingShards: string[];
  seed: number;
  runs: number;
  depth: number | null;
  /** the shard whose violation (or error) is reported */
  from: string | null;
  property: string | null;
  propertyDescription: string | null;
  reason: string | null;
  terminal: boolean | null;
  scenario: string | null;
  trace: unknown;
  /** fast-check path of the reported counterexample (replays with --seed and --path) */
  path: string | null;
  /**
   * A shard whose counterexample is strictly shorter than the reported one
   * (which is the earliest run's, as in an unsharded run): the shortest such,
   * with the command that replays it; null when there is none.
   */
  shorter: { from: string; shard: string; property: string | null; traceLength: number; runIndex: number | null; path: string | null; rerun: string | null } | null;
  error: unknown;
  /** the command that replays the reported counterexample, or re-runs the check */
  rerun: string | null;
  params: Record<string, unknown>;
  stats: Stats;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(file: string, o: Obj, key: string, where: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new MergeInputError(`${file}: ${where}${key}: expected a number`);
  return v;
}

function parseStats(file: string, v: unknown): Stats {
  if (!isObj(v)) throw new MergeInputError(`${file}: stats: missing`);
  const coverage: ActionCoverage[] = [];
  const cov = v.coverage;
  if (!Array.isArray(cov)) throw new MergeInputError(`${file}: stats.coverage: expected a list`);
  cov.forEach((c, i) => {
    if (!isObj(c) || typeof c.action !== 'string') throw new MergeInputError(`${file}: stats.coverage[${i}]: expected {action, fired, newStates}`);
    coverage.push({ action: c.action, fired: num(file, c, 'fired', `stats.coverage[${i}].`), newStates: num(file, c, 'newStates', `stats.coverage[${i}].`) });
  });
  const never = v.neverFired;
  if (!Array.isArray(never) || !never.every((x) => typeof x === 'string')) throw new MergeInputError(`${file}: stats.neverFired: expected a list of names`);
  const s: Stats = {
    distinctStates: num(file, v, 'distinctStates', 'stats.'),
    transitions: num(file, v, 'transitions', 'stats.'),
    maxDepth: num(file, v, 'maxDepth', 'stats.'),
    seconds: num(file, v, 'seconds', 'stats.'),
    statesPerSecond: typeof v.statesPerSecond === 'number' ? v.statesPerSecond : 0,
    peakHeapBytes: typeof v.peakHeapBytes === 'number' ? v.peakHeapBytes : 0,
    collisionProbability: typeof v.collisionProbability === 'number' ? v.collisionProbability : 0,
    coverage,
    neverFired: never as string[],
  };
  if (typeof v.runs === 'number') s.runs = v.runs;
  if (typeof v.steps === 'number') s.steps = v.steps;
  return s;
}

interface Parsed {
  file: string;
  json: Obj;
  verdict: Verdict;
  random: Obj;
  shardIndex: number;
  shardCount: number;
  stats: Stats;
  traceLength: number | null;
  /** the params that must agree between shards */
  key: Obj;
}

/** Params fields that may differ between shards of one check. */
const PER_SHARD_PARAMS = new Set(['shard', 'path']);

function parseOne(input: MergeInput): Parsed {
  const { file, json } = input;
  if (!isObj(json)) throw new MergeInputError(`${file}: not a ppcheck JSON result (expected an object)`);
  if (json.command === 'merge') throw new MergeInputError(`${file}: is already a merged result; merge the shard results instead`);
  const verdict = json.verdict;
  if (verdict !== 'ok' && verdict !== 'violation' && verdict !== 'error') {
    throw new MergeInputError(`${file}: not a ppcheck check result (verdict: ${JSON.stringify(verdict ?? null)})`);
  }
  // the failing (or only) scenario's random info, else that of the first scenario run
  let random = json.random;
  if (!isObj(random) && Array.isArray(json.scenarios)) random = json.scenarios.map((s: unknown) => (isObj(s) ? s.random : null)).find(isObj);
  const params = json.params;
  if (!isObj(params)) throw new MergeInputError(`${file}: params: missing`);
  if (params.mode !== 'random' || !isObj(random)) {
    throw new MergeInputError(`${file}: not a random-mode result (mode ${JSON.stringify(params.mode ?? null)}); merge combines shards of check --mode random`);
  }
  const shard = random.shard;
  if (!isObj(shard)) throw new MergeInputError(`${file}: random.shard: missing`);
  const shardIndex = num(file, shard, 'index', 'random.shard.');
  const shardCount = num(file, shard, 'count', 'random.shard.');
  if (!Number.isInteger(shardCount) || shardCount < 1 || !Number.isInteger(shardIndex) || shardIndex < 0 || shardIndex >= shardCount) {
    throw new MergeInputError(`${file}: random.shard: index ${shardIndex} of ${shardCount} is not a shard`);
  }
  const stats = parseStats(file, json.stats);
  let traceLength: number | null = null;
  if (verdict === 'violation') {
    const t = json.trace;
    if (!isObj(t) || !Array.isArray(t.steps)) throw new MergeInputError(`${file}: trace: missing on a violation`);
    traceLength = t.steps.length - 1;
    if (typeof json.property !== 'string') throw new MergeInputError(`${file}: property: missing on a violation`);
  }
  const key: Obj = {};
  for (const [k, v] of Object.entries(params)) if (!PER_SHARD_PARAMS.has(k)) key[k] = v;
  return { file, json, verdict, random, shardIndex, shardCount, stats, traceLength, key };
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    isObj(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x,
  );
}

function shardName(index: number, count: number): string {
  return `${index + 1}/${count}`;
}

function optNum(o: Obj, k: string): number | null {
  return typeof o[k] === 'number' ? (o[k] as number) : null;
}

/**
 * The reported shard: violation first, then error; then the earliest failing
 * run, the one an unsharded run over the same seeds stops at and shrinks (each
 * shard shrinks its own first failing run exactly as the unsharded run would),
 * then the lowest shard.
 */
function better(a: Parsed, b: Parsed): boolean {
  const rank = (p: Parsed): number => (p.verdict === 'violation' ? 0 : p.verdict === 'error' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) < rank(b);
  const ra = optNum(a.random, 'runIndex') ?? Infinity;
  const rb = optNum(b.random, 'runIndex') ?? Infinity;
  if (ra !== rb) return ra < rb;
  return a.shardIndex < b.shardIndex;
}

export function mergeResults(inputs: readonly MergeInput[]): MergedResult {
  if (inputs.length === 0) throw new MergeInputError('nothing to merge: give the JSON result files of the shards');
  const parsed = inputs.map(parseOne);
  const first = parsed[0];
  const firstKey = canonical(first.key);
  const seen = new Map<number, string>();
  for (const p of parsed) {
    if (p.shardCount !== first.shardCount) {
      throw new MergeInputError(`${p.file}: shard ${shardName(p.shardIndex, p.shardCount)} does not belong with ${first.file}'s ${shardName(first.shardIndex, first.shardCount)} (different shard counts)`);
    }
    if (canonical(p.key) !== firstKey) {
      const diff = Object.keys({ ...first.key, ...p.key })
        .sort()
        .find((k) => canonical(first.key[k]) !== canonical(p.key[k]));
      throw new MergeInputError(
        `${p.file}: a different check than ${first.file} (params.${diff}: ${canonical(p.key[diff!])} vs ${canonical(first.key[diff!])})`,
      );
    }
    const dup = seen.get(p.shardIndex);
    if (dup !== undefined) throw new MergeInputError(`${p.file}: shard ${shardName(p.shardIndex, p.shardCount)} is also in ${dup}`);
    seen.set(p.shardIndex, p.file);
  }
  const sorted = [...parsed].sort((a, b) => a.shardIndex - b.shardIndex);
  const missingShards: string[] = [];
  for (let i = 0; i < first.shardCount; i++) if (!seen.has(i)) missingShards.push(shardName(i, first.shardCount));

  let chosen = sorted[0];
  for (const p of sorted) if (better(p, chosen)) chosen = p;
  const verdict: Verdict = chosen.verdict;
  const j = chosen.json;
  const report = verdict !== 'ok';

  const shards: ShardSummary[] = sorted.map((p) => ({
    file: p.file,
    shard: shardName(p.shardIndex, p.shardCount),
    verdict: p.verdict,
    // stats (summed over the check's scenarios) rather than random (of its last scenario)
    runsExecuted: p.stats.runs ?? optNum(p.random, 'runsExecuted') ?? 0,
    steps: p.stats.steps ?? optNum(p.random, 'steps') ?? 0,
    distinctStates: p.stats.distinctStates,
    property: typeof p.json.property === 'string' ? p.json.property : null,
    traceLength: p.traceLength,
    runIndex: optNum(p.random, 'runIndex'),
    path: typeof p.random.path === 'string' ? p.random.path : null,
  }));

  const stats = combineStats(sorted.map((p) => p.stats));
  // combineStats sums seconds (CPU time over shards); rates are per shard-second.
  stats.statesPerSecond = stats.seconds > 0 ? (stats.steps ?? stats.transitions) / stats.seconds : 0;

  const rerunOf = (p: Parsed): string | null => (typeof p.json.rerun === 'string' ? p.json.rerun : null);
  let shortest: Parsed | null = null;
  if (verdict === 'violation') {
    for (const p of sorted) {
      if (p.verdict !== 'violation' || (p.traceLength ?? Infinity) >= (shortest?.traceLength ?? chosen.traceLength ?? Infinity)) continue;
      shortest = p;
    }
  }
  return {
    format: 1,
    command: 'merge',
    toolVersion: toolVersion(),
    verdict,
    complete: false,
    shardCount: first.shardCount,
    shards,
    missingShards,
    seed: num(first.file, first.random, 'seed', 'random.'),
    runs: num(first.file, first.random, 'runs', 'random.'),
    depth: optNum(first.random, 'depth'),
    from: report ? chosen.file : null,
    property: report && typeof j.property === 'string' ? j.property : null,
    propertyDescription: report && typeof j.propertyDescription === 'string' ? j.propertyDescription : null,
    reason: report && typeof j.reason === 'string' ? j.reason : null,
    terminal: report && typeof j.terminal === 'boolean' ? j.terminal : null,
    scenario: report && typeof j.scenario === 'string' ? j.scenario : null,
    trace: verdict === 'violation' ? j.trace : null,
    path: report && typeof chosen.random.path === 'string' ? chosen.random.path : null,
    shorter:
      shortest === null
        ? null
        : {
            from: shortest.file,
            shard: shardName(shortest.shardIndex, shortest.shardCount),
            property: typeof shortest.json.property === 'string' ? shortest.json.property : null,
            traceLength: shortest.traceLength!,
            runIndex: optNum(shortest.random, 'runIndex'),
            path: typeof shortest.random.path === 'string' ? shortest.random.path : null,
            rerun: rerunOf(shortest),
          },
    error: verdict === 'error' ? (j.error ?? null) : null,
    rerun: report ? rerunOf(chosen) : (rerunOf(first)?.replace(/ --shard \S+/, '') ?? null),
    params: first.key,
    stats,
  };
}
