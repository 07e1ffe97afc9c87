/**
 * Distinct states seen by random walks: the engine's streaming 64-bit
 * fingerprint of a state's canonical encoding (FingerprintWriter) and an
 * open-addressing set of those hashes in typed arrays (8 bytes per entry plus
 * the load-factor slack). Nothing here allocates per state.
 *
 * The count is of 64-bit fingerprints: two distinct states that collide are
 * counted once (probability ≈ n²/2^65 for n states, reported by the runner).
 */
import type { Model } from '../engine/model.ts';
import { FingerprintWriter } from '../engine/fingerprint.ts';

/** Open-addressing set of 64-bit hashes stored as (hi, lo) uint32 pairs. (0,0) is remapped. */
export class FingerprintSet {
  private his: Uint32Array;
  private los: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacityLog2 = 12) {
    const cap = 1 << initialCapacityLog2;
    this.his = new Uint32Array(cap);
    this.los = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  /** Adds the hash; true when it was not there before. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    const his = this.his;
    const los = this.los;
    for (;;) {
      const h = his[i];
      const l = los[i];
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return false;
      i = (i + 1) & this.mask;
    }
    his[i] = hi;
    los[i] = lo;
    this.size++;
    if (this.size * 4 > (this.mask + 1) * 3) this.grow();
    return true;
  }

  get bytes(): number {
    return this.his.byteLength + this.los.byteLength;
  }

  private grow(): void {
    const oldH = this.his;
    const oldL = this.los;
    const cap = oldH.length * 2;
    this.his = new Uint32Array(cap);
    this.los = new Uint32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let j = 0; j < oldH.length; j++) {
      if (oldH[j] !== 0 || oldL[j] !== 0) this.add(oldH[j], oldL[j]);
    }
  }
}

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
