/**
 * `ppcheck diff`: run a base variant and a proposed variant under the same
 * scenarios and bounds and compare them. Results are data (DiffReport);
 * printers are in src/diff/print.ts. Generic: nothing here knows page_pool
 * (behaviours come from the family's optional `behaviours` hook).
 *
 * Per scenario and side, the search is exhaustive BFS. A BFS stops at the
 * first violated property, so to get a verdict for every property the side is
 * re-explored without the properties already found violated, until a run
 * finds none: each violated property gets its own shortest counterexample
 * (BFS, so shortest under those bounds), and the last run, which explores
 * the whole reachable state space, gives the state count, the action kinds
 * fired and the reachable behaviours.
 */
import { unexercisedWarning } from './unexercised.ts';
import { explore } from '../engine/explore.ts';
import { exploreParallel } from '../engine/parallel.ts';
import type { Invariant, Model } from '../engine/model.ts';
import type { ExploreListener, IncompleteReason, RawExploreOptions, Trace } from '../engine/result.ts';
import { type Bounds, FamilyInputError, type ModelFamily, resolveBounds } from '../family.ts';
import { printableFromTrace, type PrintableTrace } from '../trace/printable.ts';

import { DIFF_DEFAULT_LIMITS, type DiffLimits } from './limits.ts';

export { DIFF_DEFAULT_LIMITS, type DiffLimits };

const WORKER_MODEL = new URL('./worker-model.ts', import.meta.url).href;

export interface DiffRequest {
  /** the family of the proposed variant */
  family: ModelFamily<unknown, unknown>;
  /** the family of the base (`--base-model`); default: `family` */
  baseFamily?: ModelFamily<unknown, unknown>;
  base: string;
  variant: string;
  scenarios: string[];
  /** bound values given on the command line (they win over the variant's and the scenario's) */
  bounds: Partial<Bounds>;
  /** per exploration; missing ones take DIFF_DEFAULT_LIMITS */
  limits?: Partial<DiffLimits>;
  /** --property: compare only these properties (default: every property of either side) */
  properties?: string[];
  /** a progress listener per (side, scenario): the k-th of n (side, scenario) pairs */
  listener?: (side: string, scenario: string, k: number, n: number) => ExploreListener | undefined;
  /**
   * `--workers N` (N > 1): every exploration runs on the parallel BFS
   * (src/engine/parallel.ts); each worker thread builds the model from the
   * family's module (src/diff/worker-model.ts). Behaviours are not recorded
   * then (a worker's transitions are not seen here): the report says so.
   */
  workers?: { count: number; variant: FamilyModule; base: FamilyModule };
}

/** Where a worker thread finds a family: its module URL and export name. */
export interface FamilyModule {
  module: string;
  export: string;
}

/** Where each bound of a diff's runs came from (the same for both sides). */
export type BoundSource = 'flag' | 'variant' | 'scenario';

/**
 * The bounds both sides of a diff run under in `scenario`: the command-line
 * flag, else the proposed variant's default (a proposal's `bounds`), else the
 * scenario's (src/family.ts `resolveBounds`), with where each came from.
 */
export function diffBounds(req: Pick<DiffRequest, 'family' | 'variant' | 'bounds'>, scenario: string): { bounds: Bounds; sources: Record<string, BoundSource> } {
  const info = req.family.scenarios.find((s) => s.id === scenario);
  if (!info) throw new DiffInputError(`unknown scenario '${scenario}' (known: ${req.family.scenarios.map((s) => s.id).join(', ')})`);
  return resolveBounds(req.family, req.variant, info, req.bounds);
}

export interface Counterexample {
  scenario: string;
  bounds: Bounds;
  property: string;
  reason: string;
  terminal: boolean;
  /** number of steps (transitions) */
  length: number;
  trace: PrintableTrace;
  raw: Trace<unknown, unknown>;
}

export type PropertyVerdict = 'ok' | 'violation' | 'absent' | 'error';

