/**
 * Depth-first exploration bounded by maxDepth, with an explicit stack (no
 * recursion) and the visited set (fpset.ts `FingerprintDepthMap`: fingerprint →
 * depth, no parents: the trace is the stack).
 *
 * With a depth bound, a state first reached deep may later be reached by a
 * shorter path: the visited set keeps a depth per state and such a state is
 * re-explored from the smaller depth. Each state therefore ends up explored
 * from its BFS distance, and a DFS with maxDepth ≥ the diameter visits every
 * reachable state. A state left unexpanded at the bound (it has enabled
 * actions) is expanded one step further without recording anything: the
 * fingerprints of its successors missing from the visited set are kept as
 * "pending". At the end the run is complete iff every pending fingerprint
 * was visited after all (reached by another path within the bound), i.e.
 * iff no state beyond the bound exists.
 *
 * Initial states are all recorded at depth 0 before the search, and each is
 * then explored as a root.
 *
 * Cost: re-exploration can multiply the work on models with many paths of
 * different lengths to the same states (a 100×100 grid with moves in four
 * directions and maxDepth 200: 10k states, 40k edges, 2M transitions fired;
 * 1000×1000 at maxDepth 2000: 2·10⁹ transitions, 7 minutes). BFS is the mode
 * for exhaustive checks; DFS is for bounded searches.
 *
 * The counterexample is the path on the stack (not necessarily shortest),
 * rebuilt by replay and checked against the fingerprints the stack holds.
 */
import { Phase, type Failure, type RunContext } from './context.ts';
import { replayToResult } from './counterexample.ts';
import { fpToBigInt } from './fingerprint.ts';
import type { ExploreResult, IncompleteReason } from './result.ts';
import { FingerprintDepthMap } from './fpset.ts';

