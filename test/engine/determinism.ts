/** Test helpers for the engine's determinism check (src/engine/control.ts). */
import { determinismCheckCount, setDeterminismChecks } from '../../src/engine/control.ts';

/** fn() with the first-steps re-execution off (to test the replay's own nondeterminism check). */
export function withoutDeterminismChecks<T>(fn: () => T): T {
  const n = determinismCheckCount();
  setDeterminismChecks(0);
  try {
    return fn();
  } finally {
    setDeterminismChecks(n);
  }
}
