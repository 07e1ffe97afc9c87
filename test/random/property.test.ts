/**
 * @fast-check/vitest property tests driving models through random walks
 * (src/random/arbitrary.ts): properties checked after every step, at bounds
 * beyond what the exhaustive search of these toys would like.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { walks } from '../../src/random/arbitrary.ts';
import { semanticShrinks, shrinkChoices } from '../../src/random/shrink.ts';
import { Walk } from '../../src/random/walk.ts';
import { locks } from './fixtures/locks.ts';
import { racy } from './fixtures/racy.ts';

/** Shortlex order on choice sequences: the order shrinking must descend. */
function shortlexLess(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return a.length < b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

describe('walks of the fixed toy at large bounds', () => {
  // 8 processes × 4 increments: the exhaustive space is (4+1)^8 ≈ 390k states per x; walks sample it.
  const fixed = walks(racy({ procs: 8, incs: 4, fixed: true }), { depth: 40 });

  test.prop([fixed], { numRuns: 200, seed: 42 })('every step keeps every invariant', (w) => {
    const o = fixed.run(w);
    expect(o, fixed.describe(w)).toEqual({ kind: 'pass', length: 33 });
  });

  const lockOrder = walks(locks(6, []), { depth: 50 });
  test.prop([lockOrder], { numRuns: 200, seed: 7 })('consistent lock order: mutual exclusion and no deadlock', (w) => {
    expect(lockOrder.run(w).kind).toBe('pass');
    const t = lockOrder.trace(w);
    // walks end only at a terminal state here (depth 50 > 6 × 3 steps)
    expect(t.steps.length - 1).toBe(18);
  });
});

describe('walks of the buggy toy', () => {
  test.prop([fc.integer({ min: 0, max: 1000 })], { numRuns: 20, seed: 1 })(
    'fast-check finds the lost update and shrinks it to 4 or 5 steps, every step enabled',
    (seed) => {
      const m = racy({ procs: 6, incs: 3 });
      const arb = walks(m, { depth: 60 });
      const details = fc.check(
        fc.property(arb, (w) => arb.run(w).kind === 'pass'),
        { seed, numRuns: 500 },
      );
      expect(details.failed).toBe(true);
      const w = details.counterexample![0];
      const t = arb.trace(w);
      expect(t.steps.length - 1).toBeGreaterThanOrEqual(4);
      expect(t.steps.length - 1).toBeLessThanOrEqual(5);
      for (let i = 1; i < t.steps.length; i++) {
        expect(m.actions(t.steps[i - 1].state)).toContainEqual(t.steps[i].action);
      }
      expect(arb.run(w)).toMatchObject({ kind: 'violation', property: 'NoLostUpdate' });
    },
  );

  test.prop([fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 30 })], { numRuns: 200, seed: 3 })(
    'every shrink candidate is strictly smaller in shortlex order (shrinking terminates)',
    (xs) => {
      const rec = Uint32Array.from(xs);
      let n = 0;
      for (const c of shrinkChoices(rec)) {
        expect(shortlexLess(c, rec)).toBe(true);
        if (++n > 5000) break;
      }
    },
  );

  const buggy = walks(racy({ procs: 4, incs: 2 }), { depth: 20 });
  test.prop([buggy], { numRuns: 50, seed: 5 })(
    'semantic candidates descend in shortlex and are exact records of their own walks',
    (w) => {
      const rec = buggy.walker.recordOf(w);
      let n = 0;
      for (const c of semanticShrinks(buggy.model, buggy.walker.inits, rec)) {
        expect(shortlexLess(c, rec)).toBe(true);
        // a candidate's indices are in range: executing it consumes exactly its choices
        // (unless it fails or ends at a terminal state earlier)
        const cw = new Walk(-1, 0, null, c);
        const o = buggy.run(cw);
        if (o.kind === 'pass') expect(Array.from(cw.record!)).toEqual(Array.from(c));
        if (++n > 300) break;
      }
    },
  );
});