export interface SideScenario {
  scenario: string;
  bounds: Bounds;
  /** every reachable state explored (no bound cut any run of this side) */
  complete: boolean;
  /** the first limit that cut an exploration of this side (any run) */
  incompleteReason?: IncompleteReason;
  /** of the final run: the whole reachable state space */
  distinctStates: number;
  transitions: number;
  maxDepth: number;
  /** all runs of this side and scenario */
  seconds: number;
  /** explorations needed (1 + violated properties) */
  runs: number;
  /** property id → counterexample (violated) or null (kept) */
  properties: Record<string, Counterexample | null>;
  actionKinds: string[];
  fired: string[];
  /** of the final run: per action kind, how often it fired and found a new state */
  coverage: { action: string; fired: number; newStates: number }[];
  behaviours: string[];
  error?: { error: string; message: string };
}

/** Run one side (the base or the variant) under one scenario until every property has a verdict. */
export async function runSide(
  req: DiffRequest,
  variant: string,
  scenario: string,
  opts: { family?: ModelFamily<unknown, unknown>; listener?: ExploreListener; module?: FamilyModule } = {},
): Promise<SideScenario> {
  const family = opts.family ?? req.family;
  const { bounds } = diffBounds(req, scenario);
  const model = family.build({ variant, scenario, bounds });
  const all = [...model.invariants.map((i) => i.id), ...(model.terminalInvariants ?? []).map((i) => i.id)];
  const remaining = new Set(req.properties ? all.filter((id) => req.properties!.includes(id)) : all);
  const out: SideScenario = {
    scenario,
    bounds,
    complete: true,
    distinctStates: 0,
    transitions: 0,
    maxDepth: 0,
    seconds: 0,
    runs: 0,
    properties: {},
    actionKinds: [...model.actionKinds],
    fired: [],
    coverage: [],
    behaviours: [],
  };
  const limits = { ...DIFF_DEFAULT_LIMITS, ...definedOf(req.limits ?? {}) };
  const raw: RawExploreOptions = { mode: 'bfs', maxStates: limits.maxStates, timeLimit: limits.timeLimit, maxDepth: limits.maxDepth };
  if (opts.listener) raw.listener = opts.listener;
  const cut = (r: { complete: boolean; incompleteReason?: IncompleteReason }) => {
    if (r.complete) return;
    out.complete = false;
    if (!out.incompleteReason && r.incompleteReason) out.incompleteReason = r.incompleteReason;
  };
  for (;;) {
    const seen = new Set<string>();
    const parallel = req.workers && req.workers.count > 1 && opts.module ? { ...req.workers, module: opts.module } : undefined;
    const record = family.behaviours && !parallel ? (p: unknown, n: unknown, a: unknown) => family.behaviours!(p, n, a) : undefined;
    const m = restrict(model, remaining, record, seen);
    const r = parallel
      ? await exploreParallel(
          { module: WORKER_MODEL, export: 'diffWorkerModels', method: 'build', args: [{ ...parallel.module, variant, scenario, bounds, keep: [...remaining] }] },
          raw,
          parallel.count,
          m,
        )
      : explore(m, raw);
    out.runs++;
    out.seconds += r.stats.seconds;
    if (r.kind === 'error') {
      out.error = { error: r.error, message: r.message };
      out.complete = false;
      for (const id of remaining) if (!(id in out.properties)) out.properties[id] = null;
      return out;
    }
    if (r.kind === 'violation') {
      out.properties[r.property] = {
        scenario,
        bounds,
        property: r.property,
        reason: r.reason,
        terminal: r.terminal,
        length: r.trace.steps.length - 1,
        trace: printableFromTrace(m, r.trace, r.property),
        raw: r.trace,
      };
      cut(r);
      remaining.delete(r.property);
      continue;
    }
    // ok: the final run saw everything reachable (unless a limit cut it)
    cut(r);
    for (const id of remaining) out.properties[id] = null;
    out.distinctStates = r.stats.distinctStates;
    out.transitions = r.stats.transitions;
    out.maxDepth = r.stats.maxDepth;
    out.coverage = r.stats.coverage.map((c) => ({ action: c.action, fired: c.fired, newStates: c.newStates }));
    out.fired = r.stats.coverage.filter((c) => c.fired > 0).map((c) => c.action).sort();
    out.behaviours = [...seen].sort();
    return out;
  }
}

