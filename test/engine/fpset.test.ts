import { withoutDeterminismChecks } from './determinism.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { fingerprintOf } from '../../src/engine/fingerprint.ts';
import { CompactVisitedSet, FingerprintDepthMap, FingerprintSet, GROWTH, MAX_LOAD, REMAP_HI, REMAP_LO, checkBitsOf } from '../../src/engine/fpset.ts';
import { replayPath, isReplayError } from '../../src/engine/replay.ts';
import { NO_PARENT } from '../../src/engine/visited.ts';
import { grid, nondeterministic } from './toys.ts';

const key = (hi: number, lo: number): string => `${hi >>> 0}:${lo >>> 0}`;

/** A deterministic stream of 32-bit words (LCG). */
function words(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
}

describe('FingerprintSet (Robin Hood, fastrange slots)', () => {
  // high words that share home slots at every table size (0, 1, 2 → slot 0; the top ones → the last
  // slot, so runs wrap around the end of the table), with any low word
  const crowdedHi = fc.constantFrom(0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xfffffffd, 0xfffffffe, 0xffffffff);
  const anyHi = fc.nat({ max: 0xffffffff });
  const fpArb = fc.tuple(fc.oneof(crowdedHi, anyHi), fc.oneof(fc.nat({ max: 7 }), fc.nat({ max: 0xffffffff })));

  it('behaves like a Set of 64-bit values under forced slot collisions, through growth', () => {
    fc.assert(
      fc.property(fc.array(fpArb, { maxLength: 3000 }), fc.array(fpArb, { maxLength: 300 }), (adds, probes) => {
        const s = new FingerprintSet();
        const ref = new Set<string>();
        for (const [hi, lo] of adds) {
          const k = key(hi === 0 && lo === 0 ? REMAP_HI : hi, hi === 0 && lo === 0 ? REMAP_LO : lo);
          expect(s.add(hi, lo)).toBe(!ref.has(k));
          ref.add(k);
        }
        expect(s.size).toBe(ref.size);
        for (const [hi, lo] of adds) expect(s.has(hi, lo)).toBe(true);
        for (const [hi, lo] of probes) {
          const k = key(hi === 0 && lo === 0 ? REMAP_HI : hi, hi === 0 && lo === 0 ? REMAP_LO : lo);
          expect(s.has(hi, lo)).toBe(ref.has(k));
        }
        expect(new Set([...s.entries()].map(([h, l]) => key(h, l)))).toEqual(ref);
      }),
      { numRuns: 60, seed: 9 },
    );
  });

  it('finds nothing in a run of one home slot that it was not given (early stop is sound)', () => {
    const s = new FingerprintSet();
    // 200 fingerprints with hi = 0 (home slot 0) and 200 with hi = 0xffffffff (the last slot, wrapping to 0)
    for (let lo = 1; lo <= 200; lo++) {
      expect(s.add(0, lo * 2)).toBe(true);
      expect(s.add(0xffffffff, lo * 2)).toBe(true);
    }
    expect(s.size).toBe(400);
    for (let lo = 1; lo <= 200; lo++) {
      expect(s.has(0, lo * 2)).toBe(true);
      expect(s.has(0, lo * 2 + 1)).toBe(false);
      expect(s.has(0xffffffff, lo * 2)).toBe(true);
      expect(s.has(0xffffffff, lo * 2 + 1)).toBe(false);
      expect(s.has(1, lo * 2)).toBe(false);
    }
  });

  it('stores the reserved empty value 0:0 as REMAP (one more possible collision, nothing lost)', () => {
    const s = new FingerprintSet();
    expect(s.has(0, 0)).toBe(false);
    expect(s.add(0, 0)).toBe(true);
    expect(s.has(0, 0)).toBe(true);
    expect(s.add(0, 0)).toBe(false);
    expect(s.has(REMAP_HI, REMAP_LO)).toBe(true);
    expect(s.add(REMAP_HI, REMAP_LO)).toBe(false);
    expect(s.add(0, 1)).toBe(true);
    expect(s.add(1, 0)).toBe(true);
    expect(s.size).toBe(3);
    expect([...s.entries()].map(([h, l]) => key(h, l)).sort()).toEqual([key(0, 1), key(1, 0), key(REMAP_HI, REMAP_LO)].sort());
  });

  it('keeps its load in [0.75, 0.9] at every size past the first growth, and 8 bytes per slot', () => {
    const s = new FingerprintSet();
    const next = words(5);
    let grew = 0;
    let slots = s.capacity;
    let bad = 0;
    let minLoad = 1;
    let maxLoad = 0;
    for (let n = 1; n <= 400_000; n++) {
      s.add(next(), next());
      if (s.capacity !== slots) {
        if (s.capacity !== Math.ceil(slots * GROWTH)) bad++;
        slots = s.capacity;
        grew++;
      }
      const load = n / s.capacity;
      maxLoad = Math.max(maxLoad, load);
      if (grew > 0) minLoad = Math.min(minLoad, load);
      if (s.bytesAllocated() !== 8 * s.capacity) bad++;
    }
    expect(bad).toBe(0);
    expect(maxLoad).toBeLessThanOrEqual(MAX_LOAD);
    expect(maxLoad).toBeGreaterThan(0.89);
    expect(minLoad).toBeGreaterThanOrEqual(0.749);
    expect(minLoad).toBeLessThan(0.76);
    expect(grew).toBeGreaterThan(30);
    expect(s.size).toBe(400_000);
  });

  it('keeps every element across many sizes and growths', () => {
    for (const n of [1, 229, 230, 231, 1000, 4097, 65_537, 250_000]) {
      const s = new FingerprintSet();
      const next = words(n);
      const hs: number[] = [];
      let wrong = 0;
      for (let i = 0; i < n; i++) {
        const hi = next();
        const lo = next();
        hs.push(hi, lo);
        if (!s.add(hi, lo)) wrong++;
      }
      expect(s.size).toBe(n);
      for (let i = 0; i < n; i++) if (!s.has(hs[2 * i], hs[2 * i + 1])) wrong++;
      for (let i = 0; i < Math.min(n, 1000); i++) if (s.has(hs[2 * i], (hs[2 * i + 1] ^ 0x40000) >>> 0)) wrong++;
      expect(wrong).toBe(0);
    }
  });
});

