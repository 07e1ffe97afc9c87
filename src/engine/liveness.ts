/**
 * The liveness check (`check --liveness`): explore the whole state graph
 * (liveness-graph.ts), then, for each instance of each liveness property
 * P ~> Q of the model, look for a fair run that reaches P and never meets Q.
 *
 * Such a run ends either in a terminal state (it stutters there forever) or
 * in a cycle; the cycle can be taken inside one strongly connected component
 * of the subgraph of states where Q does not hold and steps that do not meet
 * Q (`toStep`), reachable from a P state inside that subgraph. A component
 * is searched for a fair cycle as in Streett/Emerson-Lei model checking:
 * - weak fairness WF(F): if some action of F is enabled in every state of
 *   the component and none is taken inside it, no cycle in it is fair
 *   (a smaller cycle visits fewer states and takes fewer steps): drop it;
 * - strong fairness SF(F): if some action of F is enabled in some state and
 *   none is taken inside, a fair cycle must avoid the states where F is
 *   enabled: remove them and split the rest into components again;
 * - `recurring` (GF recurring => ...): the component must take a recurring
 *   step.
 * A component that passes is fair: a cycle through all of it satisfies every
 * constraint. The counterexample is a lasso: a shortest prefix from an
 * initial state through a P state to the component, then a cycle that takes
 * a step of every fairness set taken inside and visits a state where each
 * weakly fair set is disabled (when none is taken), and returns.
 *
 * The lasso is found on the graph of fingerprints, whose states are
 * representatives of symmetry classes when the model canonicalizes. It is
 * rebuilt by replaying from the initial state, choosing at each step the
 * enabled action whose successor has the next fingerprint; when the cycle
 * closes only up to symmetry (the replayed state is a permutation of the
 * loop start), the cycle is unrolled again until the state repeats exactly
 * (at most MAX_UNROLL times).
 */
import { Phase, type RunContext } from './context.ts';
import { FingerprintWriter } from './fingerprint.ts';
import { buildGraph, cyclicComponents, type Obligation, type StateGraph } from './liveness-graph.ts';
import type { Model } from './model.ts';
import type { ExploreResult, Trace, TraceStep } from './result.ts';
import { INIT_LABEL } from './replay.ts';

const MAX_UNROLL = 12;

/** The obligations (property instances) of a model, in order. */
export function obligationsOf<S, A>(model: Model<S, A>): Obligation<S, A>[] {
  const out: Obligation<S, A>[] = [];
  for (const p of model.liveness ?? []) {
    const n = p.instances ?? 1;
    for (let i = 0; i < n; i++) out.push({ property: p, instance: i, label: n > 1 ? (p.instanceLabel?.(i) ?? `#${i}`) : '' });
  }
  return out;
}

/** A fair lasso in the graph: node path of the prefix and of the cycle (edges by index). */
export interface GraphLasso {
  obligation: number;
  /** node ids from an initial state to the loop start (inclusive) */
  prefixNodes: number[];
  /** edges taken along the prefix (prefixNodes.length - 1 of them) */
  prefixEdges: number[];
  /** edges of the cycle from the loop start back to it; empty: stuttering in a terminal state */
  cycleEdges: number[];
  /** bit j: the cycle's component takes a step of model.fairness[j] */
  taken: number;
}

