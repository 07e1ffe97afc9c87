/**
 * Model.pack / Model.unpack of the page_pool model (compact BFS frontiers):
 * unpack(pack(s)) equals s for every reachable state of several scenarios
 * (compileCodec generates them from the initial state), and BFS gives the same
 * counts with and without packing.
 */
import { determinismCheckCount } from '../../src/engine/control.ts';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { canStepInPlace } from '../../src/engine/in-place.ts';
import type { Model, StateReader, StateWriter } from '../../src/engine/model.ts';
import { buildModel } from '../../model/build.ts';
import { SCENARIOS } from '../../model/scenarios.ts';
import type { PpAction } from '../../model/registry.ts';
import type { PagePoolState } from '../../model/state.ts';

/**
 * expect(a).toEqual(b) with the same verdict, for the loops over thousands of states: node's strict
 * deep equality implies toEqual's, so a pair it accepts passes toEqual too, and a pair it rejects
 * goes through toEqual, which decides (and prints its diff). vitest's toEqual on every state was
 * 4.7 s of npm test's CPU.
 */
function expectEqual(a: unknown, b: unknown): void {
  if (!isDeepStrictEqual(a, b)) expect(a).toEqual(b);
}
/** expect(a).toBe(b), fast when it holds */
function expectSame(a: unknown, b: unknown): void {
  if (!Object.is(a, b)) expect(a).toBe(b);
}

class Buf implements StateWriter, StateReader {
  words: number[] = [];
  pos = 0;
  int(n?: number): number {
    if (n === undefined) return this.words[this.pos++];
    this.words.push(n);
    return n;
  }
  bool(b?: boolean): boolean {
    if (b === undefined) return this.words[this.pos++] !== 0;
    this.words.push(b ? 1 : 0);
    return b;
  }
}

function roundTrips<S, A>(m: Model<S, A>, maxStates: number): number {
  let checked = 0;
  const rec = {
    id: 'roundtrip',
    description: '',
    check: (s: S) => {
      const b = new Buf();
      m.pack!(s, b);
      const back = m.unpack!(b);
      expectSame(b.pos, b.words.length);
      expectEqual(back, s);
      checked++;
      return null;
    },
  };
  explore({ ...m, invariants: [rec] }, { maxStates });
  return checked;
}

describe('page_pool pack/unpack', () => {
  const ids = ['rx-recycle', 'skb-clone-coalesce', 'frag', 'destroy-swap', 'teardown', 'xdp', 'napi-move', 'threaded-napi', 'percpu-pool'];
  for (const id of SCENARIOS.filter((s) => ids.includes(s.id) || s.dmaSyncDev).map((s) => s.id)) {
    it(`${id}: unpack(pack(s)) equals s on 3000 reachable states`, () => {
      const m = buildModel({ variant: 'mainline', scenario: id, bounds: {} });
      expect(roundTrips(m, 3000)).toBeGreaterThan(0);
    }, 60_000);
  }

  it('BFS with a packed frontier and with state objects: the same counts', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'xdp', bounds: {}, symmetry: false });
    const plain: Model<unknown, unknown> = { ...(m as unknown as Model<unknown, unknown>) };
    delete plain.pack;
    delete plain.unpack;
    const a = explore(m, {});
    const b = explore(plain, {});
    expect(a.stats.distinctStates).toBe(7708);
    expect(b.stats.distinctStates).toBe(a.stats.distinctStates);
    expect(b.stats.transitions).toBe(a.stats.transitions);
  }, 60_000);

  it('a model whose unpack loses a field is an error, not a wrong count', () => {
    for (const symmetry of [false, true]) {
      const m = buildModel({ variant: 'mainline', scenario: 'xdp', bounds: {}, symmetry });
      // through StateReader calls (no packWords/unpackWords) and through the typed-array forms
      const viaCalls: Model<PagePoolState, PpAction> = { ...m, unpack: (r: StateReader) => ({ ...m.unpack!(r), budget: 0 }) };
      delete viaCalls.packWords;
      delete viaCalls.unpackWords;
      const viaWords: Model<PagePoolState, PpAction> = {
        ...m,
        unpackWords: (b, c) => ({ ...m.unpackWords!(b, c), budget: 0 }),
        unpackWordsInto: (b, c, t) => {
          m.unpackWordsInto!(b, c, t);
          t.budget = 0;
        },
      };
      for (const broken of [viaCalls, viaWords]) {
        const r = explore(broken, {});
        expect(r.kind).toBe('error');
        if (r.kind === 'error') expect(r.message).toMatch(/pack\/unpack/);
      }
    }
  });

  it('a loss in few states found only deep in the search is caught too (the check samples after the first levels)', () => {
    // xdp-large bounds; the loss is in the states where every packet has come (4 pages
    // allocated) and no RX descriptor holds a page, unpacked only after the 4,096 first
    const bounds = { cpus: 3, pages: 4, budget: 6, descs: 3, cacheSize: 4, ringSize: 4, pressure: 1 };
    for (const symmetry of [false, true]) {
      const m = buildModel({ variant: 'mainline', scenario: 'xdp', bounds, symmetry });
      const lossy = (s: PagePoolState) => s.pools[0].hold === 4 && s.budget === 0 && s.rx.length === 0;
      // BFS expands states in the order it discovers them: the first lossy state is expanded after the 4,096 first
      let discovered = 0;
      let firstLossy = -1;
      const order = {
        id: 'order',
        description: '',
        check: (s: PagePoolState) => {
          if (lossy(s)) {
            firstLossy = discovered;
            return 'the first lossy state'; // stops the search there
          }
          discovered++;
          return null;
        },
      };
      expect(explore({ ...m, invariants: [order] }, {}).kind).toBe('violation');
      expect(firstLossy).toBeGreaterThan(4096);
      const lose = (s: PagePoolState): PagePoolState => {
        if (lossy(s)) s.drv++;
        return s;
      };
      const broken: Model<PagePoolState, PpAction> = {
        ...m,
        unpackWords: (b, c) => lose(m.unpackWords!(b, c)),
        unpackWordsInto: (b, c, t) => {
          m.unpackWordsInto!(b, c, t);
          lose(t);
        },
      };
      const r = explore(broken, {});
      expect(r.kind).toBe('error');
      if (r.kind === 'error') expect(r.message).toMatch(/pack\/unpack/);
    }
  }, 60_000);
});