function definedOf<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The model checking only `keep`, recording the behaviours of every transition into `seen`. */
function restrict<S, A>(
  model: Model<S, A>,
  keep: ReadonlySet<string>,
  behaviours: ((p: S, n: S, a: A) => string[]) | undefined,
  seen: Set<string>,
): Model<S, A> {
  const only = (l: readonly Invariant<S>[] | undefined) => (l ?? []).filter((i) => keep.has(i.id));
  const m: Model<S, A> = { ...model, invariants: only(model.invariants), terminalInvariants: only(model.terminalInvariants) };
  if (behaviours) {
    const step = model.step.bind(model);
    m.step = (s, a) => {
      const t = step(s, a);
      for (const b of behaviours(s, t, a)) seen.add(b);
      return t;
    };
  }
  return m;
}

/** A diff request the user got wrong (unknown variant or scenario): exit 2 (the CLI maps FamilyInputError to a usage error). */
export class DiffInputError extends FamilyInputError {}

export interface PropertyRow {
  id: string;
  description: string;
  base: PropertyVerdict;
  variant: PropertyVerdict;
  /** 'newly-fails': base keeps it, the variant violates it (a regression) */
  change: 'same' | 'newly-fails' | 'newly-holds' | 'added' | 'removed';
  /** scenarios where each side violates it */
  baseViolatedIn: string[];
  variantViolatedIn: string[];
  /** the shortest counterexample of the variant (for 'newly-fails'; also given when both fail) */
  counterexample?: Counterexample;
  /** the base's shortest counterexample when the base violates it */
  baseCounterexample?: Counterexample;
}

export interface BehaviourRow {
  behaviour: string;
  scenarios: string[];
}

export interface DiffReport {
  family: string;
  familyVersion: string;
  base: string;
  variant: string;
  scenarios: { scenario: string; bounds: Bounds; sources?: Record<string, BoundSource>; base: SideSummary; variant: SideSummary }[];
  properties: PropertyRow[];
  actions: {
    /** action kinds the variant's model has and the base's has not */
    added: string[];
    removed: string[];
    /** fired (in some scenario) in one and in no scenario of the other */
    firedOnlyInVariant: string[];
    firedOnlyInBase: string[];
  };
  behaviours: {
    available: boolean;
    onlyInVariant: BehaviourRow[];
    onlyInBase: BehaviourRow[];
    common: number;
  };
  /** every run of both sides explored everything reachable */
  complete: boolean;
  /** the limit that cut an exploration, when one did */
  incompleteReason?: IncompleteReason;
  /** the limits of every exploration */
  limits: DiffLimits;
  /** 'regression': the variant violates a property the base keeps, or one of its own */
  verdict: 'regression' | 'no-regression' | 'error';
  /** properties the base keeps and the variant violates */
  regressions: string[];
  /** properties only the variant has (a proposal's own) that it violates */
  ownViolations: string[];
  /** both sides explored the same behaviour in every scenario (see identicalWarning) */
  identical: boolean;
  warnings: string[];
  errors: { side: string; scenario: string; error: string; message: string }[];
}

export interface SideSummary {
  distinctStates: number;
  transitions: number;
  maxDepth: number;
  complete: boolean;
  incompleteReason?: IncompleteReason;
  seconds: number;
  runs: number;
  violated: string[];
  coverage: { action: string; fired: number; newStates: number }[];
  error?: { error: string; message: string };
}

function summary(s: SideScenario): SideSummary {
  const o: SideSummary = {
    distinctStates: s.distinctStates,
    transitions: s.transitions,
    maxDepth: s.maxDepth,
    complete: s.complete,
    seconds: s.seconds,
    runs: s.runs,
    violated: Object.keys(s.properties).filter((p) => s.properties[p] !== null),
    coverage: s.coverage,
  };
  if (s.error) o.error = s.error;
  if (s.incompleteReason) o.incompleteReason = s.incompleteReason;
  return o;
}

function shortest(list: Counterexample[]): Counterexample | undefined {
  let best: Counterexample | undefined;
  for (const c of list) if (!best || c.length < best.length) best = c;
  return best;
}

