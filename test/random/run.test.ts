import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { OptionsError } from '../../src/engine/options.ts';
import { isReplayError, replayPath } from '../../src/engine/replay.ts';
import type { Model } from '../../src/engine/model.ts';
import { parseShard, runRandom, type RandomResult } from '../../src/random/run.ts';
import { locks } from './fixtures/locks.ts';
import { racy } from './fixtures/racy.ts';

/** Everything of a result except timings and heap: what must be identical between two runs of one seed. */
function stable(r: RandomResult<unknown, unknown>): string {
  const { seconds: _s, statesPerSecond: _r, peakHeapBytes: _h, ...stats } = r.stats;
  const { stepsPerSecond: _p, ...random } = r.random;
  return JSON.stringify({ ...r, stats, random });
}

function bfsShortest(model: Parameters<typeof explore>[0]): number {
  const r = explore(model, { mode: 'bfs' });
  if (r.kind !== 'violation') throw new Error(`bfs found no violation (${r.kind})`);
  return r.trace.steps.length - 1;
}

describe('runRandom', () => {
  it('finds a lost update and shrinks it to the BFS shortest length, every step enabled', () => {
    const m = racy({ procs: 4, incs: 3 });
    const shortest = bfsShortest(racy({ procs: 2, incs: 1 }));
    expect(shortest).toBe(4);
    for (const seed of [0, 1, 2, 3, 4]) {
      const r = runRandom(m, { seed, runs: 200, depth: 60 });
      expect(r.kind).toBe('violation');
      if (r.kind !== 'violation') continue;
      expect(r.property).toBe('NoLostUpdate');
      expect(r.trace.steps.length - 1).toBeLessThanOrEqual(shortest + 1);
      expect(r.random.shrunkLength).toBe(r.trace.steps.length - 1);
      expect(r.random.originalLength).toBeGreaterThanOrEqual(r.random.shrunkLength!);
      // every step is one of the enabled actions of the state before it
      for (let i = 1; i < r.trace.steps.length; i++) {
        const prev = r.trace.steps[i - 1].state;
        const acts = m.actions(prev);
        expect(acts[r.trace.steps[i].actionIndex]).toEqual(r.trace.steps[i].action);
      }
      // and the choices replay through the engine's replay to the same trace
      const rec = r.random.choices!;
      const again = replayPath(m, rec[0], rec.slice(1));
      expect(isReplayError(again)).toBe(false);
      expect(JSON.stringify(again)).toBe(JSON.stringify(r.trace));
    }
  });

  it('the same seed gives the same result byte for byte; another seed another run', () => {
    const m = racy({ procs: 5, incs: 2 });
    const a = runRandom(m, { seed: 7, runs: 300, depth: 50 });
    const b = runRandom(m, { seed: 7, runs: 300, depth: 50 });
    expect(a.kind).toBe('violation');
    expect(stable(b)).toBe(stable(a));
    const c = runRandom(m, { seed: 8, runs: 300, depth: 50 });
    expect(stable(c)).not.toBe(stable(a));
  });

  it('a global fast-check configuration does not change a result', () => {
    const m = racy({ procs: 5, incs: 2 });
    const a = runRandom(m, { seed: 7, runs: 300, depth: 50 });
    try {
      fc.configureGlobal({ randomType: 'mersenne', numRuns: 5, endOnFailure: true, unbiased: true, interruptAfterTimeLimit: 1 });
      const b = runRandom(m, { seed: 7, runs: 300, depth: 50 });
      expect(stable(b)).toBe(stable(a));
    } finally {
      fc.resetConfigureGlobal();
    }
  });

  it('--seed S --path P replays the same counterexample directly', () => {
    const m = racy({ procs: 5, incs: 2 });
    for (const seed of [11, 12, 13]) {
      const a = runRandom(m, { seed, runs: 300, depth: 50 });
      if (a.kind !== 'violation') throw new Error('expected a violation');
      const p = runRandom(m, { seed, runs: 300, depth: 50, path: a.random.path });
      if (p.kind !== 'violation') throw new Error('expected the replay to fail');
      expect(JSON.stringify(p.trace)).toBe(JSON.stringify(a.trace));
      expect(p.random.path).toBe(a.random.path);
      expect(p.random.replayedPath).toBe(a.random.path);
      // no search: at most the one generated run of the path is executed
      expect(p.random.runsExecuted).toBeLessThanOrEqual(1);
    }
  });

  it('a path that leads nowhere is an options error', () => {
    const m = racy({ procs: 3, incs: 1 });
    expect(() => runRandom(m, { seed: 1, runs: 10, path: '0:999:999' })).toThrow(OptionsError);
    expect(() => runRandom(m, { seed: 1, runs: 10, path: 'abc' })).toThrow(/path must look like/);
  });

  it('the fixed variant survives the same budget, with statistics of every run', () => {
    const m = racy({ procs: 4, incs: 3, fixed: true });
    const r = runRandom(m, { seed: 1, runs: 500, depth: 60 });
    expect(r.kind).toBe('ok');
    expect(r.kind !== 'error' && r.complete).toBe(false);
    expect(r.random.runsExecuted).toBe(500);
    expect(r.stats.runs).toBe(500);
    // every run ends at the terminal state after procs * incs increments
    expect(r.stats.steps).toBe(500 * 12);
    expect(r.stats.transitions).toBe(r.stats.steps);
    expect(r.stats.coverage).toEqual([{ action: 'inc', fired: 6000, newStates: r.stats.distinctStates - 1 }]);
    expect(r.stats.neverFired).toEqual([]);
    // every walk ended at a dead end: no bound cut anything
    expect(r.random.runsCutByDepth).toBe(0);
    expect(r.kind === 'ok' && r.incompleteReason).toBeUndefined();
    // the same runs cut by a depth bound say so
    const cut = runRandom(m, { seed: 1, runs: 500, depth: 5 });
    expect(cut.random.runsCutByDepth).toBe(500);
    expect(cut.kind === 'ok' && cut.incompleteReason).toBe('max-depth');
  });

  it('distinct states seen match the exhaustive count once the walks cover the space', () => {
    const m = racy({ procs: 2, incs: 2 });
    const bfs = explore(racy({ procs: 2, incs: 2, fixed: true }), { mode: 'bfs' });
    const r = runRandom(racy({ procs: 2, incs: 2, fixed: true }), { seed: 3, runs: 2000, depth: 20 });
    expect(r.kind).toBe('ok');
    expect(r.random.distinctStates).toBe(bfs.stats.distinctStates);
    expect(r.stats.distinctStates).toBe(bfs.stats.distinctStates);
    expect(m.name).toBe('Racy');
  });

  it('reports a terminal (quiescence) violation: a deadlock, shrunk to the shortest', () => {
    const m = locks(8, [7]);
    const shortest = bfsShortest(locks(2, [1]));
    expect(shortest).toBe(2);
    const originals: number[] = [];
    for (let seed = 0; seed < 12; seed++) {
      const r = runRandom(m, { seed, runs: 2000, depth: 60 });
      expect(r.kind).toBe('violation');
      if (r.kind !== 'violation') return;
      expect(r.property).toBe('NoDeadlock');
      expect(r.terminal).toBe(true);
      expect(r.trace.steps.length - 1).toBe(shortest);
      originals.push(r.random.originalLength!);
      const last = r.trace.steps[r.trace.steps.length - 1].state;
      expect(m.actions(last)).toEqual([]);
      const again = runRandom(m, { seed, runs: 2000, depth: 60, path: r.random.path });
      expect(again.kind === 'violation' && JSON.stringify(again.trace)).toBe(JSON.stringify(r.trace));
    }
    // shrinking did work: some runs deadlocked later than the shortest
    expect(Math.max(...originals)).toBeGreaterThan(shortest);
  });

  it('several initial states: the trace starts from the right one, and depth 0 checks only them', () => {
    // x starts at 0, 10 or 20 and counts up by 1 or 2; x = 23 is bad (reachable only from 20)
    const m: Model<{ x: number }, number> = {
      name: 'Starts',
      init: () => [{ x: 0 }, { x: 10 }, { x: 20 }],
      actions: (s) => (s.x < 30 ? [1, 2] : []),
      step: (s, a) => ({ x: s.x + a }),
      invariants: [{ id: 'Not23', description: 'x != 23', check: (s) => (s.x === 23 ? 'x = 23' : null) }],
      encode: (s, w) => w.int(s.x),
      actionLabel: (a) => `+${a}`,
      actionKind: () => 'add',
      actionKinds: ['add'],
    };
    const r = runRandom(m, { seed: 4, runs: 200, depth: 20 });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.trace.initIndex).toBe(2);
    expect(r.trace.steps[0].state).toEqual({ x: 20 });
    expect(r.trace.steps.length - 1).toBe(2); // +1 +2 or +2 +1
    const z = runRandom(m, { seed: 4, runs: 50, depth: 0 });
    expect(z.kind).toBe('ok');
    expect(z.stats.steps).toBe(0);
    expect(z.random.distinctStates).toBe(3);
  });

  it('a model exception is an error result, not a crash', () => {
    const m = racy({ procs: 2, incs: 3, fixed: true, throwAt: 5 });
    const r = runRandom(m, { seed: 1, runs: 50, depth: 20 });
    expect(r.kind).toBe('error');
    if (r.kind !== 'error') return;
    expect(r.error).toBe('model-exception');
    expect(r.message).toMatch(/x reached 5/);
    expect(r.random.path).toMatch(/^\d+(:\d+)*$/);
  });

  it('a time limit cuts the run short: complete false, time-limit', () => {
    const m = racy({ procs: 6, incs: 4, fixed: true });
    const r = runRandom(m, { seed: 1, runs: 100_000_000, depth: 100, timeLimit: 0.2 });
    expect(r.kind).toBe('ok');
    expect(r.kind !== 'error' && r.complete).toBe(false);
    if (r.kind === 'ok') expect(r.incompleteReason).toBe('time-limit');
    expect(r.random.runsExecuted).toBeLessThan(100_000_000);
    expect(r.random.runsExecuted).toBeGreaterThan(0);
  });

  it('rejects bad options with OptionsError', () => {
    const m = racy({ procs: 2, incs: 1 });
    expect(() => runRandom(m, { runs: 0 })).toThrow(OptionsError);
    expect(() => runRandom(m, { seed: -1 })).toThrow(OptionsError);
    expect(() => runRandom(m, { depth: 1.5 })).toThrow(OptionsError);
    expect(() => runRandom(m, { shard: { index: 2, count: 2 } })).toThrow(OptionsError);
    expect(() => runRandom(m, { timeLimit: 0 })).toThrow(OptionsError);
  });

  it('parses shards as 1-based i/N', () => {
    expect(parseShard('1/2')).toEqual({ index: 0, count: 2 });
    expect(parseShard('4/4')).toEqual({ index: 3, count: 4 });
    expect(() => parseShard('0/2')).toThrow(OptionsError);
    expect(() => parseShard('3/2')).toThrow(OptionsError);
    expect(() => parseShard('1-2')).toThrow(OptionsError);
  });
});

