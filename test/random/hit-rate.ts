/**
 * Hit rate of random mode's generated runs on one corpus variant (not a
 * vitest test: a measurement, run by hand). Generates N walks exactly as
 * `runRandom` does (swarm weights, held-back kinds, PCT), executes each without
 * shrinking, and counts the failing runs per property:
 *
 *   node --import tsx test/random/hit-rate.ts <variant> [runs=10000] [depth=100] [seed=1]
 *
 * The variant's first scenario at the family's largest bounds (BOUNDS=beyond in
 * the environment: the beyond bounds, budget and clones at their maximum too;
 * CPUS=n overrides the CPU count). The random source is the engine's PRNG
 * (not fast-check's per-run generator), so the runs differ from those of
 * `--mode random --seed S`; the rate is what this measures.
 */
import type fc from 'fast-check';
import { createPrng } from '../../src/engine/prng.ts';
import { generateWalk } from '../../src/random/run.ts';
import { newCounters, Walker } from '../../src/random/walk.ts';
import type { ModelFamily } from '../../src/family.ts';
import { beyond, largest } from './fixtures/bounds.ts';

const { pagePoolFamily: family } = (await import('../../model/index.ts')) as { pagePoolFamily: ModelFamily };
const [variant, nStr, depthStr, seedStr] = process.argv.slice(2);
const v = family.variants.find((x) => x.id === variant);
if (!v) {
  console.error(`unknown variant ${String(variant)}`);
  process.exit(2);
}
const N = Number(nStr ?? 10000);
const depth = Number(depthStr ?? 100);
const seed = Number(seedStr ?? 1);
const sc = family.scenarios.find((s) => s.id === v.scenarios[0])!;
const grow = process.env.BOUNDS === 'beyond' ? beyond : largest;
const bounds = { ...grow(family.bounds, sc.bounds, sc.maxBounds), ...(process.env.CPUS ? { cpus: Number(process.env.CPUS) } : {}) };
const model = family.build({ variant: v.id, scenario: sc.id, bounds });
const walker = new Walker(model, depth);
const counters = newCounters(model.actionKinds.length);
const prng = createPrng(seed);
const rng = { nextInt: (a: number, b: number) => a + prng.below(b - a + 1) } as unknown as fc.Random;
let fails = 0;
let steps = 0;
const props: Record<string, number> = {};
const t0 = performance.now();
for (let r = 0; r < N; r++) {
  const w = generateWalk(rng, r, model.actionKinds.length, true, depth, model.actionActor !== undefined);
  const o = walker.execute(w, counters, null);
  steps += Math.max(0, o.length - 1);
  if (o.kind !== 'pass') {
    fails++;
    const k = o.kind === 'violation' ? o.property : 'exception';
    props[k] = (props[k] ?? 0) + 1;
  }
}
const secs = (performance.now() - t0) / 1000;
console.log(
  `${v.id} ${process.env.BOUNDS === 'beyond' ? 'beyond' : 'largest'} cpus=${bounds.cpus} depth ${depth} seed ${seed}: ${fails} of ${N} runs fail ${JSON.stringify(props)}; ${(steps / N).toFixed(1)} steps/run, ${counters.cutByDepth} cut by depth, ${secs.toFixed(1)} s`,
);
