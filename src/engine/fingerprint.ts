/**
 * 64-bit fingerprints of canonical state encodings (TLC's FP64 idea: store
 * fingerprints, not states).
 *
 * `FingerprintWriter` is a reusable `StateWriter`: it hashes the ints a
 * model writes as they come (streaming, no buffer) with two
 * independent 32-bit lanes (a murmur3-style lane and an xxhash32-style lane,
 * cross-mixed at the end like murmur3's x86_128 finalizer). On the hot path the
 * result is read as two uint32 (`hi`, `lo`); `fingerprintOf` returns a bigint
 * for callers off the hot path.
 *
 * Encoding of one int: an int32 other than INT32_MIN is one word; anything
 * else (INT32_MIN, or a safe integer outside int32) is the escape word
 * INT32_MIN followed by the high and low 32 bits. The word sequence is thus an
 * injective function of the int sequence; the length is hashed too.
 */
import type { Model, StateWriter } from './model.ts';

const INT32_MIN = -0x80000000;
const TWO32 = 0x100000000;
const SEED1 = 0x9747b28c | 0; // murmur3 lane
const SEED2 = 0x165667b1 | 0; // xxhash32 lane

export class FingerprintWriter implements StateWriter {
  // running state of the two lanes and the word count (hashing is streamed:
  // no buffer, one pass)
  private h1 = SEED1;
  private h2 = SEED2;
  private len = 0;
  /** High 32 bits of the last fingerprint computed by `finish`. */
  hi = 0;
  /** Low 32 bits of the last fingerprint computed by `finish`. */
  lo = 0;

  reset(): void {
    this.h1 = SEED1;
    this.h2 = SEED2;
    this.len = 0;
  }

  private word(w: number): void {
    // lane 1: murmur3_32 block
    let k = Math.imul(w, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let h1 = this.h1 ^ k;
    h1 = (h1 << 13) | (h1 >>> 19);
    this.h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    // lane 2: xxhash32 round
    let h2 = (this.h2 + Math.imul(w, 0x85ebca77)) | 0;
    h2 = (h2 << 13) | (h2 >>> 19);
    this.h2 = Math.imul(h2, 0x9e3779b1);
    this.len++;
  }

  int(n: number): void {
    if ((n | 0) === n && n !== INT32_MIN) {
      this.word(n);
      return;
    }
    if (!Number.isSafeInteger(n)) {
      throw new RangeError(`StateWriter.int: ${n} is not a safe integer`);
    }
    this.word(INT32_MIN);
    this.word(Math.floor(n / TWO32) | 0);
    this.word((n >>> 0) | 0);
  }

  bool(b: boolean): void {
    this.word(b ? 1 : 0);
  }

  /** Number of 32-bit words written since the last reset. */
  get length(): number {
    return this.len;
  }

  /** Finalize the words written since the last reset into `hi`/`lo`. */
  finish(): void {
    const n = this.len;
    let h1 = this.h1 ^ n;
    let h2 = this.h2 ^ Math.imul(n, 0x27d4eb2f);
    h1 = fmix32(h1);
    h2 = fmix32b(h2);
    h1 = (h1 + h2) | 0;
    h2 = (h2 + h1) | 0;
    this.hi = h1 >>> 0;
    this.lo = h2 >>> 0;
  }

  /**
   * The fingerprint of the ints `words[start..end)` into `hi`/`lo`: the same
   * value as `int()` of each of them after a reset, then `finish()` (an
   * INT32_MIN word is escaped the same way). For a model whose `encode` is its
   * `pack` (Model.encode), BFS hashes each packed state in the frontier's
   * buffer with this, in one tight loop, instead of encoding the state again.
   */
  fingerprintWords(words: Int32Array, start: number, end: number): void {
    let h1 = SEED1;
    let h2 = SEED2;
    let len = 0;
    for (let i = start; i < end; i++) {
      const n = words[i];
      if (n === INT32_MIN) {
        // the escape word, then the high and low halves (-1, INT32_MIN), as `int()` writes them
        this.h1 = h1;
        this.h2 = h2;
        this.len = len;
        this.word(INT32_MIN);
        this.word(-1);
        this.word(INT32_MIN);
        h1 = this.h1;
        h2 = this.h2;
        len = this.len;
        continue;
      }
      // lane 1: murmur3_32 block (as word())
      let k = Math.imul(n, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h1 ^= k;
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      // lane 2: xxhash32 round (as word())
      h2 = (h2 + Math.imul(n, 0x85ebca77)) | 0;
      h2 = (h2 << 13) | (h2 >>> 19);
      h2 = Math.imul(h2, 0x9e3779b1);
      len++;
    }
    this.h1 = h1;
    this.h2 = h2;
    this.len = len;
    this.finish();
  }

  /** Encode `s` (canonicalized if the model says so) and compute its fingerprint into `hi`/`lo`. */
  fingerprint<S, A>(model: Model<S, A>, s: S): void {
    this.reset();
    model.encode(model.canonicalize ? model.canonicalize(s) : s, this);
    this.finish();
  }
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function fmix32b(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return h;
}

/** Combine two uint32 halves into a bigint fingerprint. */
export function fpToBigInt(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** 16 hex digits, for printing. */
export function fpToHex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** The 64-bit fingerprint of a state (of `encode(canonicalize(s))` when the model canonicalizes). */
export function fingerprintOf<S, A>(model: Model<S, A>, s: S): bigint {
  const w = new FingerprintWriter();
  w.fingerprint(model, s);
  return fpToBigInt(w.hi, w.lo);
}
