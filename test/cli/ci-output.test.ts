/**
 * CI-native output of `ppcheck suite`: --junit FILE validates against the
 * JUnit XML schema CI servers read (test/cli/fixtures/junit.xsd, checked
 * with libxml2's xmllint compiled to WebAssembly: xmllint-wasm), one testcase
 * per variant row with the failure message and reproduce command; --github
 * prints one `::error title=…::` workflow command per row not as expected;
 * FORCE_COLOR=0 and NO_COLOR switch colours off. In-process runCli (no spawn).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { runCli, type Io } from '../../src/cli/main.ts';
import { colorsOn } from '../../src/cli/program.ts';
import { ghData, ghProperty } from '../../src/cli/print/ci.ts';
import { REPO } from './literate.ts';

const XSD = readFileSync(join(REPO, 'test/cli/fixtures/junit.xsd'), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'ppcheck-ci-'));

async function cli(argv: string[], env: Record<string, string> = { NO_COLOR: '1' }, stdoutIsTTY = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTTY, stderrIsTTY: false, env };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

async function xsdProblems(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'suite.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: XSD }] });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
}

const count = (xml: string, re: RegExp) => (xml.match(re) ?? []).length;

describe('suite --junit', () => {
  it('a passing suite: valid JUnit XML, one testcase per variant, no failure', async () => {
    const file = join(tmp, 'ok.xml');
    const r = await cli(['suite', '--model', 'test/cli/fixtures/toy.ts', '--junit', file]);
    expect(r.code).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(await xsdProblems(xml)).toEqual([]);
    expect(count(xml, /<testcase /g)).toBe(4);
    expect(xml).toContain('tests="4" failures="0" errors="0"');
    expect(count(xml, /<failure /g)).toBe(0);
    expect(xml).toContain('<testcase name="racy" classname="ppcheck.toy.bug"');
  });

  it('a failing suite: each row not as expected is a failure with its message and reproduce command; counts agree', async () => {
    const file = join(tmp, 'wrong.xml');
    const r = await cli(['suite', '--model', 'test/cli/fixtures/toy-wrong.ts', '--junit', file]);
    expect(r.code).toBe(12);
    const xml = readFileSync(file, 'utf8');
    expect(await xsdProblems(xml)).toEqual([]);
    expect(count(xml, /<testcase /g)).toBe(5);
    // racy, overflow, racy-long do not match; mainline leaves an action unfired
    expect(count(xml, /<failure /g)).toBe(4);
    expect(xml).toContain('tests="5" failures="4" errors="0"');
    expect(xml).toContain('<failure type="mismatch" message="trace of 4 steps, expected ≤ 3">');
    expect(xml).toContain('<failure type="coverage" message="mainline coverage: never fired: reset">');
    expect(xml).toContain('reproduce: npx ppcheck check --model test/cli/fixtures/toy-wrong.ts --variant racy-long --liveness --scenario pair --workers 2 --incs 1 --mode bfs');
  });

  it('a variant whose run errs is an <error>', async () => {
    const file = join(tmp, 'crash.xml');
    const r = await cli(['suite', '--model', 'test/cli/fixtures/toy-crash.ts', '--junit', file]);
    expect(r.code).toBe(255);
    const xml = readFileSync(file, 'utf8');
    expect(await xsdProblems(xml)).toEqual([]);
    expect(count(xml, /<error type="internal-error"/g)).toBeGreaterThan(0);
    expect(xml).toMatch(/errors="[1-9]/);
  });

  it('the schema bites: a testcase without a name, a count that is not a number, text outside the elements', async () => {
    const xml = readFileSync(join(tmp, 'wrong.xml'), 'utf8');
    for (const bad of [xml.replace('<testcase name="racy" ', '<testcase '), xml.replace('tests="5" failures="4"', 'tests="five" failures="4"'), xml.replace('<properties>', '<properties>oops')]) {
      expect((await xsdProblems(bad)).length).toBeGreaterThan(0);
    }
  });

  it('a --junit file that cannot be written is an input error before the run', async () => {
    const r = await cli(['suite', '--model', 'test/cli/fixtures/toy.ts', '--junit', join(tmp, 'no-such-dir', 'x.xml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ppcheck: cannot write JUnit file .*: no directory .*\n$/);
  });
});

describe('suite --github', () => {
  it('prints one ::error line per row not as expected, with the property and the rerun command', async () => {
    const r = await cli(['suite', '--model', 'test/cli/fixtures/toy-wrong.ts', '--github']);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      '::error title=ppcheck racy (no-lost-update)%3A not as expected::expected ok, found a violation of no-lost-update%0Arerun: npx ppcheck check --model test/cli/fixtures/toy-wrong.ts --variant racy --liveness --scenario pair --workers 2 --incs 1 --mode bfs',
    );
    for (const l of lines) expect(l).toMatch(/^::error title=[^:]+::.+%0Arerun: npx ppcheck check /);
  });

  it('prints none when the suite passes, and is refused with --json', async () => {
    const ok = await cli(['suite', '--model', 'test/cli/fixtures/toy.ts', '--github']);
    expect(ok.stdout).not.toContain('::');
    const both = await cli(['suite', '--model', 'test/cli/fixtures/toy.ts', '--github', '--json']);
    expect(both.code).toBe(2);
  });

  it('escapes what the workflow command syntax reserves', () => {
    expect(ghData('50% done\nnext')).toBe('50%25 done%0Anext');
    expect(ghProperty('a: b, c')).toBe('a%3A b%2C c');
  });
});

describe('colours', () => {
  const tty = (env: Record<string, string>) => colorsOn({ env, stdoutIsTTY: true });
  it('FORCE_COLOR=0 and NO_COLOR switch them off even on a terminal; FORCE_COLOR=1 on without one', async () => {
    expect(tty({})).toBe(true);
    expect(tty({ FORCE_COLOR: '0' })).toBe(false);
    expect(tty({ FORCE_COLOR: 'false' })).toBe(false);
    expect(tty({ NO_COLOR: '1' })).toBe(false);
    expect(tty({ NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(tty({ NO_COLOR: '' })).toBe(true);
    expect(tty({ TERM: 'dumb' })).toBe(false);
    expect(colorsOn({ env: { FORCE_COLOR: '1' }, stdoutIsTTY: false })).toBe(true);
    const esc = /\x1b\[/;
    expect((await cli(['suite', '--model', 'test/cli/fixtures/toy.ts'], { FORCE_COLOR: '0' }, true)).stdout).not.toMatch(esc);
    expect((await cli(['suite', '--model', 'test/cli/fixtures/toy.ts'], {}, true)).stdout).toMatch(esc);
  });
});
