import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { buggyMutex, counter, graphModel, grid, nondeterministic } from './toys.ts';

describe('random walks', () => {
  it('is deterministic: same seed, same result and trace', () => {
    const a = explore(buggyMutex(), { mode: 'random', seed: 17, runs: 50, maxDepth: 30 });
    const b = explore(buggyMutex(), { mode: 'random', seed: 17, runs: 50, maxDepth: 30 });
    expect(a.kind).toBe('violation');
    if (a.kind !== 'violation' || b.kind !== 'violation') throw new Error('expected violations');
    expect(b.trace).toEqual(a.trace);
    expect(b.stats.steps).toBe(a.stats.steps);
    expect(b.stats.runs).toBe(a.stats.runs);
  });

  it('different seeds explore differently', () => {
    const stepsBySeed = new Set<string>();
    for (let seed = 0; seed < 5; seed++) {
      const r = explore(grid(30, 30, { back: true }), { mode: 'random', seed, runs: 3, maxDepth: 40 });
      stepsBySeed.add(String(r.stats.distinctStates) + '/' + JSON.stringify(r.stats.coverage));
    }
    expect(stepsBySeed.size).toBeGreaterThan(1);
  });

  it('the trace is the walk: a valid path ending in the violation', () => {
    const m = buggyMutex();
    const r = explore(m, { mode: 'random', seed: 3, runs: 100, maxDepth: 50 });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.complete).toBe(false);
    const st = r.trace.steps;
    for (let k = 1; k < st.length; k++) {
      expect(m.step(st[k - 1].state, st[k].action!)).toEqual(st[k].state);
    }
    expect(st.at(-1)!.state.pc).toEqual(['crit', 'crit']);
  });

  it('counts runs, steps and distinct states; never complete', () => {
    // a line 0 → 1 → … → 9 (dead end): every walk has exactly 9 steps
    const adj = Array.from({ length: 10 }, (_, i) => (i < 9 ? [i + 1] : []));
    const r = explore(graphModel(adj), { mode: 'random', runs: 7, maxDepth: 20 });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.complete).toBe(false);
    expect(r.incompleteReason).toBeUndefined();
    expect(r.stats.runs).toBe(7);
    expect(r.stats.steps).toBe(63);
    expect(r.stats.transitions).toBe(63);
    expect(r.stats.distinctStates).toBe(10);
    expect(r.stats.maxDepth).toBe(9);
    expect(r.stats.coverage[0]).toEqual({ action: 'e0', fired: 63, newStates: 9 });
    // cut by the depth bound
    const r2 = explore(graphModel(adj), { mode: 'random', runs: 2, maxDepth: 4 });
    expect(r2.kind === 'ok' && r2.incompleteReason).toBe('max-depth');
    expect(r2.stats.steps).toBe(8);
    expect(r2.stats.distinctStates).toBe(5);
  });

  it('finds terminal violations and reports errors', () => {
    const r = explore(grid(3, 3, { terminalBad: true }), { mode: 'random', runs: 5 });
    expect(r.kind === 'violation' && r.terminal).toBe(true);
    expect(r.kind === 'violation' && r.trace.steps.length).toBe(5);
    const n = explore(nondeterministic(), { mode: 'random', runs: 1 });
    expect(n.kind === 'error' && n.error).toBe('nondeterminism');
    const base = counter(10);
    const e = explore(
      { ...base, step: (s, a) => (a.kind === 'reset' ? (() => { throw new Error('no reset'); })() : base.step(s, a)) },
      { mode: 'random', runs: 20 },
    );
    expect(e.kind === 'error' && e.message).toMatch(/^step\(reset\) threw: no reset \(at test\/engine\/random\.test\.ts:\d+:\d+\)$/);
  });

  it('maxStates and timeLimit stop it', () => {
    const r = explore(grid(100, 100, { back: true }), { mode: 'random', runs: 1000, maxDepth: 1000, maxStates: 100 });
    expect(r.kind === 'ok' && r.incompleteReason).toBe('max-states');
    expect(r.stats.distinctStates).toBe(100);
    const r2 = explore(grid(1000, 1000, { back: true }), { mode: 'random', runs: 1e9, maxDepth: 1000, timeLimit: 0.05 });
    expect(r2.kind === 'ok' && r2.incompleteReason).toBe('time-limit');
  });
});

describe('random walks, long', () => {
  it('handles walks longer than the initial walk buffer, and a huge depth bound without preallocating it', () => {
    // a line of 3000 nodes whose last one is bad
    const n = 3000;
    const adj = Array.from({ length: n }, (_, i) => (i < n - 1 ? [i + 1] : []));
    const r = explore(graphModel(adj, { bad: [n - 1] }), { mode: 'random', runs: 1, maxDepth: 1e9 });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.trace.steps.length).toBe(n);
    expect(r.trace.steps.at(-1)!.state).toBe(n - 1);
  });
});