describe('page_pool in place: unpackWordsInto + stepInPlace', () => {
  const ids = ['rx-recycle', 'skb-clone-coalesce', 'frag', 'destroy-swap', 'teardown', 'xdp', 'napi-move', 'threaded-napi', 'percpu-pool'];
  for (const id of ids) {
    it(`${id}: one state object refilled and stepped in place gives step(s, a), for every action of 1500 reachable states`, () => {
      const m = buildModel({ variant: 'mainline', scenario: id, bounds: {} });
      const words = new Int32Array(4096);
      const cur = { pos: 0 };
      let scratch: PagePoolState | undefined;
      let compared = 0;
      const rec = {
        id: 'in-place',
        description: '',
        check: (s: PagePoolState) => {
          const end = m.packWords!(s, words, 0);
          for (const a of m.actions(s)) {
            cur.pos = 0;
            if (scratch === undefined) scratch = m.unpackWords!(words, cur);
            else m.unpackWordsInto!(words, cur, scratch);
            expectSame(cur.pos, end);
            expectEqual(scratch, s);
            m.stepInPlace!(scratch, a);
            expectEqual(scratch, m.step(s, a));
            compared++;
          }
          return null;
        },
      };
      explore({ ...m, invariants: [rec] }, { maxStates: 1500 });
      expect(compared).toBeGreaterThan(1500);
    }, 60_000);
  }

  it('BFS stepping in place and BFS with step: the same counts; a variant or wrapper that replaces step is stepped with it', () => {
    for (const [scenario, maxStates, symmetry] of [
      ['xdp', Infinity, false],
      ['skb-clone-coalesce', 30_000, false],
      ['frag', 30_000, false],
      ['rx-recycle', 30_000, true],
      ['teardown', 30_000, true],
    ] as const) {
      const m = buildModel({ variant: 'mainline', scenario, bounds: {}, symmetry });
      expect(m.stepInPlace).toBeDefined();
      const a = explore(m, { maxStates });
      const b = explore({ ...m, stepInPlace: undefined }, { maxStates });
      if (scenario === 'xdp') expect(a.stats.distinctStates).toBe(7708);
      expect(a.stats.distinctStates).toBe(b.stats.distinctStates);
      expect(a.stats.transitions).toBe(b.stats.transitions);
    }
    // a variant that replaces a kernel function by name (negative-inflight-release-loop's driver puts every
    // teardown page twice: VariantDef.replace) steps in place with it: the same counts as stepping with step
    const byName = buildModel({ variant: 'negative-inflight-release-loop', scenario: 'teardown', bounds: {} });
    expect(canStepInPlace(byName)).toBe(true);
    const x = explore(byName, { maxStates: 30_000 });
    const y = explore({ ...byName, stepInPlace: undefined }, { maxStates: 30_000 });
    expect(x.kind).toBe('violation');
    expect([x.stats.distinctStates, x.stats.transitions]).toEqual([y.stats.distinctStates, y.stats.transitions]);
    // a patch or wrapper that replaces step (as ppcheck diff's does): stepped with its step
    const patched = buildModel({ variant: 'mainline', scenario: 'teardown', bounds: {} });
    expect(canStepInPlace({ ...patched, step: (s: PagePoolState, a: PpAction) => patched.step(s, a) })).toBe(false);
    const m = buildModel({ variant: 'mainline', scenario: 'xdp', bounds: {} });
    expect(canStepInPlace(m)).toBe(true);
    expect(canStepInPlace({ ...m })).toBe(true);
    let wrapped = 0;
    const w = { ...m, step: (s: PagePoolState, a: PpAction) => (wrapped++, m.step(s, a)) };
    expect(canStepInPlace(w)).toBe(false);
    const r = explore(w, {});
    expect(r.kind === 'ok' && r.complete).toBe(true);
    // every transition went through the wrapper (the first ones twice: the engine's determinism check, control.ts)
    expect(wrapped).toBe(r.stats.transitions + Math.min(determinismCheckCount(), r.stats.transitions));
    expect(wrapped).toBeGreaterThan(0);
  }, 60_000);
});

