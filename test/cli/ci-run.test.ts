/**
 * .ci/run's tally and exit status, with a stand-in `npm` on PATH that plays
 * back a vitest run (so this test does not install or run the real suite).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './literate.ts';

const ESC = '\x1b';
const SUMMARY_FAIL = ` ${ESC}[2m Test Files ${ESC}[22m ${ESC}[1m${ESC}[31m1 failed${ESC}[39m${ESC}[22m | 3 passed (4)\n ${ESC}[2m      Tests ${ESC}[22m ${ESC}[1m${ESC}[31m2 failed${ESC}[39m${ESC}[22m${ESC}[2m | ${ESC}[22m${ESC}[1m${ESC}[32m40 passed${ESC}[39m${ESC}[22m (42)\n`;

function runCi(testOutput: string, testStatus: number): { stdout: string; status: number | null; calls: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ppcheck-ci-'));
  const calls = join(dir, 'calls');
  writeFileSync(join(dir, 'out.txt'), testOutput);
  writeFileSync(
    join(dir, 'npm'),
    `#!/usr/bin/env bash\necho "$*" >> "${calls}"\nif [ "$1" = test ]; then cat "${join(dir, 'out.txt')}"; exit ${testStatus}; fi\nexit 0\n`,
  );
  chmodSync(join(dir, 'npm'), 0o755);
  const r = spawnSync('bash', [join(REPO, '.ci/run')], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
  });
  const log = spawnSync('cat', [calls], { encoding: 'utf8' }).stdout;
  return { stdout: r.stdout, status: r.status, calls: log };
}

const lastLine = (s: string) => s.trimEnd().split('\n').pop();

describe('.ci/run', () => {
  it('runs npm ci then exactly npm test, and ends with the tally', () => {
    const r = runCi('      Tests  12 passed (12)\n', 0);
    expect(r.calls.trim().split('\n')).toEqual(['ci --no-audit --no-fund', 'test']);
    expect(lastLine(r.stdout)).toBe('12 passed, 0 failed');
    expect(r.status).toBe(0);
  });
  it('a failing test: the tally still printed (colours stripped), exit non-zero', () => {
    const r = runCi(SUMMARY_FAIL, 1);
    expect(lastLine(r.stdout)).toBe('40 passed, 2 failed');
    expect(r.status).not.toBe(0);
  });
  it('vitest failing without a failed test (a file that does not load) is a failure', () => {
    const r = runCi(' Test Files  1 failed | 2 passed (3)\n      Tests  9 passed (9)\n', 1);
    expect(lastLine(r.stdout)).toBe('9 passed, 1 failed');
    expect(r.status).not.toBe(0);
  });
  it('no test run is a failure, with or without vitest saying so', () => {
    const none = runCi('No test files found, exiting with code 1\n', 1);
    expect(lastLine(none.stdout)).toBe('0 passed, 1 failed');
    expect(none.status).not.toBe(0);
    const zero = runCi('      Tests  0 passed (0)\n', 0);
    expect(lastLine(zero.stdout)).toBe('0 passed, 0 failed');
    expect(zero.status).not.toBe(0);
  });
});
