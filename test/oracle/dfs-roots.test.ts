/**
 * Regression test, from a bug the TLC oracle found (MCInternalMemory and
 * MCWriteThroughCache: DFS bounded at TLC's diameter was incomplete), fixed in
 * 718fb89 ("Engine DFS: record all initial states at depth 0 before the
 * search").
 *
 * src/engine/dfs.ts used to skip an initial state that an earlier root had
 * already reached, instead of exploring it from depth 0 as well. States whose
 * BFS distance is counted from that initial state were then left beyond the
 * bound: DFS bounded at the BFS diameter missed them (it did say
 * complete: false, so the result was honest, only weaker than documented).
 *
 * Model: initial states 0 and 1, one action n -> n+1 while n < 3.
 * BFS: 4 states, diameter 2 (0 and 1 at depth 0, 2 at 1, 3 at 2).
 * The old DFS from root 0 with maxDepth 2 recorded 1 at depth 1 and 2 at
 * depth 2 (3 beyond); root 1 was then skipped as visited, so 3 was never
 * reached.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import type { Model } from '../../src/engine/model.ts';

const chain: Model<number, 'inc'> = {
  name: 'TwoRootChain',
  init: () => [0, 1],
  actions: (n) => (n < 3 ? ['inc'] : []),
  step: (n) => n + 1,
  invariants: [],
  encode: (n, w) => w.int(n),
  actionLabel: () => 'inc',
  actionKind: () => 'inc',
  actionKinds: ['inc'],
};

describe('DFS with an initial state reachable from another initial state', () => {
  it('BFS: 4 states, diameter 2', () => {
    const r = explore(chain, { mode: 'bfs' });
    expect(r.kind).toBe('ok');
    expect(r.stats.distinctStates).toBe(4);
    expect(r.stats.maxDepth).toBe(2);
  });

  it('DFS bounded at the diameter visits all 4 states and is complete', () => {
    const r = explore(chain, { mode: 'dfs', maxDepth: 2 });
    if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}`);
    expect(r.stats.distinctStates).toBe(4);
    expect(r.complete).toBe(true);
  });
});
