/** Unit tests of the CLI's pure parts and of the literate test harness itself. */
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { InvalidArgumentError } from 'commander';
import { integerAtLeast, parseSeconds, parseSeed } from '../../src/cli/args.ts';
import { combineStats } from '../../src/cli/combine.ts';
import { commandOf, modelArg, reportError, type Io } from '../../src/cli/main.ts';
import { formatProgress, progressObserver } from '../../src/cli/print/progress.ts';
import { judge } from '../../src/cli/suite.ts';
import { shellQuote } from '../../src/cli/check.ts';
import { UsageError } from '../../src/cli/exit.ts';
import type { Stats } from '../../src/engine/result.ts';
import type { CheckReport } from '../../src/cli/check.ts';
import { checkOutcome, linesMatch, parseLiterate, splitWords } from './literate.ts';

function stats(p: Partial<Stats>): Stats {
  return {
    distinctStates: 0,
    transitions: 0,
    maxDepth: 0,
    seconds: 0,
    statesPerSecond: 0,
    peakHeapBytes: 0,
    collisionProbability: 0,
    coverage: [],
    neverFired: [],
    ...p,
  };
}

describe('numeric flags', () => {
  it('accepts decimal integers and rejects the rest', () => {
    expect(integerAtLeast(0)('42')).toBe(42);
    for (const bad of ['4.2', '1e3', '0x10', '', 'x', '-1']) expect(() => integerAtLeast(0)(bad)).toThrow(InvalidArgumentError);
    expect(integerAtLeast(-5)('-3')).toBe(-3);
    expect(() => integerAtLeast(0)('99999999999999999999')).toThrow(/too large/);
  });
  it('seeds are 32-bit, seconds positive', () => {
    expect(parseSeed('4294967295')).toBe(4294967295);
    expect(() => parseSeed('4294967296')).toThrow(InvalidArgumentError);
    expect(parseSeconds('0.5')).toBe(0.5);
    expect(() => parseSeconds('0')).toThrow(InvalidArgumentError);
    expect(() => parseSeconds('-1')).toThrow(InvalidArgumentError);
  });
});

describe('argv pre-scan', () => {
  it('finds --model in both spellings and the command', () => {
    expect(modelArg(['check', '--model', 'a.ts'])).toBe('a.ts');
    expect(modelArg(['check', '--model=b.ts', '--json'])).toBe('b.ts');
    expect(modelArg(['check', '--', '--model', 'c.ts'])).toBeUndefined();
    expect(commandOf(['--help'])).toEqual({ command: undefined, help: true });
    expect(commandOf(['help', 'check'])).toEqual({ command: 'check', help: true });
    expect(commandOf(['list', 'variants'])).toEqual({ command: 'list', help: false });
  });
});

describe('combineStats', () => {
  it('sums counts, maxes depth and heap, merges coverage; never-fired = fired nowhere', () => {
    const a = stats({
      distinctStates: 10,
      transitions: 20,
      maxDepth: 3,
      seconds: 1,
      peakHeapBytes: 100,
      collisionProbability: 1e-18,
      coverage: [
        { action: 'x', fired: 5, newStates: 4 },
        { action: 'y', fired: 0, newStates: 0 },
        { action: 'z', fired: 0, newStates: 0 },
      ],
      neverFired: ['y', 'z'],
    });
    const b = stats({
      distinctStates: 5,
      transitions: 6,
      maxDepth: 7,
      seconds: 1,
      peakHeapBytes: 50,
      collisionProbability: 2e-18,
      coverage: [
        { action: 'x', fired: 1, newStates: 1 },
        { action: 'y', fired: 2, newStates: 2 },
      ],
      neverFired: [],
    });
    const c = combineStats([a, b]);
    expect(c.distinctStates).toBe(15);
    expect(c.transitions).toBe(26);
    expect(c.maxDepth).toBe(7);
    expect(c.peakHeapBytes).toBe(100);
    expect(c.statesPerSecond).toBe(7.5);
    expect(c.collisionProbability).toBeCloseTo(3e-18, 30);
    expect(c.coverage).toEqual([
      { action: 'x', fired: 6, newStates: 5 },
      { action: 'y', fired: 2, newStates: 2 },
      { action: 'z', fired: 0, newStates: 0 },
    ]);
    expect(c.neverFired).toEqual(['z']);
  });
});

describe('suite judgement', () => {
  const violation = (property: string, steps: number) =>
    ({
      verdict: 'violation',
      complete: true,
      violation: { property, trace: { steps: Array.from({ length: steps + 1 }, () => ({})) } },
    }) as unknown as CheckReport;
  it('matches verdict, property and trace length', () => {
    expect(judge({ verdict: 'violation', property: 'p', maxTraceLength: 4 }, violation('p', 4))).toEqual([]);
    expect(judge({ verdict: 'violation', property: 'p', maxTraceLength: 3 }, violation('p', 4))).toEqual(['trace of 4 steps, expected ≤ 3']);
    expect(judge({ verdict: 'violation', property: 'q' }, violation('p', 1))).toEqual(['expected a violation of q, found p']);
    expect(judge({ verdict: 'ok' }, violation('p', 1))).toEqual(['expected ok, found a violation of p']);
    expect(judge({ verdict: 'ok' }, { verdict: 'ok', complete: false, incompleteReason: 'max-states' } as CheckReport)).toEqual(['incomplete (max-states)']);
  });
});

