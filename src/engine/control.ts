/**
 * Run control shared by every thread of one ppcheck process: a few Int32
 * cells in a SharedArrayBuffer, so that the thread that handles signals and
 * watches memory (the CLI's supervisor, src/cli/supervise.ts) can stop a
 * search running synchronously in another thread, and can tell a search
 * that makes progress from a model step that never returns.
 *
 *   STOP    0, or why the search must stop (STOP_CODES): read by every
 *           explorer at each clock read (RunContext.tick), so a request is
 *           seen within 256 expansions
 *   BEAT    incremented at each clock read of any explorer thread
 *   SEARCH  number of searches running (begin/endSearch)
 *   ACTION  1 + the coverage index of the action kind being stepped, when
 *           action tracking is on (model files only: it costs an
 *           actionKind() call per step); 0 when unknown
 *
 * Without installControl (a library caller, a unit test) the cells live in
 * a private buffer: everything works the same, nothing watches.
 *
 * The memory limit (`--max-memory`) is checked here too, by the explorers,
 * at their heap samples: the resident set (heap, typed arrays, code) above
 * the limit stops the search as 'memory'.
 */
import type { IncompleteReason } from './result.ts';

export const STOP = 0;
export const BEAT = 1;
export const SEARCH = 2;
export const ACTION = 3;
const CELLS = 4;

/** The stop codes of the STOP cell, by reason (0: run on). */
export const STOP_CODES = { interrupt: 1, memory: 2, 'time-limit': 3 } as const;
export type StopReason = keyof typeof STOP_CODES;

let cells = new Int32Array(new SharedArrayBuffer(CELLS * 4));
let maxMemoryBytes = Infinity;
let determinismChecks = 1 << 12;
let trackActions = false;

export function allocControl(): SharedArrayBuffer {
  return new SharedArrayBuffer(CELLS * 4);
}

/** Use `buffer` (shared with the supervisor and the other workers) as this thread's control cells. */
export function installControl(buffer: SharedArrayBuffer, opts: { maxMemoryBytes?: number; trackActions?: boolean } = {}): void {
  cells = new Int32Array(buffer);
  if (opts.maxMemoryBytes !== undefined) maxMemoryBytes = opts.maxMemoryBytes;
  if (opts.trackActions !== undefined) trackActions = opts.trackActions;
}

export function controlBuffer(): SharedArrayBuffer {
  return cells.buffer as SharedArrayBuffer;
}

export function controlCells(): Int32Array {
  return cells;
}

/** The memory limit of this process (bytes; Infinity: none). */
export function setMaxMemory(bytes: number): void {
  maxMemoryBytes = bytes;
}

export function maxMemory(): number {
  return maxMemoryBytes;
}

/** Steps each run re-executes to check that the model's step is deterministic (RunContext.step); default 4096. */
export function setDeterminismChecks(n: number): void {
  determinismChecks = n;
}

export function determinismCheckCount(): number {
  return determinismChecks;
}

export function setTrackActions(on: boolean): void {
  trackActions = on;
}

export function tracksActions(): boolean {
  return trackActions;
}

/** Ask every search to stop (the first reason given wins). */
export function requestStop(reason: StopReason): void {
  Atomics.compareExchange(cells, STOP, 0, STOP_CODES[reason]);
}

/** Why a stop was requested, or undefined. */
export function stopRequested(): IncompleteReason | undefined {
  const c = Atomics.load(cells, STOP);
  if (c === 0) return undefined;
  return c === STOP_CODES.interrupt ? 'interrupt' : c === STOP_CODES.memory ? 'memory' : 'time-limit';
}

/** Forget a stop request (a new run in the same process, e.g. the next in-process test). */
export function clearStop(): void {
  Atomics.store(cells, STOP, 0);
}

export function beat(): void {
  Atomics.add(cells, BEAT, 1);
}

export function beginSearch(): void {
  Atomics.add(cells, SEARCH, 1);
  beat();
}

export function endSearch(): void {
  Atomics.sub(cells, SEARCH, 1);
}

/** fn() counted as a running search (the supervisor's step watchdog watches only then). */
export function duringSearch<T>(fn: () => T): T {
  beginSearch();
  try {
    return fn();
  } finally {
    endSearch();
  }
}

export async function duringSearchAsync<T>(fn: () => Promise<T>): Promise<T> {
  beginSearch();
  try {
    return await fn();
  } finally {
    endSearch();
  }
}

let kindsListener: ((kinds: readonly string[]) => void) | undefined;

/** Called with a run's action kinds when it starts, while action tracking is on (the supervisor names the ACTION cell's kind). */
export function setKindsListener(f: ((kinds: readonly string[]) => void) | undefined): void {
  kindsListener = f;
}

export function announceKinds(kinds: readonly string[]): void {
  if (trackActions && kindsListener) kindsListener(kinds);
}

export function setAction(kindIndexPlusOne: number): void {
  cells[ACTION] = kindIndexPlusOne;
}

/** true when the resident set exceeds the memory limit (then a stop for 'memory' is requested). */
export function overMemory(): boolean {
  if (maxMemoryBytes === Infinity) return false;
  if (process.memoryUsage.rss() <= maxMemoryBytes) return false;
  requestStop('memory');
  return true;
}
