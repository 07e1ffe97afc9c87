/**
 * `ppcheck mix` through the CLI, in-process (runCli with a captured Io): the
 * issue's command prints both mixes, the difference and its interval and
 * writes the SVG; the same seed gives byte-identical text, JSON and SVG; the
 * JSON validates against docs/schemas/mix.schema.json (ajv, draft 2020-12,
 * strict) and the schema rejects a broken copy; shards together are the
 * unsharded run, and --merge of them prints what it prints; bad input is one
 * line and exit 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runCli, type Io } from '../../src/cli/main.ts';

const REPO = resolve(import.meta.dirname, '../..');

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const SMALL = ['--runs', '4', '--warmup', '200', '--steps', '800'];
const tmp = mkdtempSync(join(tmpdir(), 'ppcheck-mix-'));

function schema() {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(join(REPO, 'docs/schemas/mix.schema.json'), 'utf8')) as object);
}

describe('ppcheck mix --profile host-remote-app --variant mainline --against v5.14', () => {
  it('prints its parameters, both mixes, the difference and its interval, and writes the SVG; same seed, same bytes', async () => {
    const svg1 = join(tmp, 'a.svg');
    const svg2 = join(tmp, 'b.svg');
    const argv = ['mix', '--profile', 'host-remote-app', '--variant', 'mainline', '--against', 'v5.14', ...SMALL];
    const a = await run([...argv, '--svg', svg1]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^ppcheck mix: profile host-remote-app \(scenario wl-remote-app\), variant mainline against v5.14$/m);
    expect(a.stdout).toMatch(/^ {2}seed 1, 4 runs \(shard 1\/1\), warm-up 200 steps, 800 counted steps per run$/m);
    expect(a.stdout).toMatch(/^mainline \(hold=1\): 4 runs/m);
    expect(a.stdout).toMatch(/^v5\.14 \(hold=1\): 4 runs/m);
    expect(a.stdout).toMatch(/^difference mainline - v5\.14 \(hold=1\) \(Welch 95% interval\):$/m);
    expect(a.stdout).toMatch(/^ {4}refill from the ring +-0\.\d{3} {2}\[-0\.\d{3}, -0\.\d{3}\]$/m);
    const b = await run([...argv, '--svg', svg2]);
    expect(b.stdout).toBe(a.stdout.replace(svg1, svg2));
    const s1 = readFileSync(svg1, 'utf8');
    expect(s1.startsWith('<svg')).toBe(true);
    expect(readFileSync(svg2, 'utf8')).toBe(s1);
    // another seed, other numbers
    const c = await run([...argv, '--seed', '2']);
    expect(c.stdout).not.toBe(a.stdout.replace(`plot written to ${svg1}\n`, ''));
  });

  it('--json: one object that validates against docs/schemas/mix.schema.json, byte-identical for the same seed', async () => {
    const argv = ['mix', '--profile', 'host-remote-app', '--against', 'v5.14', '--json', ...SMALL];
    const a = await run(argv);
    expect(a.code).toBe(0);
    expect(a.stdout.endsWith('\n') && a.stdout.indexOf('\n') === a.stdout.length - 1).toBe(true);
    const v = JSON.parse(a.stdout) as Record<string, unknown>;
    const validate = schema();
    expect(validate(v), JSON.stringify(validate.errors)).toBe(true);
    expect((await run(argv)).stdout).toBe(a.stdout);
    // the schema bites: a broken copy is rejected
    const broken = JSON.parse(a.stdout) as { mixes: { groups: { roads: { fraction: { lo: unknown } }[] }[] }[] };
    broken.mixes[0].groups[0].roads[0].fraction.lo = 'low';
    expect(validate(broken)).toBe(false);
    expect(validate({ ...v, command: 'check' })).toBe(false);
  });

  it('shards 1/2 and 2/2 run exactly the runs of the unsharded mix', async () => {
    const argv = ['mix', '--profile', 'router', '--json', ...SMALL];
    type J = { mixes: { perRun: { index: number[]; counts: number[][] } }[] };
    const all = JSON.parse((await run(argv)).stdout) as J;
    const s1 = JSON.parse((await run([...argv, '--shard', '1/2'])).stdout) as J;
    const s2 = JSON.parse((await run([...argv, '--shard', '2/2'])).stdout) as J;
    expect(s1.mixes[0].perRun.index).toEqual([0, 2]);
    expect(s2.mixes[0].perRun.index).toEqual([1, 3]);
    const byIndex = new Map<number, number[]>();
    for (const s of [s1, s2]) s.mixes[0].perRun.index.forEach((r, i) => byIndex.set(r, s.mixes[0].perRun.counts[i]));
    all.mixes[0].perRun.index.forEach((r, i) => expect(byIndex.get(r)).toEqual(all.mixes[0].perRun.counts[i]));
  });

  it('--merge of the shards prints what the unsharded mix prints (text and JSON); a shard twice or missing is an input error', async () => {
    const argv = ['mix', '--profile', 'host-remote-app', '--against', 'v5.14', ...SMALL];
    const files: string[] = [];
    for (const sh of ['1/3', '2/3', '3/3']) {
      const f = join(tmp, `shard-${sh.replace('/', 'of')}.json`);
      writeFileSync(f, (await run([...argv, '--shard', sh, '--json'])).stdout);
      files.push(f);
    }
    const merged = await run(['mix', '--merge', files[2], files[0], files[1]]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe((await run(argv)).stdout);
    expect((await run(['mix', '--merge', ...files, '--json'])).stdout).toBe((await run([...argv, '--json'])).stdout);
    for (const bad of [[files[0], files[0], files[1]], [files[0], files[1]], [files[0], files[1], files[2], '--seed', '2']]) {
      const r = await run(['mix', '--merge', ...bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^ppcheck: [^\n]+\n$/);
    }
  });

  it('bad input is one line on stderr and exit 2', async () => {
    for (const argv of [
      ['mix'],
      ['mix', '--profile', 'nope'],
      ['mix', '--profile', 'router', '--variant', 'nope'],
      ['mix', '--profile', 'router', '--param', 'hold=2'],
      ['mix', '--profile', 'host-local-app', '--param', 'bh=0.5'],
      ['mix', '--profile', 'router', '--runs', '1'],
      ['mix', '--profile', 'router', '--shard', '3/2'],
      ['mix', '--profile', 'router', '--cpus', '9'],
      ['mix', '--profile', 'router', '--svg', join(tmp, 'no/such/dir.svg'), ...SMALL],
      ['mix', '--profile', 'host-remote-app', '--exact', '--exact-max-states', '10', ...SMALL],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout, argv.join(' ')).toBe('');
      expect(r.stderr, argv.join(' ')).toMatch(/^ppcheck: [^\n]+\n$/);
    }
  });

  it('--list names the five profiles', async () => {
    const r = await run(['mix', '--list']);
    expect(r.code).toBe(0);
    for (const p of ['router', 'host-remote-app', 'host-local-app', 'host-slow-reader', 'numa-remote']) expect(r.stdout).toMatch(new RegExp(`^${p} `, 'm'));
  });
});
