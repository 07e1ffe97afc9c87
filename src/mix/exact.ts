/**
 * The exact answer where the state space is small: explore every state a walk
 * can reach (transitions with a positive rate), take the jump chain of the
 * workload's rates over that graph (P(s → s') = rate / Σ rates), and find the
 * limiting distribution from the initial state by power iteration of the lazy
 * chain ½(I + P) (aperiodic, same stationary distribution). The long-run
 * fraction of a road is then Σ_s π(s) Σ_a P(s, a)·[a takes the road] over the
 * same sum for its group, and a gauge's long-run mean is Σ_s π(s)·g(s): the
 * quantities a long walk estimates.
 */
import type { Model } from '../engine/model.ts';
import { roadCount, type Workload } from './workload.ts';

export interface ExactOptions {
  /** give up (ExactTooLarge) beyond this many states */
  maxStates: number;
  /** stop when the L1 change of one iteration is below this */
  tolerance?: number;
  maxIterations?: number;
}

export class ExactTooLarge extends Error {
  override name = 'ExactTooLarge';
}

export interface ExactResult {
  states: number;
  transitions: number;
  iterations: number;
  /** L1 change of the last iteration */
  residual: number;
  converged: boolean;
  /** per flat road index: long-run events per step */
  roadRates: number[];
  /** per gauge: long-run mean */
  gauges: number[];
}

function keyOf<S, A>(m: Model<S, A>, s: S): string {
  const ints: number[] = [];
  const w = { int: (n: number) => void ints.push(n), bool: (b: boolean) => void ints.push(b ? 1 : 0) };
  if (m.pack) m.pack(s, w);
  else m.encode(s, w);
  return ints.join(',');
}

export function exactMix<S, A>(w: Workload<S, A>, o: ExactOptions): ExactResult {
  const m = w.model;
  const nRoads = roadCount(w.groups);
  const index = new Map<string, number>();
  const states: S[] = [];
  const add = (s: S): number => {
    const k = keyOf(m, s);
    let i = index.get(k);
    if (i === undefined) {
      if (states.length >= o.maxStates) throw new ExactTooLarge(`more than ${o.maxStates} states`);
      i = states.length;
      index.set(k, i);
      states.push(s);
    }
    return i;
  };
  const init = m.init();
  const start = add(init[0]);
  // CSR-like edge lists built as we go
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const edgeP: number[] = [];
  /** per state: expected road events of one step from it (flat, nRoads per state) */
  const stepRoads: number[] = [];
  const gauges: number[] = [];
  const tmp = new Float64Array(nRoads);
  const g = new Float64Array(w.gauges.length);
  for (let i = 0; i < states.length; i++) {
    const s = states[i];
    w.measure(s, g);
    for (const x of g) gauges.push(x);
    const acts = m.actions(s);
    const rates = acts.map((a) => w.rate(s, a));
    const total = rates.reduce((x, y) => x + y, 0);
    const exp = new Float64Array(nRoads);
    if (!(total > 0)) {
      edgeFrom.push(i);
      edgeTo.push(i);
      edgeP.push(1);
    } else {
      for (let j = 0; j < acts.length; j++) {
        if (!(rates[j] > 0)) continue;
        const p = rates[j] / total;
        const next = m.step(s, acts[j]);
        tmp.fill(0);
        w.observe(s, acts[j], next, tmp);
        for (let r = 0; r < nRoads; r++) exp[r] += p * tmp[r];
        const t = add(next);
        edgeFrom.push(i);
        edgeTo.push(t);
        edgeP.push(p);
      }
    }
    for (let r = 0; r < nRoads; r++) stepRoads.push(exp[r]);
  }
  const n = states.length;
  const E = edgeFrom.length;
  const from = Int32Array.from(edgeFrom);
  const to = Int32Array.from(edgeTo);
  const prob = Float64Array.from(edgeP);
  let pi = new Float64Array(n);
  let nextPi = new Float64Array(n);
  pi[start] = 1;
  const tol = o.tolerance ?? 1e-12;
  const maxIt = o.maxIterations ?? 1_000_000;
  let it = 0;
  let residual = Infinity;
  while (it < maxIt && residual > tol) {
    for (let i = 0; i < n; i++) nextPi[i] = 0.5 * pi[i];
    for (let e = 0; e < E; e++) nextPi[to[e]] += 0.5 * pi[from[e]] * prob[e];
    residual = 0;
    for (let i = 0; i < n; i++) residual += Math.abs(nextPi[i] - pi[i]);
    const t = pi;
    pi = nextPi;
    nextPi = t;
    it++;
  }
  const roadRates = new Array<number>(nRoads).fill(0);
  const gaugeMeans = new Array<number>(w.gauges.length).fill(0);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < nRoads; r++) roadRates[r] += pi[i] * stepRoads[i * nRoads + r];
    for (let k = 0; k < w.gauges.length; k++) gaugeMeans[k] += pi[i] * gauges[i * w.gauges.length + k];
  }
  return { states: n, transitions: E, iterations: it, residual, converged: residual <= tol, roadRates, gauges: gaugeMeans };
}
