/**
 * No vacuous property: every property reaches its premise (properties/premises.ts)
 * in at least one mainline scenario. Each mainline scenario is walked at its
 * default bounds (random mode, fixed seed: cheap and deep) with an observer in
 * place of the invariants that counts, per property, the states where its
 * premise holds. A property with no hit in any scenario fails, naming itself.
 */
import { describe, expect, it } from 'vitest';
import type { Invariant, Model } from '../../src/engine/model.ts';
import { explore } from '../../src/engine/explore.ts';
import { buildModel } from '../../model/build.ts';
import type { PpAction } from '../../model/registry.ts';
import type { PagePoolState } from '../../model/state.ts';
import { findVariant } from '../../model/variants/index.ts';
import { PROPERTY_IDS } from '../../properties/index.ts';
import { PREMISES, SCENARIO_PROPERTY_IDS } from '../../properties/premises.ts';
import { findScenario } from '../../model/scenarios.ts';

type Premises = Record<string, (s: PagePoolState) => boolean>;

/** Premise hits per property in one model's walk (random mode, seed 1). */
export function premiseHits(m: Model<PagePoolState, PpAction>, premises: Premises, runs = 60): Record<string, number> {
  const hits: Record<string, number> = Object.fromEntries(Object.keys(premises).map((id) => [id, 0]));
  const observer: Invariant<PagePoolState> = {
    id: 'premise-observer',
    description: 'counts premise hits',
    check(s) {
      for (const id in premises) if (premises[id](s)) hits[id]++;
      return null;
    },
  };
  explore({ ...m, invariants: [observer], terminalInvariants: [] }, { mode: 'random', seed: 1, runs, maxDepth: 80 });
  return hits;
}

/** The properties with no premise hit in any scenario. */
export function vacuous(table: Record<string, Record<string, number>>, ids: readonly string[]): string[] {
  return ids.filter((id) => Object.values(table).every((row) => (row[id] ?? 0) === 0));
}

describe('every property reaches its premise on mainline', () => {
  const scenarios = findVariant('mainline')!.scenarios;
  const table: Record<string, Record<string, number>> = {};

  it('each property declares a premise', () => {
    expect(Object.keys(PREMISES).sort()).toEqual([...PROPERTY_IDS, ...SCENARIO_PROPERTY_IDS].sort());
  });

  it('counts premise hits per property and scenario; none is vacuous', () => {
    for (const sc of scenarios) table[sc] = premiseHits(buildModel({ variant: 'mainline', scenario: sc, bounds: {} }), PREMISES);
    // a scenario property counts only in the scenarios that check it (Scenario.checks)
    for (const sc of scenarios) for (const id of SCENARIO_PROPERTY_IDS) if (!findScenario(sc)!.checks?.includes(id)) table[sc][id] = 0;
    const none = vacuous(table, [...PROPERTY_IDS, ...SCENARIO_PROPERTY_IDS]);
    expect(none, `vacuous on mainline: ${none.join(', ')}\n${JSON.stringify(table)}`).toEqual([]);
  }, 60_000);

  it('the count bites: a premise that never holds is reported vacuous', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'rx-recycle', bounds: {} });
    const planted: Premises = { ...PREMISES, 'pool-lifetime': () => false };
    const hits = premiseHits(m, planted, 5);
    expect(vacuous({ 'rx-recycle': hits }, ['pool-lifetime', 'no-double-recycle'])).toEqual(['pool-lifetime']);
  });
});
