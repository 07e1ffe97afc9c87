/**
 * Profiling helper: one BFS of a mainline scenario, for `node --cpu-prof`.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/profile-run.ts rx-recycle [maxStates]
 */
import { explore } from '../../src/engine/explore.ts';
import { buildModel } from '../../model/build.ts';

const scenario = process.argv[2] ?? 'rx-recycle';
const maxStates = process.argv[3] ? Number(process.argv[3]) : undefined;
const m = buildModel({ variant: 'mainline', scenario, bounds: {} });
const r = explore(m, { mode: 'bfs', maxStates });
console.log(scenario, r.kind, r.stats.distinctStates, r.stats.transitions, r.stats.seconds.toFixed(2), Math.round(r.stats.statesPerSecond));
