import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { fingerprintOf } from '../../src/engine/fingerprint.ts';
import { isReplayError, replayPath } from '../../src/engine/replay.ts';
import { buggyMutex, grid } from './toys.ts';

describe('replay', () => {
  it('replayPath follows action indices and labels steps', () => {
    const m = grid(4, 4);
    const t = replayPath(m, 0, [0, 1, 0]);
    if (isReplayError(t)) throw new Error(t.error);
    expect(t.steps.map((s) => s.label)).toEqual(['Initial state', 'R', 'U', 'R']);
    expect(t.steps.at(-1)!.state).toEqual({ x: 2, y: 1 });
  });

  it('replayPath checks recorded fingerprints and names the step', () => {
    const m = grid(4, 4);
    const good = [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 1 }].map((s) => fingerprintOf(m, s));
    expect(isReplayError(replayPath(m, 0, [0, 1], good))).toBe(false);
    const bad = [...good];
    bad[2] = fingerprintOf(m, { x: 2, y: 0 });
    const r = replayPath(m, 0, [0, 1], bad);
    expect(isReplayError(r) && r.cause).toBe('nondeterminism');
    expect(isReplayError(r) && r.step).toBe(2);
  });

  it('replayPath rejects out-of-range indices', () => {
    const m = grid(2, 2);
    // (0,0) -R-> (1,0) -U-> (1,1), which has no enabled action
    const r = replayPath(m, 0, [0, 0, 0]);
    expect(isReplayError(r) && r.step).toBe(3);
    expect(isReplayError(r) && r.cause).toBe('bad-index');
    const r2 = replayPath(m, 1, []);
    expect(isReplayError(r2) && r2.step).toBe(0);
  });
});
