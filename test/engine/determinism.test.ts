/**
 * Nondeterminism is caught on every run: RunContext.step re-executes the
 * first steps of a run and compares the successors (src/engine/control.ts).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import type { Model } from '../../src/engine/model.ts';
import { withoutDeterminismChecks } from './determinism.ts';

/** A step that flips a hidden coin on every call: like Math.random, but the same on every run. */
function coinFlipper(): Model<{ x: number }, 'go' | 'stay'> {
  let calls = 0;
  return {
    name: 'Coin',
    init: () => [{ x: 0 }],
    actions: (s) => (s.x < 6 ? ['go', 'stay'] : []),
    // 'stay' is deterministic; 'go' adds 1 or 2 depending on the hidden counter
    step: (s, a) => (a === 'stay' ? { x: s.x } : { x: s.x + 1 + (calls++ % 2) }),
    invariants: [],
    encode: (s, w) => w.int(s.x),
    actionLabel: (a) => a,
    actionKind: (a) => a,
    actionKinds: ['go', 'stay'],
  };
}

describe('determinism check', () => {
  for (const mode of ['bfs', 'dfs', 'random'] as const) {
    it(`${mode}: a step that gives two successors for one state and action is an error naming the action`, () => {
      const r = explore(coinFlipper(), { mode, maxDepth: 10 });
      expect(r.kind === 'error' && r.error).toBe('nondeterminism');
      expect(r.kind === 'error' && r.message).toMatch(/^step\(go\) is not deterministic/);
    });
  }
  it('bites: without it the same model runs to an ok verdict (nothing replays a trace)', () => {
    const r = withoutDeterminismChecks(() => explore(coinFlipper(), { maxDepth: 10 }));
    expect(r.kind).toBe('ok');
  });
});
