/**
 * Mainline checks clean under every scenario at default bounds, completely,
 * and the scenarios together fire every action kind of mainline.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { buildModel } from '../../model/build.ts';
import { findVariant } from '../../model/variants/index.ts';

describe('mainline', () => {
  const v = findVariant('mainline')!;
  const fired = new Map<string, number>();
  let kinds: readonly string[] = [];
  for (const sc of v.scenarios) {
    it(`is violation-free under ${sc}`, { timeout: 120_000 }, () => {
      const m = buildModel({ variant: 'mainline', scenario: sc, bounds: {} });
      kinds = m.actionKinds;
      const r = explore(m, { mode: 'bfs' });
      if (r.kind === 'violation') throw new Error(`${r.property}: ${r.reason}\n${r.trace.steps.map((x) => x.label).join('\n')}`);
      expect(r.kind).toBe('ok');
      if (r.kind !== 'ok') return;
      expect(r.complete).toBe(true);
      for (const c of r.stats.coverage) fired.set(c.action, (fired.get(c.action) ?? 0) + c.fired);
    });
  }
  it('fires every action kind in the combined coverage', () => {
    const never = kinds.filter((k) => !fired.get(k));
    expect(never).toEqual([]);
  });
});
