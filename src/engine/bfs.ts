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
 * Terminal invariants (and the deadlock check) need a state's action list.
 * One actions() per state: the search first runs with them checked when a
 * state is expanded (its action list is computed then anyway), invariants
 * when it is discovered. A run without violation (the common, expensive
 * case) has then checked everything and is the result. An invariant
 * violation found at discovery is the result too once the states queued
 * before it pass their terminal check (queuedTerminal: the run checking at
 * discovery would have checked them first). A terminal violation, or one
 * among those queued states, or an error makes it run again from the start
 * checking terminal invariants at discovery (actions() twice per state),
 * which finds the same first violation in BFS order with the statistics of
 * that moment, as before: such runs cost up to twice as much. With a time limit the search
 * checks at discovery from the start (a second pass would not fit in it).
 * A run stopped by the run control (interrupt, memory) has checked the
 * terminal invariants of the states it expanded, not of those still queued.
 * Keeping the lists in the frontier costs more memory than recomputing them.
 *
 * With a depth bound, states at the bound are expanded one step further
 * without recording anything, only to learn whether a state beyond the
 * bound exists: the run is complete iff none does.
 */
import { Phase, RunContext, type Failure } from './context.ts';
import { violationFromVisited } from './counterexample.ts';
import type { ExploreResult, IncompleteReason } from './result.ts';
import { canStepInPlace } from './in-place.ts';
import { PackedQueue } from './packed-queue.ts';
import { NO_PARENT } from './visited.ts';
import { CompactVisitedSet } from './fpset.ts';

const COMPACT_AT = 1 << 16;
/**
 * The round trip of a packed frontier (unpack(pack(s)) is s) is checked on
 * every one of the first CHECK_ALL expanded states, then on one in
 * CHECK_EVERY: a pack/unpack pair that loses a field loses it in many
 * states, and checking every state costs a pack (or an encode and a hash)
 * per expanded state.
 */
const CHECK_ALL = 1 << 12;
const CHECK_EVERY = 16;

/** search() found something that the run checking terminal invariants at discovery must report */
const AGAIN = Symbol('again');

export function bfs<S, A>(ctx: RunContext<S, A>): ExploreResult<S, A> {
  if (!ctx.hasTerminal || ctx.opts.timeLimit !== Infinity) return search(ctx, false) as ExploreResult<S, A>;
  const r = search(ctx, true);
  if (r !== AGAIN) return r;
  return search(new RunContext(ctx.model, ctx.opts, ctx.start), false) as ExploreResult<S, A>;
}

/**
 * One BFS. `deferTerminal`: terminal invariants are checked when a state is
 * expanded, and anything but a clean result (a violation, an error, a
 * terminal violation among the states left unexpanded at maxStates) is AGAIN.
 */
