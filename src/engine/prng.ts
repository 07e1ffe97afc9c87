/**
 * A small, fast, seeded PRNG on one uint32 of state (splitmix32: a Weyl
 * sequence with step 0x9e3779b9 followed by a strong 32-bit finalizer).
 * Deterministic across platforms; never use Math.random in ppcheck.
 */

export interface Prng {
  /** A uniformly distributed uint32. */
  next(): number;
  /** A uniformly distributed integer in [0, n) (n ≥ 1, n ≤ 2^32), unbiased. */
  below(n: number): number;
  /** The current internal state (a uint32); `createPrng(p.state())` continues the same sequence. */
  state(): number;
}

export function createPrng(seed: number): Prng {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  const below = (n: number): number => {
    if (n <= 1) return 0;
    if (n > 0x100000000) throw new RangeError(`below(${n}): bound exceeds 2^32`);
    // Rejection sampling on the top of the range: unbiased for any n.
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const r = next();
      if (r < limit) return r % n;
    }
  };
  return { next, below, state: () => s };
}
