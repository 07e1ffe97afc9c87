/**
 * `ppcheck check`, in typed stages:
 *   CheckArgs (what commander parsed) → planCheck → CheckPlan (family resolved,
 *   bounds validated, models built, options normalized) → runPlan → CheckReport
 *   (data) → a printer (src/cli/print/*) → exit code.
 */
import type { Model } from '../engine/model.ts';
import type { ExploreListener, ExploreOptions, ExploreResult, IncompleteReason, Mode, RawExploreOptions, Stats, Trace } from '../engine/result.ts';
import { explore, exploreLiveness } from '../engine/explore.ts';
import { normalizeOptions } from '../engine/options.ts';
import { FamilyInputError, resolveBounds, type Bounds, type ModelFamily, type ScenarioInfo, type VariantInfo } from '../family.ts';
import { boundFlag } from './args.ts';
import { combineStats } from './combine.ts';
import { UsageError, type ExitCode } from './exit.ts';
import { searchEnding } from './endings.ts';
import { duringSearch, stopRequested } from '../engine/control.ts';
import type { LoadedFamily } from './load-family.ts';
import { printableFromTrace, type PrintableTrace } from '../trace/printable.ts';
import { DEFAULT_RANDOM_RUNS, exploreRandom, randomArgsFrom, randomRerunArgs, type RandomArgs, type RandomInfo } from '../random/index.ts';

/** The check command's flags as parsed (raw: anything may be missing). */
export interface CheckArgs {
  variant: string;
  scenario?: string;
  /** --<bound> values given on the command line */
  bounds: Partial<Bounds>;
  mode?: Mode;
  maxDepth?: number;
  maxStates?: number;
  /** check only these properties (default: all) */
  properties?: string[];
  timeLimit?: number;
  seed?: number;
  runs?: number;
  json: boolean;
  out?: string;
  /** random mode (src/random): --path, --shard, --no-swarm */
  path?: string;
  shard?: string;
  swarm?: boolean;
  /** also check the liveness properties (and their fairness) on the whole state graph (bfs only) */
  liveness?: boolean;
}

export interface PlannedRun {
  scenario: ScenarioInfo;
  bounds: Bounds;
  /** bound flags capped at this scenario's limit (ScenarioInfo.maxBounds), if any */
  capped?: Partial<Bounds>;
  model: Model<unknown, unknown>;
}

export interface CheckPlan {
  loaded: LoadedFamily;
  variant: VariantInfo;
  runs: PlannedRun[];
  /** the exploration options as the user gave them */
  raw: RawExploreOptions;
  /** with every default filled in: what is printed as the effective parameters */
  options: ExploreOptions;
  /** bounds given on the command line */
  boundOverrides: Partial<Bounds>;
  out?: string;
  /** --property: the properties checked (undefined: all of the model's) */
  properties?: string[];
  /** random mode only: path, shard, swarm */
  random?: RandomArgs;
  /** --liveness: check liveness properties after the safety search completes */
  liveness?: boolean;
  /** --workers N: results computed beforehand by the parallel BFS (check-workers.ts), by run index */
  precomputed?: (ExploreResult<unknown, unknown> | undefined)[];
}

/** The effective parameters of a run, printed before anything else. */
export interface RunParams {
  model: string;
  family: string;
  familyVersion: string;
  variant: string;
  scenarios: string[];
  /** per scenario */
  bounds: Record<string, Bounds>;
  /** per scenario whose limit (ScenarioInfo.maxBounds) capped a bound flag: the capped bounds; absent when none was */
  capped?: Record<string, Partial<Bounds>>;
  mode: Mode;
  seed: number;
  /** null = unbounded */
  maxDepth: number | null;
  maxStates: number | null;
  timeLimit: number | null;
  /** random mode only */
  runs: number | null;
  /** the properties checked; null = all */
  properties: string[] | null;
  /** liveness properties checked too (--liveness) */
  liveness: boolean;
}

/** 'deadlock' is a violation (exit 12) of the built-in property `deadlock`: a terminal state where some context still waits. */
export type Verdict = 'ok' | 'violation' | 'deadlock' | 'error';

/** The liveness check of a scenario: run, or why not. */
export interface LivenessOutcome {
  /** true: the liveness check ran on the complete state graph */
  checked: boolean;
  /** why it did not run or did not finish (e.g. 'safety search incomplete', 'max-states') */
  skipped?: string;
  /** states of the graph, seconds of the liveness phase */
  distinctStates?: number;
  seconds?: number;
  /** the liveness properties and fairness constraints of the scenario */
  properties: string[];
  fairness: string[];
}