/** Run both sides under every scenario and compare. */
export async function runDiff(req: DiffRequest): Promise<DiffReport> {
  const family = req.family;
  const baseFamily = req.baseFamily ?? family;
  for (const [v, fam] of [
    [req.base, baseFamily],
    [req.variant, family],
  ] as const) {
    if (!fam.variants.some((x) => x.id === v)) {
      throw new DiffInputError(`unknown variant '${v}' (known: ${fam.variants.map((x) => x.id).join(', ')})`);
    }
  }
  if (req.scenarios.length === 0) throw new DiffInputError(`no scenario to compare under; give --scenario`);
  for (const sc of req.scenarios) {
    if (!baseFamily.scenarios.some((x) => x.id === sc)) throw new DiffInputError(`the base's model has no scenario '${sc}'`);
  }
  if (req.properties) {
    const known = new Set([...family.properties, ...baseFamily.properties].map((p) => p.id));
    for (const id of req.properties) if (!known.has(id)) throw new DiffInputError(`unknown property '${id}' (known: ${[...known].join(', ')})`);
  }
  const baseRuns: SideScenario[] = [];
  const varRuns: SideScenario[] = [];
  const n = 2 * req.scenarios.length;
  let k = 0;
  for (const sc of req.scenarios) {
    baseRuns.push(await runSide(req, req.base, sc, { family: baseFamily, ...listenerOf(req, req.base, sc, ++k, n), ...(req.workers ? { module: req.workers.base } : {}) }));
    varRuns.push(await runSide(req, req.variant, sc, { ...listenerOf(req, req.variant, sc, ++k, n), ...(req.workers ? { module: req.workers.variant } : {}) }));
  }
  const report = compare({ ...req, family }, baseRuns, varRuns, baseFamily);
  if (req.workers && req.workers.count > 1) report.behaviours.available = false;
  for (const row of report.scenarios) row.sources = diffBounds(req, row.scenario).sources;
  return report;
}

function listenerOf(req: DiffRequest, side: string, scenario: string, k: number, n: number): { listener?: ExploreListener } {
  const l = req.listener?.(side, scenario, k, n);
  return l ? { listener: l } : {};
}

/** Two sides that explored the same reachable behaviour in a scenario (as far as diff can see it). */
function sameBehaviour(b: SideScenario, v: SideScenario): boolean {
  const eq = (x: string[], y: string[]) => x.length === y.length && x.every((e, i) => e === y[i]);
  const viol = (s: SideScenario) => Object.keys(s.properties).filter((p) => s.properties[p] !== null).sort();
  return (
    b.complete &&
    v.complete &&
    !b.error &&
    !v.error &&
    b.distinctStates === v.distinctStates &&
    b.transitions === v.transitions &&
    eq(b.fired, v.fired) &&
    eq(b.behaviours, v.behaviours) &&
    eq(viol(b), viol(v))
  );
}

/** The warning of a proposal that changes nothing diff can see (the same in check). */
export function identicalWarning(base: string, same = 'states, transitions, actions fired, behaviours and verdicts'): string {
  return `the proposal behaves exactly as ${base} in every scenario checked (the same ${same}): did the change take effect?`;
}

