/**
 * `--mode random`: fast-check generates interleavings as sequences of choices
 * among the enabled actions; properties are checked after every step; a
 * failing run is shrunk by fast-check (candidates from ./shrink.ts) to a short
 * run in which every step is still enabled, and returned as an ordinary
 * counterexample trace together with the fast-check seed and path that replay
 * it exactly (`--seed S --path P`).
 *
 * Seed space and shards (swarm verification, Holzmann 2008): run r of seed S
 * gets its random source from fast-check's generator for (S, r); shard i/N
 * executes exactly the runs r with r mod N = i, so N shards over the same
 * seed and --runs execute, between them, exactly the runs of one unsharded
 * run. Each run draws its own swarm configuration from its random source (per
 * action kind: disabled, normal or favoured, and maybe held back until a
 * step; in half of the runs a PCT schedule of the model's actors), so every
 * shard explores its own set of configurations, disjoint from the other
 * shards'. See docs/scaling.md.
 */
import { beat, overMemory, stopRequested } from '../engine/control.ts';
import fc from 'fast-check';
import type { Model } from '../engine/model.ts';
import { DEFAULT_BOUNDED_DEPTH, OptionsError } from '../engine/options.ts';
import { isReplayError, replayPath } from '../engine/replay.ts';
import type { ExploreListener, ExploreResult, Stats } from '../engine/result.ts';
import { SeenStates } from './seen.ts';
import { semanticShrinks } from './shrink.ts';
import { firstLassoViolation, LassoTracker } from './lasso.ts';
import { newCounters, SWARM_WEIGHTS, Walk, Walker, type Counters, type Outcome, type Pct } from './walk.ts';

/**
 * The default budget of random mode: 30,000 runs of at most 100 steps. The
 * engine's plain walks default to fewer runs (DEFAULT_RUNS); 30,000 finds the
 * page_pool corpus bugs at the largest bounds in seconds (docs/scaling.md).
 */
export const DEFAULT_RANDOM_RUNS = 30_000;
export const DEFAULT_RANDOM_DEPTH = DEFAULT_BOUNDED_DEPTH;

export interface Shard {
  /** 0-based */
  index: number;
  count: number;
}

export interface RandomOptions {
  /** fast-check seed (uint32); default 0 */
  seed?: number;
  /** size of the seed space: runs 0..runs-1 (shared by all shards); default DEFAULT_RANDOM_RUNS */
  runs?: number;
  /** maximum steps per run; default DEFAULT_RANDOM_DEPTH */
  depth?: number;
  /** execute only the runs r with r mod count = index */
  shard?: Shard;
  /** a fast-check path ("r:s1:s2…") printed by an earlier run: replay that run directly */
  path?: string;
  /** per-run swarm weighting of action kinds; default true */
  swarm?: boolean;
  /** seconds; the run stops (complete: false, 'time-limit') when exceeded */
  timeLimit?: number;
  /** count distinct states seen (fingerprints of every state reached); default true */
  countStates?: boolean;
  listener?: ExploreListener;
  /** also look for lassos (walks that revisit a state) violating the model's liveness properties (lasso.ts) */
  liveness?: boolean;
}

export interface RandomInfo {
  seed: number;
  /** size of the seed space (runs requested) */
  runs: number;
  depth: number;
  shard: Shard;
  swarm: boolean;
  /** runs executed by this process (its shard's share of the seed space) */
  runsExecuted: number;
  /** runs that stopped at the depth bound with actions still enabled */
  runsCutByDepth: number;
  steps: number;
  stepsPerSecond: number;
  /** distinct states seen, or null when not counted */
  distinctStates: number | null;
  /** set when a path was given */
  replayedPath?: string;
  /** on a failure: the fast-check path of the shrunk counterexample */
  path?: string;
  /** on a failure: the run that failed first */
  runIndex?: number;
  /** on a failure: steps of that run before shrinking, and after */
  originalLength?: number;
  /** on a failure: the property the first failing run broke, when shrinking ended at a violation of another one */
  firstProperty?: string;
  shrunkLength?: number;
  shrinks?: number;
  /** on a failure: runs executed while shrinking */
  shrinkRuns?: number;
  /** on a failure: the action indices (initial state first) of the counterexample */
  choices?: number[];
}

export type RandomResult<S, A> = ExploreResult<S, A> & { random: RandomInfo };

interface Normalized {
  seed: number;
  runs: number;
  depth: number;
  shard: Shard;
  path: string | undefined;
  swarm: boolean;
  timeLimit: number;
  countStates: boolean;
}

function intIn(name: string, v: number, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new OptionsError(`${name} must be an integer in [${min}, ${max}], got ${String(v)}`);
  }
  return v;
}

