import { withoutDeterminismChecks } from './determinism.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explore } from '../../src/engine/explore.ts';
import { fingerprintOf } from '../../src/engine/fingerprint.ts';
import type { Model } from '../../src/engine/model.ts';
import { buggyMutex, counter, graphDistances, graphModel, grid, naiveCount, nondeterministic } from './toys.ts';

describe('bfs', () => {
  it('counts exactly the reachable states (independent naive BFS)', () => {
    for (const m of [counter(7), counter(50), grid(9, 7, { back: true }), buggyMutex(true)] as Model<any, any>[]) {
      const r = explore(m, {});
      expect(r.kind).toBe('ok');
      if (r.kind !== 'ok') return;
      expect(r.complete).toBe(true);
      const naive = naiveCount(m);
      expect(r.stats.distinctStates).toBe(naive.states);
      expect(r.stats.maxDepth).toBe(naive.depth);
    }
  });

  it('counts transitions: every enabled action of every state', () => {
    const r = explore(grid(4, 3), {});
    // right moves: (w-1)*h, up moves: w*(h-1)
    expect(r.stats.transitions).toBe(3 * 3 + 4 * 2);
  });

  it('finds a shortest counterexample, rebuilt by replay', () => {
    const r = explore(grid(8, 8, { back: true, badAt: [5, 3] }), {});
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('AvoidBad');
    expect(r.reason).toBe('at (5,3)');
    expect(r.terminal).toBe(false);
    expect(r.trace.steps.length).toBe(5 + 3 + 1);
    expect(r.trace.steps[0].action).toBe(null);
    expect(r.trace.steps[0].actionIndex).toBe(-1);
    expect(r.trace.steps.at(-1)!.state).toEqual({ x: 5, y: 3 });
    // each step's state is the model's step from the previous one
    const m = grid(8, 8, { back: true, badAt: [5, 3] });
    for (let k = 1; k < r.trace.steps.length; k++) {
      const prev = r.trace.steps[k - 1].state;
      const st = r.trace.steps[k];
      expect(m.actions(prev)[st.actionIndex]).toEqual(st.action);
      expect(m.step(prev, st.action!)).toEqual(st.state);
      expect(st.label).toBe(st.action);
    }
  });

  it('finds the mutual exclusion bug with a shortest trace (6 steps)', () => {
    const r = explore(buggyMutex(), {});
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('MutualExclusion');
    // try, check, try, check, enter, enter
    expect(r.trace.steps.length).toBe(7);
    expect(r.trace.steps.at(-1)!.state.pc).toEqual(['crit', 'crit']);
  });

  it('reports a violated initial state with a one-state trace', () => {
    const r = explore(counter(5, 0), {});
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.trace.steps.length).toBe(1);
    expect(r.trace.initIndex).toBe(0);
  });

  it('checks terminal invariants only on states without enabled actions', () => {
    const r = explore(grid(4, 3, { terminalBad: true }), {});
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.terminal).toBe(true);
    expect(r.property).toBe('NoDeadEnd');
    expect(r.trace.steps.at(-1)!.state).toEqual({ x: 3, y: 2 });
    expect(r.trace.steps.length).toBe(3 + 2 + 1);
    // no dead end: no terminal violation
    expect(explore(grid(4, 3, { back: true, terminalBad: true }), {}).kind).toBe('ok');
  });

  it('reports nondeterminism when replay disagrees with exploration', () => {
    // the replay's check (the first-steps re-execution of control.ts would catch it first)
    const r = withoutDeterminismChecks(() => explore(nondeterministic(), {}));
    expect(r.kind).toBe('error');
    if (r.kind !== 'error') return;
    expect(r.error).toBe('nondeterminism');
    expect(r.message).toMatch(/step 1/);
  });

  it('reports model exceptions with the action label', () => {
    const base = counter(10);
    const m: typeof base = {
      ...base,
      step: (s, a) => {
        if (s.x === 4 && a.kind === 'inc' && a.by === 2) throw new Error('boom');
        return base.step(s, a);
      },
    };
    const r = explore(m, {});
    expect(r.kind).toBe('error');
    if (r.kind !== 'error') return;
    expect(r.error).toBe('model-exception');
    // the message names where the model's code threw (its own file and line)
    expect(r.message).toMatch(/^step\(inc\(2\)\) threw: boom \(at test\/engine\/bfs\.test\.ts:\d+:\d+\)$/);
    const m2: typeof base = {
      ...base,
      invariants: [{ id: 'Throws', description: '', check: (s) => (s.x === 3 ? (null as any).x : null) }],
    };
    const r2 = explore(m2, {});
    expect(r2.kind === 'error' && r2.message).toMatch(/^invariant Throws threw: /);
  });

  it('maxStates: stops incomplete, storing at most maxStates states', () => {
    const r = explore(grid(10, 10), { maxStates: 30 });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.complete).toBe(false);
    expect(r.incompleteReason).toBe('max-states');
    expect(r.stats.distinctStates).toBe(30);
    // exactly the number of states: complete
    const r2 = explore(grid(10, 10), { maxStates: 100 });
    expect(r2.kind === 'ok' && r2.complete).toBe(true);
  });

  it('maxDepth: incomplete iff a state lies beyond the bound', () => {
    // grid 6x6 with back moves: diameter 10
    const r9 = explore(grid(6, 6, { back: true }), { maxDepth: 9 });
    expect(r9.kind === 'ok' && r9.complete).toBe(false);
    expect(r9.kind === 'ok' && r9.incompleteReason).toBe('max-depth');
    expect(r9.stats.distinctStates).toBe(35);
    expect(r9.stats.maxDepth).toBe(9);
    const r10 = explore(grid(6, 6, { back: true }), { maxDepth: 10 });
    expect(r10.kind === 'ok' && r10.complete).toBe(true);
    expect(r10.stats.distinctStates).toBe(36);
    const r0 = explore(grid(6, 6), { maxDepth: 0 });
    expect(r0.kind === 'ok' && r0.incompleteReason).toBe('max-depth');
    expect(r0.stats.distinctStates).toBe(1);
  });

  it('timeLimit: stops incomplete', () => {
    const r = explore(grid(2000, 2000), { timeLimit: 0.05 });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.complete).toBe(false);
    expect(r.incompleteReason).toBe('time-limit');
    expect(r.stats.distinctStates).toBeLessThan(4_000_000);
    expect(r.stats.seconds).toBeLessThan(2);
  });

  it('coverage: per action kind in actionKinds order, and neverFired', () => {
    const r = explore(counter(7), {});
    expect(r.stats.coverage).toEqual([
      { action: 'inc', fired: 14, newStates: 6 },
      { action: 'reset', fired: 7, newStates: 0 },
      { action: 'dec', fired: 0, newStates: 0 },
    ]);
    expect(r.stats.neverFired).toEqual(['dec']);
  });

  it('dedupes states through canonicalize', () => {
    // states {x}: x and -x are equivalent under canonicalize(|x|)
    const m: Model<{ x: number }, number> = {
      name: 'Sym',
      init: () => [{ x: 0 }],
      actions: (s) => (Math.abs(s.x) < 5 ? [1, -1] : []),
      step: (s, a) => ({ x: s.x + a }),
      invariants: [],
      encode: (s, w) => w.int(s.x),
      canonicalize: (s) => ({ x: Math.abs(s.x) }),
      actionLabel: String,
      actionKind: () => 'move',
      actionKinds: ['move'],
    };
    const r = explore(m, {});
    expect(r.stats.distinctStates).toBe(6);
    expect(fingerprintOf(m, { x: -3 })).toBe(fingerprintOf(m, { x: 3 }));
  });

  it('matches a naive BFS on random graphs: state count, depth, shortest trace', () => {
    const graphArb = fc.integer({ min: 1, max: 30 }).chain((n) =>
      fc.record({
        adj: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 4 }), { minLength: n, maxLength: n }),
        bad: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 2 }),
        inits: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(graphArb, ({ adj, bad, inits }) => {
        const dist = graphDistances(adj, inits);
        const reach = dist.filter((d) => d >= 0).length;
        const badDists = bad.map((b) => dist[b]).filter((d) => d >= 0);
        const r = explore(graphModel(adj, { bad, inits }), {});
        if (badDists.length === 0) {
          expect(r.kind).toBe('ok');
          expect(r.stats.distinctStates).toBe(reach);
          expect(r.stats.maxDepth).toBe(Math.max(...dist));
        } else {
          expect(r.kind).toBe('violation');
          if (r.kind !== 'violation') return;
          expect(r.trace.steps.length - 1).toBe(Math.min(...badDists));
          expect(bad).toContain(r.trace.steps.at(-1)!.state);
          expect(inits[r.trace.initIndex]).toBe(r.trace.steps[0].state);
        }
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('calls onProgress with running statistics', () => {
    const seen: number[] = [];
    const r = explore(grid(3000, 3000), {
      timeLimit: 1.3,
      listener: { onProgress: (p) => seen.push(p.distinctStates) },
    });
    expect(r.kind === 'ok' && r.incompleteReason).toBe('time-limit');
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen[0]).toBeGreaterThan(0);
  });
});
