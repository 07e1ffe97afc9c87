/**
 * The fault-injection suite of issue #19 ("Verdicts that never lie"), through
 * the CLI. The table (cases.ts) runs in this process through the CLI's entry
 * (runCli: parsing, validation, model code, traces, files, endings); the
 * cases about processes (signals, workers, the supervisor's watchdogs, a
 * full file system) spawn bin/ppcheck.mjs below. Every case checks the exit
 * code, that stderr is one line (or empty) and holds no stack trace, and
 * which files the run leaves.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ppcheckInProcess, REPO } from '../cli/literate.ts';
import { CASES, type FaultCase, type TraceEdit } from './cases.ts';

const BASE = mkdtempSync(join(tmpdir(), 'ppcheck-faults-'));
let good: Record<string, unknown>;

/** One CLI run in this process, with a clean run control (test/cli/literate.ts). */
async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await ppcheckInProcess(argv, REPO, env);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function setPath(o: unknown, path: string, value: unknown, del: boolean): void {
  const parts = path.split('.');
  let cur = o as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  const last = parts[parts.length - 1];
  if (del) delete cur[last];
  else cur[last] = value;
}

function editedTrace(edits: readonly TraceEdit[]): string {
  const t = JSON.parse(JSON.stringify(good)) as { states: unknown[] };
  let text: string | undefined;
  let cut: number | undefined;
  for (const e of edits) {
    if (e.set) setPath(t, e.set[0], e.set[1], false);
    if (e.delete !== undefined) setPath(t, e.delete, undefined, true);
    if (e.truncateStates !== undefined) t.states = t.states.slice(0, e.truncateStates);
    if (e.nest !== undefined) {
      let v: unknown = 0;
      for (let i = 0; i < e.nest; i++) v = [v];
      setPath(t, 'states.0.counter', v, false);
    }
    if (e.text !== undefined) text = e.text;
    if (e.cutText !== undefined) cut = e.cutText;
  }
  const out = text ?? JSON.stringify(t, null, 2);
  return cut !== undefined ? out.slice(0, cut) : out;
}

function subst(s: string, dir: string): string {
  return s.replaceAll('$TMP', dir).replaceAll('$REPO', REPO);
}

