/**
 * Random mode on the regression corpus (not a vitest test: a measurement the
 * issue asks for; run it by hand, it takes minutes):
 *
 *   node --import tsx test/random/corpus-run.ts [--bounds larger|largest|beyond] [--bfs-seconds 60]
 *        [--seeds 3] [--runs N] [--depth D] [--only id]
 *
 * For every bug variant: BFS at the scenario's default bounds (the shortest
 * counterexample); BFS of its `-fixed` variant at the larger bounds under a
 * time limit (does exhaustive search finish there?); random mode at the larger
 * bounds with the default budget for a few seeds (found? property, shrunk
 * length vs BFS, seconds); and the `-fixed` variant under the same random
 * budget (must stay ok).
 */
import { explore } from '../../src/engine/explore.ts';
import { runRandom } from '../../src/random/run.ts';
import type { Bounds, ModelFamily } from '../../src/family.ts';
import { beyond, larger, largest } from './fixtures/bounds.ts';

const args = process.argv.slice(2);
function flag(name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const bfsSeconds = flag('bfs-seconds', 20);
const seeds = flag('seeds', 3);
const runs = args.includes('--runs') ? flag('runs', 0) : undefined;
const depth = args.includes('--depth') ? flag('depth', 0) : undefined;
const boundsName = args.includes('--bounds') ? args[args.indexOf('--bounds') + 1] : 'larger';
const grow = boundsName === 'beyond' ? beyond : boundsName === 'largest' ? largest : larger;

const { pagePoolFamily } = (await import('../../model/index.ts')) as { pagePoolFamily: ModelFamily };
const family = pagePoolFamily;

const fmtB = (b: Bounds) => Object.entries(b).map(([k, v]) => `${k}=${v}`).join(' ');
for (const v of family.variants.filter((x) => x.kind === 'bug' && (!only || x.id.includes(only)))) {
  const sid = v.scenarios[0];
  const sc = family.scenarios.find((s) => s.id === sid)!;
  const big = grow(family.bounds, sc.bounds, sc.maxBounds);
  const lines: string[] = [`${v.id} [${sid}] expect ${v.expect.verdict === 'violation' ? v.expect.property : 'ok'}`];
  const small = explore(family.build({ variant: v.id, scenario: sid, bounds: sc.bounds }), { mode: 'bfs', timeLimit: 60 });
  const bfsLen = small.kind === 'violation' ? small.trace.steps.length - 1 : null;
  lines.push(`  bfs default bounds: ${small.kind === 'violation' ? `${small.property} in ${bfsLen} steps` : small.kind} (${small.stats.distinctStates} states, ${small.stats.seconds.toFixed(1)} s)`);
  let model;
  try {
    model = family.build({ variant: v.id, scenario: sid, bounds: big });
  } catch (e) {
    lines.push(`  larger bounds ${fmtB(big)}: ${(e as Error).message}`);
    console.log(lines.join('\n'));
    continue;
  }
  const fixedId = `${v.id}-fixed`;
  const hasFixed = family.variants.some((x) => x.id === fixedId);
  if (hasFixed) {
    const bb = explore(family.build({ variant: fixedId, scenario: sid, bounds: big }), { mode: 'bfs', timeLimit: bfsSeconds });
    lines.push(
      `  bfs of ${fixedId} at larger bounds (${fmtB(big)}), ${bfsSeconds} s limit: ${bb.kind === 'violation' ? `VIOLATION ${bb.property} in ${bb.trace.steps.length - 1} steps` : bb.kind}${bb.kind !== 'error' && !bb.complete ? ' (incomplete)' : ''}, ${bb.stats.distinctStates} states, ${bb.stats.seconds.toFixed(1)} s`,
    );
  }
  for (let seed = 1; seed <= seeds; seed++) {
    const r = runRandom(model, { seed, runs, depth });
    const what =
      r.kind === 'violation'
        ? `${r.property} in ${r.trace.steps.length - 1} steps (run ${r.random.runIndex}, from ${r.random.originalLength}, path ${r.random.path})`
        : r.kind === 'error'
          ? `ERROR ${r.message}`
          : `no violation in ${r.random.runsExecuted} runs`;
    lines.push(`  random larger bounds seed ${seed}: ${what}; ${r.stats.seconds.toFixed(2)} s, ${r.random.steps} steps, ${r.random.distinctStates} states`);
  }
  if (hasFixed) {
    for (let seed = 1; seed <= seeds; seed++) {
      const fm = family.build({ variant: fixedId, scenario: sid, bounds: big });
      const r = runRandom(fm, { seed, runs, depth });
      lines.push(`  ${fixedId} random seed ${seed}: ${r.kind === 'violation' ? `VIOLATION ${r.property} in ${r.trace.steps.length - 1} steps` : r.kind === 'error' ? `ERROR ${r.message}` : 'ok'} (${r.random.runsExecuted} runs, ${r.stats.seconds.toFixed(2)} s, ${Math.round(r.random.stepsPerSecond)} steps/s)`);
    }
  }
  console.log(lines.join('\n'));
}
