/**
 * Parallel exhaustive search (`--workers N`): level-synchronous BFS on N
 * worker_threads sharing one fingerprint set in a SharedArrayBuffer
 * (shared-set.ts: 8 bytes per slot, a compare-and-swap per new state, no
 * lock); each worker logs the parent id and action index of the states it
 * inserted (for counterexamples), and steps, packs and hashes as the
 * one-worker BFS does (parallel-worker.ts).
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
 * One actions() per state, as in bfs.ts: the workers check terminal
 * invariants (and deadlock) when they expand a state, where its action list
 * is computed anyway; a violation or an error in that run makes the search
 * run again with them checked at discovery (two actions() per state, and the
 * workers start again), whose result is the one reported: a clean run costs
 * one actions() per state, a violating one up to twice. With a time or
 * state limit the check is at discovery from the start.
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
import type { Model } from './model.ts';
import { OptionsError, normalizeOptions } from './options.ts';
import { type FromWorker, type ModelSpec, type ToWorker, type WorkerReport, loadModel } from './parallel-protocol.ts';
import type { ExploreResult, IncompleteReason, RawExploreOptions } from './result.ts';
import { CTRL_STOP, GROW_FACTOR, SharedSet, allocSharedSet, rehash } from './shared-set.ts';
import type { ReplayExpectation } from './fpset.ts';
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
  // one actions() per state (bfs.ts): terminal invariants at expansion, and anything but a clean
  // result runs again checking them at discovery, whose result (which violation, its statistics)
  // is the one reported. With a time or state limit the check is at discovery from the start.
  const defer = opts.timeLimit === Infinity && opts.maxStates === Infinity;
  if (defer) {
    const r = await search(spec, opts, workers, m, true);
    if (r !== AGAIN) return r;
  }
  return (await search(spec, opts, workers, m, false)) as ExploreResult<S, A>;
}

/** search() with terminal checks deferred found a violation or an error: the run checking at discovery must report it */
const AGAIN = Symbol('again');

async function search<S, A>(
  spec: ModelSpec,
  opts: ReturnType<typeof normalizeOptions>,
  workers: number,
  m: Model<S, A>,
  deferTerminal: boolean,
): Promise<ExploreResult<S, A> | typeof AGAIN> {
  const ctx = new RunContext(m, opts);
  if (!ctx.hasTerminal) deferTerminal = false;
  let set = new SharedSet(allocSharedSet(INITIAL_CAPACITY));
  const reports: WorkerReport[] = new Array(workers);
  // the shared table and the workers' trace logs (as of their last report)
  ctx.visitedSet = { bytesAllocated: () => set.bytesAllocated() + reports.reduce((n, r) => n + (r?.logBytes ?? 0), 0) };
  const fp = ctx.fp;

  // initial states: inserted here, dealt round-robin to the workers (each logs its own)
  const assigned: number[][] = Array.from({ length: workers }, () => []);
  try {
    ctx.phase = Phase.Init;
    const inits = m.init();
    let w = 0;
    for (let i = 0; i < inits.length; i++) {
      ctx.fingerprint(inits[i]);
      if (!set.insert(fp.hi, fp.lo)) continue;
      assigned[w].push(i);
      w = (w + 1) % workers;
    }
    set.flush();
  } catch (e) {
    return { kind: 'error', error: 'model-exception', message: ctx.describeFailure(e), stats: ctx.stats(set.size) };
  }

  const pool: Worker[] = [];
  let violation: { failure: Failure; id: number; hi: number; lo: number } | undefined;
  const logs: { parent: Int32Array; action: Uint16Array }[] = new Array(workers);
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
        if (!violation) violation = { failure: msg.failure, id: msg.id, hi: msg.hi, lo: msg.lo };
        return;
      case 'log':
        logs[msg.index] = { parent: msg.parent, action: msg.action };
        break;
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
          workers,
          deferTerminal,
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
      const grown = rehash(set, Math.ceil(set.capacity * GROW_FACTOR));
      set = new SharedSet(grown);
      await round(() => ({ type: 'resume', buffers: grown }));
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
    // a violation's trace: the workers' logs (parent id, action index per state)
    if (violation && !modelError && !deferTerminal) await round(() => ({ type: 'log' }));
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

  if (deferTerminal && (modelError || violation)) return AGAIN;
  if (modelError) return { kind: 'error', error: 'model-exception', message: modelError, stats: ctx.stats(set.size) };
  if (violation) {
    // ids from the violating state back to an initial one (id = k × workers + worker: parallel-worker.ts)
    const path: number[] = [];
    const actions: number[] = [];
    for (let id = violation.id; id !== -1; ) {
      const w = id % workers;
      const k = (id - w) / workers;
      path.push(id);
      actions.push(logs[w].action[k]);
      id = logs[w].parent[k];
      if (path.length > set.size) throw new Error('parallel BFS: parent cycle in the workers\' logs');
    }
    path.reverse();
    actions.reverse();
    return replayToResult(ctx, violation.failure, actions[0], actions.slice(1), sharedExpectation(set, path.length, violation), true, set.size);
  }
  if (ctx.timedOut) cut = ctx.stopReason;
  if (cut === undefined && truncated) cut = 'max-depth';
  const stats = ctx.stats(set.size);
  return cut === undefined ? { kind: 'ok', complete: true, stats } : { kind: 'ok', complete: false, incompleteReason: cut, stats };
}

/**
 * The replay check of a parallel counterexample: the set keeps no fingerprint
 * per id, so each replayed state's fingerprint must be in the shared set, and
 * the last one must be the violating state's (as CompactVisitedSet's, without
 * the check bits).
 */
function sharedExpectation(set: SharedSet, count: number, last: { hi: number; lo: number }): ReplayExpectation {
  const hex = (hi: number, lo: number): string => ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16);
  return {
    count,
    mismatch: (k, hi, lo) => {
      if (k === count - 1) return (hi | 0) === (last.hi | 0) && (lo | 0) === (last.lo | 0) ? null : `the violating state's ${hex(last.hi, last.lo)}`;
      return set.has(hi, lo) ? null : 'no such fingerprint (a state exploration never reached)';
    },
  };
}
