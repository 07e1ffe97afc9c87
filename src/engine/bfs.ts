/**
 * Breadth-first exploration (TLC's default model checking mode).
 *
 * doInit: fingerprint the initial states, check invariants on them.
 * doNext: dequeue a state, expand it, fingerprint each successor; a new one
 * is recorded (parent id + action index) in the visited set, checked, and
 * enqueued. Only the frontier holds states. The first violation found is at
 * minimal depth, so its counterexample (rebuilt by replay) is a shortest one.
 *
 * The frontier holds the states themselves, or, when the model can pack
 * states (Model.pack/unpack), their packed ints in one typed array
 * (packed-queue.ts): no object graph for the collector to trace and promote.
 *
 * Terminal invariants are checked when a state is discovered (its action
 * list is computed then, and again when it is expanded: keeping the lists in
 * the frontier costs more memory than recomputing them), so terminal
 * violations are found in BFS order too and their traces are shortest too.
 *
 * With a depth bound, states at the bound are expanded one step further
 * without recording anything, only to learn whether a state beyond the
 * bound exists: the run is complete iff none does.
 */
import { Phase, type Failure, type RunContext } from './context.ts';
import { violationFromVisited } from './counterexample.ts';
import type { ExploreResult, IncompleteReason } from './result.ts';
import { PackedQueue } from './packed-queue.ts';
import { NO_PARENT } from './visited.ts';
import { CompactVisitedSet } from './fpset.ts';

const COMPACT_AT = 1 << 16;

export function bfs<S, A>(ctx: RunContext<S, A>): ExploreResult<S, A> {
  const { model, opts } = ctx;
  const visited = new CompactVisitedSet();
  ctx.visitedSet = visited;
  const fp = ctx.fp;
  // the frontier: packed into typed arrays when the model can pack states, else the state objects
  const packed = model.pack && model.unpack ? new PackedQueue<S>(model) : undefined;
  let qStates: (S | undefined)[] = [];
  let qIds: number[] = [];
  // the fingerprints of the packed frontier's states (hi, lo per state), to check unpack()
  let qFps: number[] = [];
  let head = 0;
  let truncated = false;
  let cut: IncompleteReason | undefined;

  /** Check a newly discovered state (terminal invariants if it has no enabled action) and enqueue it. */
  const discover = (s: S, id: number): Failure | null => {
    const f = ctx.checkInvariants(s);
    if (f) return f;
    if (ctx.hasTerminal && ctx.actions(s).length === 0) {
      const t = ctx.checkTerminal(s);
      if (t) return t;
    }
    if (packed) {
      qFps.push(fp.hi, fp.lo); // still s's: nothing fingerprints between insert and here
      ctx.phase = Phase.Encode;
      packed.push(s);
    } else qStates.push(s);
    qIds.push(id);
    return null;
  };

  try {
    // doInit
    ctx.phase = Phase.Init;
    const inits = model.init();
    for (let i = 0; i < inits.length; i++) {
      const s = inits[i];
      ctx.fingerprint(s);
      if (visited.size >= opts.maxStates && !visited.has(fp.hi, fp.lo)) {
        cut = 'max-states';
        break;
      }
      const id = visited.insert(fp.hi, fp.lo, NO_PARENT, i);
      if (id < 0) continue;
      const f = discover(s, id);
      if (f) return violationFromVisited(ctx, f, visited, id, true);
    }

    // doNext
    let depth = 0;
    let levelEnd = qIds.length;
    while (cut === undefined && head < qIds.length) {
      if (head === levelEnd) {
        depth++;
        levelEnd = qIds.length;
      }
      if (ctx.tick(visited.size, depth, qIds.length - head)) {
        cut = 'time-limit';
        break;
      }
      let s: S;
      if (packed) {
        ctx.phase = Phase.Encode;
        s = packed.shift();
        // pack/unpack must round-trip: the unpacked state has the fingerprint recorded for it
        ctx.fingerprint(s);
        if (fp.hi !== qFps[2 * head] || fp.lo !== qFps[2 * head + 1]) {
          const message = 'unpack() did not rebuild the state that pack() wrote (its fingerprint differs): Model.pack/unpack are out of step';
          return { kind: 'error', error: 'model-exception', message, stats: ctx.stats(visited.size) };
        }
      } else {
        s = qStates[head] as S;
        qStates[head] = undefined;
      }
      const id = qIds[head];
      head++;
      // at the bound, once a state beyond it is known, nothing is left to learn
      const acts = depth >= opts.maxDepth && truncated ? [] : ctx.actions(s);
      if (acts.length > 0) {
        if (depth >= opts.maxDepth) {
          // At the bound: incomplete iff some successor is new (every state
          // within the bound is already in the visited set).
          for (let i = 0; i < acts.length; i++) {
            ctx.fingerprint(ctx.step(s, acts[i]));
            if (!visited.has(fp.hi, fp.lo)) {
              truncated = true;
              break;
            }
          }
        } else {
          for (let i = 0; i < acts.length; i++) {
            const a = acts[i];
            const next = ctx.step(s, a);
            ctx.fingerprint(next);
            let nid: number;
            if (visited.size >= opts.maxStates) {
              if (!visited.has(fp.hi, fp.lo)) {
                cut = 'max-states';
                break;
              }
              nid = -1;
            } else {
              nid = visited.insert(fp.hi, fp.lo, id, i);
            }
            ctx.fire(a, nid >= 0);
            if (nid < 0) continue;
            if (depth + 1 > ctx.maxDepth) ctx.maxDepth = depth + 1;
            const f = discover(next, nid);
            if (f) return violationFromVisited(ctx, f, visited, nid, true);
          }
        }
      }
      if (head >= COMPACT_AT && head * 2 >= qIds.length) {
        if (!packed) qStates = qStates.slice(head);
        else qFps = qFps.slice(2 * head);
        qIds = qIds.slice(head);
        levelEnd -= head;
        head = 0;
      }
    }
  } catch (e) {
    return { kind: 'error', error: 'model-exception', message: ctx.describeFailure(e), stats: ctx.stats(visited.size) };
  }

  if (cut === undefined && truncated) cut = 'max-depth';
  const stats = ctx.stats(visited.size);
  return cut === undefined
    ? { kind: 'ok', complete: true, stats }
    : { kind: 'ok', complete: false, incompleteReason: cut, stats };
}
