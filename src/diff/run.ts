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
import { explore } from '../engine/explore.ts';
import type { Invariant, Model } from '../engine/model.ts';
import type { ExploreListener, IncompleteReason, RawExploreOptions, Trace } from '../engine/result.ts';
import { type Bounds, FamilyInputError, type ModelFamily } from '../family.ts';
import { printableFromTrace, type PrintableTrace } from '../trace/printable.ts';

export interface DiffRequest {
  family: ModelFamily<unknown, unknown>;
  base: string;
  variant: string;
  scenarios: string[];
  /** bound values given on the command line (on top of each scenario's defaults) */
  bounds: Partial<Bounds>;
  maxStates?: number;
  /** seconds, per side and scenario */
  timeLimit?: number;
  /** a progress listener per (side, scenario) */
  listener?: (side: string, scenario: string) => ExploreListener | undefined;
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
  behaviours: string[];
  error?: { error: string; message: string };
}

/** Run one variant under one scenario until every property has a verdict. */
export function runSide(req: DiffRequest, variant: string, scenario: string): SideScenario {
  const family = req.family;
  const info = family.scenarios.find((s) => s.id === scenario);
  if (!info) throw new DiffInputError(`unknown scenario '${scenario}' (known: ${family.scenarios.map((s) => s.id).join(', ')})`);
  const bounds: Bounds = { ...info.bounds };
  for (const [k, v] of Object.entries(req.bounds)) if (v !== undefined) bounds[k] = v;
  const model = family.build({ variant, scenario, bounds });
  const all = [...model.invariants.map((i) => i.id), ...(model.terminalInvariants ?? []).map((i) => i.id)];
  const remaining = new Set(all);
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
    behaviours: [],
  };
  const raw: RawExploreOptions = { mode: 'bfs' };
  if (req.maxStates !== undefined) raw.maxStates = req.maxStates;
  if (req.timeLimit !== undefined) raw.timeLimit = req.timeLimit;
  const listener = req.listener?.(variant, scenario);
  if (listener) raw.listener = listener;
  for (;;) {
    const seen = new Set<string>();
    const m = restrict(model, remaining, family.behaviours ? (p, n, a) => family.behaviours!(p, n, a) : undefined, seen);
    const r = explore(m, raw);
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
      if (!r.complete) out.complete = false;
      remaining.delete(r.property);
      continue;
    }
    // ok: the final run saw everything reachable (unless a bound cut it)
    if (!r.complete) {
      out.complete = false;
      if (r.incompleteReason) out.incompleteReason = r.incompleteReason;
    }
    for (const id of remaining) out.properties[id] = null;
    out.distinctStates = r.stats.distinctStates;
    out.transitions = r.stats.transitions;
    out.maxDepth = r.stats.maxDepth;
    out.fired = r.stats.coverage.filter((c) => c.fired > 0).map((c) => c.action).sort();
    out.behaviours = [...seen].sort();
    return out;
  }
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
  scenarios: { scenario: string; bounds: Bounds; base: SideSummary; variant: SideSummary }[];
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
  /** 'regression': the variant violates a property the base keeps */
  verdict: 'regression' | 'no-regression' | 'error';
  regressions: string[];
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
  };
  if (s.incompleteReason) o.incompleteReason = s.incompleteReason;
  return o;
}

function shortest(list: Counterexample[]): Counterexample | undefined {
  let best: Counterexample | undefined;
  for (const c of list) if (!best || c.length < best.length) best = c;
  return best;
}

/** Run both sides under every scenario and compare. */
export function runDiff(req: DiffRequest): DiffReport {
  const family = req.family;
  for (const v of [req.base, req.variant]) {
    if (!family.variants.some((x) => x.id === v)) {
      throw new DiffInputError(`unknown variant '${v}' (known: ${family.variants.map((x) => x.id).join(', ')})`);
    }
  }
  if (req.scenarios.length === 0) throw new DiffInputError(`no scenario to compare under; give --scenario`);
  const baseRuns: SideScenario[] = [];
  const varRuns: SideScenario[] = [];
  for (const sc of req.scenarios) {
    baseRuns.push(runSide(req, req.base, sc));
    varRuns.push(runSide(req, req.variant, sc));
  }
  return compare(req, baseRuns, varRuns);
}

/** The comparison of two sides' per-scenario results (pure). */
export function compare(req: Pick<DiffRequest, 'family' | 'base' | 'variant'>, baseRuns: SideScenario[], varRuns: SideScenario[]): DiffReport {
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
      description: family.properties.find((p) => p.id === id)?.description ?? '',
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
    verdict: errors.length > 0 ? 'error' : regressions.length > 0 ? 'regression' : 'no-regression',
    regressions,
    errors,
  };
}
