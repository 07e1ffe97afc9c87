import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explore } from '../../src/engine/explore.ts';
import { FingerprintWriter, fingerprintOf, fpToBigInt } from '../../src/engine/fingerprint.ts';
import type { Model } from '../../src/engine/model.ts';
import { normalizeOptions, OptionsError } from '../../src/engine/options.ts';
import { createPrng } from '../../src/engine/prng.ts';
import { NO_PARENT, VisitedSet } from '../../src/engine/visited.ts';
import { counter, grid } from './toys.ts';

function fpOfInts(ints: number[]): bigint {
  const w = new FingerprintWriter();
  w.reset();
  for (const n of ints) w.int(n);
  w.finish();
  return fpToBigInt(w.hi, w.lo);
}

const intsModel: Model<number[], never> = {
  name: 'Ints',
  init: () => [[]],
  actions: () => [],
  step: (s) => s,
  invariants: [],
  encode: (s, w) => s.forEach((n) => w.int(n)),
  actionLabel: () => '',
  actionKind: () => '',
  actionKinds: [],
};

describe('prng', () => {
  it('is deterministic per seed and continues from state()', () => {
    const a = createPrng(123);
    const b = createPrng(123);
    const xs = Array.from({ length: 10 }, () => a.next());
    expect(Array.from({ length: 10 }, () => b.next())).toEqual(xs);
    const c = createPrng(a.state());
    expect(c.next()).toBe(a.next());
    expect(createPrng(124).next()).not.toBe(createPrng(123).next());
    for (const x of xs) expect(x >>> 0).toBe(x);
  });

  it('below(n) is in range and roughly uniform', () => {
    const p = createPrng(9);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[p.below(6)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
    expect(p.below(1)).toBe(0);
    const big = 3 * 2 ** 30;
    for (let i = 0; i < 100; i++) expect(p.below(big)).toBeLessThan(big);
  });
});

describe('fingerprint', () => {
  it('is stable: pinned values (a change here invalidates stored fingerprints)', () => {
    const pinned = [fpOfInts([]), fpOfInts([0]), fpOfInts([1, 2, 3])].map((x) => x.toString(16));
    expect(pinned).toMatchInlineSnapshot(`
      [
        "406ead7b952698ce",
        "6ab7b777313eea1f",
        "30c2636850545aa5",
      ]
    `);
  });

  it('equal encodings give equal fingerprints, via fingerprintOf too', () => {
    expect(fingerprintOf(intsModel, [1, -2, 3])).toBe(fpOfInts([1, -2, 3]));
    expect(fingerprintOf(intsModel, [1, -2, 3])).toBe(fingerprintOf(intsModel, [1, -2, 3]));
  });

  it('distinguishes lengths, big integers and the escape word', () => {
    const cases = [
      [],
      [0],
      [0, 0],
      [1],
      [1, 0],
      [-1],
      [2 ** 31],
      [-(2 ** 31)],
      [-(2 ** 31), 0, 2 ** 31],
      [-(2 ** 31), -1, -(2 ** 31)],
      [2 ** 32],
      [2 ** 52 + 1],
      [-(2 ** 52) - 1],
      [Number.MAX_SAFE_INTEGER],
      [Number.MIN_SAFE_INTEGER],
    ];
    const fps = new Set(cases.map((c) => fpOfInts(c)));
    expect(fps.size).toBe(cases.length);
    expect(() => fpOfInts([0.5])).toThrow(/not a safe integer/);
    expect(() => fpOfInts([2 ** 60])).toThrow(/not a safe integer/);
  });

  it('has no collisions on 300k small structured states', () => {
    const seen = new Set<bigint>();
    let n = 0;
    for (let a = 0; a < 100; a++)
      for (let b = 0; b < 100; b++)
        for (let c = 0; c < 30; c++) {
          seen.add(fpOfInts([a, b, c]));
          n++;
        }
    expect(seen.size).toBe(n);
  });

  it('fingerprintWords of an Int32Array range equals int() of each word (INT32_MIN escaped alike)', () => {
    const w = new FingerprintWriter();
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer(), fc.constant(-(2 ** 31)), fc.integer({ min: -3, max: 3 })), { maxLength: 40 }),
        fc.nat(5),
        fc.nat(5),
        (ints, before, after) => {
          const buf = new Int32Array(before + ints.length + after).fill(7);
          buf.set(ints, before);
          w.fingerprintWords(buf, before, before + ints.length);
          expect(fpToBigInt(w.hi, w.lo)).toBe(fpOfInts(ints));
        },
      ),
      { numRuns: 2000, seed: 3 },
    );
    w.fingerprintWords(new Int32Array([1, 2, 3]), 0, 3);
    expect(fpToBigInt(w.hi, w.lo).toString(16)).toBe('30c2636850545aa5'); // the pinned value of [1, 2, 3]
  });

  it('injective on random int sequences (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.maxSafeInteger(), { maxLength: 6 }), fc.array(fc.maxSafeInteger(), { maxLength: 6 }), (x, y) => {
        const same = x.length === y.length && x.every((v, i) => v === y[i]);
        expect(fpOfInts(x) === fpOfInts(y)).toBe(same);
      }),
      { numRuns: 2000, seed: 1 },
    );
  });
});

