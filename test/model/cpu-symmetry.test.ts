/**
 * CPU symmetry (model/cpu-symmetry.ts): which CPUs are interchangeable, the
 * soundness condition on random walks (cpu-symmetry-check.ts), mutants of the
 * group and of the relabelling that the check must reject, and an
 * independent count of orbits that the reduced search must reproduce.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { exploreParallel } from '../../src/engine/parallel.ts';
import { buildModel, resolve } from '../../model/build.ts';
import { candidatePerms, cpuClassesFor, makeCpuCanonicalEncode, relabelCpus } from '../../model/cpu-symmetry.ts';
import { SCENARIOS } from '../../model/scenarios.ts';
import type { PagePoolState } from '../../model/state.ts';
import { encodeCanonical } from '../../model/symmetry.ts';
import { checkCpuSymmetry, classPerms } from './cpu-symmetry-check.ts';
import { ppcheckInProcess } from '../cli/literate.ts';

const classesOf = (scenario: string, cpus: number) => {
  const { scen, bounds } = resolve({ variant: 'mainline', scenario, bounds: { cpus } });
  return cpuClassesFor(scen, bounds);
};

describe('interchangeable CPUs', () => {
  it('cpu0, the other subsystem\'s CPU, irq targets and nodes are never in a class', () => {
    // cpu0: driver control CPU and initial irq target; the last CPU runs get_page/put_page in rx-recycle
    expect(classesOf('xdp', 2)).toEqual([]);
    expect(classesOf('xdp', 3)).toEqual([[1, 2]]);
    expect(classesOf('xdp', 4)).toEqual([[1, 2, 3]]);
    expect(classesOf('teardown', 4)).toEqual([[1, 2, 3]]);
    expect(classesOf('rx-recycle', 3)).toEqual([]);
    expect(classesOf('rx-recycle', 4)).toEqual([[1, 2]]);
    // napi-move: nodes 2 (cpu c on node c % 2) and cpu1 is the irq_set_affinity target
    expect(classesOf('napi-move', 4)).toEqual([]);
    // destroy-live-napi: cpu1 is the irq_set_affinity target
    expect(classesOf('destroy-live-napi', 3)).toEqual([]);
    expect(classesOf('destroy-live-napi', 4)).toEqual([[2, 3]]);
    // at their default bounds no shipped scenario has two interchangeable CPUs
    for (const sc of SCENARIOS) expect(cpuClassesFor(sc, sc.bounds), sc.id).toEqual([]);
  });

  it('candidatePerms: one candidate when the keys differ or the tied CPUs are alike, every order of a real tie', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'xdp', bounds: { cpus: 4 } });
    const s0 = m.init()[0];
    // the initial state: cpus 1..3 idle, alike: one candidate, the identity
    expect(candidatePerms(s0, 4, [[1, 2, 3]])).toEqual([[0, 1, 2, 3]]);
    // cpu1 and cpu3 each about to put a page into the ring (page0, page1): equal keys, not alike
    const ring = (i: number, page: number) => (i === 1 * 3 + 1 || i === 3 * 3 + 1 ? { op: 3, pool: 0, page, c: 0, bh: false, bhd: 0, ns: -1, q: [], bq: [] } : null);
    const s1: PagePoolState = { ...s0, actors: s0.actors.map((a, i) => ring(i, i === 4 ? 0 : 1) ?? a) };
    const c1 = candidatePerms(s1, 4, [[1, 2, 3]]);
    expect(c1.length).toBe(2);
    // both orders of cpu1/cpu3, cpu2 (idle, another key) in the same place in both
    expect(new Set(c1.map((p) => p[2])).size).toBe(1);
    expect(new Set(c1.map((p) => p[1])).size).toBe(2);
    // the same pages: swapping cpu1 and cpu3 changes nothing, one candidate
    const s2: PagePoolState = { ...s0, actors: s0.actors.map((a, i) => ring(i, 0) ?? a) };
    expect(candidatePerms(s2, 4, [[1, 2, 3]]).length).toBe(1);
  });
});

describe('soundness condition on random walks', () => {
  for (const cpus of [3, 4]) {
    for (const sc of SCENARIOS) {
      const classes = classesOf(sc.id, cpus);
      if (classes.length === 0) continue;
      it(`mainline ${sc.id} cpus ${cpus} ${JSON.stringify(classes)}`, () => {
        const m = buildModel({ variant: 'mainline', scenario: sc.id, bounds: { cpus } });
        expect(checkCpuSymmetry(m, cpus, classes, { seed: cpus, walks: 8, depth: 40 })).toBeNull();
      }, 60_000);
    }
  }

  it('the bug variants of the corpus, cpus 4', () => {
    for (const [variant, scenario] of [
      ['napi-local-destroy-window', 'destroy-live-napi'],
      ['recycle-in-ring-pool-uaf', 'teardown'],
      ['clone-expand-double-recycle', 'skb-clone-expand'],
      ['negative-inflight-release-loop', 'teardown'],
      ['mutant-napi-local-no-owner-check', 'rx-recycle'],
    ]) {
      const { scen, bounds } = resolve({ variant, scenario, bounds: { cpus: 4 } });
      const classes = cpuClassesFor(scen, bounds);
      expect(classes.length, `${variant}/${scenario}`).toBeGreaterThan(0);
      const m = buildModel({ variant, scenario, bounds: { cpus: 4 } });
      expect(checkCpuSymmetry(m, 4, classes, { walks: 5, depth: 40 }), `${variant}/${scenario}`).toBeNull();
    }
  }, 60_000);
});

describe('the check rejects mutants of the canonicalisation', () => {
  // a group that also permutes a CPU with a static role
  const groupMutants: [scenario: string, cpus: number, classes: number[][], role: string][] = [
    ['rx-recycle', 3, [[1, 2]], 'the other subsystem runs on the last CPU'],
    ['teardown', 3, [[0, 1, 2]], 'cpu0 runs the driver script'],
    ['napi-move', 4, [[1, 3]], 'cpu1 is the irq_set_affinity target'],
    ['destroy-live-napi', 3, [[1, 2]], 'cpu1 is the irq_set_affinity target'],
  ];
  for (const [scenario, cpus, classes, role] of groupMutants) {
    it(`${scenario} cpus ${cpus}: permuting ${JSON.stringify(classes)} is caught (${role})`, () => {
      const m = buildModel({ variant: 'mainline', scenario, bounds: { cpus } });
      expect(checkCpuSymmetry(m, cpus, classes, { walks: 10, depth: 40, relabel: relabelCpus })).not.toBeNull();
    });
  }
  // a relabelling that forgets a CPU reference of the state
  const relabelMutants: Record<string, (s: PagePoolState, p: readonly number[]) => PagePoolState> = {
    'producer lock holder (actor id)': (s, p) => {
      const t = relabelCpus(s, p);
      t.pools.forEach((P, k) => (P.lock = s.pools[k].lock));
      return t;
    },
    'actors array': (s, p) => ({ ...relabelCpus(s, p), actors: s.actors }),
  };
  for (const [what, relabel] of Object.entries(relabelMutants)) {
    it(`xdp cpus 3: a relabelling that forgets the ${what} is caught`, () => {
      const m = buildModel({ variant: 'mainline', scenario: 'xdp', bounds: { cpus: 3 } });
      expect(checkCpuSymmetry(m, 3, [[1, 2]], { walks: 10, depth: 40, relabel })).not.toBeNull();
      expect(checkCpuSymmetry(m, 3, [[1, 2]], { walks: 10, depth: 40, relabel: relabelCpus })).toBeNull();
    });
  }
});

/**
 * The number of orbits of the reachable states under the admissible group,
 * counted without the reduction: every reachable state (BFS with page
 * symmetry only), mapped to the smallest page-canonical encoding over every
 * class-preserving permutation (all of them, not the pruned candidates).
 */
