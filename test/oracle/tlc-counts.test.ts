/**
 * Engine oracle: our explorer must reproduce TLC's published numbers for
 * specifications of https://github.com/tlaplus/Examples re-implemented as
 * models (test/oracle/models/). The numbers are data, copied into
 * test/oracle/manifest.json from the repository's manifests:
 *
 * - specifications/transaction_commit/manifest.json (commit 04e4315a):
 *     TCommit.cfg   distinctStates 34,    totalStates 94,     stateDepth 7
 *     TwoPhase.cfg  distinctStates 288,   totalStates 1146,   stateDepth 11
 * - specifications/ewd840/manifest.json (commit 04e4315a):
 *     EWD840_json.cfg (N = 4)  distinctStates 1566, totalStates 15986, stateDepth 12
 * - specifications/ReadersWriters/manifest.json (commit 04e4315a):
 *     MC.cfg (NumActors = 3)   distinctStates 21527, totalStates 59674, stateDepth 13
 * - specifications/Chameneos/manifest.json (commit 44751ef1):
 *     Chameneos.cfg (N = 4, M = 4) distinctStates 34534, totalStates 104697, stateDepth 13
 * - specifications/DiningPhilosophers/manifest.json (commit 44751ef1):
 *     DiningPhilosophers.cfg (NP = 5) distinctStates 67, totalStates 336, stateDepth 29
 * - specifications/SpecifyingSystems/manifest.json (commit 0e018bcf):
 *     CachingMemory/MCInternalMemory.cfg     distinctStates 4408, totalStates 21400, stateDepth 10
 *     CachingMemory/MCWriteThroughCache.cfg  distinctStates 5196, totalStates 28170, stateDepth 18
 * - specifications/CoffeeCan/manifest.json (commit 04e4315a): every state is initial
 *     CoffeeCan100Beans.cfg   distinctStates 5150,   totalStates 20002,   stateDepth 1
 *     CoffeeCan1000Beans.cfg  distinctStates 501500, totalStates 2000002, stateDepth 1
 * - specifications/Paxos/manifest.json (commit 47b0e2cc):
 *     MCVoting.cfg (3 acceptors, 2 values, ballots 0..1, SYMMETRY) distinctStates 77, totalStates 451, stateDepth 11
 *     (the model's canonicalize implements the same symmetry: this exercises the engine's canonical fingerprints)
 * - plus TwoPhase.tla's own closing comment: six RMs, 50816 reachable states
 *   (no depth recorded).
 *
 * Depth convention: TLC's "depth of the complete state graph search"
 * (stateDepth) counts the initial states as depth 1 (e.g. HourClock, whose 12
 * states are all initial, reports stateDepth 1). Our BFS puts initial states at
 * depth 0 and stats.maxDepth is the deepest BFS level, i.e. the length of the
 * longest shortest path from an initial state. Hence:
 *     stats.maxDepth === stateDepth - 1.
 *
 * totalStates (TLC's "states generated") is the number of initial states
 * plus every successor generated (new or not), i.e. for us
 *     stats.transitions + model.init().length === totalStates.
 * It is asserted except where the manifest entry explains why not
 * (totalStatesNotAsserted: EWD840_json, where TLC counted its 1024 initial
 * states twice, and MCVoting, whose count under SYMMETRY we do not reproduce).
 *
 * maxStates: a bound equal to TLC's count must not cut the run; one less
 * must (max-states), with exactly that many states stored.
 *
 * Random walks (small configurations): never complete, and never more
 * distinct states than TLC's count.
 *
 * DFS: our DFS re-explores a state reached again by a shorter path, so a depth
 * bound equal to the diameter (longest shortest path = stateDepth - 1) is
 * sufficient: DFS bounded there must find the same distinct states and say
 * complete; bounded one less it must say incomplete (max-depth). Where TLC
 * recorded no depth, the bound is the depth our BFS measured.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { buildOracleModel, type AnyModel, type Constants } from './models/index.ts';

interface Entry {
  spec: string;
  module: string;
  config: string;
  source: string;
  sourceCommit: string;
  constants: Constants;
  distinctStates: number;
  totalStates: number | null;
  totalStatesNotAsserted?: string;
  /** how the constants were established when the .cfg itself was not available */
  configNote?: string;
  stateDepth: number | null;
}

const TIMEOUT_MS = 30_000;

const manifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as {
  entries: Entry[];
};
const entries = manifest.entries;

/** Number of distinct initial states, by the model's own (canonical) encoding. */
function distinctInitialStates(model: AnyModel): number {
  const keys = new Set<string>();
  for (const s0 of model.init()) {
    const xs: number[] = [];
    model.encode(model.canonicalize ? model.canonicalize(s0) : s0, {
      int: (n) => xs.push(n),
      bool: (b) => xs.push(b ? 1 : 0),
    });
    keys.add(xs.join(','));
  }
  return keys.size;
}

const label = (e: Entry) =>
  `${e.spec} ${Object.entries(e.constants)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')} (${e.config})`;

