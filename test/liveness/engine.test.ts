/**
 * The lasso search on small graphs with known answers: weak and strong
 * fairness, the Streett refinement, stuttering at a terminal state, the
 * recurring form, and a graph too deep for recursion.
 */
import { describe, expect, it } from 'vitest';
import { exploreLiveness } from '../../src/engine/explore.ts';
import { lassoVerdict } from '../../src/engine/liveness.ts';
import type { ExploreResult } from '../../src/engine/result.ts';
import { graphModel, type Edge, type GraphSpec } from './graph-model.ts';

function run(g: GraphSpec): ExploreResult<number, Edge> {
  return exploreLiveness(graphModel(g));
}

/** The node sequence of a lasso and its loop start, or null when there is no violation. */
function lasso(g: GraphSpec): { nodes: number[]; loopStart: number } | null {
  const r = run(g);
  if (r.kind === 'ok') {
    expect(r.complete).toBe(true);
    return null;
  }
  if (r.kind !== 'violation' || !r.lasso) throw new Error(`unexpected result ${JSON.stringify(r)}`);
  const nodes = r.trace.steps.map((s) => s.state);
  // the cycle closes and the lasso shows the violation, as replay checks it
  const v = lassoVerdict(graphModel(g), nodes, r.trace.steps.map((s) => s.action), r.lasso.loopStart, 'eventually-goal');
  expect(v.violated).toBe(true);
  return { nodes, loopStart: r.lasso.loopStart };
}

// 0 loops on itself by p, or q leads to the goal 1
const selfLoop = (fairness: GraphSpec['fairness']): GraphSpec => ({ init: [0], edges: { 0: [[0, 'p'], [1, 'q']], 1: [[1, 'q']] }, from: [0], goal: [1], fairness });

// q is enabled only in 0; p alternates 0 <-> 1
const alternating = (kind: 'weak' | 'strong'): GraphSpec => ({
  init: [0],
  edges: { 0: [[1, 'p'], [2, 'q']], 1: [[0, 'p']], 2: [[2, 'p']] },
  from: [0],
  goal: [2],
  fairness: [{ proc: 'q', kind }],
});