describe('visited set', () => {
  it('behaves like a Map from fingerprint to (parent, action), through growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 70000 })), {
          maxLength: 3000,
        }),
        (entries) => {
          const v = new VisitedSet({ initialCapacity: 16 });
          const ref = new Map<string, number>();
          for (const [hi, lo, act] of entries) {
            const key = `${hi}:${lo}`;
            const r = v.insert(hi, lo, ref.size === 0 ? NO_PARENT : ref.size - 1, act, 0);
            if (ref.has(key)) {
              expect(r).toBe(-1 - ref.get(key)!);
            } else {
              expect(r).toBe(ref.size);
              ref.set(key, r);
              expect(v.action(r)).toBe(act);
            }
          }
          expect(v.size).toBe(ref.size);
          for (const [key, id] of ref) {
            const [hi, lo] = key.split(':').map(Number);
            expect(v.find(hi, lo)).toBe(id);
            expect(v.hiOf(id)).toBe(hi);
            expect(v.loOf(id)).toBe(lo);
          }
          expect(v.find(99, 99)).toBe(-1);
        },
      ),
      { numRuns: 50, seed: 3 },
    );
  });

  it('keeps parent pointers, wide action indices and depths', () => {
    const v = new VisitedSet({ trackDepth: true, initialCapacity: 16 });
    const a = v.insert(1, 1, NO_PARENT, 2, 0);
    const b = v.insert(2, 2, a, 5, 1);
    const c = v.insert(3, 3, b, 70000, 2);
    expect(v.pathTo(c)).toEqual([a, b, c]);
    expect([v.action(a), v.action(b), v.action(c)]).toEqual([2, 5, 70000]);
    expect(v.depth(c)).toBe(2);
    v.update(c, a, 1, 1);
    expect(v.pathTo(c)).toEqual([a, c]);
    expect(v.depth(c)).toBe(1);
    for (let i = 0; i < 100000; i++) v.insert(i + 10, i * 7919, c, i % 3, 3);
    expect(v.size).toBe(100003);
    expect(v.action(c)).toBe(1);
    expect(v.bytesAllocated() / v.size).toBeLessThan(40);
  });
});

