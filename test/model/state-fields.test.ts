/**
 * Every field of the page_pool state is carried by each of the state's
 * serializations (issue #21): a field added to `PagePoolState` must be in
 * the initial state (model/build.ts initialState: the generated codec packs
 * the template's shape, src/engine/codec.ts), in cloneState (Model.step, DFS,
 * traces) and in encodeState (the fingerprint of every run with symmetry,
 * the CLI's default: a field it leaves out merges states that differ in it).
 * For states reached by seeded walks in every mainline scenario: the codec
 * round-trips the state, cloneState copies it, and changing any one field
 * changes encodeState's output (and the packed words).
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../model/build.ts';
import { SCENARIOS } from '../../model/scenarios.ts';
import { type PagePoolState, cloneState, encodeState } from '../../model/state.ts';
import { createPrng } from '../../src/engine/prng.ts';

const encoded = (s: PagePoolState): string => {
  const out: number[] = [];
  encodeState(s, { int: (n) => out.push(n), bool: (b) => out.push(b ? 1 : 0) });
  return out.join(',');
};

/** Every number or boolean in `v`, as [the object or array that holds it, its key, its path]. */
function leaves(v: unknown, path: string, out: [Record<string | number, unknown>, string | number, string][]): void {
  if (Array.isArray(v)) v.forEach((x, i) => (typeof x === 'object' && x !== null ? leaves(x, `${path}[${i}]`, out) : out.push([v as unknown as Record<number, unknown>, i, `${path}[${i}]`])));
  else if (typeof v === 'object' && v !== null)
    for (const [k, x] of Object.entries(v)) typeof x === 'object' && x !== null ? leaves(x, `${path}.${k}`, out) : out.push([v as Record<string, unknown>, k, `${path}.${k}`]);
}

/** A few states of each scenario, from seeded walks. */
function reached(scenario: string): { m: ReturnType<typeof buildModel>; states: PagePoolState[] } {
  const m = buildModel({ variant: 'mainline', scenario, bounds: {}, symmetry: false });
  const rng = createPrng(21);
  const states: PagePoolState[] = [];
  for (let walk = 0; walk < 2; walk++) {
    let s = m.init()[0];
    for (let d = 0; d < 40; d++) {
      if (d % 10 === 0) states.push(s);
      const acts = m.actions(s);
      if (acts.length === 0) break;
      s = m.step(s, acts[rng.below(acts.length)]);
    }
    states.push(s);
  }
  return { m, states };
}

describe('every state field is packed, cloned and fingerprinted', () => {
  it.each(SCENARIOS.map((s) => s.id))('%s', (scenario) => {
    const { m, states } = reached(scenario);
    const words = new Int32Array(4096);
    for (const s of states) {
      // the codec (generated from the initial state): a field missing from the template is lost here
      const end = m.packWords!(s, words, 0);
      expect(m.unpackWords!(words, { pos: 0 })).toStrictEqual(s);
      expect(cloneState(s)).toStrictEqual(s);
      const before = encoded(s);
      const packed = words.slice(0, end).join(',');
      const fields: [Record<string | number, unknown>, string | number, string][] = [];
      leaves(s, 's', fields);
      for (const [o, k, path] of fields) {
        const v = o[k];
        // a change that every encoding must see (0 <-> other: also past destroy_cnt's saturation at 2)
        o[k] = typeof v === 'boolean' ? !v : v === 0 ? 1 : 0;
        const e = encoded(s);
        const p = words.slice(0, m.packWords!(s, words, 0)).join(',');
        o[k] = v;
        expect(e, `encodeState ignores ${path}`).not.toBe(before);
        expect(p, `the codec ignores ${path}`).not.toBe(packed);
      }
    }
  });
});
