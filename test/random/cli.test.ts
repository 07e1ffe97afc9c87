import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ppcheckInProcess } from '../cli/literate.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TOY = 'test/cli/fixtures/toy.ts';

/** `ppcheck ARGS` through the CLI's entry in this process (runCli: parsing, output, exit code; NO_COLOR). */
async function ppcheck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await ppcheckInProcess(args, ROOT);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** argv of a printed command line (`npx ppcheck check …`, no quoting needed for these). */
function argvOf(cmd: string): string[] {
  const words = cmd.split(' ');
  expect(words.slice(0, 2)).toEqual(['npx', 'ppcheck']);
  return words.slice(2);
}

const TIMING = new Set(['seconds', 'statesPerSecond', 'peakHeapBytes', 'stepsPerSecond']);
function untimed(json: string): string {
  return JSON.stringify(JSON.parse(json), (k, v: unknown) => (TIMING.has(k) ? undefined : v));
}

describe('check --mode random (CLI)', () => {
  it('same seed, same result; the printed command replays the same trace via --path', { timeout: 60_000 }, async () => {
    const args = ['check', '--model', TOY, '--variant', 'racy', '--scenario', 'pair', '--workers', '3', '--incs', '2', '--mode', 'random', '--seed', '5', '--runs', '200', '--depth', '40', '--json'];
    const a = await ppcheck(args);
    const b = await ppcheck(args);
    expect(a.code).toBe(12);
    expect(untimed(b.stdout)).toBe(untimed(a.stdout));
    const ja = JSON.parse(a.stdout) as { rerun: string; trace: unknown; random: { path: string; seed: number; runs: number; steps: number; distinctStates: number } };
    expect(ja.random.seed).toBe(5);
    expect(ja.random.runs).toBe(200);
    expect(ja.random.steps).toBeGreaterThan(0);
    expect(ja.random.distinctStates).toBeGreaterThan(0);
    expect(ja.rerun).toContain(`--path ${ja.random.path}`);
    const replay = await ppcheck([...argvOf(ja.rerun), '--json']);
    expect(replay.code).toBe(12);
    const jr = JSON.parse(replay.stdout) as { trace: unknown; random: { path: string; replayedPath: string } };
    expect(JSON.stringify(jr.trace)).toBe(JSON.stringify(ja.trace));
    expect(jr.random.replayedPath).toBe(ja.random.path);
    // a replay generates no run: it measures no coverage and warns of no never-fired action
    const text = await ppcheck(argvOf(ja.rerun));
    expect(text.code).toBe(12);
    expect(text.stdout + text.stderr).not.toMatch(/never fired/);
  });

  it('the text report names seed, path and the replay command; --out writes a trace that replays', { timeout: 60_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ppcheck-random-')), 'cex.itf.json');
    const r = await ppcheck(['check', '--model', TOY, '--variant', 'racy', '--scenario', 'pair', '--mode', 'random', '--seed', '2', '--out', out]);
    expect(r.code).toBe(12);
    expect(r.stdout).toMatch(/random {5}seed 2, shard 1\/1, \d+ of 30000 runs/);
    expect(r.stdout).toMatch(/shrunk {5}run \d+ from \d+ to \d+ steps/);
    expect(r.stdout).toMatch(/--mode random --seed 2 --runs 30000 --path \d+(:\d+)*/);
    const rep = await ppcheck(['replay', out, '--model', TOY]);
    expect(rep.code).toBe(12);
  });

  it('random-mode flags are checked: one line, exit 2', { timeout: 60_000 }, async () => {
    const cases: [string[], RegExp][] = [
      [['--mode', 'random', '--shard', '3/2'], /--shard 3\/2: need 1 ≤ i ≤ N/],
      [['--mode', 'random', '--shard', 'x'], /--shard must look like i\/N/],
      [['--shard', '1/2'], /--shard applies only to --mode random/],
      [['--mode', 'random', '--path', '1:2'], /--path replays one run of one scenario: give --scenario too/],
      [['--mode', 'random', '--scenario', 'pair', '--path', 'a:b'], /path must look like/],
      [['--mode', 'random', '--depth', '5', '--max-depth', '6'], /--depth and --max-depth disagree/],
    ];
    for (const [extra, msg] of cases) {
      const r = await ppcheck(['check', '--model', TOY, ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