export interface ScenarioOutcome {
  scenario: string;
  bounds: Bounds;
  verdict: Verdict;
  complete: boolean;
  incompleteReason?: IncompleteReason;
  stats: Stats;
  /** random mode: seed, runs, steps, distinct states, path of a failure */
  random?: RandomInfo;
  /** --liveness: what the liveness check did */
  liveness?: LivenessOutcome;
}

export interface ViolationReport {
  scenario: string;
  bounds: Bounds;
  property: string;
  propertyDescription: string;
  reason: string;
  terminal: boolean;
  /** the counterexample as the trace printers take it (src/trace/printable.ts) */
  trace: PrintableTrace;
  initIndex: number;
  /** the engine's trace, for trace-file writers */
  raw: Trace<unknown, unknown>;
  /** a deadlock: the contexts still waiting in the last state */
  deadlock?: { waiting: string[] };
  /** a liveness violation: the trace is a lasso (its last state is the state at loopStart) */
  lasso?: { loopStart: number; fairness: string[] };
}

export interface CheckReport {
  params: RunParams;
  /** random mode: of the failing scenario, or of the only scenario run */
  random?: RandomInfo;
  verdict: Verdict;
  complete: boolean;
  incompleteReason?: IncompleteReason;
  /** scenarios run, in order (a run stops at the first violation or error) */
  scenarios: ScenarioOutcome[];
  /** scenarios of the plan not run because an earlier one failed */
  skipped: string[];
  stats: Stats;
  violation?: ViolationReport;
  error?: { scenario: string; error: string; message: string };
  /** the command that re-runs the failing (or whole) check */
  rerun: string;
  /** the command that replays the written trace file, when --out was given */
  replay?: string;
  /** extra arguments of the replay command (e.g. `--model toy.ts`) */
  replayArgs?: string;
  /** the trace file written (--out, on a violation) */
  outFile?: string;
  /** --out was given but there was no counterexample to write */
  outNotWritten?: string;
  /** --html was given but there was no counterexample to draw */
  htmlNotWritten?: string;
  /** the run ends as an input error (exit 2): a --model file's own code failed, or the --out file could not be written */
  inputError?: boolean;
  /** e.g. a proposal that behaves exactly as its base (src/cli/same-as-base.ts) */
  warnings?: string[];
}

const UNBOUNDED = (n: number): number | null => (Number.isFinite(n) ? n : null);

/** The counterexample's header, as the text, HTML and trace-file writers all take it (src/trace/text.ts TextHeader). */
export function violationHeader(r: CheckReport) {
  const v = r.violation!;
  return {
    model: r.params.family,
    modelVersion: r.params.familyVersion,
    variant: r.params.variant,
    scenario: v.scenario,
    bounds: v.bounds,
    property: v.property,
    ...(v.propertyDescription ? { propertyDescription: v.propertyDescription } : {}),
    reason: v.reason,
    terminal: v.terminal,
    command: r.rerun,
  };
}

