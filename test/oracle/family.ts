/**
 * The oracle models as a `ModelFamily`, so that the CLI can run them:
 *
 *   npx ppcheck suite --model test/oracle/family.ts
 *   npx ppcheck check --model test/oracle/family.ts --variant Chameneos
 *
 * One variant per configuration of test/oracle/manifest.json (id = the
 * entry's id, one scenario of the same id, no bounds: the constants are the
 * configuration's), expected ok; plus DieHard and MissionariesAndCannibals,
 * whose invariants NotSolved / Solution are violated by design, with TLC's
 * shortest solutions as the maximal trace lengths (6 and 11 steps).
 */
import { readFileSync } from 'node:fs';
import type { Model } from '../../src/engine/model.ts';
import { FamilyInputError, type ModelFamily, type PropertyInfo, type ScenarioInfo, type VariantInfo } from '../../src/family.ts';
import { buildOracleModel, type Constants } from './models/index.ts';
import { missionariesAndCannibalsModel } from './models/MissionariesAndCannibals.ts';

interface Entry {
  id: string;
  spec: string;
  config: string;
  constants: Constants;
  distinctStates: number;
  stateDepth: number | null;
}

const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as { entries: Entry[] };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any, any>;

const builders = new Map<string, () => AnyModel>();
const scenarios: ScenarioInfo[] = [];
const variants: VariantInfo[] = [];

for (const e of manifest.entries) {
  builders.set(e.id, () => buildOracleModel(e.spec, e.constants));
  scenarios.push({
    id: e.id,
    description: `${e.config} (${Object.entries(e.constants)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')})`,
    bounds: {},
  });
  variants.push({
    id: e.id,
    kind: 'mainline',
    description: `${e.spec}: TLC reports ${e.distinctStates} distinct states${e.stateDepth === null ? '' : `, depth ${e.stateDepth}`}`,
    scenarios: [e.id],
    expect: { verdict: 'ok' },
  });
}

builders.set('DieHard', () => buildOracleModel('DieHard', {}));
scenarios.push({ id: 'DieHard', description: 'specifications/DieHard/DieHard.tla, 5 and 3 gallon jugs', bounds: {} });
variants.push({
  id: 'DieHard',
  kind: 'bug',
  description: 'DieHard: NotSolved (big # 4) is violated by design; the shortest solution has 6 steps',
  scenarios: ['DieHard'],
  expect: { verdict: 'violation', property: 'NotSolved', maxTraceLength: 6 },
});

builders.set('MissionariesAndCannibals', () => missionariesAndCannibalsModel(3, 3));
scenarios.push({
  id: 'MissionariesAndCannibals',
  description: 'specifications/MissionariesAndCannibals/MissionariesAndCannibals.cfg (3 and 3)',
  bounds: {},
});
variants.push({
  id: 'MissionariesAndCannibals',
  kind: 'bug',
  description: 'MissionariesAndCannibals: Solution is violated by design; the shortest solution has 11 crossings',
  scenarios: ['MissionariesAndCannibals'],
  expect: { verdict: 'violation', property: 'Solution', maxTraceLength: 11 },
});

/** Every invariant of every model, by id (the first description wins). */
function collectProperties(): PropertyInfo[] {
  const seen = new Map<string, string>();
  for (const build of builders.values()) {
    const m = build();
    for (const inv of [...m.invariants, ...(m.terminalInvariants ?? [])]) {
      if (!seen.has(inv.id)) seen.set(inv.id, inv.description);
    }
  }
  return [...seen].map(([id, description]) => ({ id, description }));
}

export const family: ModelFamily<unknown, unknown> = {
  name: 'tla-examples',
  version: '1',
  bounds: [],
  properties: collectProperties(),
  scenarios,
  variants,
  build(req) {
    const variant = variants.find((v) => v.id === req.variant);
    if (!variant) throw new FamilyInputError(`unknown variant '${req.variant}'`);
    if (!variant.scenarios.includes(req.scenario)) {
      throw new FamilyInputError(`variant '${req.variant}' has no scenario '${req.scenario}' (it has: ${variant.scenarios.join(', ')})`);
    }
    const build = builders.get(req.scenario);
    if (!build) throw new FamilyInputError(`unknown scenario '${req.scenario}'`);
    return build();
  },
};