describe('options', () => {
  it('fills defaults per mode', () => {
    expect(normalizeOptions({})).toEqual({
      mode: 'bfs',
      maxDepth: Infinity,
      maxStates: Infinity,
      timeLimit: Infinity,
      seed: 0,
      runs: 1000,
      listener: undefined,
    });
    expect(normalizeOptions({ mode: 'dfs' }).maxDepth).toBe(100);
    expect(normalizeOptions({ mode: 'random' }).maxDepth).toBe(100);
    expect(normalizeOptions({ mode: 'random', maxDepth: 7, seed: 5, runs: 3 })).toMatchObject({
      maxDepth: 7,
      seed: 5,
      runs: 3,
    });
  });

  it('rejects nonsense with OptionsError', () => {
    const bad = [
      { mode: 'bogus' as any },
      { maxDepth: -1 },
      { maxDepth: NaN },
      { maxDepth: 1.5 },
      { mode: 'dfs' as const, maxDepth: Infinity },
      { maxStates: 0 },
      { maxStates: NaN },
      { timeLimit: 0 },
      { timeLimit: -3 },
      { timeLimit: NaN },
      { seed: -1 },
      { seed: 2 ** 32 },
      { seed: 0.5 },
      { runs: 0 },
      { runs: Infinity },
    ];
    for (const o of bad) expect(() => normalizeOptions(o), JSON.stringify(o)).toThrow(OptionsError);
    expect(() => normalizeOptions({ maxDepth: -1 })).toThrow('maxDepth must be at least 0, got -1');
  });
});

describe('explore: errors outside step, limits at the edges', () => {
  it('reports exceptions from init, encode and canonicalize', () => {
    const base = counter(5);
    const r1 = explore({ ...base, init: () => { throw new Error('no init'); } }, {});
    expect(r1.kind === 'error' && r1.message).toMatch(/^init\(\) threw: no init \(at test\/engine\/units\.test\.ts:\d+:\d+\)$/);
    const r2 = explore({ ...base, encode: (s, w) => w.int(s.x === 2 ? 0.5 : s.x) }, { mode: 'dfs' });
    expect(r2.kind === 'error' && r2.error).toBe('model-exception');
    expect(r2.kind === 'error' && r2.message).toMatch(/^encode\(\) threw: StateWriter.int: 0.5 is not a safe integer/);
    const r3 = explore({ ...base, canonicalize: () => { throw new Error('asym'); } }, { mode: 'random' });
    expect(r3.kind === 'error' && r3.message).toMatch(/^encode\(\) threw: asym \(at test\/engine\/units\.test\.ts:\d+:\d+\)$/);
  });

  it('deduplicates initial states and keeps the first index', () => {
    const base = grid(3, 3, { badAt: [0, 0] });
    const m = { ...base, init: () => [{ x: 0, y: 1 }, { x: 0, y: 1 }, { x: 0, y: 0 }] };
    for (const mode of ['bfs', 'dfs'] as const) {
      const r = explore(m, { mode });
      expect(r.kind === 'violation' && r.trace.initIndex).toBe(2);
    }
    const ok = explore({ ...grid(3, 3), init: () => [{ x: 1, y: 1 }, { x: 1, y: 1 }] }, {});
    expect(ok.stats.distinctStates).toBe(4);
  });

  it('maxStates 1: only the first initial state', () => {
    for (const mode of ['bfs', 'dfs', 'random'] as const) {
      const r = explore(grid(3, 3), { mode, maxStates: 1 });
      expect(r.kind === 'ok' && r.incompleteReason).toBe('max-states');
      expect(r.stats.distinctStates).toBe(1);
    }
  });

  it('calls onProgress in dfs and random modes too', () => {
    for (const mode of ['dfs', 'random'] as const) {
      const seen: { depth: number; seconds: number }[] = [];
      explore(grid(2000, 2000, { back: true }), {
        mode,
        maxDepth: 100000,
        runs: 1e9,
        timeLimit: 1.2,
        listener: { onProgress: (p) => seen.push(p) },
      });
      expect(seen.length).toBeGreaterThanOrEqual(1);
      expect(seen[0].seconds).toBeGreaterThanOrEqual(1);
    }
  });
});