describe('errors', () => {
  const io = () => {
    const err: string[] = [];
    const sink: Io = { stdout: () => {}, stderr: (s) => void err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
    return { err, sink };
  };
  it('usage errors: one line, exit 2; internal errors: one line, exit 255, stack only with PPCHECK_DEBUG', () => {
    const u = io();
    expect(reportError(new UsageError('bad\nthing'), u.sink, false)).toBe(2);
    expect(u.err.join('')).toBe('ppcheck: bad thing\n');
    const i = io();
    expect(reportError(new TypeError('oops'), i.sink, false)).toBe(255);
    expect(i.err.join('').split('\n').filter(Boolean)).toHaveLength(1);
    const d = io();
    expect(reportError(new TypeError('oops'), d.sink, true)).toBe(255);
    expect(d.err.join('')).toContain('at ');
  });
});

describe('progress line', () => {
  it('is silent when stderr is not a terminal, overwrites with \\r when it is', () => {
    expect(progressObserver({ isTTY: false, write: () => {} }, (s) => s)).toBeUndefined();
    const out: string[] = [];
    const obs = progressObserver({ isTTY: true, write: (s) => void out.push(s), columns: () => 200, memoryBytes: () => 50 * 2 ** 20 }, (s) => `[${s}]`, 0)!;
    obs.listener('pair')?.onProgress?.({ distinctStates: 3000, transitions: 4000, depth: 7, queued: 2, seconds: 0.5 });
    obs.done();
    expect(out[0]).toBe('\r\x1b[K[pair] 3,000 states, 6,000 states/s, depth 7, 50 MiB, 0.5s, queue 2, 4,000 transitions');
    expect(out[1]).toBe('\r\x1b[K');
  });

  it('shows states/s, depth and memory, and fits the terminal width by dropping the least useful fields', () => {
    const p = { distinctStates: 1234567, transitions: 9876543, depth: 37, queued: 4321, seconds: 10 };
    const full = formatProgress('[mainline/rx-recycle]', p, { memoryBytes: 300 * 2 ** 20 });
    expect(full).toBe('[mainline/rx-recycle] 1,234,567 states, 123,457 states/s, depth 37, 300 MiB, 10.0s, queue 4,321, 9,876,543 transitions');
    for (const cols of [20, 40, 60, 80, 100, 200]) {
      const line = formatProgress('[mainline/rx-recycle]', p, { memoryBytes: 300 * 2 ** 20, columns: cols });
      expect(line.length).toBeLessThan(cols);
      expect(full.startsWith(line)).toBe(true);
    }
    expect(formatProgress('[mainline/rx-recycle]', p, { memoryBytes: 300 * 2 ** 20, columns: 80 })).toBe('[mainline/rx-recycle] 1,234,567 states, 123,457 states/s, depth 37, 300 MiB');
  });
});

describe('shell quoting of re-run commands', () => {
  it('quotes only when needed', () => {
    expect(shellQuote('a/b.ts')).toBe('a/b.ts');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });
});

describe('literate harness', () => {
  it('parses console blocks, stderr sections, json directives and files', () => {
    const md = [
      '```console',
      '$ ppcheck x --y "a b"',
      'out',
      '[json] a.b = 1',
      '[stderr]',
      'err',
      '[exit 2]',
      '```',
      '```ts file=$TMP/m.ts',
      'export {};',
      '```',
      '```sh',
      'not a test',
      '```',
    ].join('\n');
    const blocks = parseLiterate(md);
    expect(blocks).toEqual([
      { kind: 'command', line: 2, command: 'ppcheck x --y "a b"', stdout: ['out'], stderr: ['err'], json: [{ path: 'a.b', value: '1' }], exit: 2 },
      { kind: 'file', line: 9, path: '$TMP/m.ts', content: 'export {};\n' },
    ]);
    expect(() => parseLiterate('```console\n$ x\nno exit\n```')).toThrow(/\[exit N\]/);
    expect(splitWords(`a "b c" 'd'e f`)).toEqual(['a', 'b c', 'de', 'f']);
  });
  it('matches lines with ..., {{...}} and re:', () => {
    expect(linesMatch(['a', '...', 'z'], ['a', 'b', 'c', 'z'])).toBe(true);
    expect(linesMatch(['a', '...', 'z'], ['a', 'z'])).toBe(true);
    expect(linesMatch(['a', 'z'], ['a', 'b', 'z'])).toBe(false);
    expect(linesMatch(['took {{...}}s'], ['took 0.25s'])).toBe(true);
    expect(linesMatch(['took {{...}}s'], ['took 0.25m'])).toBe(false);
    expect(linesMatch(['re: \\d+ states'], ['12 states'])).toBe(true);
    expect(linesMatch(['re: \\d+ states'], ['x states'])).toBe(false);
  });
  fcTest.prop([fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ') }), { maxLength: 6 })])(
    'a literal block matches itself, `...` matches anything',
    (lines) => {
      const safe = lines.map((l) => l.trimEnd()).filter((l) => l !== '...');
      expect(linesMatch(safe, safe)).toBe(true);
      expect(linesMatch(['...'], lines)).toBe(true);
    },
  );
  it('checks exit code, empty stderr and one-line JSON', () => {
    const [cmd] = parseLiterate('```console\n$ x\n[json] a = 1\n[exit 0]\n```');
    if (cmd.kind !== 'command') throw new Error('expected a command');
    expect(checkOutcome(cmd, { stdout: '{"a":1}\n', stderr: '', status: 0 })).toEqual([]);
    expect(checkOutcome(cmd, { stdout: '{"a":2}\n', stderr: '', status: 0 })).toEqual(['JSON a is 2, expected 1']);
    expect(checkOutcome(cmd, { stdout: 'hello\n{"a":1}\n', stderr: 'noise\n', status: 12 })).toEqual([
      'exit code 12, expected 0',
      'stdout has 2 lines, expected exactly one JSON line',
      'stdout is not JSON: ' + (() => { try { JSON.parse('hello\n{"a":1}\n'); } catch (e) { return (e as Error).message; } return ''; })(),
      'stderr is not empty',
    ]);
  });
});