function edgeSource(g: StateGraph, e: number): number {
  // binary search in edgeStart
  let lo = 0;
  let hi = g.n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (g.edgeStart[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Search the graph for a fair violation of obligation `b` (weak/strong masks
 * of the model's fairness constraints; `recurring` whether the property has
 * a recurring condition). Returns the lasso or null.
 */
export function findFairLasso(g: StateGraph, b: number, weak: number, strong: number, recurring: boolean): GraphLasso | null {
  const bit = 1 << b;
  const n = g.n;
  const { edgeStart, edgeTo, edgeGoal, nodeTo, nodeFrom, nodeEnabled, edgeFair, edgeRec } = g;
  const allowed = (v: number): boolean => (nodeTo[v] & bit) === 0;
  const edgeAllowed = (e: number): boolean => (edgeGoal[e] & bit) === 0;
  // region: reachable from a from-state inside the allowed subgraph
  const region = new Int32Array(n);
  const regionNodes: number[] = [];
  const stack: number[] = [];
  for (let v = 0; v < n; v++) {
    if ((nodeFrom[v] & bit) !== 0 && allowed(v)) {
      region[v] = 1;
      regionNodes.push(v);
      stack.push(v);
    }
  }
  while (stack.length > 0) {
    const v = stack.pop() as number;
    for (let e = edgeStart[v]; e < edgeStart[v + 1]; e++) {
      const w = edgeTo[e];
      if (region[w] === 0 && allowed(w) && edgeAllowed(e)) {
        region[w] = 1;
        regionNodes.push(w);
        stack.push(w);
      }
    }
  }
  if (regionNodes.length === 0) return null;
  regionNodes.sort((x, y) => x - y);
  const targets: { nodes: number[]; cycle: number[]; taken: number } [] = [];
  // terminal states: a finite run stutters there (no fairness constraint is enabled)
  if (!recurring) {
    for (const v of regionNodes) {
      if (edgeStart[v] === edgeStart[v + 1]) {
        targets.push({ nodes: [v], cycle: [], taken: 0 });
        break;
      }
    }
  }
  if (targets.length === 0) {
    // Streett refinement over components
    let stamp = 1;
    const inSet = new Int32Array(n);
    for (const v of regionNodes) inSet[v] = stamp;
    const work: number[][] = cyclicComponents(g, regionNodes, inSet, stamp, edgeAllowed);
    while (work.length > 0 && targets.length === 0) {
      const comp = work.shift() as number[];
      stamp++;
      for (const v of comp) inSet[v] = stamp;
      let taken = 0;
      let hasRec = false;
      let enabledAll = -1;
      let enabledAny = 0;
      for (const v of comp) {
        enabledAll &= nodeEnabled[v];
        enabledAny |= nodeEnabled[v];
        for (let e = edgeStart[v]; e < edgeStart[v + 1]; e++) {
          if (inSet[edgeTo[e]] !== stamp || !edgeAllowed(e)) continue;
          taken |= edgeFair[e];
          if ((edgeRec[e] & bit) !== 0) hasRec = true;
        }
      }
      if ((weak & enabledAll & ~taken) !== 0) continue; // some weakly fair set is starved: no fair cycle inside
      if (recurring && !hasRec) continue;
      const bad = strong & enabledAny & ~taken;
      if (bad !== 0) {
        const rest = comp.filter((v) => (nodeEnabled[v] & bad) === 0);
        stamp++;
        for (const v of rest) inSet[v] = stamp;
        for (const c of cyclicComponents(g, rest, inSet, stamp, edgeAllowed)) work.push(c);
        continue;
      }
      targets.push({ nodes: comp, cycle: cycleThrough(g, comp, inSet, stamp, edgeAllowed, weak, taken, recurring ? bit : 0), taken });
    }
  }
  if (targets.length === 0) return null;
  const t = targets[0];
  const loopStart = t.cycle.length > 0 ? edgeSource(g, t.cycle[0]) : t.nodes[0];
  const prefix = prefixTo(g, bit, region, loopStart);
  return { obligation: b, prefixNodes: prefix.nodes, prefixEdges: prefix.edges, cycleEdges: t.cycle, taken: t.taken };
}

/** Shortest edge path inside the component from `from` to a node satisfying `goal` (BFS). */
function pathInside(g: StateGraph, inSet: Int32Array, stamp: number, edgeOk: (e: number) => boolean, from: number, goal: (v: number) => boolean): number[] | null {
  if (goal(from)) return [];
  const prevEdge = new Map<number, number>();
  prevEdge.set(from, -1);
  const q = [from];
  for (let h = 0; h < q.length; h++) {
    const v = q[h];
    for (let e = g.edgeStart[v]; e < g.edgeStart[v + 1]; e++) {
      const w = g.edgeTo[e];
      if (inSet[w] !== stamp || !edgeOk(e) || prevEdge.has(w)) continue;
      prevEdge.set(w, e);
      if (goal(w)) {
        const path: number[] = [];
        let x = w;
        while (x !== from) {
          const pe = prevEdge.get(x) as number;
          path.push(pe);
          x = edgeSource(g, pe);
        }
        return path.reverse();
      }
      q.push(w);
    }
  }
  return null;
}

/**
 * A cycle inside a fair component from its smallest node: for each fairness
 * bit taken inside, a step of it; for each weak bit not taken, a visit to a
 * state where it is disabled; a recurring step when `recBit`; then back.
 */
function cycleThrough(g: StateGraph, comp: number[], inSet: Int32Array, stamp: number, edgeOk: (e: number) => boolean, weak: number, taken: number, recBit: number): number[] {
  let start = comp[0];
  for (const v of comp) if (v < start) start = v;
  const inner: number[] = [];
  for (const v of comp) for (let e = g.edgeStart[v]; e < g.edgeStart[v + 1]; e++) if (inSet[g.edgeTo[e]] === stamp && edgeOk(e)) inner.push(e);
  inner.sort((x, y) => x - y);
  const edges: number[] = [];
  let at = start;
  const goTo = (goal: (v: number) => boolean): void => {
    const p = pathInside(g, inSet, stamp, edgeOk, at, goal) as number[];
    for (const e of p) edges.push(e);
    if (p.length > 0) at = g.edgeTo[p[p.length - 1]];
  };
  const takeEdge = (pred: (e: number) => boolean): void => {
    const wanted = new Set(inner.filter(pred));
    if (wanted.size === 0) return;
    // go to the source of the nearest wanted edge, then take it
    goTo((v) => {
      for (let e = g.edgeStart[v]; e < g.edgeStart[v + 1]; e++) if (wanted.has(e)) return true;
      return false;
    });
    for (let e = g.edgeStart[at]; e < g.edgeStart[at + 1]; e++) {
      if (wanted.has(e)) {
        edges.push(e);
        at = g.edgeTo[e];
        return;
      }
    }
  };
  for (let j = 0; j < 31; j++) {
    const m = 1 << j;
    if ((taken & m) !== 0) {
      if (!edges.some((x) => (g.edgeFair[x] & m) !== 0)) takeEdge((e) => (g.edgeFair[e] & m) !== 0);
    } else if ((weak & m) !== 0) goTo((v) => (g.nodeEnabled[v] & m) === 0);
  }
  if (recBit !== 0 && !edges.some((e) => (g.edgeRec[e] & recBit) !== 0)) takeEdge((e) => (g.edgeRec[e] & recBit) !== 0);
  if (edges.length === 0) takeEdge(() => true);
  goTo((v) => v === start);
  if (at !== start) throw new Error('liveness: no path back to the loop start inside a strongly connected component');
  return edges;
}

/**
 * Shortest prefix: from an initial state along any edges to a from-state of
 * the region, then inside the region (allowed edges) to `target`. BFS over
 * (node, phase) with phase 1 once a from-state was passed.
 */
function prefixTo(g: StateGraph, bit: number, region: Int32Array, target: number): { nodes: number[]; edges: number[] } {
  const n = g.n;
  const prev = new Int32Array(2 * n).fill(-2); // previous (node*2+phase) or -1 for roots
  const prevEdge = new Int32Array(2 * n).fill(-1);
  const q: number[] = [];
  const pushState = (x: number, from: number, e: number): void => {
    if (prev[x] !== -2) return;
    prev[x] = from;
    prevEdge[x] = e;
    q.push(x);
  };
  const enter = (v: number, from: number, e: number): void => {
    pushState(v * 2, from, e);
    // passing a from-state of the region switches to phase 1 (same node, no step)
    if ((g.nodeFrom[v] & bit) !== 0 && region[v] === 1) pushState(v * 2 + 1, v * 2, -1);
  };
  for (const r of g.roots) enter(r, -1, -1);
  for (let h = 0; h < q.length; h++) {
    const x = q[h];
    const v = x >> 1;
    const phase = x & 1;
    if (phase === 1 && v === target) {
      const nodes: number[] = [];
      const edges: number[] = [];
      let y = x;
      while (y >= 0) {
        if (prevEdge[y] >= 0) edges.push(prevEdge[y]);
        if (prevEdge[y] >= 0 || prev[y] < 0) nodes.push(y >> 1);
        y = prev[y];
      }
      return { nodes: nodes.reverse(), edges: edges.reverse() };
    }
    for (let e = g.edgeStart[v]; e < g.edgeStart[v + 1]; e++) {
      const w = g.edgeTo[e];
      if (phase === 0) enter(w, x, e);
      else if (region[w] === 1 && (g.edgeGoal[e] & bit) === 0) pushState(w * 2 + 1, x, e);
    }
  }
  throw new Error('liveness: the loop start is not reachable through a from-state');
}

function plainEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!plainEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * Rebuild the lasso as a trace of real states: replay from the initial
 * state, taking at each step an enabled action whose successor has the next
 * node's fingerprint (the recorded index first). Returns the trace and the
 * index of the loop start, or an error message (nondeterminism).
 */
export function replayLasso<S, A>(model: Model<S, A>, g: StateGraph, lasso: GraphLasso): { trace: Trace<S, A>; loopStart: number } | { error: string } {
  const w = new FingerprintWriter();
  const fpOf = (s: S): [number, number] => {
    w.fingerprint(model, s);
    return [w.hi, w.lo];
  };
  const root = lasso.prefixNodes[0];
  const initIndex = g.rootInit[g.roots.indexOf(root)];
  let s = model.init()[initIndex];
  const steps: TraceStep<S, A>[] = [{ action: null, label: INIT_LABEL, actionIndex: -1, state: s }];
  const follow = (e: number): string | null => {
    const target = g.edgeTo[e];
    const acts = model.actions(s);
    const order = [g.edgeAction[e], ...acts.keys()];
    for (const i of order) {
      if (i >= acts.length) continue;
      const next = model.step(s, acts[i]);
      const [hi, lo] = fpOf(next);
      if (g.visited.find(hi, lo) === target) {
        steps.push({ action: acts[i], label: model.actionLabel(acts[i]), actionIndex: i, state: next });
        s = next;
        return null;
      }
    }
    return `step ${steps.length}: no enabled action leads to the recorded successor (the model is not deterministic)`;
  };
  for (const e of lasso.prefixEdges) {
    const err = follow(e);
    if (err) return { error: err };
  }
  const loopStart = steps.length - 1;
  const startState = s;
  if (lasso.cycleEdges.length === 0) return { trace: { initIndex, steps }, loopStart };
  let oneRound = 0;
  for (let round = 0; round < MAX_UNROLL; round++) {
    for (const e of lasso.cycleEdges) {
      const err = follow(e);
      if (err) return { error: err };
    }
    if (round === 0) oneRound = steps.length;
    if (plainEqual(s, startState)) return { trace: { initIndex, steps }, loopStart };
  }
  // the cycle closes only up to the encoding (the model's symmetry or abstraction, e.g. a
  // counter whose larger values share a fingerprint): one round, whose last state has the loop
  // start's fingerprint (replay checks that)
  return { trace: { initIndex, steps: steps.slice(0, oneRound) }, loopStart };
}

/**
 * Check every liveness property of the model on its whole state graph.
 * `ok` with `complete: true` when no fair violation exists; `ok` and
 * incomplete when the graph could not be built within the limits.
 */
export function checkLiveness<S, A>(ctx: RunContext<S, A>): ExploreResult<S, A> {
  const model = ctx.model;
  const obligations = obligationsOf(model);
  const fairness = model.fairness ?? [];
  let weak = 0;
  let strong = 0;
  fairness.forEach((f, j) => {
    if (f.kind === 'weak') weak |= 1 << j;
    else strong |= 1 << j;
  });
  let graph: StateGraph;
  try {
    const built = buildGraph(ctx, obligations);
    if (built.kind === 'cut') return { kind: 'ok', complete: false, incompleteReason: built.reason, stats: ctx.stats(built.distinct) };
    graph = built.graph;
  } catch (e) {
    return { kind: 'error', error: 'model-exception', message: ctx.describeFailure(e), stats: ctx.stats(ctx.visitedSet ? (ctx.visitedSet as { size?: number }).size ?? 0 : 0) };
  }
  for (let b = 0; b < obligations.length; b++) {
    const o = obligations[b];
    const lasso = findFairLasso(graph, b, weak, strong, o.property.recurring !== undefined);
    if (!lasso) continue;
    ctx.phase = Phase.Step;
    let rebuilt: ReturnType<typeof replayLasso<S, A>>;
    try {
      rebuilt = replayLasso(model, graph, lasso);
    } catch (e) {
      return { kind: 'error', error: 'model-exception', message: `rebuilding the lasso for ${o.property.id}: ${e instanceof Error ? e.message : String(e)}`, stats: ctx.stats(graph.n) };
    }
    if ('error' in rebuilt) return { kind: 'error', error: 'nondeterminism', message: `rebuilding the lasso for ${o.property.id}: ${rebuilt.error}`, stats: ctx.stats(graph.n) };
    const stutter = lasso.cycleEdges.length === 0;
    const cycleLen = rebuilt.trace.steps.length - 1 - rebuilt.loopStart;
    const fairNames = fairness.filter((_, j) => (lasso.taken & (1 << j)) !== 0).map((f) => f.id);
    const who2 = o.label ? `${o.label}: ` : '';
    const reason = stutter
      ? `${who2}the run stops in state ${rebuilt.loopStart} (no action is enabled) without it ever happening: ${o.property.description}`
      : `${who2}states ${rebuilt.loopStart}..${rebuilt.trace.steps.length - 1} repeat forever (a fair cycle of ${cycleLen} step${cycleLen === 1 ? '' : 's'}) without it ever happening: ${o.property.description}`;
    return {
      kind: 'violation',
      complete: true,
      property: o.property.id,
      reason,
      terminal: false,
      trace: rebuilt.trace,
      lasso: { loopStart: rebuilt.loopStart, fairness: fairNames },
      stats: ctx.stats(graph.n),
    };
  }
  return { kind: 'ok', complete: true, stats: { ...ctx.stats(graph.n), transitions: graph.transitions } };
}

/**
 * Check a lasso given as data (replay, tests): `states[0..n]` with the
 * actions between them, the cycle from `loopStart` (states[n] must equal
 * states[loopStart] by fingerprint; loopStart = n: the last state must be
 * terminal). Returns the violation's reason, or why the lasso does not show
 * one (prefixed with "no: ").
 */
export function lassoVerdict<S, A>(model: Model<S, A>, states: readonly S[], actions: readonly (A | null)[], loopStart: number, propertyId: string): { violated: true; reason: string } | { violated: false; why: string } {
  const prop = (model.liveness ?? []).find((p) => p.id === propertyId);
  if (!prop) return { violated: false, why: `no liveness property ${propertyId}` };
  const n = states.length - 1;
  if (!(loopStart >= 0 && loopStart <= n)) return { violated: false, why: `loop start ${loopStart} is not a state of the trace (0..${n})` };
  const w = new FingerprintWriter();
  const fp = (s: S): string => {
    w.fingerprint(model, s);
    return `${w.hi}:${w.lo}`;
  };
  const stutter = loopStart === n;
  if (stutter) {
    if (model.actions(states[n]).length > 0) return { violated: false, why: `the trace stutters in state ${n}, but actions are enabled there` };
  } else if (fp(states[n]) !== fp(states[loopStart])) return { violated: false, why: `the cycle does not close: state ${n} is not state ${loopStart}` };
  // fairness of the cycle
  const fairness = model.fairness ?? [];
  if (!stutter) {
    for (const f of fairness) {
      let taken = false;
      let enabledAll = true;
      let enabledAny = false;
      for (let i = loopStart; i < n; i++) {
        const en = model.actions(states[i]).some((a) => f.includes(a));
        enabledAll &&= en;
        enabledAny ||= en;
        if (f.includes(actions[i + 1] as A)) taken = true;
      }
      if (!taken && f.kind === 'weak' && enabledAll) return { violated: false, why: `the cycle is not fair: ${f.id} is enabled throughout it and never runs (weak fairness)` };
      if (!taken && f.kind === 'strong' && enabledAny) return { violated: false, why: `the cycle is not fair: ${f.id} is enabled in it and never runs (strong fairness)` };
    }
  }
  if (prop.recurring) {
    if (stutter) return { violated: false, why: 'the run stops: its recurring condition does not hold infinitely often' };
    let rec = false;
    for (let i = loopStart; i < n; i++) if (prop.recurring(actions[i + 1] as A)) rec = true;
    if (!rec) return { violated: false, why: 'the cycle takes no recurring step' };
  }
  const instances = prop.instances ?? 1;
  for (let k = 0; k < instances; k++) {
    // the obligation must be open at the loop start and never met from there on, around the cycle
    let open = -1;
    for (let i = 0; i <= n; i++) {
      const met = (prop.to?.(states[i], k) ?? false) || (i > 0 && open >= 0 && (prop.toStep?.(states[i - 1], actions[i] as A, states[i], k) ?? false));
      if (met) open = -1;
      if (open < 0 && !met && prop.from(states[i], k)) open = i;
    }
    if (open < 0) continue;
    // the cycle itself must not meet it either (it repeats forever)
    let metInCycle = false;
    for (let i = loopStart; i <= n; i++) {
      if (prop.to?.(states[i], k)) metInCycle = true;
      if (i > loopStart && prop.toStep?.(states[i - 1], actions[i] as A, states[i], k)) metInCycle = true;
    }
    if (metInCycle) continue;
    const who = instances > 1 ? `${prop.instanceLabel?.(k) ?? `#${k}`}: ` : '';
    return {
      violated: true,
      reason: stutter
        ? `${who}from state ${open} on, the run stops in state ${n} (no action is enabled) without it ever happening: ${prop.description}`
        : `${who}from state ${open} on, states ${loopStart}..${n} repeat forever (a fair cycle) without it ever happening: ${prop.description}`,
    };
  }
  return { violated: false, why: 'the obligation is met (or never arises) along the lasso' };
}
