/**
 * Random simulation: `runs` seeded walks of up to maxDepth steps each (TLC's
 * -simulate). Each walk starts from a random initial state and fires a
 * uniformly chosen enabled action at every step. Distinct states are counted
 * in a set of fingerprints only (fpset.ts: no parents or actions, which the
 * walk holds itself); invariants are checked on
 * every state the walk reaches that the set has not seen before (a state
 * already seen has already passed them: models are deterministic), terminal
 * invariants on a new state without enabled actions.
 *
 * The walk's action indices and fingerprints live in preallocated typed
 * arrays (no per-step allocation beyond the model's own); a violation's trace
 * is the walk, rebuilt by replay and checked against those fingerprints.
 *
 * Random mode is never complete. `incompleteReason` is the limit that cut
 * the run (time-limit, max-states), else 'max-depth' when some walk was cut
 * by the depth bound, else absent (every walk ended in a terminal state).
 */
import type { Failure, RunContext } from './context.ts';
import { Phase } from './context.ts';
import { replayToResult } from './counterexample.ts';
import { fpToBigInt } from './fingerprint.ts';
import { OwnCopies } from './in-place.ts';
import { createPrng } from './prng.ts';
import type { ExploreResult, IncompleteReason } from './result.ts';
import { FingerprintSet } from './fpset.ts';

export function random<S, A>(ctx: RunContext<S, A>): ExploreResult<S, A> {
  const { model, opts } = ctx;
  const D = opts.maxDepth;
  // fingerprints only: the walk itself holds the path of a counterexample (8.9–10.7 bytes per state)
  const visited = new FingerprintSet();
  ctx.visitedSet = visited;
  const fp = ctx.fp;
  const prng = createPrng(opts.seed);
  // the current walk: action indices and fingerprints (grown on demand, up to D)
  let walkCap = Math.min(D, 1024) + 1;
  let idxs = new Uint32Array(walkCap);
  let walkHi = new Uint32Array(walkCap);
  let walkLo = new Uint32Array(walkCap);
  const growWalk = (): void => {
    walkCap = Math.min(D + 1, walkCap * 2);
    const grow = (a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> => {
      const b = new Uint32Array(walkCap);
      b.set(a);
      return b;
    };
    idxs = grow(idxs);
    walkHi = grow(walkHi);
    walkLo = grow(walkLo);
  };
  // a model that steps in place: each walk steps its own copy of the initial state (one object, refilled)
  const own = OwnCopies.of(model);
  let mine: S | undefined;
  let runs = 0;
  let hitDepth = false;
  let cut: IncompleteReason | undefined;

  const failed = (f: Failure, i0: number, len: number): ExploreResult<S, A> => {
    const fps: bigint[] = [];
    for (let k = 0; k <= len; k++) fps.push(fpToBigInt(walkHi[k], walkLo[k]));
    return replayToResult(ctx, f, i0, Array.from(idxs.subarray(0, len)), fps, false, visited.size, {
      runs: runs + 1,
      steps: ctx.transitions,
    });
  };

  try {
    ctx.phase = Phase.Init;
    const inits = model.init();
    walks: for (; runs < opts.runs; runs++) {
      const i0 = prng.below(inits.length);
      let s = own ? (mine = own.copy(inits[i0], mine)) : inits[i0];
      ctx.fingerprint(s);
      walkHi[0] = fp.hi;
      walkLo[0] = fp.lo;
      let isNew: boolean;
      if (visited.size >= opts.maxStates) {
        if (!visited.has(fp.hi, fp.lo)) {
          cut = 'max-states';
          break;
        }
        isNew = false;
      } else isNew = visited.add(fp.hi, fp.lo);
      if (isNew) {
        const f = ctx.checkInvariants(s);
        if (f) return failed(f, i0, 0);
      }
      for (let d = 0; ; d++) {
        if (ctx.tick(visited.size, d, opts.runs - runs)) {
          cut = ctx.stopReason;
          break walks;
        }
        const acts = ctx.actions(s);
        const n = acts.length;
        if (n === 0) {
          if (isNew) {
            const t = ctx.checkTerminal(s);
            if (t) return failed(t, i0, d);
          }
          break;
        }
        if (d >= D) {
          hitDepth = true;
          break;
        }
        const k = prng.below(n);
        const a = acts[k];
        let next: S;
        if (own) {
          ctx.stepInPlace(s, a);
          next = s;
        } else next = ctx.step(s, a);
        if (d + 1 >= walkCap) growWalk();
        idxs[d] = k;
        ctx.fingerprint(next);
        walkHi[d + 1] = fp.hi;
        walkLo[d + 1] = fp.lo;
        if (visited.size >= opts.maxStates) {
          if (!visited.has(fp.hi, fp.lo)) {
            cut = 'max-states';
            break walks;
          }
          isNew = false;
        } else isNew = visited.add(fp.hi, fp.lo);
        ctx.fire(a, isNew);
        if (d + 1 > ctx.maxDepth) ctx.maxDepth = d + 1;
        if (isNew) {
          const f = ctx.checkInvariants(next);
          if (f) return failed(f, i0, d + 1);
        }
        s = next;
      }
    }
  } catch (e) {
    return {
      kind: 'error',
      error: ctx.errorKindOf(e),
      message: ctx.describeFailure(e),
      stats: ctx.stats(visited.size, { runs, steps: ctx.transitions }),
    };
  }

  if (cut === undefined && hitDepth) cut = 'max-depth';
  const stats = ctx.stats(visited.size, { runs, steps: ctx.transitions });
  return cut === undefined
    ? { kind: 'ok', complete: false, stats }
    : { kind: 'ok', complete: false, incompleteReason: cut, stats };
}
