/**
 * Mainline checks clean under every scenario at default bounds, completely,
 * and the scenarios together fire every action kind of mainline.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { buildModel, kindsFor } from '../../model/build.ts';
import { mainlineConfig } from '../../model/config.ts';
import { findVariant } from '../../model/variants/index.ts';
import { FINDING_SCENARIOS } from '../../model/scenarios.ts';

describe('mainline', () => {
  const v = findVariant('mainline')!;
  const fired = new Map<string, number>();
  const declared = new Set<string>();
  for (const sc of v.scenarios) {
    it(`is violation-free under ${sc}`, { timeout: 120_000 }, () => {
      const m = buildModel({ variant: 'mainline', scenario: sc, bounds: {} });
      for (const k of m.actionKinds) declared.add(k);
      const r = explore(m, { mode: 'bfs' });
      if (r.kind === 'violation') throw new Error(`${r.property}: ${r.reason}\n${r.trace.steps.map((x) => x.label).join('\n')}`);
      expect(r.kind).toBe('ok');
      if (r.kind !== 'ok') return;
      expect(r.complete).toBe(true);
      for (const c of r.stats.coverage) fired.set(c.action, (fired.get(c.action) ?? 0) + c.fired);
    });
  }
  it('fires every action kind in the combined coverage', () => {
    // every kind the mainline config can produce is declared by some scenario and fired
    // except a kind only a finding scenario declares (mainline violates a property there: the next test)
    const all = kindsFor(mainlineConfig).filter((k) => declared.has(k) || !FINDING_SCENARIOS.some((sc) => (sc.kinds as readonly string[]).includes(k)));
    expect(all.filter((k) => !declared.has(k))).toEqual([]);
    expect(all.filter((k) => !fired.get(k))).toEqual([]);
  });

  it('a kind only a finding scenario declares fires there, where mainline reaches the violation (model/variants/findings.ts)', () => {
    for (const sc of FINDING_SCENARIOS) {
      const m = buildModel({ variant: 'mainline', scenario: sc.id, bounds: {} });
      const r = explore(m, { mode: 'bfs' });
      expect(r.kind, sc.id).toBe('violation');
      const own = sc.kinds.filter((k) => !declared.has(k));
      for (const k of own) expect(r.stats.coverage.find((c) => c.action === k)?.fired ?? 0, `${sc.id}: ${k}`).toBeGreaterThan(0);
    }
  });
});
