import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeResults, MergeInputError, type MergeInput } from '../../src/random/merge.ts';
import { ppcheckInProcess } from '../cli/literate.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ppcheck.mjs');
const TOY = 'test/cli/fixtures/toy.ts';

/** the CLI in this process (test/cli/literate.ts), as `node bin/ppcheck.mjs ARGS` in the repository */
async function ppcheck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await ppcheckInProcess(args, ROOT);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A minimal shard result as `check --mode random --json` prints it. */
function shard(index: number, count: number, o: { verdict?: 'ok' | 'violation'; len?: number; run?: number; seed?: number } = {}): unknown {
  const verdict = o.verdict ?? 'ok';
  return {
    format: 1,
    command: 'check',
    verdict,
    complete: false,
    property: verdict === 'violation' ? 'P' : null,
    reason: verdict === 'violation' ? 'r' : null,
    terminal: verdict === 'violation' ? false : null,
    trace: verdict === 'violation' ? { initIndex: 0, length: o.len, steps: Array.from({ length: (o.len ?? 1) + 1 }, (_, i) => ({ label: `s${i}` })) } : null,
    params: { variant: 'v', scenarios: ['s'], bounds: { s: { n: 2 } }, mode: 'random', seed: o.seed ?? 1, runs: 10, maxDepth: 5 },
    stats: {
      distinctStates: 3,
      transitions: 7,
      maxDepth: 5,
      seconds: 0.5,
      statesPerSecond: 14,
      peakHeapBytes: 100,
      collisionProbability: 0,
      coverage: [
        { action: 'a', fired: 4, newStates: 1 },
        { action: 'b', fired: index, newStates: 0 },
      ],
      neverFired: index === 0 ? ['b'] : [],
      runs: 5,
      steps: 7,
    },
    random: { seed: o.seed ?? 1, runs: 10, depth: 5, shard: { index, count }, runsExecuted: 5, steps: 7, runIndex: o.run, path: o.run !== undefined ? `${o.run}:0` : undefined },
    rerun: `npx ppcheck check --variant v --mode random --seed 1 --runs 10 --shard ${index + 1}/${count}${o.run !== undefined ? ` --path ${o.run}:0` : ''}`,
  };
}

const inp = (file: string, json: unknown): MergeInput => ({ file, json });

