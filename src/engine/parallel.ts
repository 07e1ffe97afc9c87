/**
 * Parallel exhaustive search (`--workers N`): level-synchronous BFS on N
 * worker_threads sharing one fingerprint set in SharedArrayBuffers
 * (shared-set.ts: compare-and-swap on a per-slot tag, parent slot and action
 * index per slot, for counterexamples).
 *
 * Each worker builds its own copy of the model from a `ModelSpec` (models are
 * code: every worker imports the module) and expands the frontier states it
 * discovered itself; a successor belongs to whichever worker inserts its
 * fingerprint first. Levels are separated by a barrier (the coordinator
 * waits for every worker), so the first violating level is the minimal
 * depth and the counterexample is a shortest one, as in sequential BFS
 * (which of several violations of that level is reported may vary from run
 * to run; its length does not). The distinct-state count is that of the
 * sequential BFS: every fingerprint is inserted exactly once.
 *
 * Limits: the depth bound works as in bfs.ts; `maxStates` and `timeLimit`
 * are checked at level boundaries (the time limit also stops the workers
 * mid-level), so a run cut by maxStates may store a level's worth of states
 * beyond it. The time limit and the run control (interrupt, memory:
 * src/engine/control.ts) are armed before the workers start, so a run
 * stopped while they start up ends without waiting for them. Workers load
 * TypeScript through parallel-worker-boot.mjs, which registers the tsx
 * loader resolved from this package (not from the current directory).
 */
import { Worker } from 'node:worker_threads';
import { Phase, RunContext } from './context.ts';
import type { Failure } from './context.ts';
import { replayToResult } from './counterexample.ts';
import { explore } from './explore.ts';
import { fpToBigInt } from './fingerprint.ts';
import type { Model } from './model.ts';
import { OptionsError, normalizeOptions } from './options.ts';
import { type FromWorker, type ModelSpec, type ToWorker, type WorkerReport, loadModel } from './parallel-protocol.ts';
import type { ExploreResult, IncompleteReason, RawExploreOptions } from './result.ts';
import { CTRL_STOP, SharedSet, allocSharedSet, rehash } from './shared-set.ts';
import { beat, controlBuffer, maxMemory, stopRequested, tracksActions } from './control.ts';

/** Node's timers hold at most 2^31-1 ms; a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How often the coordinator looks at the run control (interrupt, memory). */
const CONTROL_POLL_MS = 50;

export type { ModelSpec } from './parallel-protocol.ts';

const INITIAL_CAPACITY = 1 << 16;

/**
 * Explore the model described by `spec` with `workers` worker threads
 * (bfs only). `workers` = 1 runs the sequential BFS in this thread. `model`
 * (optional) is this thread's copy, used for the initial states and to
 * rebuild counterexamples; it is loaded from `spec` when omitted.
 */