describe('CompactVisitedSet (fingerprint set + trace log)', () => {
  it('keeps parent, action (widening to 16 and 32 bits) and check bits per id, across chunks', () => {
    const v = new CompactVisitedSet();
    const next = words(11);
    const n = 120_000;
    const lo: number[] = [];
    const actionAt = (i: number): number => (i < 50_000 ? i % 200 : i < 90_000 ? (i * 7) % 70_000 : i * 13);
    for (let i = 0; i < n; i++) {
      const l = next();
      lo.push(l);
      if (v.insert(next(), l, i < 3 ? NO_PARENT : Math.floor(i / 2), actionAt(i)) !== i) throw new Error(`id of ${i}`);
    }
    expect(v.size).toBe(n);
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      if (v.parent(i) !== (i < 3 ? NO_PARENT : Math.floor(i / 2))) wrong++;
      if (v.action(i) !== actionAt(i)) wrong++;
      if (v.checkBits(i) !== checkBitsOf(lo[i])) wrong++;
    }
    expect(wrong).toBe(0);
    expect([v.action(49_999), v.action(89_999), v.action(n - 1)]).toEqual([actionAt(49_999), actionAt(89_999), actionAt(n - 1)]);
    // path: n-1 → (n-1)/2 → … → an initial state
    const path = v.pathTo(n - 1);
    expect(path.at(-1)).toBe(n - 1);
    expect(v.parent(path[0])).toBe(NO_PARENT);
    for (let k = 1; k < path.length; k++) expect(v.parent(path[k])).toBe(path[k - 1]);
    expect(() => v.parent(n)).toThrow(RangeError);
  });

  it('insert: a present fingerprint gives -1 and records nothing', () => {
    const v = new CompactVisitedSet();
    expect(v.insert(5, 6, NO_PARENT, 0)).toBe(0);
    expect(v.insert(5, 6, 0, 3)).toBe(-1);
    expect(v.insert(7, 8, 0, 3)).toBe(1);
    expect(v.size).toBe(2);
    expect(v.action(1)).toBe(3);
    expect(v.has(5, 6) && v.has(7, 8) && !v.has(6, 5)).toBe(true);
  });

  it('ids past checkedIds keep a full 32-bit parent and no check bits', () => {
    const v = new CompactVisitedSet({ checkedIds: 100 });
    for (let i = 0; i < 1000; i++) v.insert(i + 1, 0xf0 + (i & 15), i === 0 ? NO_PARENT : i - 1, i & 3);
    expect(v.checkBits(99)).toBe(checkBitsOf(0xf0 + (99 & 15)));
    expect(v.checkBits(100)).toBe(-1);
    expect(v.parent(100)).toBe(99);
    expect(v.parent(999)).toBe(998);
    expect(v.pathTo(999)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('reports the bytes it allocates: 8 per slot plus 5 per allocated id, at most 16 per state past 2,100 states', () => {
    const v = new CompactVisitedSet();
    const next = words(3);
    let worst = 0;
    for (let n = 1; n <= 500_000; n++) {
      v.insert(next(), next(), n === 1 ? NO_PARENT : n - 2, 1);
      if (n % 101 === 0 || n < 3000) {
        const b = v.bytesBreakdown();
        expect(v.bytesAllocated()).toBe(b.table + b.perId);
        expect(b.table).toBe(8 * b.slots);
        // Uint32 parent + Uint8 action per allocated id, at most 1/32 (or one 256-entry chunk) unused
        expect(b.perId % 5).toBe(0);
        expect(b.perId / 5).toBeGreaterThanOrEqual(n);
        expect(b.perId / 5).toBeLessThanOrEqual(Math.max(n + 256, n * (1 + 1 / 32)));
        if (n > 2100) worst = Math.max(worst, v.bytesAllocated() / n);
      }
    }
    expect(worst).toBeGreaterThan(15);
    expect(worst).toBeLessThanOrEqual(16);
    // a wide action index widens every chunk: 6 bytes per allocated id
    v.insert(1, 2, 0, 300);
    expect(v.bytesBreakdown().perId % 6).toBe(0);
  }, 30_000);

  it('replay check: names the first replayed state that is not in the set, has other check bits, or is not the violating one', () => {
    const m = grid(5, 5);
    // exploration's path (0,0) -R-> (1,0) -U-> (1,1), plus other reached states
    const v = new CompactVisitedSet();
    const add = (x: number, y: number, parent: number, action: number): number => {
      const f = fingerprintOf(m, { x, y });
      return v.insert(Number(f >> 32n), Number(f & 0xffffffffn), parent, action);
    };
    const a = add(0, 0, NO_PARENT, 0);
    const b = add(1, 0, a, 0);
    add(0, 1, a, 1);
    const c = add(1, 1, b, 1);
    const path = v.pathTo(c);
    expect(path).toEqual([a, b, c]);
    const ok = replayPath(m, 0, [0, 1], v.replayExpectation(path));
    expect(isReplayError(ok)).toBe(false);
    // the same ids replayed with other actions: (0,0) -U-> (0,1), a reached state, but not state b
    const swapped = replayPath(m, 0, [1, 0], v.replayExpectation(path));
    const fb = fingerprintOf(m, { x: 1, y: 0 });
    const f01 = fingerprintOf(m, { x: 0, y: 1 });
    if (checkBitsOf(Number(fb & 0xffffffffn)) !== checkBitsOf(Number(f01 & 0xffffffffn))) {
      expect(isReplayError(swapped) && swapped.step).toBe(1);
      expect(isReplayError(swapped) && swapped.error).toMatch(/check bits/);
    } else expect.unreachable('pick states with other check bits');
    // (0,0) -R-> (1,0) -R-> (2,0): never reached
    const off = replayPath(m, 0, [0, 0], v.replayExpectation(path));
    expect(isReplayError(off) && off.step).toBe(2);
    expect(isReplayError(off) && off.cause).toBe('nondeterminism');
    // the last state must be the last inserted one (the violating state)
    add(4, 4, c, 0);
    const last = v.pathTo(c); // c is no longer the last inserted: checked by membership and check bits only
    expect(isReplayError(replayPath(m, 0, [0, 1], v.replayExpectation(last)))).toBe(false);
    const d = add(2, 1, c, 0);
    const toD = v.pathTo(d);
    // replaying (0,0) R U U gives (1,2), never reached; R U R gives (2,1), the violating state
    expect(isReplayError(replayPath(m, 0, [0, 1, 0], v.replayExpectation(toD)))).toBe(false);
    const wrongLast = replayPath(m, 0, [0, 1, 1], v.replayExpectation(toD));
    expect(isReplayError(wrongLast) && wrongLast.step).toBe(3);
    expect(isReplayError(wrongLast) && wrongLast.error).toMatch(/violating state/);
  });

  it('BFS names the first step of a nondeterministic model that replays to another reached state', () => {
    // nondeterministic(): exploration reaches x = 0, 1, 2, 3; replay gives 0, 2, 4, 6.
    // Step 1 replays to x = 2, which is in the set: only the check bits of state #1 (x = 1) tell it apart.
    const m = nondeterministic();
    const lo = (x: number): number => Number(fingerprintOf(m, { x }) & 0xffffffffn);
    expect(checkBitsOf(lo(1))).not.toBe(checkBitsOf(lo(2)));
    // the replay's check (the first-steps re-execution of control.ts would catch it first)
    const r = withoutDeterminismChecks(() => explore(nondeterministic(), {}));
    expect(r.kind === 'error' && r.error).toBe('nondeterminism');
    expect(r.kind === 'error' && r.message).toMatch(/at step 1: .*check bits/);
  });
});

describe('BFS with the compact set: the packed frontier keeps its own fingerprints', () => {
  it('counts the same with pack/unpack, and reports a pack/unpack pair that loses a field', () => {
    const m = grid(30, 30, { back: true });
    const plain = explore(m, {});
    const packed = explore({ ...m, pack: (s, w) => (w.int(s.x), w.int(s.y)), unpack: (r) => ({ x: r.int(), y: r.int() }) }, {});
    expect(plain.kind === 'ok' && plain.complete).toBe(true);
    expect(packed.stats.distinctStates).toBe(900);
    expect(packed.stats.transitions).toBe(plain.stats.transitions);
    expect(packed.stats.visitedBytes).toBe(plain.stats.visitedBytes);
    // y is written but read back as 0: the state after "U" unpacks as another state
    const lossy = explore({ ...m, pack: (s, w) => (w.int(s.x), w.int(s.y)), unpack: (r) => ({ x: r.int(), y: (r.int(), 0) }) }, {});
    expect(lossy.kind === 'error' && lossy.error).toBe('model-exception');
    expect(lossy.kind === 'error' && lossy.message).toMatch(/out of step/);
  });
});

describe('FingerprintDepthMap (DFS)', () => {
  it('behaves like a Map from 64-bit fingerprint to depth under forced collisions, through growth and widening', () => {
    const hiArb = fc.oneof(fc.constantFrom(0, 1, 2, 0x80000000, 0xfffffffe, 0xffffffff), fc.nat({ max: 0xffffffff }));
    const opArb = fc.tuple(hiArb, fc.oneof(fc.nat({ max: 5 }), fc.nat({ max: 0xffffffff })), fc.oneof(fc.nat({ max: 300 }), fc.nat({ max: 100_000 })));
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 2500 }), (ops) => {
        const m = new FingerprintDepthMap();
        const ref = new Map<string, number>();
        const norm = (hi: number, lo: number): string => (hi === 0 && lo === 0 ? key(REMAP_HI, REMAP_LO) : key(hi, lo));
        for (const [hi, lo, depth] of ops) {
          const k = norm(hi, lo);
          const slot = m.find(hi, lo);
          expect(slot >= 0).toBe(ref.has(k));
          if (slot < 0) {
            m.insert(hi, lo, depth);
            ref.set(k, depth);
          } else {
            expect(m.depthAt(slot)).toBe(ref.get(k));
            if (depth < ref.get(k)!) {
              m.setDepthAt(slot, depth);
              ref.set(k, depth);
            }
          }
        }
        expect(m.size).toBe(ref.size);
        for (const [hi, lo] of ops) {
          const slot = m.find(hi, lo);
          expect(slot >= 0 && m.depthAt(slot)).toBe(ref.get(norm(hi, lo)));
        }
        expect(m.find(3, 3) >= 0).toBe(ref.has(key(3, 3)));
      }),
      { numRuns: 60, seed: 4 },
    );
  });

  it('counts 9 bytes per slot while depths fit in a byte, widening to 10 and 12', () => {
    const m = new FingerprintDepthMap();
    const next = words(17);
    for (let i = 0; i < 10_000; i++) m.insert(next(), next(), i % 200);
    expect(m.bytesAllocated()).toBe(9 * m.capacity);
    expect(m.size / m.capacity).toBeGreaterThanOrEqual(0.749);
    m.insert(1, 1, 1000);
    expect(m.bytesAllocated()).toBe(10 * m.capacity);
    m.insert(1, 2, 70_000);
    expect(m.bytesAllocated()).toBe(12 * m.capacity);
    expect(m.depthAt(m.find(1, 1))).toBe(1000);
    expect(m.depthAt(m.find(1, 2))).toBe(70_000);
    expect(() => m.insert(1, 2, 3)).toThrow();
  });
});
