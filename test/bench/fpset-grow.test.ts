/**
 * FingerprintSet's linear-time grow (src/engine/fpset.ts): after many grows every inserted
 * fingerprint is found and no other, including those that wrap around the table's end
 * (high words near 2^32) and clustered ones (equal high words: the same home slot).
 */
import { describe, expect, it } from 'vitest';
import { FingerprintSet } from '../../src/engine/fpset.ts';
import { createPrng } from '../../src/engine/prng.ts';

describe('FingerprintSet grow', () => {
  it('keeps every fingerprint findable across grows (random, wrapping, clustered)', () => {
    const prng = createPrng(7);
    // a small first table: many grows at a size the test can afford (the clustered third probes long runs)
    const set = new FingerprintSet(16);
    const his: number[] = [];
    const los: number[] = [];
    const word = (): number => (prng.below(0x10000) * 0x10000 + prng.below(0x10000)) >>> 0;
    for (let k = 0; k < 12000; k++) {
      const r = k % 3;
      // random; near the top of the hash range (wrap around the end); one of 50 clustered high words
      const hi = r === 0 ? word() : r === 1 ? (0xffffffff - prng.below(5000)) >>> 0 : 0x12345678 + prng.below(50);
      const lo = word();
      his.push(hi);
      los.push(lo);
      set.add(hi, lo);
    }
    // counted, then one assertion each (an expect() per lookup costs more than the set itself)
    let lost = 0;
    for (let k = 0; k < his.length; k++) if (!set.has(his[k], los[k])) lost++;
    expect(lost).toBe(0);
    let readded = 0;
    for (let k = 0; k < his.length; k++) if (set.add(his[k], los[k])) readded++;
    expect(readded).toBe(0);
    let absent = 0;
    for (let k = 0; k < 4000; k++) if (!set.has(his[k], (los[k] ^ 0x5a5a5a5a) >>> 0)) absent++;
    expect(absent).toBe(4000);
    expect(set.size).toBe(new Set(his.map((h, k) => `${h}:${los[k]}`)).size);
  });
});
