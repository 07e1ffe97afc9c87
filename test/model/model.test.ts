/**
 * Model-level checks: family shape, bound validation, step purity and
 * determinism on seeded random walks, encoding distinguishes states.
 */
import { describe, expect, it } from 'vitest';
import { FamilyInputError } from '../../src/family.ts';
import { createPrng } from '../../src/engine/prng.ts';
import { pagePoolFamily } from '../../model/index.ts';
import { buildModel } from '../../model/build.ts';
import { SCENARIOS } from '../../model/scenarios.ts';
import { PROPERTY_IDS } from '../../properties/index.ts';
import type { PagePoolState } from '../../model/state.ts';
import { canonicalPages, encodeCanonical, relabelPages } from '../../model/symmetry.ts';
import { encodeState } from '../../model/state.ts';

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

function encode(m: ReturnType<typeof buildModel>, s: PagePoolState): string {
  const out: number[] = [];
  m.encode(s, { int: (n) => out.push(n), bool: (b) => out.push(b ? 1 : 0) });
  return out.join(',');
}

describe('page_pool family', () => {
  it('lists the twelve properties with their fixed ids', () => {
    const ids = pagePoolFamily.properties.map((p) => p.id);
    for (const id of PROPERTY_IDS) expect(ids).toContain(id); // the corpus may list a few more of its own
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of pagePoolFamily.properties) expect(p.description.length).toBeGreaterThan(10);
  });

  it('every scenario has complete default bounds within the specs', () => {
    for (const sc of pagePoolFamily.scenarios)
      for (const spec of pagePoolFamily.bounds) {
        const v = sc.bounds[spec.name];
        expect(v, `${sc.id}.${spec.name}`).toBeGreaterThanOrEqual(spec.min);
        expect(v, `${sc.id}.${spec.name}`).toBeLessThanOrEqual(spec.max);
      }
  });

  it('rejects unknown variants, scenarios and out-of-range bounds', () => {
    expect(() => pagePoolFamily.build({ variant: 'nope', scenario: 'rx-recycle', bounds: {} })).toThrow(FamilyInputError);
    expect(() => pagePoolFamily.build({ variant: 'mainline', scenario: 'nope', bounds: {} })).toThrow(FamilyInputError);
    expect(() => pagePoolFamily.build({ variant: 'mainline', scenario: 'rx-recycle', bounds: { cpus: 9 } })).toThrow(/cpus/);
    expect(() => pagePoolFamily.build({ variant: 'mainline', scenario: 'rx-recycle', bounds: { pages: 1.5 } })).toThrow(/pages/);
    expect(() => pagePoolFamily.build({ variant: 'mainline', scenario: 'rx-recycle', bounds: { bogus: 1 } })).toThrow(/bogus/);
  });

  it('step is pure and deterministic on seeded walks in every scenario', () => {
    for (const sc of SCENARIOS) {
      const m = buildModel({ variant: 'mainline', scenario: sc.id, bounds: {} });
      const rng = createPrng(7);
      for (let walk = 0; walk < 20; walk++) {
        let s = deepFreeze(m.init()[0]);
        for (let d = 0; d < 40; d++) {
          const acts = m.actions(s);
          expect(m.actions(s)).toEqual(acts);
          if (acts.length === 0) break;
          const a = acts[rng.below(acts.length)];
          const before = JSON.stringify(s);
          const n1 = m.step(s, a); // throws on a frozen input if the step mutated it
          const n2 = m.step(s, a);
          expect(JSON.stringify(s)).toBe(before);
          expect(encode(m, n1)).toBe(encode(m, n2));
          expect(m.actionLabel(a)).toMatch(/^cpu\d (task|softirq|hardirq) \S+\(/);
          s = deepFreeze(n1);
        }
      }
    }
  });

  it('describeChange names kernel-level changes', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'rx-recycle', bounds: {} });
    const s0 = m.init()[0];
    const sched = m.actions(s0).find((a) => a.fn === 'napi_schedule')!;
    const s1 = m.step(s0, sched);
    expect(m.describeChange!(s0, s1, sched)).toContain('napi list_owner -1→0');
    const alloc = m.actions(s1).find((a) => a.fn === '__page_pool_alloc_pages_slow')!;
    const s2 = m.step(s1, alloc);
    const d = m.describeChange!(s1, s2, alloc);
    expect(d).toContain('page0 _refcount 0→1');
    expect(d).toContain('pool0 hold_cnt 0→1');
    expect(d).toContain('page0 nowhere→rx');
  });
});

