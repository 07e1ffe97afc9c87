/**
 * Profiling helper: one BFS of a mainline scenario, for `node --cpu-prof`.
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/profile-run.ts rx-recycle [maxStates]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/profile-run.ts xdp-large
 * `xdp-large` is the bench's row: scenario xdp at its largest bounds, page symmetry off.
 */
import { explore } from '../../src/engine/explore.ts';
import { buildModel } from '../../model/build.ts';

const XDP_LARGE = { cpus: 3, pages: 4, budget: 6, descs: 3, cacheSize: 4, ringSize: 4, pressure: 1 };
const arg = process.argv[2] ?? 'rx-recycle';
const maxStates = process.argv[3] ? Number(process.argv[3]) : undefined;
const m =
  arg === 'xdp-large'
    ? buildModel({ variant: 'mainline', scenario: 'xdp', bounds: XDP_LARGE, symmetry: false })
    : buildModel({ variant: 'mainline', scenario: arg, bounds: {} });
const r = explore(m, { mode: 'bfs', maxStates });
console.log(arg, r.kind, r.stats.distinctStates, r.stats.transitions, r.stats.seconds.toFixed(2), Math.round(r.stats.statesPerSecond));
