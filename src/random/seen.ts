/**
 * Distinct states seen by random walks: a streaming 64-bit hash of a state's
 * canonical encoding (two 32-bit lanes, no BigInt, no buffer) and an
 * open-addressing set of those hashes in typed arrays (8 bytes per entry plus
 * the load-factor slack). Nothing here allocates per state.
 *
 * The count is of 64-bit fingerprints: two distinct states that collide are
 * counted once (probability ≈ n²/2^65 for n states, reported by the runner).
 */
import type { Model, StateWriter } from '../engine/model.ts';

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A StateWriter that hashes as it is written to (two independent lanes). */
export class HashingWriter implements StateWriter {
  a = 0;
  b = 0;
  n = 0;

  reset(): void {
    this.a = 0x243f6a88;
    this.b = 0x13198a2e;
    this.n = 0;
  }

  int(x: number): void {
    // Safe integers may exceed 32 bits: fold the high part in as well.
    const lo = x | 0;
    const hi = (x - lo) / 4294967296 | 0;
    let a = this.a ^ Math.imul(lo, P1);
    a = Math.imul((a << 13) | (a >>> 19), P2) ^ hi;
    let b = this.b ^ Math.imul(lo ^ 0x5bd1e995, P3);
    b = Math.imul((b << 17) | (b >>> 15), P4) ^ Math.imul(hi, P1);
    this.a = a;
    this.b = b;
    this.n++;
  }

  bool(v: boolean): void {
    this.int(v ? 1 : 0);
  }

  /** Finish: low and high 32 bits (unsigned) of the 64-bit hash. */
  lo(): number {
    return fmix32(this.a ^ Math.imul(this.n, P2) ^ (this.b >>> 7));
  }
  hi(): number {
    return fmix32(this.b ^ Math.imul(this.n, P3) ^ (this.a << 5));
  }
}

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
  private readonly w = new HashingWriter();
  readonly set = new FingerprintSet();
  constructor(private readonly model: Model<S, unknown>) {}

  /** true when `s` was not seen before. */
  add(s: S): boolean {
    const m = this.model;
    const w = this.w;
    w.reset();
    m.encode(m.canonicalize ? m.canonicalize(s) : s, w);
    return this.set.add(w.hi(), w.lo());
  }

  get size(): number {
    return this.set.size;
  }
}
