import { describe, expect, it } from 'vitest';
import { runRandom } from '../../src/random/run.ts';
import { Walk, Walker } from '../../src/random/walk.ts';
import { racy } from './fixtures/racy.ts';

function actorsOf(walker: Walker<unknown, unknown>, w: Walk): string[] {
  const rec = walker.recordOf(w);
  let s = walker.inits[rec[0]];
  const out: string[] = [];
  for (let j = 1; j < rec.length; j++) {
    const acts = walker.model.actions(s);
    out.push(walker.actorOf(acts[rec[j]]));
    s = walker.model.step(s, acts[rec[j]]);
  }
  return out;
}

/** Number of places where the actor changes from one step to the next. */
function switches(xs: string[]): number {
  let n = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] !== xs[i - 1]) n++;
  return n;
}

describe('walks', () => {
  const m = racy({ procs: 4, incs: 3, fixed: true, actors: true }) as never;

  it('PCT without change points runs each actor to completion, in priority order', () => {
    const walker = new Walker(m, 100);
    for (let seed = 0; seed < 20; seed++) {
      const w = new Walk(0, seed, null, null, null, { seed: seed * 7919, changePoints: new Uint16Array(0) });
      expect(walker.execute(w, null, null).kind).toBe('pass');
      const actors = actorsOf(walker, w);
      expect(actors).toHaveLength(12);
      expect(switches(actors)).toBe(3);
    }
  });

  it('each PCT change point adds at most one context switch', () => {
    const walker = new Walker(m, 100);
    for (let seed = 0; seed < 20; seed++) {
      const w = new Walk(0, seed, null, null, null, { seed: seed * 31, changePoints: Uint16Array.from([2, 5]) });
      walker.execute(w, null, null);
      expect(switches(actorsOf(walker, w))).toBeLessThanOrEqual(3 + 2);
    }
  });

  it('uniform walks of the same seed are identical, other seeds differ', () => {
    const walker = new Walker(m, 100);
    const a = new Walk(0, 5, null, null);
    const b = new Walk(0, 5, null, null);
    const c = new Walk(0, 6, null, null);
    walker.execute(a, null, null);
    walker.execute(b, null, null);
    walker.execute(c, null, null);
    expect(Array.from(a.record!)).toEqual(Array.from(b.record!));
    expect(Array.from(a.record!)).not.toEqual(Array.from(c.record!));
  });

  it('a weight of 0 keeps a kind out while another is enabled, and gives way when nothing else is', () => {
    const walker = new Walker(racy({ procs: 3, incs: 2, actors: true }) as never, 100);
    // kinds: read, write. Writes disabled: reads first, until only writes are left
    const w = new Walk(0, 9, Uint8Array.from([1, 0]), null);
    walker.execute(w, null, null);
    const rec = walker.recordOf(w);
    let s = walker.inits[0];
    const kinds: string[] = [];
    for (let j = 1; j < rec.length; j++) {
      const acts = walker.model.actions(s);
      kinds.push(walker.model.actionKind(acts[rec[j]]));
      s = walker.model.step(s, acts[rec[j]]);
    }
    // the three reads come before any write; then only writes are enabled
    expect(kinds.slice(0, 4)).toEqual(['read', 'read', 'read', 'write']);
  });

  it('random mode with actors (PCT in half of the runs) finds and shrinks the lost update', () => {
    const r = runRandom(racy({ procs: 6, incs: 3, actors: true }), { seed: 3, runs: 300, depth: 60 });
    expect(r.kind).toBe('violation');
    if (r.kind === 'violation') expect(r.trace.steps.length - 1).toBe(4);
  });
});
