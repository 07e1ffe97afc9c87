/**
 * One worker of the parallel BFS (parallel.ts). It builds its own copy of
 * the model from the `ModelSpec`, keeps the frontier states it discovered,
 * and on each 'level' message expands them: successors are fingerprinted and
 * inserted into the shared set; new ones are logged (parent id, action
 * index: this worker's WorkerLog), checked and kept for the next level. It
 * pauses (posts 'paused') when the shared set asks to grow and resumes on
 * 'resume' with the new buffers.
 *
 * The loop is the one-worker BFS's (bfs.ts): the frontier is packed
 * (PackedQueue) when the model packs states; with Model.stepInPlace the
 * expanded state and each of its successors are one state object refilled
 * from the expanded state's words; when the fingerprint is that of the packed
 * words (encode is pack, no canonicalize) each successor is packed at the
 * frontier's tail, hashed there, and kept or taken back: no allocation and
 * one serialization per transition. With `deferTerminal` (the coordinator's
 * first run) a state's terminal invariants are checked when it is expanded:
 * one actions() per state, as in bfs.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Phase, RunContext, type Failure } from './context.ts';
import { beat, installControl } from './control.ts';
import { canStepInPlace } from './in-place.ts';
import { PackedQueue } from './packed-queue.ts';
import type { Model } from './model.ts';
import { type ModelSpec, loadModel, type ToWorker, type FromWorker } from './parallel-protocol.ts';
import type { ExploreOptions } from './result.ts';
import { CTRL_GROW, CTRL_STOP, SharedSet, WorkerLog, type SharedSetBuffers } from './shared-set.ts';

const { spec, opts, buffers, index, workers, control, deferTerminal } = workerData as {
  spec: ModelSpec;
  opts: ExploreOptions;
  buffers: SharedSetBuffers;
  index: number;
  workers: number;
  /**
   * Terminal invariants (and the deadlock check) at expansion, where the action list is
   * computed anyway: one actions() per state (bfs.ts). Any violation or error is then only
   * a sign: the coordinator runs the search again checking at discovery (parallel.ts).
   */
  deferTerminal: boolean;
  /** the process's run control (control.ts), shared with the coordinator and the CLI's supervisor */
  control?: { buffer: SharedArrayBuffer; maxMemoryBytes: number; trackActions: boolean };
};
if (control) installControl(control.buffer, { maxMemoryBytes: control.maxMemoryBytes, trackActions: control.trackActions });
const port = parentPort!;
const model = (await loadModel(spec)) as Model<unknown, unknown>;
const ctx = new RunContext(model, { ...opts, listener: undefined });
const set = new SharedSet(buffers);
const log = new WorkerLog();
const fp = ctx.fp;

/** The round trip of the packed frontier is checked on the first CHECK_ALL expanded states, then one in CHECK_EVERY (bfs.ts). */
const CHECK_ALL = 1 << 12;
const CHECK_EVERY = 16;

// the queue of this worker's states: the current level's, then the next level's
// (packed into typed arrays when the model can pack states), with their ids
const packed = model.pack && model.unpack ? new PackedQueue<unknown>(model) : undefined;
const hashPacked = packed !== undefined && model.encode === model.pack && !model.canonicalize;
const stepsInPlace = packed !== undefined && canStepInPlace(model);
let scratch: unknown;
let objects: unknown[] = [];
let objHead = 0;
let ids: number[] = [];
/** the fingerprints (hi, lo) of the packed frontier's states, to check unpack() (not with hashPacked) */
let qFps: number[] = [];
let idHead = 0;
let expanded = 0;
/** states of the current level still to expand; states found for the next level */
let levelLeft = 0;
let nextCount = 0;
let depth = 0;
let truncated = false;
let maxDepth = opts.maxDepth;

const post = (m: FromWorker): void => port.postMessage(m);

function report(kind: 'done' | 'paused' | 'stopped'): void {
  set.flush();
  post({
    type: kind,
    index,
    nextCount,
    transitions: ctx.transitions,
    truncated,
    kinds: ctx.kinds,
    fired: Array.from(ctx.fired),
    newStates: Array.from(ctx.newStates),
    peakHeap: ctx.peakHeap,
    logBytes: log.bytesAllocated(),
  });
}

/** A new state's id: this worker's k-th state is k × workers + index. */
const record = (parent: number, action: number): number => log.add(parent, action) * workers + index;

/** Fingerprint a successor into fp.hi/lo; with hashPacked it is then the frontier's last entry. */
function fingerprintNext(next: unknown): void {
  if (hashPacked) {
    ctx.phase = Phase.Encode;
    const q = packed as PackedQueue<unknown>;
    q.push(next);
    fp.fingerprintWords(q.words(), q.lastStart(), q.end());
  } else ctx.fingerprint(next);
}

/** Check a newly discovered state; keep it for the next level (with hashPacked it is already in the queue). */
function discover(s: unknown, id: number): Failure | null {
  const f = ctx.checkInvariants(s);
  if (f) return f;
  if (ctx.hasTerminal && !deferTerminal && ctx.actions(s).length === 0) {
    const t = ctx.checkTerminal(s);
    if (t) return t;
  }
  if (hashPacked) {
    // pushed when fingerprinted
  } else if (packed) {
    qFps.push(fp.hi, fp.lo);
    ctx.phase = Phase.Encode;
    packed.push(s);
  } else objects.push(s);
  ids.push(id);
  nextCount++;
  return null;
}