/** stderr: one line matching `re`, or empty; never a stack trace. */
function checkStderr(stderr: string, re: string | null, where: string): void {
  expect(stderr, `${where}: no stack trace`).not.toMatch(/^\s+at .+[:(].*\d+/m);
  if (re === null) {
    expect(stderr, `${where}: stderr`).toBe('');
    return;
  }
  expect(stderr.endsWith('\n') && stderr.indexOf('\n') === stderr.length - 1, `${where}: one line on stderr, got ${JSON.stringify(stderr)}`).toBe(true);
  expect(stderr.slice(0, -1), `${where}: stderr`).toMatch(new RegExp(re));
}

beforeAll(async () => {
  const file = join(BASE, 'good.itf.json');
  const r = await cli(['check', '--model', 'test/cli/fixtures/toy.ts', '--variant', 'racy', '--out', file]);
  expect(r.code).toBe(12);
  good = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
});

afterAll(() => {
  rmSync(BASE, { recursive: true, force: true });
});

describe('fault table (in process, through runCli)', () => {
  it('has at least 150 cases over every class of the issue', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    for (const k of ['endings', 'timer', 'options', 'workers', 'memory', 'files', 'model-code', 'trace', 'sanitize', 'merge', 'replay']) {
      expect(CASES.some((c) => c.class === k), k).toBe(true);
    }
  });

  for (const c of CASES) {
    it(`${c.class}: ${c.id}`, async () => {
      const dir = mkdtempSync(join(BASE, `${c.id}-`));
      const before = new Map<string, string>();
      for (const [name, spec] of Object.entries(c.setup ?? {})) {
        const text = 'trace' in spec ? editedTrace(spec.trace) : subst(spec.text, dir);
        writeFileSync(join(dir, name), text);
        before.set(name, text);
      }
      const r = await cli(
        c.argv.map((a) => subst(a, dir)),
        c.env,
      );
      const where = `${c.id} (${c.argv.join(' ')})`;
      expect(r.code, `${where}: exit code; stderr: ${r.stderr}`).toBe(c.exit);
      checkStderr(r.stderr, c.stderr, where);
      // a JSON object on stdout names the same exit code as the process's
      if (/^\{.*\}\n$/s.test(r.stdout) && r.stdout.trimEnd().split('\n').length === 1) {
        const o = JSON.parse(r.stdout) as { exitCode?: unknown };
        if ('exitCode' in o) expect(o.exitCode, `${where}: json exitCode`).toBe(r.code);
      }
      if (c.json) {
        expect(r.stdout.trimEnd().split('\n').length, `${where}: one JSON line`).toBe(1);
        const o = JSON.parse(r.stdout) as Record<string, unknown>;
        for (const [k, v] of Object.entries(c.json)) expect(o[k], `${where}: json.${k}`).toEqual(v);
      }
      if (c.stdout) expect(r.stdout, where).toMatch(new RegExp(c.stdout, 'm'));
      if (c.stdoutNot) expect(r.stdout, where).not.toMatch(new RegExp(c.stdoutNot, 'm'));
      // the files it may leave: those set up and those the row names, nothing else (no temporary files)
      const allowed = new Set([...before.keys(), ...(c.leaves ?? [])]);
      expect(readdirSync(dir).filter((f) => !allowed.has(f)), `${where}: files left`).toEqual([]);
      for (const name of c.unchanged ?? []) expect(readFileSync(join(dir, name), 'utf8'), `${where}: ${name} unchanged`).toBe(before.get(name));
      for (const name of c.leaves ?? []) {
        // a file written is whole: it parses
        if (existsSync(join(dir, name)) && name.endsWith('.json')) expect(() => JSON.parse(readFileSync(join(dir, name), 'utf8'))).not.toThrow();
      }
    });
  }
});

// ---------------------------------------------------------------- processes: spawned through bin/ppcheck.mjs

const BIN = join(REPO, 'bin/ppcheck.mjs');
/** A search that runs for minutes (118 s on the 2-core machine): stopped by the signal long before. */
const LONG = ['check', '--variant', 'mainline', '--scenario', 'rx-recycle', '--budget', '12', '--pages', '4', '--json'];

interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
  pid: number;
}

function run(args: string[], opts: { cwd?: string; signals?: { at: number; signal: NodeJS.Signals }[]; env?: Record<string, string> } = {}): Promise<Spawned> {
  return new Promise((done) => {
    const start = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timers = (opts.signals ?? []).map((s) => setTimeout(() => child.kill(s.signal), s.at));
    child.on('close', (code, signal) => {
      timers.forEach(clearTimeout);
      done({ code, signal, stdout, stderr, seconds: (performance.now() - start) / 1000, pid: child.pid! });
    });
  });
}

/** No process left behind: neither the ppcheck process nor any child of it. */
function noOrphans(pid: number): void {
  expect(existsSync(`/proc/${pid}`), `process ${pid} still exists`).toBe(false);
  const ps = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  expect(ps.stdout.trim(), 'children of the ppcheck process').toBe('');
}

