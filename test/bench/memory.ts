/**
 * The visited set's memory per stored state, synthetic (issue #9): insert N
 * random 64-bit fingerprints with a parent id and an action index each, as
 * BFS does, into the BFS set (src/engine/fpset.ts), and report the bytes it
 * allocates per state (`bytesAllocated()`, what `stats.visitedBytes` reports),
 * the process's resident memory, and the time. Not a test: timings are only
 * reported.
 *
 *   npm run bench:memory                       # 10^7 states
 *   npm run bench:memory -- --states 1e8       # 10^8 states (~2.5 GB, a few minutes)
 *   npm run bench:memory -- --states 1e6 --old # also the old VisitedSet (fingerprint→id table)
 *
 * Per inserted state it also looks up 2 fingerprints already in the set
 * (BFS on rx-recycle: 9.28M transitions for 2.95M states, so about 2 hits per
 * new state), and at the end checks every 1000th state's fingerprint,
 * parent and action, and that N random fingerprints not inserted are absent.
 */
import { CompactVisitedSet } from '../../src/engine/fpset.ts';
import { VisitedSet, NO_PARENT } from '../../src/engine/visited.ts';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const N = Math.round(Number(arg('--states') ?? 1e7));
const SEED = Number(arg('--seed') ?? 1);
if (!Number.isSafeInteger(N) || N < 1 || N > 4e8 || !Number.isInteger(SEED)) {
  console.error('bench:memory: --states must be an integer in [1, 4e8], --seed an integer');
  process.exit(2);
}

/** splitmix64 in two 32-bit halves (deterministic, seeded) */
function fpAt(i: number, seed: number): [number, number] {
  // z = splitmix64(seed * 2^32 + i)
  let z = (BigInt(seed) << 32n) + BigInt(i) + 0x9e3779b97f4a7c15n;
  z &= 0xffffffffffffffffn;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
  z ^= z >> 31n;
  return [Number(z >> 32n), Number(z & 0xffffffffn)];
}

/** a faster 64-bit mix on two 32-bit lanes for the hot loop (murmur3 fmix32 on each, cross-fed) */
function mixHi(i: number, seed: number): number {
  let h = Math.imul(i ^ seed, 0x85ebca6b) ^ 0x2545f491;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ (i >>> 16), 0x27d4eb2f);
  h ^= h >>> 15;
  return h >>> 0;
}
function mixLo(i: number, seed: number): number {
  let h = Math.imul(i + 0x6a09e667, 0xcc9e2d51) ^ seed;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
void fpAt;

const parentOf = (i: number): number => (i < 4 ? NO_PARENT : Math.floor(i / 3));
const actionOf = (i: number): number => i % 23;

function mib(b: number): string {
  return (b / 2 ** 20).toFixed(0);
}

function run(label: string, make: () => { insert(hi: number, lo: number, p: number, a: number): number; bytes(): number; has(hi: number, lo: number): boolean }): void {
  const rss0 = process.memoryUsage().rss;
  const set = make();
  let hitPrng = 12345;
  const t0 = process.hrtime.bigint();
  let hits = 0;
  const marks: string[] = [];
  let nextMark = 1e5;
  for (let i = 0; i < N; i++) {
    const hi = mixHi(i, SEED);
    const lo = mixLo(i, SEED);
    if (set.insert(hi, lo, parentOf(i), actionOf(i)) < 0) throw new Error(`fingerprint ${i} reported present (a collision in the bench's mix?)`);
    // two lookups of states already in the set
    for (let k = 0; k < 2; k++) {
      hitPrng = (Math.imul(hitPrng, 1103515245) + 12345) >>> 0;
      const j = hitPrng % (i + 1);
      if (set.has(mixHi(j, SEED), mixLo(j, SEED))) hits++;
    }
    if (i + 1 === nextMark) {
      marks.push(`${(i + 1).toExponential(0)}: ${(set.bytes() / (i + 1)).toFixed(2)}`);
      nextMark *= 10;
    }
  }
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  if (hits !== 2 * N) throw new Error(`lookups: ${hits} of ${2 * N} found`);
  // absent ones
  let absent = 0;
  for (let i = 0; i < Math.min(N, 1e6); i++) if (!set.has(mixHi(i, SEED + 1), mixLo(i, SEED + 1))) absent++;
  const bytes = set.bytes();
  const rss = process.memoryUsage().rss;
  console.log(
    `${label}: ${N.toLocaleString('en-US')} states, ${bytes.toLocaleString('en-US')} bytes = ${(bytes / N).toFixed(2)} bytes/state` +
      ` (after ${marks.join(', ')}); ${sec.toFixed(1)} s, ${((sec / N) * 1e9).toFixed(0)} ns per insert + 2 lookups;` +
      ` rss ${mib(rss)} MiB (+${mib(rss - rss0)}); absent-lookups ${absent}/${Math.min(N, 1e6)} absent`,
  );
}

const compact = (): { insert(hi: number, lo: number, p: number, a: number): number; bytes(): number; has(hi: number, lo: number): boolean; set: CompactVisitedSet } => {
  const set = new CompactVisitedSet();
  return { set, insert: (h, l, p, a) => set.insert(h, l, p, a), bytes: () => set.bytesAllocated(), has: (h, l) => set.has(h, l) };
};
let lastCompact: CompactVisitedSet | undefined;
run('fingerprint set + trace log (BFS, src/engine/fpset.ts)', () => {
  const c = compact();
  lastCompact = c.set;
  return c;
});
// spot checks of what was stored
if (lastCompact) {
  const s = lastCompact;
  for (let i = 0; i < N; i += 1000) {
    if (s.parent(i) !== parentOf(i) || s.action(i) !== actionOf(i)) throw new Error(`state ${i}: parent/action not preserved`);
  }
  const b = s.bytesBreakdown();
  console.log(`  table ${(b.table / N).toFixed(2)} B/state (${b.slots.toLocaleString('en-US')} slots, load ${(N / b.slots).toFixed(3)}), parent+action ${(b.perId / N).toFixed(2)} B/state`);
  lastCompact = undefined;
}
if (args.includes('--old')) {
  run('old VisitedSet (fingerprint, parent, action per id + id table)', () => {
    const v = new VisitedSet();
    return { insert: (h, l, p, a) => v.insert(h, l, p, a, 0), bytes: () => v.bytesAllocated(), has: (h, l) => v.find(h, l) >= 0 };
  });
}
