/**
 * v6.12-debian: the era variant of Debian's 6.12.117 page_pool.c (the source the
 * conformance harness compiles). Its ModelConfig is mainline's; it must be a
 * family variant (the conformance runner picks it by id) and check clean.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { pagePoolFamily } from '../../model/index.ts';
import { buildModel, resolve } from '../../model/build.ts';
import { mainlineConfig } from '../../model/config.ts';
import { findVariant } from '../../model/variants/index.ts';

describe('v6.12-debian', () => {
  it('is an era variant of the family whose resolved config equals mainline, field by field', () => {
    const v = findVariant('v6.12-debian');
    expect(v?.kind).toBe('era');
    expect(pagePoolFamily.variants.some((x) => x.id === 'v6.12-debian')).toBe(true);
    const { cfg } = resolve({ variant: 'v6.12-debian', scenario: 'teardown', bounds: {} });
    expect(cfg).toEqual(mainlineConfig);
    for (const sc of v!.scenarios) expect(pagePoolFamily.scenarios.some((s) => s.id === sc), sc).toBe(true);
  });

  it('has the same reachable states as mainline under its scenarios', () => {
    for (const sc of ['skb-clone-expand', 'xdp']) {
      const d = explore(buildModel({ variant: 'v6.12-debian', scenario: sc, bounds: {} }), { mode: 'bfs' });
      const m = explore(buildModel({ variant: 'mainline', scenario: sc, bounds: {} }), { mode: 'bfs' });
      expect(d.kind, sc).toBe('ok');
      expect(d.stats.distinctStates, sc).toBe(m.stats.distinctStates);
    }
  });
});