describe('signals end a run cleanly (spawned)', () => {
  // each signal and each worker mode once (the diagonal of signal x workers): src/cli/supervise.ts
  // handles SIGINT and SIGTERM in one function (onSignal(name)), and the stop a worker pool sees does
  // not depend on which signal set it. Each spawned run burns about 2.5 s of CPU before its signal
  // (npm test's CPU budget); the off-diagonal pair added no code path
  for (const [workers, signal] of [
    [1, 'SIGINT'],
    [2, 'SIGTERM'],
  ] as const) {
    it(`${signal} during a ${workers}-worker run: the partial result as one JSON object, exit 3, no orphan`, async () => {
      const r = await run([...LONG, ...(workers > 1 ? ['--workers', String(workers)] : [])], { signals: [{ at: 2500, signal }] });
      expect(r.signal).toBe(null);
      expect(r.code, r.stderr).toBe(3);
      checkStderr(r.stderr, null, signal);
      const o = JSON.parse(r.stdout) as { ending: string; complete: boolean; stoppedBy: string; stats: { distinctStates: number } };
      expect(r.stdout.trimEnd().split('\n').length).toBe(1);
      expect(o).toMatchObject({ ending: 'cut-short', complete: false, stoppedBy: 'interrupt' });
      // a partial result: states explored before the signal
      expect(o.stats.distinctStates).toBeGreaterThan(0);
      noOrphans(r.pid);
    });
  }

  it('SIGINT during the suite: the variants run so far, suite CUT SHORT, exit 3', async () => {
    const r = await run(['suite', '--json'], { signals: [{ at: 2500, signal: 'SIGINT' }] });
    expect(r.code, r.stderr).toBe(3);
    checkStderr(r.stderr, null, 'suite SIGINT');
    const o = JSON.parse(r.stdout) as { ending: string; stoppedBy: string; complete: boolean; rows: unknown[] };
    expect(o).toMatchObject({ ending: 'cut-short', stoppedBy: 'interrupt', complete: false });
    expect(o.rows.length).toBeGreaterThan(0);
    noOrphans(r.pid);
  });

  it('a second SIGINT exits at once, still with one JSON object naming the ending', async () => {
    // a model step that never returns cannot see the first interrupt; the second one ends the process
    const r = await run(['check', '--model', 'test/faults/fixtures/loop-proposal.ts', '--json'], {
      signals: [
        { at: 2000, signal: 'SIGINT' },
        { at: 2400, signal: 'SIGINT' },
      ],
    });
    expect(r.seconds).toBeLessThan(2400 / 1000 + 1.5);
    expect(r.code).toBe(3);
    checkStderr(r.stderr, '^ppcheck: interrupted again: stopped at once, no report$', 'second SIGINT');
    expect(JSON.parse(r.stdout)).toMatchObject({ ending: 'cut-short', stoppedBy: 'interrupt', partial: false });
    noOrphans(r.pid);
  });
});