describe('oracle manifest', () => {
  it('has at least four specifications, one with tens of thousands of states', () => {
    const specs = new Set(entries.map((e) => e.spec));
    expect(specs.size).toBeGreaterThanOrEqual(4);
    expect(Math.max(...entries.map((e) => e.distinctStates))).toBeGreaterThanOrEqual(10000);
    for (const e of entries) {
      expect(Number.isInteger(e.distinctStates) && e.distinctStates > 0).toBe(true);
      expect(e.stateDepth === null || (Number.isInteger(e.stateDepth) && e.stateDepth >= 1)).toBe(true);
      expect(e.source).toMatch(/^specifications\//);
    }
  });
});

describe.each(entries)('TLC oracle: $spec $config', (e) => {
  const model = buildOracleModel(e.spec, e.constants);

  it(`BFS reaches ${e.distinctStates} distinct states${e.stateDepth === null ? '' : `, depth ${e.stateDepth} (TLC)`}: ${label(e)}`, () => {
    const r = explore(model, { mode: 'bfs' });
    if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}: ${r.kind === 'violation' ? r.property : r.message}`);
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(e.distinctStates);
    if (e.stateDepth !== null) expect(r.stats.maxDepth).toBe(e.stateDepth - 1);
    if (e.totalStates !== null && e.totalStatesNotAsserted === undefined) {
      expect(r.stats.transitions + model.init().length).toBe(e.totalStates);
    }
    expect(r.stats.neverFired).toEqual([]);
    // coverage accounts for every transition, and every non-initial state was found by one
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(r.stats.coverage.map((c) => c.fired))).toBe(r.stats.transitions);
    expect(sum(r.stats.coverage.map((c) => c.newStates))).toBe(e.distinctStates - distinctInitialStates(model));
    expect(r.stats.collisionProbability).toBeLessThan(1e-6);
  }, TIMEOUT_MS);

  if (e.stateDepth !== null && e.stateDepth >= 2) {
    const depth = e.stateDepth;
    it(`BFS bounded one level short of TLC's depth is incomplete: ${label(e)}`, () => {
      const r = explore(model, { mode: 'bfs', maxDepth: depth - 2 });
      if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}`);
      expect(r.complete).toBe(false);
      expect(r.incompleteReason).toBe('max-depth');
      expect(r.stats.distinctStates).toBeLessThan(e.distinctStates);
      expect(r.stats.maxDepth).toBe(depth - 2);
    }, TIMEOUT_MS);
  }

  if (e.distinctStates <= 100_000) {
    it(`BFS with maxStates = TLC's count is complete, one less is not: ${label(e)}`, () => {
      const exact = explore(model, { mode: 'bfs', maxStates: e.distinctStates });
      if (exact.kind !== 'ok') throw new Error(`expected ok, got ${exact.kind}`);
      expect(exact.complete).toBe(true);
      expect(exact.stats.distinctStates).toBe(e.distinctStates);
      if (e.distinctStates > 1) {
        const short = explore(model, { mode: 'bfs', maxStates: e.distinctStates - 1 });
        if (short.kind !== 'ok') throw new Error(`expected ok, got ${short.kind}`);
        expect(short.complete).toBe(false);
        expect(short.incompleteReason).toBe('max-states');
        expect(short.stats.distinctStates).toBe(e.distinctStates - 1);
      }
    }, TIMEOUT_MS);
  }

  if (e.distinctStates <= 10_000) {
    it(`seeded random walks see at most TLC's ${e.distinctStates} states and never claim completeness: ${label(e)}`, () => {
      const depth = 2 * (e.stateDepth ?? 20);
      const r = explore(model, { mode: 'random', runs: 500, maxDepth: depth, seed: 1 });
      if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}`);
      expect(r.complete).toBe(false);
      expect(r.stats.distinctStates).toBeGreaterThan(0);
      expect(r.stats.distinctStates).toBeLessThanOrEqual(e.distinctStates);
      expect(r.stats.maxDepth).toBeLessThanOrEqual(depth);
    }, TIMEOUT_MS);
  }

  it(`DFS bounded at the diameter reaches the same ${e.distinctStates} distinct states: ${label(e)}`, () => {
    const diameter = e.stateDepth !== null ? e.stateDepth - 1 : explore(model, { mode: 'bfs' }).stats.maxDepth;
    const r = explore(model, { mode: 'dfs', maxDepth: diameter });
    if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}`);
    expect(r.complete).toBe(true);
    expect(r.stats.distinctStates).toBe(e.distinctStates);
    // (no neverFired check here: DFS does not expand states at the bound, so
    // actions enabled only there, e.g. all of CoffeeCan's at maxDepth 0, never fire)
    if (diameter >= 1) {
      const short = explore(model, { mode: 'dfs', maxDepth: diameter - 1 });
      if (short.kind !== 'ok') throw new Error(`expected ok, got ${short.kind}`);
      expect(short.complete).toBe(false);
      expect(short.incompleteReason).toBe('max-depth');
      expect(short.stats.distinctStates).toBeLessThan(e.distinctStates);
    }
  }, TIMEOUT_MS);
});