/** Parses "i/N" (1-based i, as CI matrices count: 1/2 and 2/2) into a 0-based shard. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new OptionsError(`--shard must look like i/N (e.g. 1/4), got "${text}"`);
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || i < 1 || i > n) throw new OptionsError(`--shard ${text}: need 1 ≤ i ≤ N`);
  return { index: i - 1, count: n };
}

export function formatShard(s: Shard): string {
  return `${s.index + 1}/${s.count}`;
}

function normalize(o: RandomOptions): Normalized {
  const seed = o.seed === undefined ? 0 : intIn('seed', o.seed, 0, 0xffffffff);
  const runs = o.runs === undefined ? DEFAULT_RANDOM_RUNS : intIn('runs', o.runs, 1, 2 ** 31 - 1);
  const depth = o.depth === undefined ? DEFAULT_RANDOM_DEPTH : intIn('depth', o.depth, 0, 1_000_000);
  const shard = o.shard ?? { index: 0, count: 1 };
  intIn('shard count', shard.count, 1, 1_000_000);
  intIn('shard index', shard.index, 0, shard.count - 1);
  if (o.path !== undefined && !/^\d+(:\d+)*$/.test(o.path)) {
    throw new OptionsError(`path must look like 12:0:3 (as printed by a failing run), got "${o.path}"`);
  }
  let timeLimit = Infinity;
  if (o.timeLimit !== undefined) {
    if (typeof o.timeLimit !== 'number' || !(o.timeLimit > 0)) {
      throw new OptionsError(`timeLimit must be positive (seconds), got ${String(o.timeLimit)}`);
    }
    timeLimit = o.timeLimit;
  }
  return { seed, runs, depth, shard, path: o.path, swarm: o.swarm ?? true, timeLimit, countStates: o.countStates ?? true };
}

/** A walk generated for run `runIndex` from fast-check's random source for that run. */
export function generateWalk(mrng: fc.Random, runIndex: number, kinds: number, swarm: boolean, depth: number, actors: boolean): Walk {
  const seed = mrng.nextInt(0, 0xffffffff);
  let weights: Uint8Array | null = null;
  let delays: Uint16Array | null = null;
  // One run in four is unweighted. The others disable or favour kinds at
  // random, and hold back about half of the kinds until a random step (so
  // that, say, a teardown comes late while the data path has run for a while).
  if (swarm && kinds > 1 && mrng.nextInt(0, 3) !== 0) {
    weights = new Uint8Array(kinds);
    let any = false;
    for (let k = 0; k < kinds; k++) {
      weights[k] = SWARM_WEIGHTS[mrng.nextInt(0, SWARM_WEIGHTS.length - 1)];
      if (weights[k] > 0) any = true;
    }
    if (!any) weights = null;
    const maxDelay = Math.min(0xffff, Math.floor(depth * SWARM_MAX_DELAY));
    if (weights !== null && maxDelay >= 1) {
      delays = new Uint16Array(kinds);
      for (let k = 0; k < kinds; k++) if (mrng.nextInt(0, 1) === 1) delays[k] = mrng.nextInt(1, maxDelay);
    }
  }
  // Half of the runs (when the model names its actors) schedule by PCT: random
  // actor priorities and 1 to 4 change points in the first steps.
  let pct: Pct | null = null;
  if (swarm && actors && depth > 1 && mrng.nextInt(0, 1) === 1) {
    const span = Math.min(depth, PCT_SPAN);
    const cps = Array.from({ length: mrng.nextInt(1, 4) }, () => mrng.nextInt(1, span)).sort((a, b) => a - b);
    pct = { seed: mrng.nextInt(0, 0xffffffff), changePoints: Uint16Array.from(cps) };
  }
  return new Walk(runIndex, seed, weights, null, delays, pct);
}

/** PCT change points are drawn among the first steps of a run. */
export const PCT_SPAN = 40;

/** Swarm: a held-back kind is released at a step drawn from 1 .. depth × this. */
export const SWARM_MAX_DELAY = 0.3;

/** The shrink candidates of a walk, as fast-check values (fixed walks). */
export function shrinkWalk<S, A>(walker: Walker<S, A>, w: Walk): fc.Stream<fc.Value<Walk>> {
  const rec = walker.recordOf(w);
  const runIndex = w.runIndex;
  return fc.stream(semanticShrinks(walker.model, walker.inits, rec)).map((c) => new fc.Value(new Walk(runIndex, 0, null, c), undefined));
}

const SKIP = new Walk(-1, 0, null, null);
/** The "failure" that ends fast-check's loop when a stop is requested (never reported as a failure). */
const STOPPED = { outcome: { kind: 'pass' } } as unknown as Failure;

