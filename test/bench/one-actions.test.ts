/**
 * One actions() per state in BFS (src/engine/bfs.ts): terminal invariants are
 * checked when a state is expanded; an invariant violation is the result
 * once the states queued before it pass their terminal check, anything else
 * runs again with them checked at discovery. The results must be those of the search that
 * checks at discovery (which a finite time limit selects: the oracle here).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import type { Model } from '../../src/engine/model.ts';
import type { ExploreResult } from '../../src/engine/result.ts';
import { buildModel } from '../../model/build.ts';
import { countedTree } from './fixtures/counted-tree.ts';

/**
 * The binary tree of test/bench/fixtures/counted-tree.ts (node n has children 2n+1 and 2n+2
 * while n < inner; leaves terminal; `terminalBad`, `bad` the violating nodes); `calls.actions`
 * reads its actions() counter.
 */
function tree(inner: number, opts: { terminalBad?: number; bad?: number }, calls = { actions: 0 }): Model<{ n: number }, number> {
  const buf = new SharedArrayBuffer(4);
  const counter = new Int32Array(buf);
  const m = countedTree(buf, inner, opts);
  Object.defineProperty(calls, 'actions', { get: () => counter[0], configurable: true });
  return m;
}

/** The result without its timings. */
function data(r: ExploreResult<unknown, unknown>): unknown {
  const { seconds: _s, statesPerSecond: _p, peakHeapBytes: _h, ...stats } = r.stats;
  return { ...r, stats };
}

const EXACT = { timeLimit: 1e9 };

describe('bfs: one actions() per state, same results', () => {
  it('a run without violation calls actions() once per distinct state (was twice with terminal checks)', () => {
    const calls = { actions: 0 };
    const r = explore(tree(40, {}, calls), {});
    expect(r.kind).toBe('ok');
    expect(r.stats.distinctStates).toBe(81);
    expect(calls.actions).toBe(81);
    const exact = { actions: 0 };
    explore(tree(40, {}, exact), EXACT);
    expect(exact.actions).toBe(2 * 81); // checking at discovery: once there, once at expansion
  });

  it('page_pool xdp (packed, in place): actions() once per distinct state, same counts', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'xdp', bounds: {}, symmetry: false });
    let calls = 0;
    const counted = { ...m, actions: (s: Parameters<typeof m.actions>[0]) => (calls++, m.actions(s)) };
    const r = explore(counted, {});
    expect(r.kind).toBe('ok');
    expect(calls).toBe(r.stats.distinctStates);
    expect(data(r)).toEqual(data(explore(m, EXACT)));
  });

  it('a terminal violation at depth 3 before an invariant violation at depth 4 discovered first: the terminal one, as at discovery', () => {
    // leaf 12 (depth 3) is discovered before 15 (depth 4, child of 7) but expanded after it is discovered
    const m = tree(10, { terminalBad: 12, bad: 15 });
    const r = explore(m, {});
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('leaf-ok');
    expect(r.trace.steps.length).toBe(4); // the initial state and 3 actions: 0 → 2 → 5 → 12
    expect(data(r)).toEqual(data(explore(m, EXACT)));
  });

  it('an invariant violation only: the same result as checking at discovery', () => {
    const m = tree(30, { bad: 40 });
    const r = explore(m, {});
    expect(r.kind === 'violation' && r.property).toBe('not-bad');
    expect(data(r)).toEqual(data(explore(m, EXACT)));
  });

  it('an invariant violation is not searched for twice: actions() once per state expanded or queued before it', () => {
    const calls = { actions: 0 };
    const m = tree(30, { bad: 40 }, calls);
    const r = explore(m, {});
    expect(r.kind === 'violation' && r.property).toBe('not-bad');
    // 40 is discovered while expanding 19 (0..19 expanded, 20..39 queued): 40 calls, and 5 more to
    // rebuild the trace 0 → 1 → 4 → 9 → 19 → 40 by replay; not a second search's (which made it 85)
    expect(calls.actions).toBe(45);
  });

  it('maxStates: a terminal violation among the states left unexpanded is still found', () => {
    // states 0..12 stored; the cut comes while expanding 6, leaf 12 is still in the frontier
    const m = tree(10, { terminalBad: 12 });
    const r = explore(m, { maxStates: 13 });
    expect(r.kind === 'violation' && r.property).toBe('leaf-ok');
    expect(data(r)).toEqual(data(explore(m, { ...EXACT, maxStates: 13 })));
    const clean = tree(10, {});
    const c = explore(clean, { maxStates: 13 });
    expect(c.kind === 'ok' && c.incompleteReason).toBe('max-states');
    expect(data(c)).toEqual(data(explore(clean, { ...EXACT, maxStates: 13 })));
  });
});