describe('shards', () => {
  it('N shards execute exactly the runs of one unsharded run, disjointly', () => {
    const m = racy({ procs: 4, incs: 2, fixed: true });
    const one = runRandom(m, { seed: 9, runs: 301, depth: 30 });
    const parts = [0, 1, 2].map((index) => runRandom(m, { seed: 9, runs: 301, depth: 30, shard: { index, count: 3 } }));
    expect(parts.map((p) => p.random.runsExecuted)).toEqual([101, 100, 100]);
    expect(parts.reduce((n, p) => n + p.stats.steps!, 0)).toBe(one.stats.steps);
    for (let k = 0; k < one.stats.coverage.length; k++) {
      expect(parts.reduce((n, p) => n + p.stats.coverage[k].fired, 0)).toBe(one.stats.coverage[k].fired);
    }
  });

  it('the shard holding the first failing run reports the same counterexample as the unsharded run', () => {
    const m = racy({ procs: 5, incs: 2 });
    const one = runRandom(m, { seed: 21, runs: 400, depth: 50, swarm: true });
    if (one.kind !== 'violation') throw new Error('expected a violation');
    const r0 = one.random.runIndex!;
    const shard = runRandom(m, { seed: 21, runs: 400, depth: 50, shard: { index: r0 % 2, count: 2 } });
    if (shard.kind !== 'violation') throw new Error('expected a violation in the shard');
    expect(shard.random.runIndex).toBe(r0);
    expect(shard.random.path).toBe(one.random.path);
    expect(JSON.stringify(shard.trace)).toBe(JSON.stringify(one.trace));
  });
});
