/**
 * Parallel BFS (`--workers N`, src/engine/parallel.ts): the same distinct-state
 * count, transitions and depth as the sequential BFS; a violation with a
 * shortest counterexample of the same length; limits reported as incomplete.
 * (No timings here: speed is measured by `npm run bench`.)
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { exploreParallel } from '../../src/engine/parallel.ts';
import { buildModel } from '../../model/build.ts';
import { buggyMutex, grid } from '../engine/toys.ts';

const TOYS = new URL('../engine/toys.ts', import.meta.url).href;
const BUILD = new URL('../../model/build.ts', import.meta.url).href;
const TREE = new URL('./fixtures/counted-tree.ts', import.meta.url).href;

describe('exploreParallel', () => {
  it('grid 300×300 with 2 workers: same states, transitions and depth as bfs (the set grows while workers insert)', async () => {
    const seq = explore(grid(300, 300, { back: true }), {});
    const par = await exploreParallel({ module: TOYS, export: 'grid', args: [300, 300, { back: true }] }, {}, 2);
    expect(par.kind).toBe('ok');
    expect(par.stats.distinctStates).toBe(90000);
    expect(par.stats.distinctStates).toBe(seq.stats.distinctStates);
    expect(par.stats.transitions).toBe(seq.stats.transitions);
    expect(par.stats.maxDepth).toBe(seq.stats.maxDepth);
    expect(par.kind === 'ok' && par.complete).toBe(true);
  }, 60_000);

  it('a violation: shortest counterexample of the same length as bfs, replayable', async () => {
    const seq = explore(buggyMutex(), {});
    const par = await exploreParallel({ module: TOYS, export: 'buggyMutex', args: [] }, {}, 3);
    expect(seq.kind).toBe('violation');
    expect(par.kind).toBe('violation');
    if (seq.kind !== 'violation' || par.kind !== 'violation') return;
    expect(par.property).toBe(seq.property);
    expect(par.trace.steps.length).toBe(seq.trace.steps.length);
  }, 60_000);

  it('one actions() per state in the workers (terminal invariants at expansion); checking at discovery (a time limit) calls it twice', async () => {
    const calls = new SharedArrayBuffer(4);
    const par = await exploreParallel({ module: TREE, export: 'countedTree', args: [calls, 200] }, {}, 2);
    expect(par.kind).toBe('ok');
    expect(par.stats.distinctStates).toBe(401);
    expect(new Int32Array(calls)[0]).toBe(401);
    const twice = new SharedArrayBuffer(4);
    await exploreParallel({ module: TREE, export: 'countedTree', args: [twice, 200] }, { timeLimit: 1e9 }, 2);
    expect(new Int32Array(twice)[0]).toBe(2 * 401);
  }, 60_000);

  it('a terminal violation at depth 4 before an invariant violation at depth 5: the same as bfs (run again at discovery)', async () => {
    // leaves from node 15 on (depth 4); node 20 (depth 4) is a bad leaf, node 40 would be a bad node at depth 5
    const model = { terminalBad: 20, bad: 40 };
    const calls = new SharedArrayBuffer(4);
    const seq = explore((await import('./fixtures/counted-tree.ts')).countedTree(new SharedArrayBuffer(4), 15, model), {});
    const par = await exploreParallel({ module: TREE, export: 'countedTree', args: [calls, 15, model] }, {}, 2);
    expect(seq.kind).toBe('violation');
    expect(par.kind).toBe('violation');
    if (seq.kind !== 'violation' || par.kind !== 'violation') return;
    expect(par.property).toBe('leaf-ok');
    expect(par.property).toBe(seq.property);
    expect(par.trace.steps.length).toBe(seq.trace.steps.length);
  }, 60_000);

  it('depth bound: incomplete with max-depth, like bfs', async () => {
    const seq = explore(grid(50, 50, { back: true }), { maxDepth: 10 });
    const par = await exploreParallel({ module: TOYS, export: 'grid', args: [50, 50, { back: true }] }, { maxDepth: 10 }, 2);
    expect(par.kind === 'ok' && par.incompleteReason).toBe('max-depth');
    expect(par.stats.distinctStates).toBe(seq.stats.distinctStates);
  }, 60_000);

  it('page_pool xdp (symmetry off): the same distinct states and transitions as bfs', async () => {
    const req = { variant: 'mainline', scenario: 'xdp', bounds: {}, symmetry: false };
    const seq = explore(buildModel(req), {});
    const par = await exploreParallel({ module: BUILD, export: 'buildModel', args: [req] }, {}, 2);
    expect(par.stats.distinctStates).toBe(7708);
    expect(par.stats.distinctStates).toBe(seq.stats.distinctStates);
    expect(par.stats.transitions).toBe(seq.stats.transitions);
  }, 60_000);

  it('page_pool bug variant: the same property and trace length as bfs', async () => {
    const req = { variant: 'recycle-in-ring-pool-uaf', scenario: 'teardown', bounds: {} };
    const seq = explore(buildModel(req), {});
    const par = await exploreParallel({ module: BUILD, export: 'buildModel', args: [req] }, {}, 2);
    expect(seq.kind).toBe('violation');
    expect(par.kind).toBe('violation');
    if (seq.kind !== 'violation' || par.kind !== 'violation') return;
    expect(par.property).toBe(seq.property);
    expect(par.trace.steps.length).toBe(seq.trace.steps.length);
  }, 60_000);

  it('a model exception in a worker is an error result naming the action', async () => {
    const r = await exploreParallel({ module: new URL('./fixtures/throwing.ts', import.meta.url).href, export: 'throwingCounter' }, {}, 2);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') {
      expect(r.error).toBe('model-exception');
      expect(r.message).toMatch(/step\(inc\) threw: boom at 40/);
    }
  }, 60_000);

  it('time limit and state limit: incomplete, with the reason', async () => {
    const spec = { module: TOYS, export: 'grid', args: [400, 400, { back: true }] };
    const t = await exploreParallel(spec, { timeLimit: 0.05 }, 2);
    expect(t.kind === 'ok' && t.incompleteReason).toBe('time-limit');
    const m = await exploreParallel(spec, { maxStates: 1000 }, 2);
    expect(m.kind === 'ok' && m.incompleteReason).toBe('max-states');
    expect(m.stats.distinctStates).toBeGreaterThanOrEqual(1000);
    expect(m.stats.distinctStates).toBeLessThan(160000);
  }, 60_000);

  it('a model module the workers cannot load: the call rejects with the loader error', async () => {
    const spec = { module: new URL('./fixtures/missing.ts', import.meta.url).href, export: 'x' };
    await expect(exploreParallel(spec, {}, 2, grid(3, 3))).rejects.toThrow(/missing\.ts/);
  }, 60_000);

  it('rejects workers < 1 and non-bfs modes', async () => {
    await expect(exploreParallel({ module: TOYS, export: 'grid', args: [3, 3] }, {}, 0)).rejects.toThrow(/workers/);
    await expect(exploreParallel({ module: TOYS, export: 'grid', args: [3, 3] }, { mode: 'dfs', maxDepth: 5 }, 2)).rejects.toThrow(/bfs/);
  });
});