export function planCheck(loaded: LoadedFamily, args: CheckArgs): CheckPlan {
  const family = loaded.family;
  const variant = findVariant(family, args.variant);
  const scenarioIds = args.scenario !== undefined ? [findScenario(family, args.scenario).id] : variant.scenarios;
  if (scenarioIds.length === 0) throw new UsageError(`variant '${variant.id}' has no scenarios; give --scenario`);
  validateBounds(family, args.bounds);
  const runs = scenarioIds.map((id) => {
    const scenario = findScenario(family, id);
    // flag > the variant's default (a proposal's bounds) > the scenario's: one order (resolveBounds)
    const { bounds } = resolveBounds(family, variant.id, scenario, args.bounds);
    // a bound flag given for all of a variant's scenarios is capped at a scenario's own limit
    // (ScenarioInfo.maxBounds), and the header says so; with --scenario it is an input error
    let capped: Partial<Bounds> | undefined;
    if (args.scenario === undefined) {
      for (const [k, max] of Object.entries(scenario.maxBounds ?? {})) {
        if (max !== undefined && bounds[k] > max) {
          bounds[k] = max;
          capped = { ...capped, [k]: max };
        }
      }
    }
    return { scenario, bounds, capped, model: build(family, variant.id, scenario.id, bounds) };
  });
  if (args.properties !== undefined) {
    for (const run of runs) run.model = onlyProperties(run.model, args.properties, `${variant.id}/${run.scenario.id}`);
  }
  const raw: RawExploreOptions = {};
  if (args.mode !== undefined) raw.mode = args.mode;
  if (args.maxDepth !== undefined) raw.maxDepth = args.maxDepth;
  if (args.maxStates !== undefined) raw.maxStates = args.maxStates;
  if (args.timeLimit !== undefined) raw.timeLimit = args.timeLimit;
  if (args.seed !== undefined) raw.seed = args.seed;
  if (args.runs !== undefined) raw.runs = args.runs;
  let options: ExploreOptions;
  try {
    options = normalizeOptions(raw);
  } catch (e) {
    // normalizeOptions rejects inconsistent user options (e.g. a mode that needs a depth bound)
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
  const plan: CheckPlan = { loaded, variant, runs, raw, options, boundOverrides: args.bounds };
  const random = randomArgsFrom({ path: args.path, shard: args.shard, swarm: args.swarm }, options.mode, runs.length);
  if (random) plan.random = random;
  // random mode (src/random) has its own default budget
  if (options.mode === 'random' && raw.runs === undefined) options.runs = DEFAULT_RANDOM_RUNS;
  if (args.out !== undefined) plan.out = args.out;
  if (args.properties !== undefined) plan.properties = [...new Set(args.properties)];
  if (args.liveness === true) {
    if (options.mode === 'dfs') throw new UsageError('--liveness needs the whole state graph (--mode bfs) or walks that revisit a state (--mode random), not --mode dfs');
    plan.liveness = true;
    if (plan.random) plan.random.liveness = true;
  }
  return plan;
}

/**
 * The model restricted to the named properties (`--property`). A name that is
 * no property of the model is a usage error.
 */
export function onlyProperties<S, A>(model: Model<S, A>, ids: readonly string[], where: string): Model<S, A> {
  const known = [...model.invariants, ...(model.terminalInvariants ?? []), ...(model.liveness ?? [])].map((i) => i.id);
  for (const id of ids) {
    if (!known.includes(id)) throw new UsageError(`unknown property '${id}' for ${where} (known: ${known.join(', ')})`);
  }
  const keep = new Set(ids);
  return {
    ...model,
    invariants: model.invariants.filter((i) => keep.has(i.id)),
    terminalInvariants: (model.terminalInvariants ?? []).filter((i) => keep.has(i.id)),
    liveness: (model.liveness ?? []).filter((i) => keep.has(i.id)),
  };
}

export function findVariant(family: ModelFamily<unknown, unknown>, id: string): VariantInfo {
  const v = family.variants.find((x) => x.id === id);
  if (!v) throw new UsageError(`unknown variant '${id}' (known: ${family.variants.map((x) => x.id).join(', ')})`);
  return v;
}

export function findScenario(family: ModelFamily<unknown, unknown>, id: string): ScenarioInfo {
  const s = family.scenarios.find((x) => x.id === id);
  if (!s) throw new UsageError(`unknown scenario '${id}' (known: ${family.scenarios.map((x) => x.id).join(', ')})`);
  return s;
}

export { boundFlag };

export function validateBounds(family: ModelFamily<unknown, unknown>, bounds: Partial<Bounds>): void {
  for (const spec of family.bounds) {
    const v = bounds[spec.name];
    if (v === undefined) continue;
    if (v < spec.min || v > spec.max) {
      throw new UsageError(`${boundFlag(spec.name)} ${v} is out of range: ${spec.name} must be in ${spec.min}..${spec.max}`);
    }
  }
}

/** family.build, with a FamilyInputError turned into a usage error. */
export function build(family: ModelFamily<unknown, unknown>, variant: string, scenario: string, bounds: Bounds): Model<unknown, unknown> {
  try {
    return family.build({ variant, scenario, bounds });
  } catch (e) {
    if (e instanceof FamilyInputError || (e instanceof Error && e.name === 'FamilyInputError')) {
      throw new UsageError(`${variant}/${scenario}: ${e.message}`);
    }
    throw e;
  }
}

export function paramsOf(plan: CheckPlan): RunParams {
  const o = plan.options;
  return {
    model: plan.loaded.source,
    family: plan.loaded.family.name,
    familyVersion: plan.loaded.family.version,
    variant: plan.variant.id,
    scenarios: plan.runs.map((r) => r.scenario.id),
    bounds: Object.fromEntries(plan.runs.map((r) => [r.scenario.id, r.bounds])),
    ...(plan.runs.some((r) => r.capped) ? { capped: Object.fromEntries(plan.runs.filter((r) => r.capped).map((r) => [r.scenario.id, r.capped!])) } : {}),
    mode: o.mode,
    seed: o.seed,
    maxDepth: UNBOUNDED(o.maxDepth),
    maxStates: UNBOUNDED(o.maxStates),
    timeLimit: UNBOUNDED(o.timeLimit),
    runs: o.mode === 'random' ? o.runs : null,
    properties: plan.properties ?? null,
    liveness: plan.liveness === true,
  };
}

/** Supplies a listener per scenario (the progress line) and is told when it ends. */
export interface RunObserver {
  listener(scenario: string): ExploreListener | undefined;
  done(): void;
}

/** Runs the planned scenarios in turn, stopping at the first violation or error. */
export function runPlan(plan: CheckPlan, observer?: RunObserver, now: () => number = () => performance.now()): CheckReport {
  const outcomes: ScenarioOutcome[] = [];
  let violation: ViolationReport | undefined;
  let error: CheckReport['error'];
  const start = now();
  let i = 0;
  for (; i < plan.runs.length; i++) {
    const run = plan.runs[i];
    const raw: RawExploreOptions = { ...plan.raw };
    if (plan.raw.timeLimit !== undefined) {
      // the time limit is for the whole check, shared by its scenarios
      raw.timeLimit = Math.max(0.001, plan.raw.timeLimit - (now() - start) / 1000);
    }
    const listener = observer?.listener(run.scenario.id);
    if (listener) raw.listener = listener;
    let result: ExploreResult<unknown, unknown>;
    try {
      result =
        plan.precomputed?.[i] ??
        (plan.options.mode === 'random' ? duringSearch(() => exploreRandom(run.model, raw, plan.random)) : explore(run.model, raw));
    } finally {
      observer?.done();
    }
    let liveness: LivenessOutcome | undefined;
    if (plan.liveness && plan.options.mode === 'random') {
      // random mode looked for lassos on its walks (src/random/lasso.ts): never a complete check
      liveness = { checked: false, skipped: 'random mode: lassos on walks that revisit a state only', properties: (run.model.liveness ?? []).map((p) => p.id), fairness: (run.model.fairness ?? []).map((f) => `${f.kind === 'weak' ? 'WF' : 'SF'}(${f.id})`) };
    } else if (plan.liveness) {
      const props = (run.model.liveness ?? []).map((p) => p.id);
      const fairness = (run.model.fairness ?? []).map((f) => `${f.kind === 'weak' ? 'WF' : 'SF'}(${f.id})`);
      liveness = { checked: false, properties: props, fairness };
      if (result.kind !== 'ok') liveness.skipped = 'the safety search ended first';
      else if (!result.complete) liveness.skipped = 'the safety search was incomplete';
      else if (props.length === 0) liveness.skipped = 'no liveness property in this scenario';
      else {
        const lraw: RawExploreOptions = { ...raw };
        if (plan.raw.timeLimit !== undefined) lraw.timeLimit = Math.max(0.001, plan.raw.timeLimit - (now() - start) / 1000);
        const l = exploreLiveness(run.model, lraw);
        liveness.distinctStates = l.stats.distinctStates;
        liveness.seconds = l.stats.seconds;
        if (l.kind === 'ok' && !l.complete) {
          // the check is complete only if its liveness part is
          liveness.skipped = `the state graph was cut short (${l.incompleteReason})`;
          result = { kind: 'ok', complete: false, ...(l.incompleteReason ? { incompleteReason: l.incompleteReason } : {}), stats: result.stats };
        } else liveness.checked = true;
        if (l.kind !== 'ok') result = { ...l, stats: result.stats };
      }
    }
    const outcome: ScenarioOutcome = {
      scenario: run.scenario.id,
      bounds: run.bounds,
      verdict: result.kind === 'violation' && result.deadlock ? 'deadlock' : result.kind,
      complete: result.kind === 'error' ? false : result.complete,
      stats: result.stats,
    };
    if (liveness) outcome.liveness = liveness;
    if (result.kind === 'ok' && result.incompleteReason) outcome.incompleteReason = result.incompleteReason;
    if ('random' in result) outcome.random = result.random as RandomInfo;
    outcomes.push(outcome);
    if (result.kind === 'ok' && !result.complete && stopRequested() !== undefined) {
      // interrupted or out of memory: the other scenarios are not run (they are listed as not run)
      outcome.incompleteReason = stopRequested();
      break;
    }
    if (result.kind === 'violation') {
      violation = {
        scenario: run.scenario.id,
        bounds: run.bounds,
        property: result.property,
        propertyDescription: propertyDescription(plan, run.model, result.property),
        reason: result.reason,
        terminal: result.terminal,
        trace: printableFromTrace(run.model, result.trace, result.property),
        initIndex: result.trace.initIndex,
        raw: result.trace,
      };
      if (result.deadlock) violation.deadlock = result.deadlock;
      if (result.lasso) {
        violation.lasso = result.lasso;
        violation.trace.loopStart = result.lasso.loopStart;
      }
      break;
    }
    if (result.kind === 'error') {
      error = { scenario: run.scenario.id, error: result.error, message: result.message };
      break;
    }
  }
  const verdict: Verdict = error ? 'error' : violation ? (violation.deadlock ? 'deadlock' : 'violation') : 'ok';
  const report: CheckReport = {
    params: paramsOf(plan),
    verdict,
    complete: outcomes.every((o) => o.complete) && !error,
    scenarios: outcomes,
    skipped: plan.runs.slice(i + 1).map((r) => r.scenario.id),
    stats: combineStats(outcomes.map((o) => o.stats)),
    rerun: rerunCommand(plan, violation?.scenario ?? error?.scenario, outcomes[outcomes.length - 1]?.random?.path),
  };
  // random mode: the failing scenario's (seed, path…), or the only one's; per scenario in `scenarios`
  const random = outcomes[outcomes.length - 1]?.random;
  if (random && (violation || error || outcomes.length === 1)) report.random = random;
  const incomplete = outcomes.find((o) => o.incompleteReason);
  if (incomplete?.incompleteReason) report.incompleteReason = incomplete.incompleteReason;
  if (violation) report.violation = violation;
  if (error) report.error = error;
  return report;
}

function propertyDescription(plan: CheckPlan, model: Model<unknown, unknown>, id: string): string {
  if (id === 'deadlock') return 'no terminal state in which some context still waits (on a lock, or preempted by a context that can never finish)';
  const inv = [...model.invariants, ...(model.terminalInvariants ?? []), ...(model.liveness ?? [])].find((x) => x.id === id);
  return inv?.description ?? plan.loaded.family.properties.find((p) => p.id === id)?.description ?? '';
}

/** The exit code of a check (src/cli/endings.ts): 0 verified, 12 violation, 3 cut short, 255 error. */
export function exitCodeOf(report: Pick<CheckReport, 'verdict' | 'complete' | 'incompleteReason' | 'inputError'> & { params?: { mode: string } }): ExitCode {
  return searchEnding({ ...report, mode: report.params?.mode }).exitCode;
}

/**
 * The exact command that re-runs this check (restricted to `scenario` when
 * given): every bound spelled out, so that later changes to scenario defaults
 * do not change what it runs.
 */
export function rerunCommand(plan: CheckPlan, scenario?: string, randomPath?: string): string {
  const parts = ['npx', 'ppcheck', 'check'];
  if (plan.loaded.modelPath !== undefined) parts.push('--model', plan.loaded.modelPath);
  parts.push('--variant', plan.variant.id);
  for (const p of plan.properties ?? []) parts.push('--property', p);
  if (plan.liveness) parts.push('--liveness');
  const runs = scenario !== undefined ? plan.runs.filter((r) => r.scenario.id === scenario) : plan.runs;
  if (runs.length === 1) {
    parts.push('--scenario', runs[0].scenario.id);
    for (const spec of plan.loaded.family.bounds) {
      const v = runs[0].bounds[spec.name];
      if (v !== undefined) parts.push(boundFlag(spec.name), String(v));
    }
  } else {
    for (const spec of plan.loaded.family.bounds) {
      const v = plan.boundOverrides[spec.name];
      if (v !== undefined) parts.push(boundFlag(spec.name), String(v));
    }
  }
  const o = plan.options;
  parts.push('--mode', o.mode);
  if (o.mode === 'random') parts.push('--seed', String(o.seed), '--runs', String(o.runs), ...randomRerunArgs(plan.random, randomPath));
  if (plan.raw.maxDepth !== undefined || (o.mode !== 'bfs' && Number.isFinite(o.maxDepth))) parts.push('--max-depth', String(o.maxDepth));
  if (plan.raw.maxStates !== undefined) parts.push('--max-states', String(plan.raw.maxStates));
  if (plan.raw.timeLimit !== undefined) parts.push('--time-limit', String(plan.raw.timeLimit));
  return parts.map(shellQuote).join(' ');
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_\-./=:,@+]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
