/**
 * The mutation run's machinery on a few mutants (the full run is `npm run
 * mutate`, not part of npm test): every patch of the fixed list still applies
 * exactly once and leaves a file that still compiles, a config mutant and a
 * source-patch mutant are killed by the property the list expects, and the
 * tally leaves equivalent mutants out.
 */
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { MUTANTS } from './mutants.ts';
import { type MutantResult, runMutant, tally } from './run.ts';
import { CORPUS_PROPERTIES, SCENARIO_PROPERTIES } from '../../model/variants/corpus.ts';
import { findVariant } from '../../model/variants/index.ts';
import { PROPERTY_IDS } from '../../properties/index.ts';
import { LIVENESS_PROPERTIES } from '../../model/liveness-model.ts';
import { pagePoolFamily } from '../../model/index.ts';

const byId = (id: string) => MUTANTS.find((m) => m.id === id)!;

describe('npm run mutate', () => {
  it('the list is well formed: unique ids, one way to apply each, every patch applies exactly once, each expects a known property or says why it is equivalent', () => {
    expect(new Set(MUTANTS.map((m) => m.id)).size).toBe(MUTANTS.length);
    for (const m of MUTANTS) {
      expect(Boolean(m.config) !== Boolean(m.patch), m.id).toBe(true);
      if (m.patch) {
        const src = readFileSync(m.patch.file, 'utf8');
        expect(src.split(m.patch.find).length - 1, `${m.id} patch`).toBe(1);
        // the patched file still loads (esbuild is what tsx compiles it with): a patch that breaks the
        // syntax would make the worker fail ('error') instead of testing the mutation
        expect(() => transformSync(src.replace(m.patch!.find, m.patch!.replace), { loader: 'ts' }), `${m.id} patched source`).not.toThrow();
      }
      if ('property' in m.expect) {
        expect([...PROPERTY_IDS, ...CORPUS_PROPERTIES.map((p) => p.id), ...SCENARIO_PROPERTIES.map((p) => p.id), ...LIVENESS_PROPERTIES.map((p) => p.id), ...pagePoolFamily.properties.map((p) => p.id)], m.id).toContain(m.expect.property);
        expect(findVariant('mainline')!.scenarios, m.id).toContain(m.expect.scenario);
      } else expect(m.expect.equivalent.length, m.id).toBeGreaterThan(20);
    }
  });

  it('a config mutant is killed by its expected property', () => {
    const r = runMutant(byId('can-recycle-no-refcnt'));
    expect(r).toMatchObject({ outcome: 'killed', property: 'cache-refcnt-one', scenario: 'rx-recycle' });
  });

  it('a source-patch mutant (applied to a temporary copy) is killed by its expected property', () => {
    const r = runMutant(byId('slow-no-pp-magic'));
    expect(r).toMatchObject({ outcome: 'killed', property: 'pp-ownership', scenario: 'rx-recycle' });
  }, 60_000);

  it('the tally counts killed over non-equivalent mutants and lists the survivors', () => {
    const rs: MutantResult[] = [
      { id: 'a', fn: 'f', outcome: 'killed', states: 1 },
      { id: 'b', fn: 'f', outcome: 'survived', states: 1 },
      { id: 'c', fn: 'f', outcome: 'survived', states: 1, equivalent: 'why' },
      { id: 'd', fn: 'f', outcome: 'error', states: 1 },
    ];
    const t = tally(rs);
    expect([t.killed, t.nonEquivalent, t.survivors.map((s) => s.id)]).toEqual([1, 3, ['b', 'd']]);
  });
});
