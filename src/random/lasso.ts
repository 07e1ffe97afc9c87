/**
 * Random mode with `--liveness`: a walk that comes back to a state it has
 * already visited has run around a cycle. The first such revisit of each walk
 * is a lasso candidate (its choices up to the revisit, and where the cycle
 * starts); after the runs, each candidate is replayed and checked as a lasso
 * (engine liveness.ts `lassoVerdict`: the cycle closes, is fair under the
 * model's fairness, and keeps a liveness obligation open forever). Only
 * cycles that a walk happens to close are found: random mode is never
 * complete, and it finds no violation that needs a run to stop (stuttering).
 */
import { FingerprintWriter } from '../engine/fingerprint.ts';
import { lassoVerdict } from '../engine/liveness.ts';
import type { Model } from '../engine/model.ts';
import { isReplayError, replayPath } from '../engine/replay.ts';
import type { Trace } from '../engine/result.ts';

/** At most this many candidates are kept (the first walks' first revisits). */
const MAX_CANDIDATES = 256;

export interface LassoCandidate {
  /** the walk's choices: init index, then one action index per step, up to the revisit */
  choices: number[];
  /** the step whose state the last one repeats */
  loopStart: number;
}

export class LassoTracker<S> {
  private readonly w = new FingerprintWriter();
  private pos = new Map<string, number>();
  private revisit: [number, number] | null = null;
  readonly candidates: LassoCandidate[] = [];
  constructor(private readonly model: Model<S, unknown>) {}

  /** A walk begins. */
  start(): void {
    this.pos.clear();
    this.revisit = null;
  }

  /** The walk is in state `s` after `step` steps. */
  visit(s: S, step: number): void {
    if (this.revisit !== null || this.candidates.length >= MAX_CANDIDATES) return;
    this.w.fingerprint(this.model, s);
    const key = `${this.w.hi}:${this.w.lo}`;
    const at = this.pos.get(key);
    if (at === undefined) this.pos.set(key, step);
    else this.revisit = [at, step];
  }

  /** The walk ended with the choices `record` (record[0] init index, record[k] the k-th action index). */
  end(record: Uint32Array, length: number): void {
    if (this.revisit === null || this.candidates.length >= MAX_CANDIDATES) return;
    const [i, j] = this.revisit;
    if (j + 1 > length) return;
    this.candidates.push({ choices: Array.from(record.subarray(0, j + 1)), loopStart: i });
  }
}

export interface FoundLasso<S, A> {
  property: string;
  reason: string;
  trace: Trace<S, A>;
  loopStart: number;
  fairness: string[];
  choices: number[];
}

/** The first candidate that is a fair lasso violating a liveness property, if any. */
export function firstLassoViolation<S, A>(model: Model<S, A>, candidates: readonly LassoCandidate[]): FoundLasso<S, A> | null {
  for (const c of candidates) {
    const trace = replayPath(model, c.choices[0], c.choices.slice(1));
    if (isReplayError(trace)) continue;
    const states = trace.steps.map((x) => x.state);
    const actions = trace.steps.map((x) => x.action);
    for (const p of model.liveness ?? []) {
      const v = lassoVerdict(model, states, actions, c.loopStart, p.id);
      if (!v.violated) continue;
      const fairness = (model.fairness ?? []).filter((f) => actions.slice(c.loopStart + 1).some((a) => a !== null && f.includes(a))).map((f) => f.id);
      return { property: p.id, reason: v.reason, trace, loopStart: c.loopStart, fairness, choices: c.choices };
    }
  }
  return null;
}
