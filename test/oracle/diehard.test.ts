/**
 * DieHard (tlaplus/Examples specifications/DieHard/DieHard.tla): the
 * invariant NotSolved (big # 4) is violated by design, and since TLC's BFS
 * finds shortest counterexamples, its error trace is the shortest solution of
 * the jug puzzle: 6 steps (FillBigJug, BigToSmall, EmptySmallJug, BigToSmall,
 * FillBigJug, BigToSmall). The manifest records DieHard.cfg as exhaustive
 * search with result "safety failure" (no state counts).
 *
 * Our BFS must return a 6-step counterexample (7 trace entries with the
 * initial state) that ends with big = 4, in which every step is a legal
 * DieHard action, and that no shorter path can reach (checked independently
 * by enumerating all action sequences of length <= 5). DFS and seeded random
 * walks must find legal (longer or equal) solutions too, random walks
 * reproducibly for a given seed.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { isReplayError, replayPath } from '../../src/engine/replay.ts';
import {
  DIEHARD_ACTIONS,
  dieHardModel,
  dieHardStep,
  type DieHardAction,
  type DieHardState,
} from './models/DieHard.ts';

const SHORTEST = 6;

type DieHardTrace = { initIndex: number; steps: { action: DieHardAction | null; actionIndex: number; state: DieHardState }[] };

/** Every step of `trace` is a legal DieHard action, recorded at its index in actions(prev); it ends with big = 4. */
function expectLegalSolution(trace: DieHardTrace): void {
  const model = dieHardModel();
  const steps = trace.steps;
  expect(model.init()[trace.initIndex]).toEqual(steps[0].state);
  expect(steps[0].action).toBeNull();
  for (let i = 1; i < steps.length; i++) {
    const prev = steps[i - 1].state;
    const { action, actionIndex, state } = steps[i];
    expect(action).not.toBeNull();
    expect(DIEHARD_ACTIONS).toContain(action as DieHardAction);
    expect(model.actions(prev)[actionIndex]).toBe(action);
    expect(state).toEqual(dieHardStep(prev, action as DieHardAction));
  }
  expect(steps[steps.length - 1].state.big).toBe(4);
}

/** Every state reachable in exactly `n` steps, by brute force over action sequences. */
function reachableIn(n: number): DieHardState[] {
  let layer: DieHardState[] = [{ big: 0, small: 0 }];
  for (let i = 0; i < n; i++) layer = layer.flatMap((s) => DIEHARD_ACTIONS.map((a) => dieHardStep(s, a)));
  return layer;
}

describe('DieHard (TLA+ Examples) as an engine oracle', () => {
  const model = dieHardModel();

  it('the brute-force reference agrees that 6 steps is the shortest solution', () => {
    for (let n = 0; n < SHORTEST; n++) expect(reachableIn(n).some((s) => s.big === 4)).toBe(false);
    expect(reachableIn(SHORTEST).some((s) => s.big === 4)).toBe(true);
  });

  it('BFS violates NotSolved with the shortest (6-step) solution', () => {
    const r = explore(model, { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('NotSolved');
    expect(r.terminal).toBe(false);

    const steps = r.trace.steps;
    expect(steps.length).toBe(SHORTEST + 1);
    expect(steps[0].state).toEqual({ big: 0, small: 0 });
    // big = 4 nowhere earlier (else a shorter counterexample existed)
    for (const st of steps.slice(0, -1)) expect(st.state.big).not.toBe(4);
    // each step a legal DieHard action at its recorded index; ends with big = 4; TypeOK all along
    expectLegalSolution(r.trace);
    for (const st of steps) expect(model.invariants.find((inv) => inv.id === 'TypeOK')!.check(st.state)).toBeNull();

    // and the engine's own replay reproduces the same trace
    const replayed = replayPath(
      model,
      r.trace.initIndex,
      steps.slice(1).map((s) => s.actionIndex),
    );
    if (isReplayError(replayed)) throw new Error(`replay failed: ${replayed.error}`);
    expect(replayed.steps.map((s) => s.state)).toEqual(steps.map((s) => s.state));
  });

  it('without NotSolved, BFS visits exactly the reachable (big, small) pairs, to the same depth', () => {
    // independent reference: a plain breadth-first closure over dieHardStep
    const key = (s: DieHardState) => `${s.big},${s.small}`;
    const seen = new Set<string>(['0,0']);
    let frontier: DieHardState[] = [{ big: 0, small: 0 }];
    let levels = 0;
    for (;;) {
      const next: DieHardState[] = [];
      for (const s of frontier)
        for (const a of DIEHARD_ACTIONS) {
          const t = dieHardStep(s, a);
          if (!seen.has(key(t))) {
            seen.add(key(t));
            next.push(t);
          }
        }
      if (next.length === 0) break;
      levels++;
      frontier = next;
    }
    expect(seen.size).toBe(16);

    const free = { ...model, invariants: model.invariants.filter((i) => i.id !== 'NotSolved') };
    const r = explore(free, { mode: 'bfs' });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(seen.size);
    expect(r.stats.maxDepth).toBe(levels);
  });

  it('DFS also finds a legal solution (not necessarily the shortest)', () => {
    const r = explore(model, { mode: 'dfs', maxDepth: 12 });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('NotSolved');
    expect(r.trace.steps.length).toBeGreaterThanOrEqual(SHORTEST + 1);
    expect(r.trace.steps.length).toBeLessThanOrEqual(12 + 1);
    expectLegalSolution(r.trace);
  });

  it('seeded random walks find a legal solution, the same one for the same seed', () => {
    const run = () => explore(model, { mode: 'random', maxDepth: 12, runs: 5000, seed: 7 });
    const r1 = run();
    const r2 = run();
    expect(r1.kind).toBe('violation');
    if (r1.kind !== 'violation' || r2.kind !== 'violation') throw new Error('expected violations');
    expect(r1.property).toBe('NotSolved');
    expect(r1.trace.steps.length).toBeGreaterThanOrEqual(SHORTEST + 1);
    expectLegalSolution(r1.trace);
    expect(r2.trace).toEqual(r1.trace);
  });
});
