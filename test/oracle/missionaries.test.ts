/**
 * MissionariesAndCannibals (tlaplus/Examples
 * specifications/MissionariesAndCannibals/, cfg: 3 missionaries and 3
 * cannibals as individuals, INVARIANTS TypeOK Solution): the manifest records
 * "exhaustive search", result "safety failure". Solution (someone is still on
 * bank E) is violated by design and TLC's BFS error trace is a shortest
 * solution: the classic 11 crossings.
 *
 * Our BFS must report Solution violated with an 11-step trace (12 entries),
 * every step a legal Move (1 or 2 people from the boat's bank, both banks safe
 * afterwards, the boat changes sides), and the engine's replay must reproduce
 * it. The 11 is also computed here by an independent breadth-first search over
 * the puzzle's usual abstraction (counts of missionaries and cannibals on bank
 * E, and the boat's side).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { isReplayError, replayPath } from '../../src/engine/replay.ts';
import { missionariesAndCannibalsModel, type MCAction, type MCState } from './models/MissionariesAndCannibals.ts';

/** Shortest number of crossings, by BFS over (missionaries on E, cannibals on E, boat on E). */
function shortestByCounts(M: number, C: number): number {
  const safe = (m: number, c: number) => m === 0 || c <= m;
  const key = (m: number, c: number, e: boolean) => `${m},${c},${e}`;
  let frontier: [number, number, boolean][] = [[M, C, true]];
  const seen = new Set([key(M, C, true)]);
  for (let steps = 0; frontier.length > 0; steps++) {
    const next: [number, number, boolean][] = [];
    for (const [m, c, e] of frontier) {
      if (m === 0 && c === 0) return steps;
      for (let dm = 0; dm <= 2; dm++)
        for (let dc = 0; dc <= 2 - dm; dc++) {
          if (dm + dc === 0) continue;
          const nm = e ? m - dm : m + dm;
          const nc = e ? c - dc : c + dc;
          if (nm < 0 || nc < 0 || nm > M || nc > C) continue;
          if (!safe(nm, nc) || !safe(M - nm, C - nc)) continue;
          const k = key(nm, nc, !e);
          if (!seen.has(k)) {
            seen.add(k);
            next.push([nm, nc, !e]);
          }
        }
    }
    frontier = next;
  }
  return -1;
}

const popcount = (m: number) => {
  let c = 0;
  for (let x = m; x !== 0; x &= x - 1) c++;
  return c;
};

describe('MissionariesAndCannibals (TLA+ Examples) as an engine oracle', () => {
  const model = missionariesAndCannibalsModel(3, 3);
  const ALL = 0b111111;
  const CANNIBALS = 0b111000;
  const safe = (S: number) => (S & ~CANNIBALS) === 0 || popcount(S & CANNIBALS) <= popcount(S & ~CANNIBALS);

  it('the independent count-based search says 11 crossings', () => {
    expect(shortestByCounts(3, 3)).toBe(11);
  });

  it('BFS violates Solution with an 11-crossing solution of legal moves', () => {
    const r = explore(model, { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('Solution');
    const steps = r.trace.steps;
    expect(steps.length).toBe(11 + 1);
    expect(steps[0].state).toEqual({ boat: 'E', east: ALL, west: 0 });
    expect(steps[steps.length - 1].state).toEqual({ boat: 'W', east: 0, west: ALL });
    for (let i = 1; i < steps.length; i++) {
      const prev = steps[i - 1].state as MCState;
      const cur = steps[i].state as MCState;
      const a = steps[i].action as MCAction;
      expect(model.actions(prev)[steps[i].actionIndex]).toEqual(a);
      const here = prev.boat === 'E' ? prev.east : prev.west;
      expect(a.from).toBe(prev.boat);
      expect([1, 2]).toContain(popcount(a.who));
      expect(a.who & ~here).toBe(0);
      expect(cur.boat).not.toBe(prev.boat);
      expect(cur.east | cur.west).toBe(ALL);
      expect(cur.east & cur.west).toBe(0);
      expect(safe(cur.east) && safe(cur.west)).toBe(true);
      expect(cur).toEqual(model.step(prev, a));
      if (i < steps.length - 1) expect(cur.east).not.toBe(0);
    }
    const replayed = replayPath(
      model,
      r.trace.initIndex,
      steps.slice(1).map((s) => s.actionIndex),
    );
    if (isReplayError(replayed)) throw new Error(`replay failed: ${replayed.error}`);
    expect(replayed.steps.map((s) => s.state)).toEqual(steps.map((s) => s.state));
  });
});
