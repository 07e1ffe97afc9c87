/**
 * Model.pack / Model.unpack of the page_pool model (compact BFS frontiers):
 * unpack(pack(s)) equals s for every reachable state of several scenarios
 * (compileCodec generates them from the initial state), and BFS gives the same
 * counts with and without packing.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import type { Model, StateReader, StateWriter } from '../../src/engine/model.ts';
import { buildModel } from '../../model/build.ts';
import { SCENARIOS } from '../../model/scenarios.ts';
import type { PpAction } from '../../model/actions.ts';
import type { PagePoolState } from '../../model/state.ts';

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
      expect(b.pos).toBe(b.words.length);
      expect(back).toEqual(s);
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
    expect(a.stats.distinctStates).toBe(6084);
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
      const viaWords: Model<PagePoolState, PpAction> = { ...m, unpackWords: (b, c) => ({ ...m.unpackWords!(b, c), budget: 0 }) };
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
      let unpacked = 0;
      let firstLoss = -1;
      const lose = (s: PagePoolState): PagePoolState => {
        unpacked++;
        if (s.pools[0].hold !== 4 || s.budget !== 0 || s.rx.length !== 0) return s;
        if (firstLoss < 0) firstLoss = unpacked;
        return { ...s, drv: s.drv + 1 };
      };
      const broken: Model<PagePoolState, PpAction> = { ...m, unpackWords: (b, c) => lose(m.unpackWords!(b, c)) };
      const r = explore(broken, {});
      expect(r.kind).toBe('error');
      if (r.kind === 'error') expect(r.message).toMatch(/pack\/unpack/);
      expect(firstLoss).toBeGreaterThan(4096);
    }
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
      if (i % 3 === 2) expect(q.shift()).toEqual(states[out++]);
    }
    while (q.length > 0) expect(q.shift()).toEqual(states[out++]);
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