describe('mergeResults', () => {
  it('ok shards: verdict ok, statistics summed, never-fired only if fired nowhere', () => {
    const m = mergeResults([inp('b.json', shard(1, 2)), inp('a.json', shard(0, 2))]);
    expect(m.verdict).toBe('ok');
    expect(m.shards.map((s) => s.shard)).toEqual(['1/2', '2/2']);
    expect(m.missingShards).toEqual([]);
    expect(m.stats.runs).toBe(10);
    expect(m.stats.steps).toBe(14);
    expect(m.stats.transitions).toBe(14);
    expect(m.stats.distinctStates).toBe(6);
    expect(m.stats.coverage).toEqual([
      { action: 'a', fired: 8, newStates: 2 },
      { action: 'b', fired: 1, newStates: 0 },
    ]);
    expect(m.stats.neverFired).toEqual([]);
    expect(m.rerun).not.toMatch(/--shard/);
  });

  it('a violation in any shard wins; the earliest failing run is reported (as one unsharded run would), a shorter trace is named', () => {
    const m = mergeResults([
      inp('a.json', shard(0, 3, { verdict: 'violation', len: 6, run: 3 })),
      inp('b.json', shard(1, 3, { verdict: 'violation', len: 4, run: 7 })),
      inp('c.json', shard(2, 3, { verdict: 'violation', len: 3, run: 5 })),
    ]);
    expect(m.verdict).toBe('violation');
    expect(m.from).toBe('a.json');
    expect(m.path).toBe('3:0');
    expect(m.property).toBe('P');
    expect((m.trace as { steps: unknown[] }).steps).toHaveLength(7);
    expect(m.rerun).toMatch(/--path 3:0/);
    expect(m.shorter).toMatchObject({ from: 'c.json', shard: '3/3', traceLength: 3, runIndex: 5, path: '5:0' });
    expect(m.shorter!.rerun).toMatch(/--path 5:0/);
    const same = mergeResults([inp('a.json', shard(0, 2, { verdict: 'violation', len: 4, run: 2 })), inp('b.json', shard(1, 2, { verdict: 'violation', len: 4, run: 1 }))]);
    expect(same.from).toBe('b.json');
    expect(same.shorter).toBeNull();
  });

  it('lists missing shards', () => {
    const m = mergeResults([inp('a.json', shard(0, 3)), inp('c.json', shard(2, 3, { verdict: 'violation', len: 2, run: 2 }))]);
    expect(m.missingShards).toEqual(['2/3']);
    expect(m.verdict).toBe('violation');
  });

  it('rejects shards of different checks, duplicates, mixed counts and non-random results', () => {
    expect(() => mergeResults([])).toThrow(MergeInputError);
    expect(() => mergeResults([inp('a.json', shard(0, 2)), inp('b.json', shard(1, 2, { seed: 2 }))])).toThrow(/b.json: a different check than a.json \(params.seed/);
    expect(() => mergeResults([inp('a.json', shard(0, 2)), inp('b.json', shard(0, 2))])).toThrow(/shard 1\/2 is also in a.json/);
    expect(() => mergeResults([inp('a.json', shard(0, 2)), inp('b.json', shard(1, 3))])).toThrow(/different shard counts/);
    const bfs = shard(0, 1) as { params: { mode: string } };
    bfs.params.mode = 'bfs';
    expect(() => mergeResults([inp('x.json', bfs)])).toThrow(/x.json: not a random-mode result/);
    expect(() => mergeResults([inp('y.json', [1, 2])])).toThrow(/y.json: not a ppcheck JSON result/);
    expect(() => mergeResults([inp('z.json', { verdict: 'ok' })])).toThrow(/z.json: params: missing/);
  });
});

describe('ppcheck merge (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ppcheck-merge-'));

  async function shardRun(variant: string, seed: number, i: number, n: number): Promise<string> {
    const file = join(dir, `${variant}-${seed}-${i}of${n}.json`);
    const r = await ppcheck(['check', '--model', TOY, '--variant', variant, '--scenario', 'pair', '--mode', 'random', '--seed', String(seed), '--runs', '300', '--shard', `${i}/${n}`, '--json']);
    // random mode is never complete: no violation found is 'cut short' (exit 3, src/cli/endings.ts)
    expect([3, 12]).toContain(r.code);
    writeFileSync(file, r.stdout);
    return file;
  }

  it('two shards plus merge give the verdict of one run over the same seeds', { timeout: 60_000 }, async () => {
    for (const [variant, seed] of [
      ['racy', 1],
      ['mainline', 4],
    ] as const) {
      const one = await ppcheck(['check', '--model', TOY, '--variant', variant, '--scenario', 'pair', '--mode', 'random', '--seed', String(seed), '--runs', '300', '--json']);
      const single = JSON.parse(one.stdout) as { verdict: string; property: string | null; trace: unknown; random: { path?: string } };
      const files = [await shardRun(variant, seed, 1, 2), await shardRun(variant, seed, 2, 2)];
      const merged = await ppcheck(['merge', ...files, '--json']);
      expect(merged.code).toBe(one.code);
      const m = JSON.parse(merged.stdout) as { verdict: string; property: string | null; trace: unknown; path: string | null };
      expect(m.verdict).toBe(single.verdict);
      expect(m.property).toBe(single.property);
      if (single.verdict === 'violation') {
        // the earliest failing run is the unsharded run's: same path, same trace
        expect(m.path).toBe(single.random.path);
        expect(JSON.stringify(m.trace)).toBe(JSON.stringify(single.trace));
      }
      const text = await ppcheck(['merge', ...files]);
      expect(text.code).toBe(one.code);
      expect(text.stdout).toMatch(/^merged 2 of 2 shards: seed \d+, 300 runs/);
    }
  });

  it('merges shards of a check over several scenarios', { timeout: 60_000 }, async () => {
    const files: string[] = [];
    for (const i of [1, 2]) {
      const file = join(dir, `multi-${i}.json`);
      const r = await ppcheck(['check', '--model', TOY, '--variant', 'mainline', '--mode', 'random', '--seed', '3', '--runs', '100', '--shard', `${i}/2`, '--json']);
      expect(r.code).toBe(3);
      writeFileSync(file, r.stdout);
      files.push(file);
    }
    const one = JSON.parse((await ppcheck(['check', '--model', TOY, '--variant', 'mainline', '--mode', 'random', '--seed', '3', '--runs', '100', '--json'])).stdout) as {
      stats: { runs: number; steps: number };
    };
    const r = await ppcheck(['merge', ...files, '--json']);
    expect(r.code).toBe(3);
    const m = JSON.parse(r.stdout) as { verdict: string; stats: { runs: number; steps: number }; seed: number };
    expect(m.verdict).toBe('ok');
    expect(m.seed).toBe(3);
    // two scenarios × 100 runs, split between the shards
    expect(m.stats.runs).toBe(one.stats.runs);
    expect(m.stats.runs).toBe(200);
    expect(m.stats.steps).toBe(one.stats.steps);
  });

  it('bad input: one line, exit 2', { timeout: 60_000 }, async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"verdict": ');
    let r = await ppcheck(['merge', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ppcheck: .*bad.json: malformed JSON/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    r = await ppcheck(['merge', join(dir, 'missing.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*missing.json: ENOENT/);
    const a = await shardRun('racy', 1, 1, 2);
    r = await ppcheck(['merge', a, a]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shard 1\/2 is also in/);
  });

  it('is listed in the help', () => {
    const out = execFileSync(process.execPath, [BIN, 'merge', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/random-mode shards/);
    expect(out).toMatch(/--json/);
  });
});