interface Failure {
  outcome: Exclude<Outcome, { kind: 'pass' }>;
}

/**
 * What shrinking keeps: a violation of any property (as BFS, which reports
 * the shortest violation of any property), or a model exception. A run that
 * first broke one property may shrink to a shorter run that breaks another:
 * both are violations of the same model, and the shorter trace is the better
 * counterexample (docs/scaling.md). `--property` restricts the properties.
 */
function failureKind(o: Exclude<Outcome, { kind: 'pass' }>): string {
  return o.kind === 'violation' ? 'violation' : 'exception';
}

function emptyStats(kinds: readonly string[], counters: Counters, seconds: number, distinct: number, heap: number): Stats {
  const coverage = kinds.map((k, i) => ({ action: k, fired: counters.fired[i] ?? 0, newStates: counters.newStates[i] ?? 0 }));
  const n = distinct;
  return {
    distinctStates: distinct,
    transitions: counters.steps,
    maxDepth: counters.maxDepth,
    seconds,
    statesPerSecond: seconds > 0 ? counters.steps / seconds : 0,
    peakHeapBytes: heap,
    collisionProbability: Math.min(1, (n * n) / 2 ** 65),
    coverage,
    // no generated run (a --path replay re-executes one recorded run): coverage was not
    // measured, so no action is reported as never fired
    neverFired: counters.runs === 0 ? [] : coverage.filter((c) => c.fired === 0).map((c) => c.action),
    runs: counters.runs,
    steps: counters.steps,
  };
}

/**
 * Random exploration of `model` with fast-check. Never exhaustive: `complete`
 * is always false. Throws `OptionsError` for bad options (exit 2).
 */