function orbitCount(variant: string, scenario: string, bounds: Record<string, number>, classes: number[][]): { states: number; orbits: number } {
  const m = buildModel({ variant, scenario, bounds, cpuSymmetry: false });
  const key = (s: PagePoolState) => {
    const out: number[] = [];
    m.encode(s, { int: (n) => out.push(n), bool: (b) => out.push(b ? 1 : 0) });
    return out.join(',');
  };
  const group = classPerms(bounds.cpus, classes);
  const canon = (s: PagePoolState) => {
    let best: number[] | null = null;
    for (const p of group) {
      const out: number[] = [];
      encodeCanonical(relabelCpus(s, p), { int: (n) => out.push(n), bool: (b) => out.push(b ? 1 : 0) });
      if (best === null || cmp(out, best) < 0) best = out;
    }
    return best!.join(',');
  };
  const seen = new Set<string>();
  const orbits = new Set<string>();
  const queue = [...m.init()];
  for (const s of queue) seen.add(key(s));
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i];
    orbits.add(canon(s));
    for (const a of m.actions(s)) {
      const n = m.step(s, a);
      const k = key(n);
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(n);
      }
    }
  }
  return { states: seen.size, orbits: orbits.size };
}
function cmp(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

describe('the reduced search visits exactly one state per orbit', () => {
  const cases: [variant: string, scenario: string, bounds: Record<string, number>][] = [
    ['mainline', 'xdp', { cpus: 3 }],
    // CONFIG_PAGE_POOL_STATS: the per-CPU recycle_stats blocks move with their CPU
    ['mainline', 'xdp', { cpus: 3, poolStats: 1 }],
    ['mainline', 'xdp', { cpus: 4, budget: 3 }],
    ['mainline', 'skb-clone-expand', { cpus: 3 }],
    ['mainline', 'destroy-live-napi', { cpus: 4 }],
    ['recycle-in-ring-pool-uaf-fixed', 'teardown', { cpus: 3, budget: 3 }],
    ['mainline', 'rx-recycle', { cpus: 4, pages: 2, budget: 2 }],
  ];
  for (const [variant, scenario, bounds] of cases) {
    it(`${variant} / ${scenario} ${JSON.stringify(bounds)}`, () => {
      const { scen, bounds: full } = resolve({ variant, scenario, bounds });
      const classes = cpuClassesFor(scen, full);
      expect(classes.length).toBeGreaterThan(0);
      const { states, orbits } = orbitCount(variant, scenario, full, classes);
      const on = explore(buildModel({ variant, scenario, bounds }), {});
      expect(on.kind).toBe('ok'); // no violation: the engine's search is exhaustive too
      expect(on.stats.distinctStates).toBe(orbits);
      expect(orbits).toBeLessThan(states);
    }, 60_000);
  }

  it('a mutant group (the other subsystem\'s CPU permuted) merges states of different orbits', () => {
    const bounds = { cpus: 3, pages: 2, budget: 2 };
    const { scen, bounds: full } = resolve({ variant: 'mainline', scenario: 'rx-recycle', bounds });
    expect(cpuClassesFor(scen, full)).toEqual([]);
    const m = buildModel({ variant: 'mainline', scenario: 'rx-recycle', bounds });
    const mutant = { ...m, encode: makeCpuCanonicalEncode(3, [[1, 2]]) };
    const good = explore(m, {});
    const bad = explore(mutant, {});
    expect(good.kind).toBe('ok');
    expect(good.stats.distinctStates).toBe(orbitCount('mainline', 'rx-recycle', full, []).orbits);
    expect(bad.stats.distinctStates).toBeLessThan(good.stats.distinctStates);
  }, 60_000);
});

describe('traces with CPU symmetry: workers, random mode, replay', () => {
  it('--workers 2 (each worker builds the default model): the same states and trace length as one worker', async () => {
    const BUILD = new URL('../../model/build.ts', import.meta.url).href;
    for (const req of [
      { variant: 'mainline', scenario: 'xdp', bounds: { cpus: 3 } },
      { variant: 'recycle-in-ring-pool-uaf', scenario: 'teardown', bounds: { cpus: 3 } },
    ]) {
      const seq = explore(buildModel(req), {});
      const par = await exploreParallel({ module: BUILD, export: 'buildModel', args: [req] }, {}, 2);
      expect(par.kind).toBe(seq.kind);
      expect(par.stats.distinctStates).toBe(seq.stats.distinctStates);
      if (seq.kind === 'violation' && par.kind === 'violation') expect(par.trace.steps.length).toBe(seq.trace.steps.length);
      if (seq.kind === 'ok') expect(seq.stats.distinctStates).toBe(2097);
    }
  }, 120_000);

  it('random mode: the violation is found and its walk replays (fingerprints checked), with and without', () => {
    const req = { variant: 'recycle-in-ring-pool-uaf', scenario: 'teardown', bounds: { cpus: 4 } };
    for (const cpuSymmetry of [true, false]) {
      const r = explore(buildModel({ ...req, cpuSymmetry }), { mode: 'random', seed: 3, runs: 3000, maxDepth: 60 });
      expect(r.kind).toBe('violation');
      if (r.kind === 'violation') expect(r.property).toBe('pool-lifetime');
    }
  }, 60_000);

  it('ppcheck check --cpus 3 --out, then ppcheck replay: the counterexample reproduces (exit 12)', async () => {
    const REPO = fileURLToPath(new URL('../..', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'ppcheck-cpusym-'));
    try {
      const out = join(dir, 't.itf.json');
      // the CLI's entry (runCli) in this process: its parsing, files and exit codes (test/cli/literate.ts)
      const cli = (args: string[]) => ppcheckInProcess(args, REPO);
      const c = await cli(['check', '--variant', 'recycle-in-ring-pool-uaf', '--scenario', 'teardown', '--cpus', '3', '--out', out]);
      expect(c.status).toBe(12);
      expect(c.stdout).toMatch(/pool-lifetime/);
      const r = await cli(['replay', out]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(12);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