describe('fair lassos on hand-built graphs', () => {
  it('without fairness, a cycle that avoids the goal is a violation', () => {
    expect(lasso(selfLoop([]))).toEqual({ nodes: [0, 0], loopStart: 0 });
  });
  it('weak fairness of a continuously enabled process excludes that cycle', () => {
    expect(lasso(selfLoop([{ proc: 'q', kind: 'weak' }]))).toBeNull();
  });
  it('weak fairness of the looping process alone does not', () => {
    expect(lasso(selfLoop([{ proc: 'p', kind: 'weak' }]))).toEqual({ nodes: [0, 0], loopStart: 0 });
  });
  it('weak fairness does not force a step that is disabled in part of the cycle; strong fairness does', () => {
    expect(lasso(alternating('weak'))).toEqual({ nodes: [0, 1, 0], loopStart: 0 });
    expect(lasso(alternating('strong'))).toBeNull();
  });
  it('strong fairness removes the states where the starved process is enabled and finds the fair cycle left', () => {
    // {0,1,2} is one component; q (enabled in 2 only) is never taken in it; without state 2, 0 <-> 1 is fair
    const g: GraphSpec = {
      init: [0],
      edges: { 0: [[1, 'p']], 1: [[0, 'p'], [2, 'p']], 2: [[1, 'p'], [3, 'q']], 3: [[3, 'p']] },
      from: [0],
      goal: [3],
      fairness: [{ proc: 'q', kind: 'strong' }],
    };
    const l = lasso(g);
    expect(l).not.toBeNull();
    expect(l!.nodes.slice(l!.loopStart)).not.toContain(2);
    // with q weakly fair the whole component is fair (q is disabled in 0 and 1): the cycle may use 2
    expect(lasso({ ...g, fairness: [{ proc: 'q', kind: 'weak' }] })).not.toBeNull();
  });
  it('a from-state whose run ends in a terminal state without the goal stutters there', () => {
    const g: GraphSpec = { init: [0], edges: { 0: [[1, 'p']], 1: [[2, 'p']] }, from: [1], goal: [] };
    expect(lasso(g)).toEqual({ nodes: [0, 1, 2], loopStart: 2 });
    // the goal reached in the terminal state: no violation
    expect(lasso({ ...g, goal: [2] })).toBeNull();
  });
  it('the prefix passes through a from-state: a cycle reachable only without one is no violation', () => {
    // 0 -> 1 (cycle 1 <-> 2, no goal) and 0 -> 3 (from) -> 4 (goal, terminal)
    const g: GraphSpec = { init: [0], edges: { 0: [[1, 'p'], [3, 'p']], 1: [[2, 'p']], 2: [[1, 'p']], 3: [[4, 'p']] }, from: [3], goal: [4] };
    expect(lasso(g)).toBeNull();
    expect(lasso({ ...g, from: [0] })).toEqual({ nodes: [0, 1, 2, 1], loopStart: 1 });
  });
  it('a goal step (toStep) on the only cycle meets the obligation', () => {
    const g: GraphSpec = { init: [0], edges: { 0: [[1, 'alloc']], 1: [[0, 'put']] }, from: [0], goal: [], recurring: ['alloc'] };
    expect(lasso(g)).toEqual({ nodes: [0, 1, 0], loopStart: 0 });
    expect(lasso({ ...g, goalEdges: [[1, 0]] })).toBeNull();
  });
  it('recurring: only cycles that take a recurring step count, and a run that stops never does', () => {
    // 0 <-> 2 idles without allocating; 0 -> 3 stops
    const g: GraphSpec = { init: [0], edges: { 0: [[2, 'idle'], [3, 'idle']], 2: [[0, 'idle']] }, from: [0], goal: [], recurring: ['alloc'] };
    expect(lasso(g)).toBeNull();
  });
  it('handles a component of 100,000 states (iterative Tarjan, no recursion)', () => {
    const n = 100_000;
    const edges: GraphSpec['edges'] = {};
    for (let i = 0; i < n; i++) edges[i] = [[(i + 1) % n, 'p']];
    edges[n - 1].push([n, 'q']);
    const g: GraphSpec = { init: [0], edges, from: [0], goal: [n], fairness: [{ proc: 'q', kind: 'strong' }] };
    expect(lasso(g)).toBeNull();
    const l = lasso({ ...g, fairness: [{ proc: 'q', kind: 'weak' }] });
    expect(l?.loopStart).toBe(0);
    expect(l?.nodes.length).toBe(n + 1);
  });
});

describe('limits', () => {
  it('a graph cut by max-states is an incomplete ok, not a verdict', () => {
    const r = exploreLiveness(graphModel(selfLoop([])), { maxStates: 1 });
    expect(r).toMatchObject({ kind: 'ok', complete: false, incompleteReason: 'max-states' });
  });
});

describe('lassoVerdict (what replay checks)', () => {
  const g = selfLoop([]);
  it('rejects a cycle that does not close, an unfair cycle and a stutter where actions are enabled', () => {
    const m = graphModel(g);
    expect(lassoVerdict(m, [0, 0], [null, { to: 0, proc: 'p' }], 0, 'eventually-goal').violated).toBe(true);
    expect(lassoVerdict(m, [0, 0], [null, { to: 0, proc: 'p' }], 1, 'eventually-goal')).toMatchObject({ violated: false, why: expect.stringMatching(/actions are enabled/) });
    const fair = graphModel(selfLoop([{ proc: 'q', kind: 'weak' }]));
    expect(lassoVerdict(fair, [0, 0], [null, { to: 0, proc: 'p' }], 0, 'eventually-goal')).toMatchObject({ violated: false, why: expect.stringMatching(/not fair: q/) });
    const chain = graphModel({ init: [0], edges: { 0: [[1, 'p']], 1: [[0, 'p']] }, from: [0] });
    expect(lassoVerdict(chain, [0, 1], [null, { to: 1, proc: 'p' }], 0, 'eventually-goal')).toMatchObject({ violated: false, why: expect.stringMatching(/does not close/) });
  });
});
