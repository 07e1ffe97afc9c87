/**
 * One worker of the parallel BFS (parallel.ts). It builds its own copy of
 * the model from the `ModelSpec`, keeps the frontier states it discovered,
 * and on each 'level' message expands them: successors are fingerprinted and
 * inserted into the shared set; new ones are checked and kept for the next
 * level. It pauses (posts 'paused') when the shared set asks to grow and
 * resumes on 'resume' with the new buffers and the old → new slot map.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RunContext, type Failure } from './context.ts';
import { beat, installControl } from './control.ts';
import { PackedQueue } from './packed-queue.ts';
import type { Model } from './model.ts';
import { type ModelSpec, loadModel, type ToWorker, type FromWorker } from './parallel-protocol.ts';
import type { ExploreOptions } from './result.ts';
import { CTRL_GROW, CTRL_STOP, MAX_ACTION, SharedSet, type SharedSetBuffers } from './shared-set.ts';

const { spec, opts, buffers, index, control } = workerData as {
  spec: ModelSpec;
  opts: ExploreOptions;
  buffers: SharedSetBuffers;
  index: number;
  /** the process's run control (control.ts), shared with the coordinator and the CLI's supervisor */
  control?: { buffer: SharedArrayBuffer; maxMemoryBytes: number; trackActions: boolean };
};
if (control) installControl(control.buffer, { maxMemoryBytes: control.maxMemoryBytes, trackActions: control.trackActions });
const port = parentPort!;
const model = (await loadModel(spec)) as Model<unknown, unknown>;
const ctx = new RunContext(model, { ...opts, listener: undefined });
const set = new SharedSet(buffers);
const fp = ctx.fp;

// the queue of this worker's states: the current level's, then the next level's
// (packed into typed arrays when the model can pack states), with their slots
const packed = model.pack && model.unpack ? new PackedQueue<unknown>(model) : undefined;
let objects: unknown[] = [];
let objHead = 0;
let slots: number[] = [];
let slotHead = 0;
/** states of the current level still to expand; states found for the next level */
let levelLeft = 0;
let nextCount = 0;
let depth = 0;
let truncated = false;
let maxDepth = opts.maxDepth;

const post = (m: FromWorker): void => port.postMessage(m);

function report(kind: 'done' | 'paused' | 'stopped'): void {
  post({
    type: kind,
    index,
    nextCount,
    transitions: ctx.transitions,
    truncated,
    kinds: ctx.kinds,
    fired: ctx.fired,
    newStates: ctx.newStates,
    peakHeap: ctx.peakHeap,
  });
}

/** Check a newly discovered state; keep it for the next level. */
function discover(s: unknown, slot: number): Failure | null {
  const f = ctx.checkInvariants(s);
  if (f) return f;
  if (ctx.hasTerminal && ctx.actions(s).length === 0) {
    const t = ctx.checkTerminal(s);
    if (t) return t;
  }
  if (packed) packed.push(s);
  else objects.push(s);
  slots.push(slot);
  nextCount++;
  return null;
}

function expand(): void {
  try {
    const ctrl = set.ctrl;
    for (; levelLeft > 0; levelLeft--) {
      if (Atomics.load(ctrl, CTRL_STOP) !== 0) return report('stopped');
      if (Atomics.load(ctrl, CTRL_GROW) !== 0) return report('paused');
      let s: unknown;
      const slot = slots[slotHead++];
      if (packed) {
        s = packed.shift();
        // pack/unpack must round-trip (as in bfs.ts)
        ctx.fingerprint(s);
        if ((fp.hi | 0) !== set.hi[slot] || (fp.lo | 0) !== set.lo[slot])
          throw new Error('unpack() did not rebuild the state that pack() wrote (its fingerprint differs): Model.pack/unpack are out of step');
      } else {
        s = objects[objHead];
        objects[objHead++] = undefined;
      }
      if (slotHead >= 1 << 16 && slotHead * 2 >= slots.length) {
        slots = slots.slice(slotHead);
        slotHead = 0;
        if (!packed) {
          objects = objects.slice(objHead);
          objHead = 0;
        }
      }
      if (depth >= maxDepth && truncated) continue;
      const acts = ctx.actions(s);
      if (acts.length > MAX_ACTION) throw new Error(`more than ${MAX_ACTION} enabled actions`);
      if (depth >= maxDepth) {
        for (let i = 0; i < acts.length; i++) {
          ctx.fingerprint(ctx.step(s, acts[i]));
          if (set.find(fp.hi, fp.lo) < 0) {
            truncated = true;
            break;
          }
        }
        continue;
      }
      for (let i = 0; i < acts.length; i++) {
        const a = acts[i];
        const n = ctx.step(s, a);
        ctx.fingerprint(n);
        const ns = set.insert(fp.hi, fp.lo, slot, i);
        ctx.fire(a, ns >= 0);
        if (ns < 0) continue;
        const f = discover(n, ns);
        if (f) {
          Atomics.store(ctrl, CTRL_STOP, 1);
          post({ type: 'violation', index, failure: f, slot: ns });
          return report('stopped');
        }
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

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'init': {
      // initial states assigned to this worker (by index), inserted by the coordinator
      const inits = model.init();
      for (const [i, slot] of m.inits) {
        const f = discover(inits[i], slot);
        if (f) {
          post({ type: 'violation', index, failure: f, slot });
          return report('stopped');
        }
      }
      return report('done');
    }
    case 'level':
      levelLeft = nextCount;
      nextCount = 0;
      depth = m.depth;
      maxDepth = m.maxDepth;
      return expand();
    case 'resume': {
      set.attach(m.buffers);
      const map = new Int32Array(m.map);
      for (let i = slotHead; i < slots.length; i++) slots[i] = map[slots[i]];
      return expand();
    }
    case 'exit':
      port.close();
      return;
  }
});
post({ type: 'ready', index });