export function dfs<S, A>(ctx: RunContext<S, A>): ExploreResult<S, A> {
  const { model, opts } = ctx;
  const maxDepth = opts.maxDepth;
  // fingerprint → depth only: the trace of a violation is the stack (fpset.ts)
  const visited = new FingerprintDepthMap();
  ctx.visitedSet = visited;
  const fp = ctx.fp;
  // fingerprints of successors beyond the bound, not visited when seen
  const pendHi: number[] = [];
  const pendLo: number[] = [];
  /** Successors of `s` (at the depth bound) not yet visited become pending. */
  const beyondBound = (s: S, acts: readonly A[]): void => {
    for (let j = 0; j < acts.length; j++) {
      ctx.fingerprint(ctx.step(s, acts[j]));
      if (visited.find(fp.hi, fp.lo) < 0) {
        pendHi.push(fp.hi);
        pendLo.push(fp.lo);
      }
    }
  };
  const stillPending = (): boolean => {
    for (let k = 0; k < pendHi.length; k++) if (visited.find(pendHi[k], pendLo[k]) < 0) return true;
    return false;
  };
  // the stack, as parallel arrays; frame k holds a state at depth k
  const stStates: (S | undefined)[] = [];
  const stActs: (readonly A[] | undefined)[] = [];
  const stNext: number[] = [];
  /** the frame's state's fingerprint */
  const stHi: number[] = [];
  const stLo: number[] = [];
  /** index of the action that led to the frame (root: index of the initial state) */
  const stVia: number[] = [];
  let sp = 0;
  let cut: IncompleteReason | undefined;

  const push = (s: S, acts: readonly A[], hi: number, lo: number, via: number): void => {
    stStates[sp] = s;
    stActs[sp] = acts;
    stNext[sp] = 0;
    stHi[sp] = hi;
    stLo[sp] = lo;
    stVia[sp] = via;
    sp++;
  };

  /** The stack (plus `last`), replayed and checked against the recorded fingerprints. */
  const violation = (f: Failure, last?: { idx: number; hi: number; lo: number }): ExploreResult<S, A> => {
    const indices: number[] = [];
    const fps: bigint[] = [fpToBigInt(stHi[0], stLo[0])];
    for (let k = 1; k < sp; k++) {
      indices.push(stVia[k]);
      fps.push(fpToBigInt(stHi[k], stLo[k]));
    }
    if (last) {
      indices.push(last.idx);
      fps.push(fpToBigInt(last.hi, last.lo));
    }
    return replayToResult(ctx, f, stVia[0], indices, fps, pendHi.length === 0 && cut === undefined, visited.size);
  };

  try {
    ctx.phase = Phase.Init;
    const inits = model.init();
    // doInit: record every initial state at depth 0 first, so that an
    // initial state reachable from another one is still explored as a root.
    // per initial state: its fingerprint, or -1/-1 for a duplicate
    const rootHi: number[] = [];
    const rootLo: number[] = [];
    for (let i0 = 0; i0 < inits.length; i0++) {
      const s0 = inits[i0];
      ctx.fingerprint(s0);
      if (visited.find(fp.hi, fp.lo) >= 0) {
        rootHi.push(-1);
        rootLo.push(-1);
        continue;
      }
      if (visited.size >= opts.maxStates) {
        cut = 'max-states';
        break;
      }
      visited.insert(fp.hi, fp.lo, 0);
      rootHi.push(fp.hi);
      rootLo.push(fp.lo);
      sp = 0;
      push(s0, [], fp.hi, fp.lo, i0);
      const f0 = ctx.checkInvariants(s0);
      if (f0) return violation(f0);
    }
    sp = 0;
    roots: for (let i0 = 0; i0 < rootHi.length; i0++) {
      if (rootHi[i0] < 0) continue;
      const s0 = inits[i0];
      const acts0 = ctx.actions(s0);
      push(s0, acts0, rootHi[i0], rootLo[i0], i0);
      if (acts0.length === 0) {
        const t0 = ctx.checkTerminal(s0);
        if (t0) return violation(t0);
      }
      if (acts0.length > 0 && maxDepth === 0) {
        beyondBound(s0, acts0);
        sp = 0;
        continue;
      }
      while (sp > 0) {
        if (ctx.tick(visited.size, sp - 1, sp)) {
          cut = ctx.stopReason;
          break roots;
        }
        const f = sp - 1;
        const acts = stActs[f] as readonly A[];
        const i = stNext[f];
        if (i >= acts.length) {
          sp--;
          stStates[sp] = undefined;
          stActs[sp] = undefined;
          continue;
        }
        stNext[f] = i + 1;
        const a = acts[i];
        const next = ctx.step(stStates[f] as S, a);
        ctx.fingerprint(next);
        const nhi = fp.hi;
        const nlo = fp.lo;
        const d = f + 1;
        const slot = visited.find(nhi, nlo);
        let isNew = false;
        if (slot < 0) {
          if (visited.size >= opts.maxStates) {
            cut = 'max-states';
            break roots;
          }
          visited.insert(nhi, nlo, d);
          isNew = true;
        } else if (visited.depthAt(slot) > d) {
          visited.setDepthAt(slot, d);
        } else {
          ctx.fire(a, false);
          continue;
        }
        ctx.fire(a, isNew);
        if (d > ctx.maxDepth) ctx.maxDepth = d;
        if (isNew) {
          const fl = ctx.checkInvariants(next);
          if (fl) return violation(fl, { idx: i, hi: nhi, lo: nlo });
        }
        const nacts = ctx.actions(next);
        if (nacts.length === 0) {
          if (isNew) {
            const t = ctx.checkTerminal(next);
            if (t) return violation(t, { idx: i, hi: nhi, lo: nlo });
          }
          continue;
        }
        if (d >= maxDepth) {
          beyondBound(next, nacts);
          continue;
        }
        push(next, nacts, nhi, nlo, i);
      }
    }
  } catch (e) {
    return { kind: 'error', error: ctx.errorKindOf(e), message: ctx.describeFailure(e), stats: ctx.stats(visited.size) };
  }

  if (cut === undefined && stillPending()) cut = 'max-depth';
  const stats = ctx.stats(visited.size);
  return cut === undefined
    ? { kind: 'ok', complete: true, stats }
    : { kind: 'ok', complete: false, incompleteReason: cut, stats };
}
