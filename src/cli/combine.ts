/**
 * Combining the statistics of several explorations (one per scenario) into
 * one: counts summed, depth and heap maxed, coverage merged by action.
 */
import type { ActionCoverage, Stats } from '../engine/result.ts';

export function combineStats(all: readonly Stats[]): Stats {
  const coverage = new Map<string, ActionCoverage>();
  const order: string[] = [];
  const maybeNever = new Set<string>();
  let distinctStates = 0;
  let transitions = 0;
  let maxDepth = 0;
  let seconds = 0;
  let peakHeapBytes = 0;
  let collision = 0;
  let runs: number | undefined;
  let steps: number | undefined;
  for (const s of all) {
    distinctStates += s.distinctStates;
    transitions += s.transitions;
    maxDepth = Math.max(maxDepth, s.maxDepth);
    seconds += s.seconds;
    peakHeapBytes = Math.max(peakHeapBytes, s.peakHeapBytes);
    // union bound: the probabilities are tiny, and 1-Π(1-p) would round to 0
    collision += s.collisionProbability;
    if (s.runs !== undefined) runs = (runs ?? 0) + s.runs;
    if (s.steps !== undefined) steps = (steps ?? 0) + s.steps;
    for (const c of s.coverage) {
      const prev = coverage.get(c.action);
      if (prev) {
        prev.fired += c.fired;
        prev.newStates += c.newStates;
      } else {
        coverage.set(c.action, { ...c });
        order.push(c.action);
      }
    }
    for (const a of s.neverFired) maybeNever.add(a);
  }
  const neverFired: string[] = [];
  for (const a of maybeNever) if ((coverage.get(a)?.fired ?? 0) === 0) neverFired.push(a);
  for (const a of neverFired) {
    if (!coverage.has(a)) {
      coverage.set(a, { action: a, fired: 0, newStates: 0 });
      order.push(a);
    }
  }
  const out: Stats = {
    distinctStates,
    transitions,
    maxDepth,
    seconds,
    statesPerSecond: seconds > 0 ? distinctStates / seconds : 0,
    peakHeapBytes,
    collisionProbability: Math.min(1, collision),
    coverage: order.map((a) => coverage.get(a)!),
    neverFired,
  };
  if (runs !== undefined) out.runs = runs;
  if (steps !== undefined) out.steps = steps;
  return out;
}
