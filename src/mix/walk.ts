/**
 * One weighted random walk of a workload: from the initial state, each step
 * draws the next action with probability rate / Σ rates (the jump chain of
 * the workload's Markov chain). The first `warmup` steps are not counted;
 * then for `steps` steps every transition is observed (roads) and every
 * state before a step measured (gauges). A state with no enabled action, or
 * only rate-0 ones, ends the walk early (`stuck`).
 */
import { createPrng, type Prng } from '../engine/prng.ts';
import { roadCount, type Workload } from './workload.ts';

export interface RunTally {
  /** road counts, flat (roadIndex) */
  counts: Float64Array;
  /** gauge sums over the counted states */
  gaugeSums: Float64Array;
  /** counted steps */
  steps: number;
  /** ended early: no action with a positive rate */
  stuck: boolean;
}

/** A uniform double in [0, 1) from two draws (53 bits): the same on every platform. */
export function uniform(p: Prng): number {
  const hi = p.next() >>> 5; // 27 bits
  const lo = p.next() >>> 6; // 26 bits
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** The seed of run r of a mix seeded `seed` (a splitmix-style mix of both). */
export function runSeed(seed: number, r: number): number {
  let z = (seed ^ Math.imul(r + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export function walkOnce<S, A>(w: Workload<S, A>, seed: number, warmup: number, steps: number): RunTally {
  const m = w.model;
  const prng = createPrng(seed);
  const counts = new Float64Array(roadCount(w.groups));
  const gaugeSums = new Float64Array(w.gauges.length);
  const g = new Float64Array(w.gauges.length);
  const init = m.init();
  let s = init[init.length > 1 ? prng.below(init.length) : 0];
  let rates = new Float64Array(16);
  let counted = 0;
  for (let i = 0; i < warmup + steps; i++) {
    const acts = m.actions(s);
    if (rates.length < acts.length) rates = new Float64Array(acts.length * 2);
    let total = 0;
    for (let j = 0; j < acts.length; j++) {
      const r = w.rate(s, acts[j]);
      rates[j] = r;
      total += r;
    }
    if (!(total > 0)) return { counts, gaugeSums, steps: counted, stuck: true };
    let x = uniform(prng) * total;
    let pick = acts.length - 1;
    for (let j = 0; j < acts.length; j++) {
      x -= rates[j];
      if (x < 0 && rates[j] > 0) {
        pick = j;
        break;
      }
    }
    while (rates[pick] <= 0) pick--; // rounding at the top end: the last action with a positive rate
    const a = acts[pick];
    const next = m.step(s, a);
    if (i >= warmup) {
      w.measure(s, g);
      for (let k = 0; k < g.length; k++) gaugeSums[k] += g[k];
      w.observe(s, a, next, counts);
      counted++;
    }
    s = next;
  }
  return { counts, gaugeSums, steps: counted, stuck: false };
}