/** Every descendant process of `pid` (children, their children, …). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const kids = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout.split('\n').map((x) => Number(x.trim())).filter((x) => x > 0);
  for (const k of kids) out.push(k, ...descendants(k));
  return out;
}

describe('the npx wrapper (spawned)', () => {
  it('SIGTERM to `npx ppcheck` (which does not forward it) still ends the run: partial JSON, no process left', async () => {
    const start = performance.now();
    const child = spawn('npx', ['ppcheck', ...LONG], { cwd: REPO });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    await new Promise((r) => setTimeout(r, 4000));
    const tree = descendants(child.pid!);
    expect(tree.length, 'npx runs ppcheck in a child process').toBeGreaterThan(0);
    child.kill('SIGTERM');
    // the JSON arrives through the pipe node inherited; 'close' once every holder of it is gone
    await new Promise((r) => child.stdout.on('close', r));
    expect(JSON.parse(stdout)).toMatchObject({ ending: 'cut-short', stoppedBy: 'interrupt' });
    // (the processes exit just after closing the pipe: give them up to 3 s)
    for (let i = 0; i < 30 && tree.some((p) => existsSync(`/proc/${p}`)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(tree.filter((p) => existsSync(`/proc/${p}`)), 'processes left').toEqual([]);
    expect((performance.now() - start) / 1000).toBeLessThan(20);
  });
});

describe('model code under supervision (spawned)', () => {
  it('an infinite loop in a proposal is stopped within --time-limit + 2 s: one line naming file and action, exit 2', async () => {
    const limit = 2;
    // the proposal is type-checked before it runs (src/cli/typecheck.ts, ~1 s, more under load): that is
    // start-up, not the run; its answer is cached by content, so warm the cache and time the supervised run
    const { typeCheck } = await import('../../src/cli/typecheck.ts');
    expect(await typeCheck(join(REPO, 'test/faults/fixtures/loop-proposal.ts'), 'loop-proposal.ts')).toBeNull();
    const r = await run(['check', '--model', 'test/faults/fixtures/loop-proposal.ts', '--time-limit', String(limit)]);
    expect(r.code).toBe(2);
    checkStderr(r.stderr, '^ppcheck: test/faults/fixtures/loop-proposal\\.ts: step\\(napi_pp_put_page\\) did not return within --time-limit 2 s \\(an infinite loop\\?\\); stopped$', 'loop');
    // the limit counts from the run's start; start-up (tsx, the model) is allowed 1.5 s on top
    expect(r.seconds).toBeLessThan(limit + 2 + 1.5);
    noOrphans(r.pid);
  });

  it('a proposal that allocates without bound ends as cut short: memory, never a V8 fatal error', async () => {
    // its type check (src/cli/typecheck.ts) done here first, as for the loop above: the spawned run
    // finds it in the cache (test/cli/literate.ts warmTypeCheck) instead of starting the compiler
    const { typeCheck } = await import('../../src/cli/typecheck.ts');
    expect(await typeCheck(join(REPO, 'test/faults/fixtures/alloc-proposal.ts'), 'alloc-proposal.ts')).toBeNull();
    const r = await run(['check', '--model', 'test/faults/fixtures/alloc-proposal.ts', '--max-memory', '400', '--time-limit', '30', '--json']);
    expect(r.code).toBe(3);
    checkStderr(r.stderr, '^ppcheck: (out of memory \\(--max-memory 400 MiB\\)|the memory limit \\(--max-memory 400 MiB\\) was reached).*alloc-proposal\\.ts.*$', 'alloc');
    expect(JSON.parse(r.stdout)).toMatchObject({ ending: 'cut-short', stoppedBy: 'memory' });
    noOrphans(r.pid);
  });
});

describe('workers (spawned)', () => {
  it('--workers 2 run from another directory loads its loader from the package', async () => {
    const r = await run(['check', '--model', join(REPO, 'test/cli/fixtures/toy.ts'), '--variant', 'racy', '--scenario', 'pair', '--workers', '2', '--json'], { cwd: tmpdir() });
    expect(r.code, r.stderr).toBe(12);
    checkStderr(r.stderr, null, 'other cwd');
  });

  it('the time limit is armed before the workers start: --workers 2 --time-limit 0.001 ends at once, cut short', async () => {
    const r = await run([...LONG, '--workers', '2', '--time-limit', '0.001']);
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ ending: 'cut-short', stoppedBy: 'time-limit' });
  });
});

describe('a full file system under --out (tmpfs, else a simulated write error)', () => {
  it('leaves the old trace file intact, exit 2, one line', async () => {
    const mnt = join(BASE, 'tmpfs');
    mkdirSync(mnt);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]).status === 0;
    try {
      const target = join(mnt, 'trace.itf.json');
      const old = '{"old": "a good trace"}\n';
      writeFileSync(target, old);
      const env: Record<string, string> = {};
      if (mounted) {
        // fill the file system but a few hundred bytes: the new trace (several KiB) cannot be written
        const fill = resolve(mnt, 'filler');
        spawnSync('dd', ['if=/dev/zero', `of=${fill}`, 'bs=1024', 'count=64'], { stdio: 'ignore' });
      } else env.PPCHECK_FAULT_WRITE = 'ENOSPC';
      const r = await cli(['check', '--model', 'test/cli/fixtures/toy.ts', '--variant', 'racy', '--out', target], env);
      // (said, so that a run without tmpfs is visible in the output)
      if (!mounted) console.log('no tmpfs could be mounted: the full disk was simulated (PPCHECK_FAULT_WRITE=ENOSPC)');
      expect(r.code).toBe(2);
      checkStderr(r.stderr, '^ppcheck: cannot write trace file .*trace\\.itf\\.json: ENOSPC$', 'full disk');
      expect(readFileSync(target, 'utf8')).toBe(old);
      expect(readdirSync(mnt).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      if (mounted) spawnSync('umount', [mnt]);
    }
  });
});