export function runRandom<S, A>(model: Model<S, A>, options: RandomOptions = {}): RandomResult<S, A> {
  const o = normalize(options);
  const start = performance.now();
  const walker = new Walker(model, o.depth);
  const lassos = options.liveness && (model.liveness ?? []).length > 0 && o.path === undefined ? new LassoTracker<S>(model) : null;
  walker.lassos = lassos;
  const counters = newCounters(walker.kinds.length);
  const seen = o.countStates ? new SeenStates<S>(model as Model<S, unknown>) : null;
  const declaredKinds = walker.kinds.length;
  let shrinkRuns = 0;
  let first: { runIndex: number; length: number; property: string | undefined } | null = null;
  /** the kind of failure being shrunk ("violation" or "exception") */
  let target: string | null = null;
  let lastProgress = start;
  let peakHeap = process.memoryUsage().heapUsed;
  const listener = options.listener;
  let stopped = false;
  const inShard = (r: number): boolean => o.path !== undefined || r % o.shard.count === o.shard.index;

  const property: fc.IRawProperty<[Walk], false> = {
    isAsync: () => false,
    generate(mrng, runId) {
      const r = runId ?? -1;
      // a stop request (interrupt, memory: src/engine/control.ts) skips the remaining runs
      if (!stopped && (r & 63) === 0) {
        beat();
        overMemory();
        stopped = stopRequested() !== undefined;
      }
      if (!inShard(r) || stopped) return new fc.Value<[Walk]>([SKIP], undefined);
      return new fc.Value<[Walk]>([generateWalk(mrng, r, declaredKinds, o.swarm, o.depth, model.actionActor !== undefined)], undefined);
    },
    shrink(value) {
      const w = value.value[0];
      if (w === SKIP) return fc.Stream.nil();
      return shrinkWalk(walker, w).map((v) => new fc.Value<[Walk]>([v.value], undefined));
    },
    run([w]) {
      // stopped: fail on the skipped walk, so that fast-check ends now (it cannot shrink a skip); reported as ok, cut short
      if (w === SKIP) return stopped ? { error: STOPPED } : null;
      const generated = w.fixed === null;
      const outcome = walker.execute(w, generated ? counters : null, generated ? seen : null);
      if (!generated) shrinkRuns++;
      else if (listener?.onProgress && (counters.runs & 63) === 0) {
        const now = performance.now();
        if (now - lastProgress >= 1000) {
          lastProgress = now;
          peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
          listener.onProgress({
            distinctStates: seen?.size ?? 0,
            transitions: counters.steps,
            depth: counters.maxDepth,
            queued: 0,
            seconds: (now - start) / 1000,
          });
        }
      }
      if (outcome.kind === 'pass') return null;
      // Shrinking keeps the kind of failure that was found: a candidate that
      // throws while a violation is shrunk (or the reverse) counts as passing.
      const kind = failureKind(outcome);
      if (target === null) target = kind;
      else if (kind !== target) return null;
      if (generated && first === null) first = { runIndex: w.runIndex, length: outcome.length - 1, property: outcome.kind === 'violation' ? outcome.property : undefined };
      const failure: Failure = { outcome };
      return { error: failure };
    },
    runBeforeEach: () => {},
    runAfterEach: () => {},
  };

  let details: fc.RunDetails<[Walk]>;
  try {
    // Every parameter that changes which runs are made is pinned here, so that
    // a global fast-check configuration (fc.configureGlobal) cannot change a
    // result: the same seed gives the same trace everywhere.
    details = fc.check(property, {
      seed: o.seed | 0,
      randomType: 'xorshift128plus',
      numRuns: o.runs,
      path: o.path,
      examples: [],
      endOnFailure: false,
      unbiased: false,
      skipEqualValues: false,
      ignoreEqualValues: false,
      verbose: 0,
      timeout: undefined,
      skipAllAfterTimeLimit: undefined,
      interruptAfterTimeLimit: o.timeLimit !== Infinity ? Math.ceil(o.timeLimit * 1000) : undefined,
      markInterruptAsFailure: false,
    });
  } catch (e) {
    // fast-check rejects a path that does not lead anywhere for this seed.
    if (o.path !== undefined) throw new OptionsError(`path ${o.path} does not replay with seed ${o.seed}: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }

  const seconds = (performance.now() - start) / 1000;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const stats = emptyStats(walker.kinds, counters, seconds, seen?.size ?? 0, peakHeap);
  const random: RandomInfo = {
    seed: o.seed,
    runs: o.runs,
    depth: o.depth,
    shard: o.shard,
    swarm: o.swarm,
    runsExecuted: counters.runs,
    runsCutByDepth: counters.cutByDepth,
    steps: counters.steps,
    stepsPerSecond: stats.statesPerSecond,
    distinctStates: seen ? seen.size : null,
  };
  if (o.path !== undefined) random.replayedPath = o.path;

  if (!details.failed && !stopped && lassos) {
    const found = firstLassoViolation(model, lassos.candidates);
    if (found) {
      random.choices = found.choices;
      return {
        kind: 'violation',
        complete: false,
        property: found.property,
        reason: found.reason,
        terminal: false,
        trace: found.trace,
        lasso: { loopStart: found.loopStart, fairness: found.fairness },
        stats,
        random,
      };
    }
  }
  if (!details.failed || (stopped && details.counterexample?.[0] === SKIP)) {
    const res: RandomResult<S, A> = { kind: 'ok', complete: false, stats, random };
    // the contract: the limit that stopped it, else max-depth if a walk was cut by the depth bound
    if (stopped) res.incompleteReason = stopRequested() ?? 'interrupt';
    else if (details.interrupted) res.incompleteReason = 'time-limit';
    else if (counters.cutByDepth > 0) res.incompleteReason = 'max-depth';
    return res;
  }
  if (details.counterexample === null) {
    const err: unknown = details.errorInstance;
    throw err instanceof Error ? err : new Error(`random: fast-check failed without a counterexample: ${String(err)}`);
  }

  // Re-execute the shrunk counterexample to get its outcome and choices.
  const w = details.counterexample[0];
  const outcome = walker.execute(w, null, null);
  const rec = Array.from(walker.recordOf(w));
  random.path = details.counterexamplePath ?? undefined;
  random.shrinks = details.numShrinks;
  random.choices = rec;
  random.shrunkLength = Math.max(0, rec.length - 1);
  const firstFail = first as { runIndex: number; length: number; property: string | undefined } | null;
  random.runIndex = firstFail?.runIndex ?? w.runIndex;
  if (firstFail) random.originalLength = firstFail.length;
  if (firstFail?.property !== undefined && outcome.kind === 'violation' && firstFail.property !== outcome.property) random.firstProperty = firstFail.property;
  random.shrinkRuns = shrinkRuns;

  if (outcome.kind === 'pass') {
    throw new Error(`random: the shrunk counterexample (path ${random.path}) no longer fails: the model is not deterministic`);
  }
  if (outcome.kind === 'exception') {
    return {
      kind: 'error',
      error: 'model-exception',
      message: `${outcome.message} (after ${Math.max(0, rec.length - 1)} steps; replay with --seed ${o.seed} --path ${random.path})`,
      stats,
      random,
    };
  }
  const trace = replayPath(model, rec[0], rec.slice(1));
  if (isReplayError(trace)) {
    return { kind: 'error', error: 'nondeterminism', message: `replaying the counterexample: ${trace.error}`, stats, random };
  }
  return {
    kind: 'violation',
    complete: false,
    property: outcome.property,
    reason: outcome.reason,
    terminal: outcome.terminal,
    trace,
    ...(outcome.waiting ? { deadlock: { waiting: outcome.waiting } } : {}),
    stats,
    random,
  };
}
