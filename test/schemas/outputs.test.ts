/**
 * Every `--json` output and trace file validates against its contract in
 * docs/schemas/ (ajv, draft 2020-12). The outputs are real: the CLI's
 * runCli in-process (no spawn) on the toy families and on page_pool, across
 * the outcomes each command has (ok, violation, incomplete, error; every
 * replay outcome; each list topic). Each schema is also shown to bite: the
 * real output with a required key dropped, or a key of the wrong type, is
 * rejected.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type Io } from '../../src/cli/main.ts';
import { schemaForOutput, schemaNames, schemaProblems } from './validate.ts';

interface Out {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

async function cli(...argv: string[]): Promise<Out> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: { NO_COLOR: '1' } };
  const code = await runCli(argv, io);
  const lines = stdout.split('\n').filter((l) => l !== '');
  expect(lines.length, `${argv.join(' ')}: one JSON line on stdout\n${stdout}\n${stderr}`).toBe(1);
  return { code, stdout, stderr, json: JSON.parse(stdout) as Record<string, unknown> };
}

function valid(name: string, v: unknown): void {
  expect(schemaProblems(name, v)).toEqual([]);
}

const TOY = 'test/cli/fixtures/toy.ts';
const TOYPOOL = 'test/trace/fixtures/toypool.ts';
const tmp = mkdtempSync(join(tmpdir(), 'ppcheck-schemas-'));
const outputs = new Map<string, Out>();

beforeAll(async () => {
  const run = async (key: string, ...argv: string[]) => outputs.set(key, await cli(...argv));
  await run('check-ok', 'check', '--model', TOY, '--json');
  await run('check-violation', 'check', '--model', TOY, '--variant', 'racy', '--json', '--out', join(tmp, 'toy-racy.itf.json'));
  await run('check-incomplete', 'check', '--model', TOY, '--max-states', '5', '--json');
  await run('check-error', 'check', '--model', 'test/cli/fixtures/toy-crash.ts', '--variant', 'crash', '--json');
  await run('check-random', 'check', '--model', TOY, '--variant', 'racy', '--mode', 'random', '--runs', '40', '--json');
  await run('check-pagepool', 'check', '--variant', 'mutant-no-clear-pp-recycle', '--scenario', 'skb-clone-coalesce', '--json', '--out', join(tmp, 'pp.itf.json'));
  await run('shard1', 'check', '--model', TOY, '--variant', 'racy', '--mode', 'random', '--runs', '40', '--shard', '1/2', '--json');
  await run('shard2', 'check', '--model', TOY, '--variant', 'racy', '--mode', 'random', '--runs', '40', '--shard', '2/2', '--json');
  writeFileSync(join(tmp, 's1.json'), outputs.get('shard1')!.stdout);
  writeFileSync(join(tmp, 's2.json'), outputs.get('shard2')!.stdout);
  await run('merge', 'merge', join(tmp, 's1.json'), join(tmp, 's2.json'), '--json');
  await run('merge-missing', 'merge', join(tmp, 's1.json'), '--json');
  await run('suite-ok', 'suite', '--model', TOY, '--json');
  await run('suite-mismatch', 'suite', '--model', 'test/cli/fixtures/toy-wrong.ts', '--json');
  await run('check-toypool', 'check', '--model', TOYPOOL, '--variant', 'racy', '--json', '--out', join(tmp, 'racy.itf.json'));
  const racy = join(tmp, 'racy.itf.json');
  await run('replay-reproduced', 'replay', racy, '--model', TOYPOOL, '--json');
  await run('replay-diverged', 'replay', racy, '--model', TOYPOOL, '--variant', 'fixed', '--json');
  await run('replay-no-longer', 'replay', racy, '--model', TOYPOOL, '--variant', 'atomic-write', '--json');
  await run('replay-other', 'replay', racy, '--model', TOYPOOL, '--variant', 'strict', '--json');
  await run('show', 'show', racy, '--format', 'json');
  await run('show-pagepool', 'show', join(tmp, 'pp.itf.json'), '--format', 'json');
  for (const topic of ['variants', 'properties', 'scenarios', 'bounds']) {
    await run(`list-${topic}`, 'list', topic, '--model', TOY, '--json');
    await run(`list-${topic}-pagepool`, 'list', topic, '--json');
  }
  await run('check-deadlock', 'check', '--variant', 'mutant-softirq-over-bh-disabled', '--scenario', 'rx-recycle', '--budget', '3', '--json');
  await run('check-lasso', 'check', '--variant', 'numa-no-node-starvation', '--scenario', 'numa-steady', '--liveness', '--json', '--out', join(tmp, 'lasso.itf.json'));
  await run('replay-lasso', 'replay', join(tmp, 'lasso.itf.json'), '--json');
  await run('show-lasso', 'show', join(tmp, 'lasso.itf.json'), '--format', 'json');
  await run('diff-regression', 'diff', '--model', TOY, '--variant', 'racy', '--json');
  await run('diff-none', 'diff', '--model', TOY, '--variant', 'unused', '--json');
  await run('diff-pagepool', 'diff', '--model', 'proposals/recycle-in-softirq.ts', '--budget', '2', '--json');
});

describe('docs/schemas', () => {
  it('has a schema for every JSON output and for the trace file', () => {
    expect(schemaNames()).toEqual(['check', 'defs', 'diff', 'list', 'merge', 'mix', 'replay', 'show', 'suite', 'trace']);
  });

  it('covers the outcomes it is meant to (the runs above really reached them)', () => {
    const j = (k: string) => outputs.get(k)!.json;
    expect([j('check-ok').verdict, j('check-violation').verdict, j('check-error').verdict, j('check-incomplete').complete]).toEqual(['ok', 'violation', 'error', false]);
    expect(['replay-reproduced', 'replay-diverged', 'replay-no-longer', 'replay-other'].map((k) => j(k).outcome)).toEqual([
      'reproduced',
      'diverged',
      'no-longer-violates',
      'violates-other',
    ]);
    expect([j('suite-ok').verdict, j('suite-mismatch').verdict]).toEqual(['ok', 'mismatch']);
    expect([j('diff-regression').verdict, j('diff-none').verdict]).toEqual(['regression', 'no-regression']);
    expect(j('merge').verdict).toBe('violation');
    expect(j('check-deadlock').verdict).toBe('deadlock');
    expect([j('check-lasso').verdict, typeof j('check-lasso').loopStart, j('replay-lasso').outcome, typeof j('replay-lasso').loopStart]).toEqual(['violation', 'number', 'reproduced', 'number']);
    expect((j('merge-missing').missingShards as string[]).length).toBe(1);
  });
});

describe('every --json output validates against its schema', () => {
  const keys = [
    'check-ok', 'check-violation', 'check-incomplete', 'check-error', 'check-random', 'check-pagepool', 'shard1', 'shard2',
    'merge', 'merge-missing', 'suite-ok', 'suite-mismatch', 'check-toypool', 'replay-reproduced', 'replay-diverged',
    'replay-no-longer', 'replay-other', 'show', 'show-pagepool',
    ...['variants', 'properties', 'scenarios', 'bounds'].flatMap((t) => [`list-${t}`, `list-${t}-pagepool`]),
    'diff-regression', 'diff-none', 'diff-pagepool', 'check-deadlock', 'check-lasso', 'replay-lasso', 'show-lasso',
  ];
  for (const key of keys) {
    it(key, () => {
      const o = outputs.get(key)!;
      const name = schemaForOutput(o.json);
      expect(name, 'format and command name the schema').not.toBeNull();
      expect(o.json.format).toBe(1);
      expect(o.json.toolVersion).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
      valid(name!, o.json);
    });
  }

  it('replay has the same keys for every outcome', () => {
    const sets = ['replay-reproduced', 'replay-diverged', 'replay-no-longer', 'replay-other'].map((k) => Object.keys(outputs.get(k)!.json).join(','));
    expect(new Set(sets).size).toBe(1);
  });
});

describe('trace files validate against trace.schema.json', () => {
  for (const f of ['toy-racy.itf.json', 'racy.itf.json', 'pp.itf.json', 'lasso.itf.json']) {
    it(f, () => valid('trace', JSON.parse(readFileSync(join(tmp, f), 'utf8'))));
  }
});

/** A copy of `v` with `path` (dotted) deleted or set. */
function mutate(v: unknown, path: string, value?: unknown): unknown {
  const copy = structuredClone(v) as Record<string, unknown>;
  const keys = path.split('.');
  let cur = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (arguments.length < 3) delete cur[last];
  else cur[last] = value;
  return copy;
}

