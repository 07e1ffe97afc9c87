import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explore } from '../../src/engine/explore.ts';
import { buggyMutex, counter, graphDistances, graphModel, grid, naiveCount, nondeterministic } from './toys.ts';

describe('dfs', () => {
  it('is complete with maxDepth ≥ diameter and counts exactly', () => {
    const m = grid(6, 6, { back: true });
    const r = explore(m, { mode: 'dfs', maxDepth: 10 });
    expect(r.kind).toBe('ok');
    expect(r.kind === 'ok' && r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(naiveCount(m).states);
  });

  it('is incomplete (max-depth) when a state lies beyond the bound', () => {
    const r = explore(grid(6, 6, { back: true }), { mode: 'dfs', maxDepth: 9 });
    expect(r.kind === 'ok' && r.complete).toBe(false);
    expect(r.kind === 'ok' && r.incompleteReason).toBe('max-depth');
    expect(r.stats.distinctStates).toBe(naiveCount(grid(6, 6, { back: true }), 9).states);
  });

  it('re-explores a state reached again at a smaller depth', () => {
    // 0 → 1 → 2 → 3 → 4 (long way first), and 0 → 3 directly (edge index 1):
    // DFS first reaches 3 at depth 3; with maxDepth 3 node 4 is found only
    // because 3 is re-explored from depth 1.
    const adj = [[1, 3], [2], [3], [4], []];
    const r = explore(graphModel(adj), { mode: 'dfs', maxDepth: 3 });
    expect(r.kind).toBe('ok');
    expect(r.kind === 'ok' && r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(5);
  });

  it('uses the default depth bound of 100', () => {
    const r = explore(counter(1000), { mode: 'dfs' });
    expect(r.stats.maxDepth).toBe(100);
    expect(r.kind === 'ok' && r.incompleteReason).toBe('max-depth');
  });

  it('finds violations; the trace is a valid path', () => {
    const m = buggyMutex();
    const r = explore(m, { mode: 'dfs', maxDepth: 20 });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('MutualExclusion');
    const st = r.trace.steps;
    expect(st[0].state).toEqual(m.init()[0]);
    for (let k = 1; k < st.length; k++) {
      expect(m.actions(st[k - 1].state)[st[k].actionIndex]).toEqual(st[k].action);
      expect(m.step(st[k - 1].state, st[k].action!)).toEqual(st[k].state);
    }
    expect(st.at(-1)!.state.pc).toEqual(['crit', 'crit']);
  });

  it('finds terminal violations', () => {
    const r = explore(grid(3, 3, { terminalBad: true }), { mode: 'dfs' });
    expect(r.kind === 'violation' && r.terminal).toBe(true);
    expect(r.kind === 'violation' && r.trace.steps.at(-1)!.state).toEqual({ x: 2, y: 2 });
  });

  it('reports nondeterminism and model exceptions', () => {
    const r = explore(nondeterministic(), { mode: 'dfs' });
    expect(r.kind === 'error' && r.error).toBe('nondeterminism');
    const base = counter(10);
    const r2 = explore({ ...base, actions: (s) => (s.x === 3 ? (undefined as any).boom : base.actions(s)) }, { mode: 'dfs' });
    expect(r2.kind === 'error' && r2.error).toBe('model-exception');
    expect(r2.kind === 'error' && r2.message).toMatch(/^actions\(\) threw/);
  });

  it('maxStates and timeLimit stop it incomplete', () => {
    const r = explore(grid(20, 20, { back: true }), { mode: 'dfs', maxDepth: 50, maxStates: 50 });
    expect(r.kind === 'ok' && r.incompleteReason).toBe('max-states');
    expect(r.stats.distinctStates).toBe(50);
    const r2 = explore(grid(3000, 3000, { back: true }), { mode: 'dfs', maxDepth: 5000, timeLimit: 0.05 });
    expect(r2.kind === 'ok' && r2.incompleteReason).toBe('time-limit');
  });

  it('agrees with BFS distances on random graphs (complete at depth = diameter)', () => {
    const graphArb = fc.integer({ min: 1, max: 25 }).chain((n) =>
      fc.record({
        adj: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
        depth: fc.integer({ min: 0, max: n }),
        inits: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(graphArb, ({ adj, depth, inits }) => {
        const dist = graphDistances(adj, inits);
        const within = dist.filter((d) => d >= 0 && d <= depth).length;
        const beyond = dist.some((d) => d > depth);
        const r = explore(graphModel(adj, { inits }), { mode: 'dfs', maxDepth: depth });
        expect(r.kind).toBe('ok');
        expect(r.stats.distinctStates).toBe(within);
        expect(r.kind === 'ok' && r.complete).toBe(!beyond);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
