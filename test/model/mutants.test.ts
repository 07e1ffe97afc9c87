/**
 * Every mutant (mainline minus one guard) is caught by the property it
 * declares, with a counterexample, under each of its scenarios (BFS, so the
 * counterexample is a shortest one).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { buildModel } from '../../model/build.ts';
import { VARIANTS } from '../../model/variants/index.ts';
import { PROPERTY_IDS } from '../../properties/index.ts';
import { LIVENESS_PROPERTIES } from '../../model/liveness-model.ts';

// mutants of liveness properties need `check --liveness`: test/liveness/pagepool.test.ts
const livenessIds = new Set<string>(LIVENESS_PROPERTIES.map((p) => p.id));
const mutants = VARIANTS.filter((v) => v.kind === 'mutant' && !(v.expect.verdict === 'violation' && livenessIds.has(v.expect.property)));

describe('mutants are caught by their property', () => {
  it('every property has at least one mutant', () => {
    const caught = new Set(mutants.map((m) => (m.expect.verdict === 'violation' ? m.expect.property : '')));
    for (const id of PROPERTY_IDS) expect(caught, `no mutant for ${id}`).toContain(id);
  });

  for (const v of mutants) {
    for (const sc of v.scenarios) {
      it(`${v.id} under ${sc}`, () => {
        const m = buildModel({ variant: v.id, scenario: sc, bounds: {} });
        const r = explore(m, { mode: 'bfs', maxStates: 500_000 });
        expect(v.expect.verdict).toBe('violation');
        expect(r.kind).toBe('violation');
        if (r.kind !== 'violation' || v.expect.verdict !== 'violation') return;
        expect(r.property).toBe(v.expect.property);
        // the counterexample replays: each step's action is enabled in the previous state
        const steps = r.trace.steps;
        expect(steps.length).toBeGreaterThan(1);
        expect(steps.length - 1).toBeLessThanOrEqual(v.expect.maxTraceLength ?? Infinity);
        let s = m.init()[r.trace.initIndex];
        for (const st of steps.slice(1)) {
          const acts = m.actions(s);
          expect(acts[st.actionIndex]).toEqual(st.action);
          s = m.step(s, acts[st.actionIndex]);
        }
        const want = v.expect.property;
        const failing = [...m.invariants, ...(m.terminalInvariants ?? [])].find((p) => p.id === want);
        expect(failing?.check(s)).not.toBeNull();
      });
    }
  }
});

describe('cache races show as real effects, not only as the ghost napi-local-only flag', () => {
  const real = ['no-double-recycle', 'frag-accounting', 'pp-ownership', 'no-page-use-after-free', 'no-leak-at-quiescence'];
  for (const [variant, scenario] of [
    ['mutant-rt-no-napi-local-guard', 'preempt-rt'],
    ['mutant-napi-local-no-owner-check', 'rx-recycle'],
    ['mutant-destroy-keeps-napi', 'destroy-swap'],
  ] as const) {
    it(`${variant}: a page is lost, duplicated or stranded`, () => {
      const m0 = buildModel({ variant, scenario, bounds: {} });
      const m = { ...m0, invariants: m0.invariants.filter((p) => p.id !== 'napi-local-only') };
      const r = explore(m, { mode: 'bfs', maxStates: 1_000_000 });
      expect(r.kind).toBe('violation');
      if (r.kind === 'violation') expect(real).toContain(r.property);
    });
  }
});
