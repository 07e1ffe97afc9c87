/**
 * Results of an exploration: data only. Printers (text, JSON, ITF, Mermaid)
 * live elsewhere and are pure functions of these values.
 */

export type Mode = 'bfs' | 'dfs' | 'random';

/** Raw options as a caller may give them (all optional). */
export interface RawExploreOptions {
  mode?: Mode;
  maxDepth?: number;
  maxStates?: number;
  /** seconds */
  timeLimit?: number;
  seed?: number;
  /** random mode: number of walks */
  runs?: number;
  /** Called now and then with running statistics (for a progress line). */
  listener?: ExploreListener;
}

/** Normalized options: every field set. */
export interface ExploreOptions {
  mode: Mode;
  maxDepth: number; // Infinity = unbounded (bfs); dfs/random require finite
  maxStates: number; // Infinity = unbounded
  timeLimit: number; // seconds, Infinity = unbounded
  seed: number;
  runs: number;
  listener: ExploreListener | undefined;
}

export interface ExploreListener {
  onProgress?(p: Progress): void;
}

export interface Progress {
  distinctStates: number;
  transitions: number;
  depth: number;
  queued: number;
  seconds: number;
}

export interface ActionCoverage {
  action: string;
  fired: number;
  newStates: number;
}

export interface Stats {
  distinctStates: number;
  transitions: number;
  maxDepth: number;
  seconds: number;
  statesPerSecond: number;
  peakHeapBytes: number;
  /** Estimated probability that two distinct states shared a 64-bit fingerprint. */
  collisionProbability: number;
  coverage: ActionCoverage[];
  /** Action kinds that never fired: a red flag about the model or its bounds. */
  neverFired: string[];
  /** Bytes held by the visited set's typed arrays at the end (fingerprints, parents, actions, hash table). */
  visitedBytes?: number;
  /** random mode only */
  runs?: number;
  steps?: number;
}

/**
 * Why a search ended before it was complete: a bound (max-states, max-depth),
 * the clock (time-limit), a signal (interrupt: SIGINT/SIGTERM), or the memory
 * limit (memory: --max-memory). See src/cli/endings.ts for the exit codes.
 */
export type IncompleteReason = 'max-states' | 'max-depth' | 'time-limit' | 'interrupt' | 'memory';

export interface TraceStep<S, A> {
  /** null for the initial state */
  action: A | null;
  label: string;
  /** index of the action in `actions(previous state)`; -1 for the initial state (then: index of the initial state) */
  actionIndex: number;
  state: S;
}

export interface Trace<S, A> {
  /** index into model.init() of the first state */
  initIndex: number;
  steps: TraceStep<S, A>[];
}

export type ExploreResult<S, A> =
  | {
      kind: 'ok';
      /**
       * true: every reachable state was explored (bfs/dfs). A run cut short
       * by maxStates or timeLimit, or with a state beyond maxDepth, is
       * incomplete. Random mode is never complete; its incompleteReason is
       * the limit that stopped it, else 'max-depth' if some walk was cut by
       * the depth bound, else absent (every walk reached a dead end).
       */
      complete: boolean;
      incompleteReason?: IncompleteReason;
      stats: Stats;
    }
  | {
      kind: 'violation';
      /**
       * true when no bound had cut any part of the search before the
       * violation was found (bfs: always, and the trace is a shortest one;
       * dfs: no state beyond maxDepth met so far); random mode: false.
       */
      complete: boolean;
      property: string;
      reason: string;
      /** true when the property is a terminal (quiescence) one */
      terminal: boolean;
      trace: Trace<S, A>;
      /** a deadlock (property 'deadlock'): the contexts still waiting in the last state (Model.blocked) */
      deadlock?: { waiting: string[] };
      /**
       * a liveness violation: the trace is a lasso; its last state is the
       * state at index `loopStart` (loopStart = the last index: the run
       * stutters there forever, no action being enabled). `fairness` lists
       * the constraints the cycle satisfies.
       */
      lasso?: { loopStart: number; fairness: string[] };
      stats: Stats;
    }
  | {
      kind: 'error';
      error: 'nondeterminism' | 'model-exception';
      message: string;
      stats: Stats;
    };
