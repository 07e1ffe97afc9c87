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
import type { Model } from './model.ts';
import { type ModelSpec, loadModel, type ToWorker, type FromWorker } from './parallel-protocol.ts';
import type { ExploreOptions } from './result.ts';
import { CTRL_GROW, CTRL_STOP, MAX_ACTION, SharedSet, type SharedSetBuffers } from './shared-set.ts';

const { spec, opts, buffers, index } = workerData as {
  spec: ModelSpec;
  opts: ExploreOptions;
  buffers: SharedSetBuffers;
  index: number;
};
const port = parentPort!;
const model = (await loadModel(spec)) as Model<unknown, unknown>;
const ctx = new RunContext(model, { ...opts, listener: undefined });
const set = new SharedSet(buffers);
const fp = ctx.fp;

let frontier: unknown[] = [];
let frontierSlots: number[] = [];
let next: unknown[] = [];
let nextSlots: number[] = [];
let pos = 0;
let depth = 0;
let truncated = false;
let maxDepth = opts.maxDepth;

const post = (m: FromWorker): void => port.postMessage(m);

function report(kind: 'done' | 'paused' | 'stopped'): void {
  post({
    type: kind,
    index,
    nextCount: next.length,
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
  next.push(s);
  nextSlots.push(slot);
  return null;
}

function expand(): void {
  try {
    const ctrl = set.ctrl;
    for (; pos < frontier.length; pos++) {
      if (Atomics.load(ctrl, CTRL_STOP) !== 0) return report('stopped');
      if (Atomics.load(ctrl, CTRL_GROW) !== 0) return report('paused');
      const s = frontier[pos];
      const slot = frontierSlots[pos];
      frontier[pos] = undefined;
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
      if ((pos & 255) === 0) ctx.sampleHeap();
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
      frontier = next;
      frontierSlots = nextSlots;
      next = [];
      nextSlots = [];
      pos = 0;
      depth = m.depth;
      maxDepth = m.maxDepth;
      return expand();
    case 'resume': {
      set.attach(m.buffers);
      const map = new Int32Array(m.map);
      for (let i = pos; i < frontierSlots.length; i++) frontierSlots[i] = map[frontierSlots[i]];
      for (let i = 0; i < nextSlots.length; i++) nextSlots[i] = map[nextSlots[i]];
      return expand();
    }
    case 'exit':
      port.close();
      return;
  }
});
post({ type: 'ready', index });