describe('compileCodec', () => {
  it('round-trips nested objects, arrays of objects, number arrays, booleans and negative ints; refuses strings', async () => {
    const { compileCodec } = await import('../../src/engine/codec.ts');
    const tpl = { a: 1, b: [{ x: -1, y: false, q: [] as number[] }], c: [] as number[], 'odd-key': true };
    const c = compileCodec(tpl);
    const v = { a: -7, b: [{ x: 3, y: true, q: [1, -2] }, { x: 0, y: false, q: [] }], c: [5, 6, 7], 'odd-key': false };
    const b = new Buf();
    c.pack(v, b);
    expect(c.unpack(b)).toEqual(v);
    expect(b.pos).toBe(b.words.length);
    expect(() => compileCodec({ s: 'x' })).toThrow(/unsupported/);
    // the typed-array forms: the same words; unpacking into objects of other lengths reuses or builds them
    const words = new Int32Array(64);
    const end = c.packWords(v, words, 3);
    expect(Array.from(words.subarray(3, end))).toEqual(b.words);
    expect(c.packWords(v, new Int32Array(5), 0)).toBe(-1);
    expect(c.unpackWords(words, { pos: 3 })).toEqual(v);
    for (const into of [
      { a: 0, b: [{ x: 9, y: false, q: [4, 4, 4, 4] }], c: [1, 2, 3, 4, 5], 'odd-key': true },
      { a: 0, b: [1, 2, 3].map(() => ({ x: 9, y: false, q: [] as number[] })), c: [] as number[], 'odd-key': true },
    ]) {
      const cur = { pos: 3 };
      c.unpackWordsInto(words, cur, into);
      expect(into).toEqual(v);
      expect(cur.pos).toBe(end);
    }
    expect(() => c.packWords({ ...v, a: 2 ** 40 }, words, 0)).toThrow(/does not fit/);
    expect(() => c.packWords({ ...v, 'odd-key': 1 as unknown as boolean }, words, 0)).toThrow(/not a boolean/);
  });
});

describe('PackedQueue', () => {
  it('FIFO round trip of reachable states across buffer growth and compaction; bad values throw', async () => {
    const { PackedQueue } = await import('../../src/engine/packed-queue.ts');
    const m = buildModel({ variant: 'mainline', scenario: 'rx-recycle', bounds: {} });
    const states: unknown[] = [];
    explore({ ...m, invariants: [{ id: 'rec', description: '', check: (s) => (states.push(s), null) }] }, { maxStates: 5000 });
    const q = new PackedQueue(m);
    let out = 0;
    // interleave pushes and shifts so that the buffer both grows and compacts
    for (let i = 0; i < states.length; i++) {
      q.push(states[i] as never);
      if (i % 3 === 2) expectEqual(q.shift(), states[out++]);
    }
    while (q.length > 0) expectEqual(q.shift(), states[out++]);
    expect(out).toBe(states.length);
    const bad = { ...(states[0] as object), budget: 2 ** 40 };
    expect(() => q.push(bad as never)).toThrow(/does not fit/);
    const bad2 = { ...(states[0] as object), devUnbound: 1 };
    expect(() => q.push(bad2 as never)).toThrow(/not a boolean/);
    // a failed push leaves the queue intact
    q.push(states[1] as never);
    expect(q.length).toBe(1);
    expect(q.shift()).toEqual(states[1]);
  }, 60_000);
});