function violation(f: Failure, id: number, hi: number, lo: number): void {
  Atomics.store(set.ctrl, CTRL_STOP, 1);
  post({ type: 'violation', index, failure: f, id, hi, lo });
  report('stopped');
}

function expand(): void {
  try {
    const ctrl = set.ctrl;
    for (; levelLeft > 0; levelLeft--) {
      if (Atomics.load(ctrl, CTRL_STOP) !== 0) return report('stopped');
      if (Atomics.load(ctrl, CTRL_GROW) !== 0) return report('paused');
      let s: unknown;
      const qi = idHead++;
      const id = ids[qi];
      if (packed) {
        ctx.phase = Phase.Encode;
        s = stepsInPlace ? (scratch = packed.shiftInto(scratch)) : packed.shift();
        // pack/unpack must round-trip (as in bfs.ts)
        let same = true;
        if (expanded < CHECK_ALL || expanded % CHECK_EVERY === 0) {
          if (hashPacked) same = packed.packsAsLastShifted(s);
          else {
            ctx.fingerprint(s);
            same = fp.hi === qFps[2 * qi] && fp.lo === qFps[2 * qi + 1];
          }
        }
        expanded++;
        if (!same) throw new Error('unpack() did not rebuild the state that pack() wrote (its fingerprint differs): Model.pack/unpack are out of step');
      } else {
        s = objects[objHead];
        objects[objHead++] = undefined;
      }
      if (idHead >= 1 << 16 && idHead * 2 >= ids.length) {
        if (packed && !hashPacked) qFps = qFps.slice(2 * idHead);
        ids = ids.slice(idHead);
        idHead = 0;
        if (!packed) {
          objects = objects.slice(objHead);
          objHead = 0;
        }
      }
      if (depth >= maxDepth && truncated && !deferTerminal) continue;
      const acts = ctx.actions(s);
      if (deferTerminal && acts.length === 0 && ctx.hasTerminal) {
        // a sign only (the coordinator runs again checking at discovery): no fingerprint needed
        const t = ctx.checkTerminal(s);
        if (t) return violation(t, id, 0, 0);
      }
      if (depth >= maxDepth && truncated) continue;
      if (depth >= maxDepth) {
        for (let i = 0; i < acts.length; i++) {
          fingerprintNext(successor(s, acts[i], i));
          if (hashPacked) (packed as PackedQueue<unknown>).dropLast();
          if (!set.has(fp.hi, fp.lo)) {
            truncated = true;
            break;
          }
        }
        continue;
      }
      for (let i = 0; i < acts.length; i++) {
        const a = acts[i];
        const n = successor(s, a, i);
        fingerprintNext(n);
        const isNew = set.insert(fp.hi, fp.lo);
        ctx.fire(a, isNew);
        if (!isNew) {
          if (hashPacked) (packed as PackedQueue<unknown>).dropLast();
          continue;
        }
        const hi = fp.hi;
        const lo = fp.lo;
        const nid = record(id, i);
        const f = discover(n, nid);
        if (f) return violation(f, nid, hi, lo);
      }
      if ((levelLeft & 255) === 0) {
        ctx.sampleHeap();
        beat();
      }
    }
    ctx.sampleHeap();
    report('done');
  } catch (e) {
    Atomics.store(set.ctrl, CTRL_STOP, 1);
    post({ type: 'error', index, message: ctx.describeFailure(e) });
    report('stopped');
  }
}

/** The successor of `s` (the state being expanded) by its i-th action (in place when the model allows: bfs.ts). */
function successor(s: unknown, a: unknown, i: number): unknown {
  if (!stepsInPlace) return ctx.step(s, a);
  if (i > 0) {
    ctx.phase = Phase.Encode;
    (packed as PackedQueue<unknown>).restoreShifted(s);
  }
  ctx.stepInPlace(s, a);
  return s;
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'init': {
      // initial states assigned to this worker (by index into init()), inserted by the coordinator
      try {
        const inits = model.init();
        for (const i of m.inits) {
          const s = inits[i];
          ctx.fingerprint(s);
          const hi = fp.hi;
          const lo = fp.lo;
          const id = record(-1, i);
          if (hashPacked) (packed as PackedQueue<unknown>).push(s);
          const f = discover(s, id);
          if (f) return violation(f, id, hi, lo);
        }
      } catch (e) {
        Atomics.store(set.ctrl, CTRL_STOP, 1);
        post({ type: 'error', index, message: ctx.describeFailure(e) });
        return report('stopped');
      }
      return report('done');
    }
    case 'level':
      levelLeft = nextCount;
      nextCount = 0;
      depth = m.depth;
      maxDepth = m.maxDepth;
      return expand();
    case 'resume':
      set.attach(m.buffers);
      return expand();
    case 'log':
      post({ type: 'log', index, ...log.flat() });
      return;
    case 'exit':
      port.close();
      return;
  }
});
post({ type: 'ready', index });
