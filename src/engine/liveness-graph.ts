/**
 * The explored state graph kept for the liveness check (liveness.ts): one id
 * per distinct state (fingerprint → id in a `VisitedSet`, with the BFS parent
 * and action index that first reached it), the edges in compressed rows
 * (CSR: the successors of id v are edgeTo[edgeStart[v] .. edgeStart[v+1])),
 * and per state and per edge the bits the liveness check reads: which
 * property instances `from`/`to` hold in a state, which fairness constraints
 * an edge's action belongs to, which instances an edge meets (`toStep`) and
 * which edges are `recurring`. No state is kept: 5 ints per edge, 4 per state
 * plus the visited set.
 */
import { Phase, type RunContext } from './context.ts';
import type { LivenessProperty } from './model.ts';
import { VisitedSet, NO_PARENT } from './visited.ts';

/** A growable Int32Array. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(cap = 1024) {
    this.data = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  trimmed(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** One checked instance of a liveness property (bit `bit` in the masks). */
export interface Obligation<S, A> {
  property: LivenessProperty<S, A>;
  instance: number;
  label: string;
}

export interface StateGraph {
  n: number;
  edgeStart: Int32Array;
  edgeTo: Int32Array;
  /** index of the edge's action in actions(representative state) */
  edgeAction: Int32Array;
  /** fairness constraints the action belongs to (bit j = model.fairness[j]) */
  edgeFair: Int32Array;
  /** bit b: the step meets obligation b (its property's toStep) */
  edgeGoal: Int32Array;
  /** bit b: the edge is `recurring` for obligation b's property */
  edgeRec: Int32Array;
  /** bit b: `from` of obligation b holds in the state */
  nodeFrom: Int32Array;
  /** bit b: `to` of obligation b holds in the state */
  nodeTo: Int32Array;
  /** OR of edgeFair over the state's successors (what is enabled there) */
  nodeEnabled: Int32Array;
  visited: VisitedSet;
  /** ids of the initial states, and their index into init() */
  roots: number[];
  rootInit: number[];
  transitions: number;
}

export type GraphBuild = { kind: 'graph'; graph: StateGraph } | { kind: 'cut'; reason: 'max-states' | 'time-limit'; distinct: number };

/**
 * Explore every reachable state (BFS), recording the graph. Stops (`cut`)
 * at `opts.maxStates` distinct states or the time limit. Throws what the
 * model throws (the caller reports it with ctx.describeFailure).
 */