describe('page symmetry (model/symmetry.ts)', () => {
  it('canonicalPages is invariant under relabelling and commutes with the step', () => {
    for (const sc of ['rx-recycle', 'skb-clone-coalesce', 'frag', 'destroy-swap', 'napi-move']) {
      const m = buildModel({ variant: 'mainline', scenario: sc, bounds: {} });
      const raw = (s: PagePoolState) => {
        const out: number[] = [];
        encodeState(s, { int: (n) => out.push(n), bool: (b) => out.push(b ? 1 : 0) });
        return out.join(',');
      };
      const canon = (s: PagePoolState) => raw(canonicalPages(s));
      const rng = createPrng(11);
      for (let walk = 0; walk < 15; walk++) {
        let s = m.init()[0];
        for (let d = 0; d < 30; d++) {
          const n = s.pages.length;
          const order = Array.from({ length: n }, (_, i) => i);
          for (let i = n - 1; i > 0; i--) {
            const j = rng.below(i + 1);
            [order[i], order[j]] = [order[j], order[i]];
          }
          const r = relabelPages(s, order);
          expect(canon(r)).toBe(canon(s));
          expect(raw(canonicalPages(canonicalPages(s)))).toBe(raw(canonicalPages(s)));
          // the model's encoding is the canonical one
          expect(encode(m, s)).toBe(canon(s));
          expect(encode(m, r)).toBe(canon(s));
          // the successors of a relabelled state are the relabelled successors (as canonical sets)
          const succ = (x: PagePoolState) => m.actions(x).map((a) => canon(m.step(x, a))).sort();
          expect(succ(r)).toEqual(succ(s));
          // properties do not depend on page names
          for (const p of m.invariants) expect(p.check(r) === null).toBe(p.check(s) === null);
          const acts = m.actions(s);
          if (acts.length === 0) break;
          s = m.step(s, acts[rng.below(acts.length)]);
        }
      }
    }
  });
});

describe('skbPathNeedsNapiSafe (v6.4-v6.8 napi_safe)', () => {
  /** every transition of a small scenario, by BFS over encodings */
  function transitions(m: ReturnType<typeof buildModel>, f: (s: PagePoolState, a: ReturnType<typeof m.actions>[number], n: PagePoolState) => void) {
    const seen = new Set<string>();
    const queue = [...m.init()];
    for (const s of queue) seen.add(encode(m, s));
    while (queue.length) {
      const s = queue.shift()!;
      for (const a of m.actions(s)) {
        const n = m.step(s, a);
        f(s, a, n);
        const k = encode(m, n);
        if (!seen.has(k)) {
          seen.add(k);
          queue.push(n);
        }
      }
    }
    return seen.size;
  }
  const small = { pages: 2, skbs: 1, descs: 1, budget: 3, cacheSize: 1, ringSize: 1 };
  const directAfter = (cfg: object, scenario: string, fn: string) => {
    const m = buildModel({ variant: 'mainline', scenario, bounds: small, config: cfg });
    let direct = 0;
    let total = 0;
    transitions(m, (_s, a, n) => {
      if (a.fn !== fn) return;
      total++;
      if (n.actors[a.cpu * 3 + a.ctx].op === 1 /* OP_PUSH_READ */) direct++;
    });
    return { direct, total };
  };

  it('mainline decides locality for XDP frame returns; v6.4-v6.8 never does', () => {
    const main = directAfter({}, 'xdp', 'xdp_return_frame');
    const old = directAfter({ skbPathNeedsNapiSafe: true }, 'xdp', 'xdp_return_frame');
    expect(main.total).toBeGreaterThan(0);
    expect(main.direct).toBeGreaterThan(0);
    expect(old.total).toBeGreaterThan(0);
    expect(old.direct).toBe(0);
  });

  it('with napi_safe, a NAPI-driven skb free may recycle directly', () => {
    const old = directAfter({ skbPathNeedsNapiSafe: true }, 'rx-recycle', 'napi_pp_put_page');
    expect(old.direct).toBeGreaterThan(0);
  });
});
