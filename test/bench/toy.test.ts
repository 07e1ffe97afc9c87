/**
 * The toy model written for both tools (test/bench/toy/toy.ts): the TS twin's
 * distinct-state and transition counts are SPIN's (6.5.2, `spin -o2 -a`, `cc
 * -DNOREDUCE -DSAFETY`, pan; SPIN counts one more transition: its initial
 * step). SPIN runs here when it is installed; the counts it gave are recorded
 * below for machines without it (they are SPIN's, not ours: `npm run bench`
 * checks them again at the bench's bounds, 185,232 states).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { type ToyBounds, toyModel, toyPromela } from './toy/toy.ts';

/** SPIN's stored states and transitions at these bounds (recorded from SPIN 6.5.2). */
const SPIN_COUNTS: [ToyBounds, number, number][] = [
  [{ k: 2, n: 3, c: 1, r: 1, b: 1 }, 37, 97],
  [{ k: 3, n: 5, c: 2, r: 2, b: 2 }, 594, 2335],
];

const haveSpin = spawnSync('sh', ['-c', 'command -v spin && command -v gcc']).status === 0;

function spinCounts(b: ToyBounds): [number, number] {
  const dir = mkdtempSync(join(tmpdir(), 'ppcheck-toy-'));
  try {
    writeFileSync(join(dir, 'toy.pml'), toyPromela(b));
    execFileSync('spin', ['-o2', '-a', 'toy.pml'], { cwd: dir, stdio: 'pipe' });
    execFileSync('gcc', ['-O2', '-DNOREDUCE', '-DSAFETY', '-w', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'pipe' });
    const out = execFileSync('./pan', ['-m100000'], { cwd: dir, encoding: 'utf8' });
    expect(out).toMatch(/errors: 0/);
    return [Number(/(\d+) states, stored/.exec(out)![1]), Number(/(\d+) transitions \(= stored\+matched\)/.exec(out)![1])];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('toy model for both tools', () => {
  for (const [b, states, transitions] of SPIN_COUNTS) {
    it(`${JSON.stringify(b)}: the same counts as SPIN`, () => {
      const r = explore(toyModel(b), {});
      expect(r.kind).toBe('ok');
      // one SPIN run (a C compile: seconds of CPU) is enough: the larger bounds
      const live = haveSpin && b === SPIN_COUNTS[SPIN_COUNTS.length - 1][0];
      const [s, t] = live ? spinCounts(b) : [states, transitions];
      if (live) expect([s, t]).toEqual([states, transitions]);
      expect(r.stats.distinctStates).toBe(s);
      expect(r.stats.transitions + 1).toBe(t);
    });
  }

  it('the invariant bites: a step that loses a page is caught', () => {
    const m = toyModel({ k: 2, n: 3, c: 1, r: 1, b: 1 });
    const lossy = { ...m, step: (s: Parameters<typeof m.step>[0], a: number) => ((a & 7) === 5 ? { ...m.step(s, a), fr: s.fr } : m.step(s, a)) };
    const r = explore(lossy, {});
    expect(r.kind === 'violation' && r.property).toBe('pages-conserved');
  });
});
