/**
 * Distinct states seen by random walks: the engine's streaming 64-bit
 * fingerprint of a state's canonical encoding (FingerprintWriter) in the
 * engine's fingerprint-only set (fpset.ts `FingerprintSet`, 8 bytes per slot
 * at load 0.75-0.9). Nothing here allocates per state.
 *
 * The count is of 64-bit fingerprints: two distinct states that collide are
 * counted once (probability ≈ n²/2^65 for n states, reported by the runner).
 */
import type { Model } from '../engine/model.ts';
import { FingerprintWriter } from '../engine/fingerprint.ts';
import { FingerprintSet } from '../engine/fpset.ts';

/** Fingerprints states of one model into a set; `canonicalize` is applied when the model has it. */
export class SeenStates<S> {
  private readonly w = new FingerprintWriter();
  readonly set = new FingerprintSet();
  constructor(private readonly model: Model<S, unknown>) {}

  /** true when `s` was not seen before. */
  add(s: S): boolean {
    const w = this.w;
    w.fingerprint(this.model, s);
    return this.set.add(w.hi, w.lo);
  }

  get size(): number {
    return this.set.size;
  }
}