export async function exploreParallel<S, A>(
  spec: ModelSpec,
  raw: RawExploreOptions,
  workers: number,
  model?: Model<S, A>,
): Promise<ExploreResult<S, A>> {
  const opts = normalizeOptions(raw);
  if (!Number.isInteger(workers) || workers < 1) throw new OptionsError(`workers must be a positive integer, got ${workers}`);
  if (workers > 1 && opts.mode !== 'bfs') throw new OptionsError(`--workers needs --mode bfs (got ${opts.mode})`);
  const m = model ?? ((await loadModel(spec)) as unknown as Model<S, A>);
  if (workers === 1) return explore(m, raw);

  const ctx = new RunContext(m, opts);
  let set = new SharedSet(allocSharedSet(INITIAL_CAPACITY));
  ctx.visitedSet = { bytesAllocated: () => set.bytesAllocated() };
  const fp = ctx.fp;

  // initial states: inserted here, dealt round-robin to the workers
  const assigned: [number, number][][] = Array.from({ length: workers }, () => []);
  try {
    ctx.phase = Phase.Init;
    const inits = m.init();
    let w = 0;
    for (let i = 0; i < inits.length; i++) {
      ctx.fingerprint(inits[i]);
      const slot = set.insert(fp.hi, fp.lo, -1, i);
      if (slot < 0) continue;
      assigned[w].push([i, slot]);
      w = (w + 1) % workers;
    }
  } catch (e) {
    return { kind: 'error', error: 'model-exception', message: ctx.describeFailure(e), stats: ctx.stats(set.size) };
  }

  const pool: Worker[] = [];
  const reports: WorkerReport[] = new Array(workers);
  let violation: { failure: Failure; slot: number } | undefined;
  let modelError: string | undefined;
  let pending = 0;
  let statuses: string[] = [];
  let wake: (() => void) | undefined;
  let startupError: Error | undefined;

  const onMessage = (msg: FromWorker): void => {
    switch (msg.type) {
      case 'ready':
        break;
      case 'violation':
        if (!violation) violation = { failure: msg.failure, slot: msg.slot };
        return;
      case 'error':
        if (!modelError) modelError = msg.message;
        return;
      default:
        reports[msg.index] = msg;
        statuses[msg.index] = msg.type;
        break;
    }
    if (--pending === 0 && wake) wake();
  };
  const round = (send: (i: number) => ToWorker | null): Promise<void> =>
    new Promise((resolve, reject) => {
      statuses = new Array(workers).fill('');
      pending = 0;
      const msgs = pool.map((_, i) => send(i));
      pending = msgs.filter((x) => x !== null).length;
      if (pending === 0) return resolve();
      wake = () => (startupError ? reject(startupError) : resolve());
      msgs.forEach((x, i) => x && pool[i].postMessage(x));
    });

  // the limits are armed before the workers start: a stop during start-up does not wait for them
  let cut: IncompleteReason | undefined;
  let timer: NodeJS.Timeout | undefined;
  let onStop: (() => void) | undefined;
  const stopNow = (reason: IncompleteReason): void => {
    if (ctx.timedOut) return;
    ctx.timedOut = true;
    ctx.stopReason = reason;
    Atomics.store(set.ctrl, CTRL_STOP, 1);
    if (onStop) onStop();
  };
  if (opts.timeLimit !== Infinity) {
    const left = Math.max(0, opts.timeLimit * 1000 - (performance.now() - ctx.start));
    const arm = (ms: number): void => {
      // a delay above Node's timer range is waited for in pieces
      timer = setTimeout(() => (ms > MAX_TIMER_MS ? arm(ms - MAX_TIMER_MS) : stopNow('time-limit')), Math.min(ms, MAX_TIMER_MS));
    };
    arm(left);
  }
  const control = setInterval(() => {
    const r = stopRequested();
    if (r !== undefined) stopNow(r);
  }, CONTROL_POLL_MS);
  const stopped = new Promise<'stopped'>((resolve) => {
    onStop = () => resolve('stopped');
  });

  // start the workers and wait for 'ready'
  const workerUrl = new URL('./parallel-worker-boot.mjs', import.meta.url);
  const started = new Promise<void>((resolve, reject) => {
    pending = workers;
    wake = () => (startupError ? reject(startupError) : resolve());
    for (let i = 0; i < workers; i++) {
      const wk = new Worker(workerUrl, {
        // no execArgv `--import tsx`: it would resolve tsx from the current directory
        workerData: {
          spec,
          opts: { ...opts, listener: undefined },
          buffers: set.buffers,
          index: i,
          control: { buffer: controlBuffer(), maxMemoryBytes: maxMemory(), trackActions: tracksActions() },
        },
      });
      wk.on('message', onMessage);
      wk.on('error', (e) => {
        startupError = e instanceof Error ? e : new Error(String(e));
        pending = 0;
        if (wake) wake();
      });
      pool.push(wk);
    }
  });
  try {
    if (ctx.timedOut || (await Promise.race([started, stopped])) === 'stopped') {
      // stopped while the workers started: nothing explored beyond the initial states
      clearInterval(control);
      if (timer) clearTimeout(timer);
      for (const wk of pool) void wk.terminate();
      return { kind: 'ok', complete: false, incompleteReason: ctx.stopReason, stats: ctx.stats(set.size) };
    }
  } catch (e) {
    clearInterval(control);
    if (timer) clearTimeout(timer);
    for (const wk of pool) void wk.terminate();
    throw e;
  }

  /** Run one round until every worker is done or stopped, growing the set whenever they pause. */
  const runRound = async (send: (i: number) => ToWorker | null): Promise<void> => {
    await round(send);
    while (statuses.includes('paused')) {
      const grown = rehash(set, set.buffers.capacity * 2);
      set = new SharedSet(grown.buffers);
      await round(() => ({ type: 'resume', buffers: grown.buffers, map: grown.map.buffer as SharedArrayBuffer }));
    }
  };

  try {
    await runRound((i) => ({ type: 'init', inits: assigned[i] }));
    let depth = 0;
    for (;;) {
      if (violation || modelError || ctx.timedOut) break;
      const frontier = reports.reduce((n, r) => n + r.nextCount, 0);
      if (frontier === 0) break;
      if (depth > 0 && set.size >= opts.maxStates) {
        cut = 'max-states';
        break;
      }
      await runRound(() => ({ type: 'level', depth, maxDepth: opts.maxDepth }));
      beat();
      if (!violation && !modelError && reports.some((r) => r.nextCount > 0)) ctx.maxDepth = depth + 1;
      depth++;
      const l = opts.listener;
      if (l?.onProgress) {
        l.onProgress({
          distinctStates: set.size,
          transitions: reports.reduce((n, r) => n + r.transitions, 0),
          depth,
          queued: reports.reduce((n, r) => n + r.nextCount, 0),
          seconds: (performance.now() - ctx.start) / 1000,
        });
      }
    }
  } finally {
    if (timer) clearTimeout(timer);
    clearInterval(control);
    for (const wk of pool) void wk.terminate();
  }

  // merge the workers' statistics
  ctx.transitions = 0;
  let heap = 0;
  let truncated = false;
  for (const r of reports) {
    if (!r) continue;
    ctx.transitions += r.transitions;
    heap += r.peakHeap;
    truncated ||= r.truncated;
    r.kinds.forEach((k, i) => {
      const j = ctx.kindOf(k);
      ctx.fired[j] += r.fired[i];
      ctx.newStates[j] += r.newStates[i];
    });
  }
  ctx.sampleHeap();
  ctx.peakHeap += heap;

  if (modelError) return { kind: 'error', error: 'model-exception', message: modelError, stats: ctx.stats(set.size) };
  if (violation) {
    const path = set.pathTo(violation.slot);
    const initIndex = set.actionOf(path[0]);
    const indices = path.slice(1).map((p) => set.actionOf(p));
    const fps = path.map((p) => fpToBigInt(set.hi[p], set.lo[p]));
    return replayToResult(ctx, violation.failure, initIndex, indices, fps, true, set.size);
  }
  if (ctx.timedOut) cut = ctx.stopReason;
  if (cut === undefined && truncated) cut = 'max-depth';
  const stats = ctx.stats(set.size);
  return cut === undefined ? { kind: 'ok', complete: true, stats } : { kind: 'ok', complete: false, incompleteReason: cut, stats };
}