function search<S, A>(ctx: RunContext<S, A>, deferTerminal: boolean): ExploreResult<S, A> | typeof AGAIN {
  const { model, opts } = ctx;
  const visited = new CompactVisitedSet();
  ctx.visitedSet = visited;
  const fp = ctx.fp;
  // the frontier: packed into typed arrays when the model can pack states, else the state objects
  const packed = model.pack && model.unpack ? new PackedQueue<S>(model) : undefined;
  // one serialization per transition: when the fingerprint is that of the packed ints
  // (encode is pack, no canonicalize), each successor is packed at the frontier's tail,
  // hashed there, and kept (new) or dropped (seen): no separate encode
  const hashPacked = packed !== undefined && model.encode === model.pack && !model.canonicalize;
  /** Fingerprint a successor into fp.hi/lo; with hashPacked it is then the frontier's last entry. */
  const fingerprintNext = (next: S): void => {
    if (hashPacked) {
      ctx.phase = Phase.Encode;
      (packed as PackedQueue<S>).push(next);
      fp.fingerprintWords((packed as PackedQueue<S>).words(), (packed as PackedQueue<S>).lastStart(), (packed as PackedQueue<S>).end());
    } else ctx.fingerprint(next);
  };
  // no allocation per transition (Model.stepInPlace, unpackWordsInto): the expanded state and
  // each of its successors are one state object, refilled from the expanded state's words
  // before every action but the first, stepped in place, then fingerprinted and packed
  // into the frontier if new (also without the one-serialization path, e.g. with symmetry)
  const stepsInPlace = packed !== undefined && canStepInPlace(model);
  let scratch: S | undefined;
  /** The successor of `s` (the state just expanded) by its i-th action `a`. */
  const successor = (s: S, a: A, i: number): S => {
    if (!stepsInPlace) return ctx.step(s, a);
    if (i > 0) {
      ctx.phase = Phase.Encode;
      (packed as PackedQueue<S>).restoreShifted(s);
    }
    ctx.stepInPlace(s, a);
    return s;
  };
  let qStates: (S | undefined)[] = [];
  let qIds: number[] = [];
  // the fingerprints of the packed frontier's states (hi, lo per state), to check unpack()
  let qFps: number[] = [];
  let head = 0;
  let truncated = false;
  let cut: IncompleteReason | undefined;

  /**
   * A violation (of an invariant) found at discovery while terminal checks
   * are deferred: the run checking at discovery would have checked the
   * terminal invariants of every state discovered before it. Those expanded
   * were checked at expansion; this checks the ones still queued (consuming
   * the queue: the search ends here). None violating: this violation, with
   * these statistics, is exactly that run's result. One violating: AGAIN.
   */
  const queuedTerminal = (): boolean => {
    let into: S | undefined;
    while (head < qIds.length) {
      let st: S;
      if (packed) {
        ctx.phase = Phase.Encode;
        st = stepsInPlace ? (into = packed.shiftInto(into)) : packed.shift();
      } else st = qStates[head] as S;
      head++;
      if (ctx.actions(st).length === 0 && ctx.checkTerminal(st)) return true;
    }
    return false;
  };

  /** Check a newly discovered state (terminal invariants if it has no enabled action) and enqueue it. */
  const discover = (s: S, id: number): Failure | null => {
    const f = ctx.checkInvariants(s);
    if (f) return f;
    if (ctx.hasTerminal && !deferTerminal && ctx.actions(s).length === 0) {
      const t = ctx.checkTerminal(s);
      if (t) return t;
    }
    if (hashPacked) {
      // pushed when fingerprinted; the unpack check compares words, not fingerprints
    } else if (packed) {
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
      if (hashPacked) (packed as PackedQueue<S>).push(s);
      const f = discover(s, id);
      if (f) return deferTerminal && queuedTerminal() ? AGAIN : violationFromVisited(ctx, f, visited, id, true);
    }

    // doNext
    let depth = 0;
    let expanded = 0;
    let levelEnd = qIds.length;
    while (cut === undefined && head < qIds.length) {
      if (head === levelEnd) {
        depth++;
        levelEnd = qIds.length;
      }
      if (ctx.tick(visited.size, depth, qIds.length - head)) {
        cut = ctx.stopReason;
        break;
      }
      let s: S;
      if (packed) {
        ctx.phase = Phase.Encode;
        if (stepsInPlace) s = scratch = packed.shiftInto(scratch);
        else s = packed.shift();
        // pack/unpack must round-trip: the unpacked state has the fingerprint recorded for it
        // (with hashPacked, where the fingerprint is that of the packed words: it packs to the same
        // words). Checked on the first CHECK_ALL expanded states, then on one in CHECK_EVERY.
        let same = true;
        if (expanded < CHECK_ALL || expanded % CHECK_EVERY === 0) {
          if (hashPacked) same = packed.packsAsLastShifted(s);
          else {
            ctx.fingerprint(s);
            same = fp.hi === qFps[2 * head] && fp.lo === qFps[2 * head + 1];
          }
        }
        expanded++;
        if (!same) {
          const message = 'unpack() did not rebuild the state that pack() wrote (its fingerprint differs): Model.pack/unpack are out of step';
          return { kind: 'error', error: 'model-exception', message, stats: ctx.stats(visited.size) };
        }
      } else {
        s = qStates[head] as S;
        qStates[head] = undefined;
      }
      const id = qIds[head];
      head++;
      // at the bound, once a state beyond it is known, nothing is left to learn (but the terminal check)
      const done = depth >= opts.maxDepth && truncated;
      const acts = done && !deferTerminal ? [] : ctx.actions(s);
      if (deferTerminal && acts.length === 0 && ctx.checkTerminal(s)) return AGAIN;
      if (acts.length > 0 && !done) {
        if (depth >= opts.maxDepth) {
          // At the bound: incomplete iff some successor is new (every state
          // within the bound is already in the visited set).
          for (let i = 0; i < acts.length; i++) {
            fingerprintNext(successor(s, acts[i], i));
            if (hashPacked) (packed as PackedQueue<S>).dropLast();
            if (!visited.has(fp.hi, fp.lo)) {
              truncated = true;
              break;
            }
          }
        } else {
          for (let i = 0; i < acts.length; i++) {
            const a = acts[i];
            const next = successor(s, a, i);
            fingerprintNext(next);
            let nid: number;
            if (visited.size >= opts.maxStates) {
              if (hashPacked) (packed as PackedQueue<S>).dropLast();
              if (!visited.has(fp.hi, fp.lo)) {
                cut = 'max-states';
                break;
              }
              nid = -1;
            } else {
              nid = visited.insert(fp.hi, fp.lo, id, i);
              if (nid < 0 && hashPacked) (packed as PackedQueue<S>).dropLast();
            }
            ctx.fire(a, nid >= 0);
            if (nid < 0) continue;
            if (depth + 1 > ctx.maxDepth) ctx.maxDepth = depth + 1;
            const f = discover(next, nid);
            if (f) return deferTerminal && queuedTerminal() ? AGAIN : violationFromVisited(ctx, f, visited, nid, true);
          }
        }
      }
      if (head >= COMPACT_AT && head * 2 >= qIds.length) {
        if (!packed) qStates = qStates.slice(head);
        else if (!hashPacked) qFps = qFps.slice(2 * head);
        qIds = qIds.slice(head);
        levelEnd -= head;
        head = 0;
      }
    }
    // cut at maxStates: the states left in the frontier still need their terminal check
    if (deferTerminal && cut === 'max-states') {
      while (head < qIds.length) {
        let s: S;
        if (packed) {
          ctx.phase = Phase.Encode;
          s = stepsInPlace ? (scratch = packed.shiftInto(scratch)) : packed.shift();
        } else s = qStates[head] as S;
        head++;
        if (ctx.actions(s).length === 0 && ctx.checkTerminal(s)) return AGAIN;
      }
    }
  } catch (e) {
    if (deferTerminal) return AGAIN;
    return { kind: 'error', error: ctx.errorKindOf(e), message: ctx.describeFailure(e), stats: ctx.stats(visited.size) };
  }

  if (cut === undefined && truncated) cut = 'max-depth';
  const stats = ctx.stats(visited.size);
  return cut === undefined
    ? { kind: 'ok', complete: true, stats }
    : { kind: 'ok', complete: false, incompleteReason: cut, stats };
}
