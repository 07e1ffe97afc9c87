/**
 * Engine throughput on toy models (not a test): `node --import tsx test/engine/bench.ts [n] [--dfs]`.
 * BFS (and with --dfs, DFS: slow, see dfs.ts) on an n×n grid with moves in 4 directions
 * (n² states), BFS on 5 counters mod 16 (object states, 2^20 states), random walks on the grid. Prints states/s, steps/s and visited-set bytes per state (the BFS set and the old VisitedSet).
 */
import { explore } from '../../src/engine/explore.ts';
import { VisitedSet } from '../../src/engine/visited.ts';
import { CompactVisitedSet } from '../../src/engine/fpset.ts';
import type { Model } from '../../src/engine/model.ts';
import { grid } from './toys.ts';

/** k counters modulo 16 in an object state, inc/dec each: 16^k states (k=5: 1,048,576). */
function counters(k: number): Model<{ c: number[]; turn: number }, { i: number; d: number }> {
  const acts: { i: number; d: number }[] = [];
  for (let i = 0; i < k; i++) acts.push({ i, d: 1 }, { i, d: 15 });
  return {
    name: 'Counters',
    init: () => [{ c: new Array(k).fill(0), turn: 0 }],
    actions: () => acts,
    step: (s, a) => {
      const c = s.c.slice();
      c[a.i] = (c[a.i] + a.d) & 15;
      return { c, turn: s.turn };
    },
    invariants: [{ id: 'InRange', description: '', check: (s) => (s.c.every((x) => x >= 0 && x < 16) ? null : 'out of range') }],
    encode: (s, w) => {
      for (let i = 0; i < s.c.length; i++) w.int(s.c[i]);
      w.int(s.turn);
    },
    actionLabel: (a) => `c${a.i}${a.d === 1 ? '++' : '--'}`,
    actionKind: (a) => (a.d === 1 ? 'inc' : 'dec'),
    actionKinds: ['inc', 'dec'],
  };
}

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

line('bfs grid', explore(m, {}));
line('bfs counters(5)', explore(counters(5), {}));
if (process.argv.includes('--dfs')) line('dfs grid', explore(m, { mode: 'dfs', maxDepth: 2 * n }));
const r = explore(m, { mode: 'random', runs: 2000, maxDepth: 1000, seed: 1 });
line('random grid', r);
console.log(`random: ${Math.round((r.stats.steps ?? 0) / r.stats.seconds)} steps/s`);

// visited-set memory alone: the BFS set (fpset.ts) and the old one (visited.ts, no longer used by the explorers)
const c = new CompactVisitedSet();
for (let i = 0; i < n * n; i++) c.insert((i * 2654435761) >>> 0, i, i - 1, i & 3);
console.log(`BFS visited set: ${c.size} states, ${c.bytesAllocated()} bytes, ${(c.bytesAllocated() / c.size).toFixed(1)} bytes/state`);
const v = new VisitedSet();
for (let i = 0; i < n * n; i++) v.insert((i * 2654435761) >>> 0, i, i - 1, i & 3, 0);
console.log(`old VisitedSet: ${v.size} states, ${v.bytesAllocated()} bytes, ${(v.bytesAllocated() / v.size).toFixed(1)} bytes/state`);