/** The comparison of two sides' per-scenario results (pure). */
export function compare(
  req: Pick<DiffRequest, 'family' | 'base' | 'variant'> & Partial<Pick<DiffRequest, 'limits'>>,
  baseRuns: SideScenario[],
  varRuns: SideScenario[],
  baseFamily: ModelFamily<unknown, unknown> = req.family,
): DiffReport {
  const family = req.family;
  const ids: string[] = [];
  for (const r of [...baseRuns, ...varRuns]) for (const id of Object.keys(r.properties)) if (!ids.includes(id)) ids.push(id);
  // the family's order first, then any others (a proposal's own properties)
  const order = family.properties.map((p) => p.id);
  ids.sort((a, b) => (order.indexOf(a) + 1 || 1e9) - (order.indexOf(b) + 1 || 1e9));
  const errors: DiffReport['errors'] = [];
  for (const [side, runs] of [
    [req.base, baseRuns],
    [req.variant, varRuns],
  ] as const) {
    for (const r of runs) if (r.error) errors.push({ side, scenario: r.scenario, ...r.error });
  }
  const verdictOf = (runs: SideScenario[], id: string): { v: PropertyVerdict; where: string[]; cex?: Counterexample } => {
    const has = runs.filter((r) => id in r.properties);
    if (has.length === 0) return { v: 'absent', where: [] };
    const cexs = has.map((r) => r.properties[id]).filter((c): c is Counterexample => c !== null);
    const where = cexs.map((c) => c.scenario);
    if (cexs.length > 0) return { v: 'violation', where, cex: shortest(cexs) };
    if (has.some((r) => r.error)) return { v: 'error', where };
    return { v: 'ok', where };
  };
  const properties: PropertyRow[] = ids.map((id) => {
    const b = verdictOf(baseRuns, id);
    const v = verdictOf(varRuns, id);
    const change: PropertyRow['change'] =
      b.v === 'absent' ? 'added' : v.v === 'absent' ? 'removed' : b.v === 'ok' && v.v === 'violation' ? 'newly-fails' : b.v === 'violation' && v.v === 'ok' ? 'newly-holds' : 'same';
    const row: PropertyRow = {
      id,
      description: [...family.properties, ...baseFamily.properties].find((p) => p.id === id)?.description ?? '',
      base: b.v,
      variant: v.v,
      change,
      baseViolatedIn: b.where,
      variantViolatedIn: v.where,
    };
    if (v.cex) row.counterexample = v.cex;
    if (b.cex) row.baseCounterexample = b.cex;
    return row;
  });
  const union = (runs: SideScenario[], f: (r: SideScenario) => string[]) => new Set(runs.flatMap(f));
  const kindsB = union(baseRuns, (r) => r.actionKinds);
  const kindsV = union(varRuns, (r) => r.actionKinds);
  const firedB = union(baseRuns, (r) => r.fired);
  const firedV = union(varRuns, (r) => r.fired);
  const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();
  const behRows = (mine: SideScenario[], other: SideScenario[]): BehaviourRow[] => {
    const otherSet = union(other, (r) => r.behaviours);
    const rows = new Map<string, string[]>();
    for (const r of mine) for (const b of r.behaviours) if (!otherSet.has(b)) rows.set(b, [...(rows.get(b) ?? []), r.scenario]);
    return [...rows.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([behaviour, scenarios]) => ({ behaviour, scenarios }));
  };
  const behB = union(baseRuns, (r) => r.behaviours);
  const behV = union(varRuns, (r) => r.behaviours);
  const regressions = properties.filter((p) => p.change === 'newly-fails').map((p) => p.id);
  const ownViolations = properties.filter((p) => p.change === 'added' && p.variant === 'violation').map((p) => p.id);
  const identical = errors.length === 0 && baseRuns.length > 0 && baseRuns.every((b, i) => sameBehaviour(b, varRuns[i]));
  const warnings = identical ? [identicalWarning(req.base)] : [];
  const changes = family.variants.find((x) => x.id === req.variant)?.changes ?? [];
  const unrun = errors.length === 0 ? unexercisedWarning(req.variant, changes, varRuns.map((r) => r.scenario), varRuns.map((r) => r.fired)) : null;
  if (unrun) warnings.push(unrun);
  const cut = [...baseRuns, ...varRuns].find((r) => !r.complete && !r.error && r.incompleteReason);
  return {
    family: family.name,
    familyVersion: family.version,
    base: req.base,
    variant: req.variant,
    scenarios: baseRuns.map((b, i) => ({ scenario: b.scenario, bounds: b.bounds, base: summary(b), variant: summary(varRuns[i]) })),
    properties,
    actions: {
      added: minus(kindsV, kindsB),
      removed: minus(kindsB, kindsV),
      firedOnlyInVariant: minus(firedV, firedB),
      firedOnlyInBase: minus(firedB, firedV),
    },
    behaviours: {
      available: family.behaviours !== undefined,
      onlyInVariant: behRows(varRuns, baseRuns),
      onlyInBase: behRows(baseRuns, varRuns),
      common: [...behV].filter((b) => behB.has(b)).length,
    },
    complete: [...baseRuns, ...varRuns].every((r) => r.complete),
    ...(cut ? { incompleteReason: cut.incompleteReason } : {}),
    limits: { ...DIFF_DEFAULT_LIMITS, ...definedOf(req.limits ?? {}) },
    verdict: errors.length > 0 ? 'error' : regressions.length + ownViolations.length > 0 ? 'regression' : 'no-regression',
    regressions,
    ownViolations,
    identical,
    warnings,
    errors,
  };
}
