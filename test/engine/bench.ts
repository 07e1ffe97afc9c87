/**
 * Engine throughput on toy models (not a test): `node --import tsx test/engine/bench.ts [n]`.
 * BFS/DFS on an n×n grid with moves in 4 directions (n² states), and random
 * walks on the same grid. Prints states/s, steps/s and visited-set bytes per state.
 */
import { explore } from '../../src/engine/explore.ts';
import { VisitedSet } from '../../src/engine/visited.ts';
import { grid } from './toys.ts';

const n = Number(process.argv[2] ?? 1000);
const m = grid(n, n, { back: true });

function line(label: string, r: ReturnType<typeof explore>): void {
  const s = r.stats;
  console.log(
    `${label}: ${r.kind} complete=${r.kind !== 'error' && r.complete} states=${s.distinctStates} transitions=${s.transitions}` +
      ` depth=${s.maxDepth} ${s.seconds.toFixed(2)}s ${Math.round(s.statesPerSecond)} states/s` +
      ` ${Math.round(s.transitions / s.seconds)} transitions/s peakHeap=${(s.peakHeapBytes / 2 ** 20).toFixed(0)}MiB`,
  );
}

line('bfs', explore(m, {}));
line('dfs', explore(m, { mode: 'dfs', maxDepth: 2 * n }));
const r = explore(m, { mode: 'random', runs: 2000, maxDepth: 1000, seed: 1 });
line('random', r);
console.log(`random: ${Math.round((r.stats.steps ?? 0) / r.stats.seconds)} steps/s`);

// visited-set memory alone
const v = new VisitedSet();
for (let i = 0; i < n * n; i++) v.insert((i * 2654435761) >>> 0, i, i - 1, i & 3, 0);
console.log(`visited set: ${v.size} states, ${v.bytesAllocated()} bytes, ${(v.bytesAllocated() / v.size).toFixed(1)} bytes/state`);