describe('the schemas bite', () => {
  const cases: [string, string, unknown?][] = [
    ['check-violation', 'format', 2],
    ['check-violation', 'toolVersion'],
    ['check-violation', 'trace', null],
    ['check-violation', 'stats.coverage.0.fired', -1],
    ['check-ok', 'verdict', 'maybe'],
    ['check-incomplete', 'stoppedBy', null],
    ['check-incomplete', 'exitCode', 0],
    ['suite-ok', 'rows.0.problems', ['a problem in a matching row']],
    ['suite-mismatch', 'verdict', 'ok'],
    ['replay-reproduced', 'violation', null],
    ['replay-diverged', 'stop'],
    ['replay-no-longer', 'exitCode', 12],
    ['show', 'steps.0.state'],
    ['list-variants', 'items.0.kind', 'other'],
    ['list-bounds', 'items.0.flag', 'cpus'],
    ['merge', 'complete', true],
    ['diff-regression', 'regressions', []],
    ['diff-none', 'properties.0.change', 'changed'],
    ['check-deadlock', 'waiting', []],
  ];
  for (const [key, path, value] of cases) {
    it(`${key}: ${path}${value === undefined ? ' removed' : ` = ${JSON.stringify(value)}`} is rejected`, () => {
      const o = outputs.get(key)!.json;
      const name = schemaForOutput(o)!;
      valid(name, o);
      const bad = value === undefined ? mutate(o, path) : mutate(o, path, value);
      expect(schemaProblems(name, bad).length).toBeGreaterThan(0);
    });
  }

  it('a trace whose value is not ITF (null, a fraction, a #-field) or whose step lacks its action is rejected', () => {
    const t = JSON.parse(readFileSync(join(tmp, 'racy.itf.json'), 'utf8')) as { states: Record<string, unknown>[] };
    valid('trace', t);
    const v = t.states[1];
    const key = Object.keys(v).find((k) => k !== '#meta')!;
    for (const bad of [null, 1.5, { '#weird': 1 }]) {
      expect(schemaProblems('trace', mutate(t, `states.1.${key}`, bad)).length).toBeGreaterThan(0);
    }
    expect(schemaProblems('trace', mutate(t, 'states.1.#meta.action')).length).toBeGreaterThan(0);
    expect(schemaProblems('trace', mutate(t, '#meta.source', 'quint')).length).toBeGreaterThan(0);
  });
});