export function buildGraph<S, A>(ctx: RunContext<S, A>, obligations: readonly Obligation<S, A>[]): GraphBuild {
  const { model, opts } = ctx;
  const fairness = model.fairness ?? [];
  if (fairness.length > 31) throw new Error(`at most 31 fairness constraints, the model has ${fairness.length}`);
  if (obligations.length > 31) throw new Error(`at most 31 liveness obligations at once, got ${obligations.length}`);
  const visited = new VisitedSet();
  ctx.visitedSet = visited;
  const fp = ctx.fp;
  const queue: S[] = [];
  const edgeStart = new IntList();
  const edgeTo = new IntList(4096);
  const edgeAction = new IntList(4096);
  const edgeFair = new IntList(4096);
  const edgeGoal = new IntList(4096);
  const edgeRec = new IntList(4096);
  const nodeFrom = new IntList();
  const nodeTo = new IntList();
  const nodeEnabled = new IntList();
  const roots: number[] = [];
  const rootInit: number[] = [];
  const stateBits = (s: S): void => {
    ctx.phase = Phase.Invariant;
    let f = 0;
    let t = 0;
    for (let b = 0; b < obligations.length; b++) {
      const o = obligations[b];
      ctx.curInvariant = o.property.id;
      if (o.property.from(s, o.instance)) f |= 1 << b;
      if (o.property.to?.(s, o.instance)) t |= 1 << b;
    }
    nodeFrom.push(f);
    nodeTo.push(t);
  };
  const add = (s: S, parent: number, action: number): number => {
    ctx.fingerprint(s);
    const old = visited.find(fp.hi, fp.lo);
    if (old >= 0) return old;
    if (visited.size >= opts.maxStates) return -1;
    const id = visited.insert(fp.hi, fp.lo, parent, action, 0);
    stateBits(s);
    queue.push(s);
    return id;
  };
  ctx.phase = Phase.Init;
  const inits = model.init();
  for (let i = 0; i < inits.length; i++) {
    const before = visited.size;
    const id = add(inits[i], NO_PARENT, i);
    if (id < 0) return { kind: 'cut', reason: 'max-states', distinct: visited.size };
    if (visited.size > before) {
      roots.push(id);
      rootInit.push(i);
    }
  }
  let head = 0;
  let depth = 0;
  let levelEnd = queue.length;
  while (head < queue.length) {
    if (head === levelEnd) {
      depth++;
      levelEnd = queue.length;
    }
    if (ctx.tick(visited.size, depth, queue.length - head)) return { kind: 'cut', reason: 'time-limit', distinct: visited.size };
    const s = queue[head];
    (queue as (S | undefined)[])[head] = undefined;
    const id = head++;
    edgeStart.push(edgeTo.length);
    const acts = ctx.actions(s);
    let enabled = 0;
    for (let i = 0; i < acts.length; i++) {
      const a = acts[i];
      const next = ctx.step(s, a);
      const nid = add(next, id, i);
      if (nid < 0) return { kind: 'cut', reason: 'max-states', distinct: visited.size };
      if (queue.length - 1 === nid && depth + 1 > ctx.maxDepth) ctx.maxDepth = depth + 1;
      ctx.fire(a, queue.length - 1 === nid);
      let fair = 0;
      for (let j = 0; j < fairness.length; j++) if (fairness[j].includes(a)) fair |= 1 << j;
      let goal = 0;
      let rec = 0;
      ctx.phase = Phase.Invariant;
      for (let b = 0; b < obligations.length; b++) {
        const p = obligations[b].property;
        if (p.toStep?.(s, a, next, obligations[b].instance)) goal |= 1 << b;
        if (p.recurring?.(a)) rec |= 1 << b;
      }
      enabled |= fair;
      edgeTo.push(nid);
      edgeAction.push(i);
      edgeFair.push(fair);
      edgeGoal.push(goal);
      edgeRec.push(rec);
    }
    nodeEnabled.push(enabled);
  }
  edgeStart.push(edgeTo.length);
  return {
    kind: 'graph',
    graph: {
      n: visited.size,
      edgeStart: edgeStart.trimmed(),
      edgeTo: edgeTo.trimmed(),
      edgeAction: edgeAction.trimmed(),
      edgeFair: edgeFair.trimmed(),
      edgeGoal: edgeGoal.trimmed(),
      edgeRec: edgeRec.trimmed(),
      nodeFrom: nodeFrom.trimmed(),
      nodeTo: nodeTo.trimmed(),
      nodeEnabled: nodeEnabled.trimmed(),
      visited,
      roots,
      rootInit,
      transitions: edgeTo.length,
    },
  };
}

/**
 * Strongly connected components of the subgraph induced by the nodes with
 * `inSet[v] === stamp`, following only edges e with `edgeOk(e)` (iterative
 * Tarjan: no recursion, graphs can be large). Returns the components with at
 * least one internal edge (a cycle), each as a list of node ids.
 */
export function cyclicComponents(g: StateGraph, nodes: readonly number[], inSet: Int32Array, stamp: number, edgeOk: (e: number) => boolean): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  // call stack of (node, next edge position)
  const cs: number[] = [];
  const { edgeStart, edgeTo } = g;
  for (const root of nodes) {
    if (index.has(root)) continue;
    index.set(root, counter);
    low.set(root, counter);
    counter++;
    stack.push(root);
    onStack.add(root);
    cs.push(root, edgeStart[root]);
    while (cs.length > 0) {
      const v = cs[cs.length - 2];
      const e = cs[cs.length - 1];
      if (e < edgeStart[v + 1]) {
        cs[cs.length - 1] = e + 1;
        const w = edgeTo[e];
        if (inSet[w] !== stamp || !edgeOk(e)) continue;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter);
          counter++;
          stack.push(w);
          onStack.add(w);
          cs.push(w, edgeStart[w]);
        } else if (onStack.has(w)) {
          const iw = index.get(w) as number;
          if (iw < (low.get(v) as number)) low.set(v, iw);
        }
        continue;
      }
      cs.length -= 2;
      if (cs.length > 0) {
        const u = cs[cs.length - 2];
        const lv = low.get(v) as number;
        if (lv < (low.get(u) as number)) low.set(u, lv);
      }
      if (low.get(v) === index.get(v)) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        let cyclic = comp.length > 1;
        if (!cyclic) {
          for (let x = edgeStart[v]; x < edgeStart[v + 1]; x++) if (edgeTo[x] === v && edgeOk(x)) cyclic = true;
        }
        if (cyclic) out.push(comp);
      }
    }
  }
  return out;
}
