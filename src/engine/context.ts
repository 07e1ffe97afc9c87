/**
 * Per-run bookkeeping shared by the explorers: the clock and limits,
 * progress reports, heap sampling, per-action-kind coverage, invariant
 * checks, and what the model was doing when it threw (for error reports).
 */
import { announceKinds, beat, determinismCheckCount, overMemory, setAction, stopRequested, tracksActions } from './control.ts';
import { FingerprintWriter } from './fingerprint.ts';
import type { Invariant, Model } from './model.ts';
import type { ExploreOptions, IncompleteReason, Stats } from './result.ts';

/** What the engine was calling into the model for (for model-exception messages). */
export const Phase = {
  Init: 0,
  Actions: 1,
  Step: 2,
  Encode: 3,
  Invariant: 4,
  Terminal: 5,
  ActionKind: 6,
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export interface Failure {
  property: string;
  reason: string;
  terminal: boolean;
  /** a deadlock: the waiting contexts (Model.blocked) */
  waiting?: string[];
}

/** The property id of a deadlock (a terminal state in which some context still waits). */
export const DEADLOCK = 'deadlock';

/**
 * A model's step gave two different successors for the same state and
 * action (RunContext.step re-executes the first steps (control.ts: determinismCheckCount(), 4096) of
 * a run, so a step that depends on anything but its arguments, e.g.
 * Math.random or a module-level counter, is caught on every run, not by the
 * chance of a replay).
 */
export class NondeterminismError extends Error {
  override name = 'NondeterminismError';
}

/** How often (in ticks: expansions or steps) to read the clock. */
const CLOCK_EVERY = 256;
/** How often (in clock reads) to sample the heap regardless of the progress interval. */
const HEAP_EVERY = 64;

export class RunContext<S, A> {
  readonly fp = new FingerprintWriter();
  readonly start: number;
  private lastProgress: number;
  private countdown = CLOCK_EVERY;
  private clockReads = 0;
  peakHeap = 0;
  transitions = 0;
  maxDepth = 0;
  /** Set when a limit cut the run short. */
  timedOut = false;
  /** Why tick() returned true: the time limit, or a stop requested through the run control (interrupt, memory). */
  stopReason: IncompleteReason = 'time-limit';
  /** steps still to re-execute for the determinism check */
  private detChecks = determinismCheckCount();
  private readonly detFp = new FingerprintWriter();
  /** write the stepped action's kind to the run control (model files: the watchdog names the action) */
  private readonly track = tracksActions();
  /** The explorer's visited set (for `stats.visitedBytes`). */
  visitedSet: { bytesAllocated(): number } | undefined = undefined;

  // coverage: counters in typed arrays indexed by the kind's index (grown when a kind is first seen)
  private readonly kindIndex = new Map<string, number>();
  readonly kinds: string[] = [];
  fired = new Float64Array(16);
  newStates = new Float64Array(16);

  // error context
  phase: Phase = Phase.Init as Phase;
  curAction: A | undefined = undefined;
  curInvariant = '';

  private readonly invariants: readonly Invariant<S>[];
  private readonly terminalInvariants: readonly Invariant<S>[];
  readonly hasTerminal: boolean;

  constructor(
    readonly model: Model<S, A>,
    readonly opts: ExploreOptions,
    /** when the run started (performance.now()): a second pass of the same run keeps the first's */
    start?: number,
  ) {
    this.start = start ?? performance.now();
    this.lastProgress = this.start;
    for (const k of model.actionKinds) this.kindOf(k);
    this.invariants = model.invariants;
    this.terminalInvariants = model.terminalInvariants ?? [];
    this.hasTerminal = this.terminalInvariants.length > 0 || model.blocked !== undefined;
    this.sampleHeap();
    beat();
    if (this.track) announceKinds(this.kinds);
  }

  /** The coverage index of action kind `k` (appended when first seen). */
  kindOf(k: string): number {
    let i = this.kindIndex.get(k);
    if (i === undefined) {
      i = this.kinds.length;
      this.kindIndex.set(k, i);
      this.kinds.push(k);
      if (i === this.fired.length) {
        const f = new Float64Array(2 * i);
        f.set(this.fired);
        this.fired = f;
        const n = new Float64Array(2 * i);
        n.set(this.newStates);
        this.newStates = n;
      }
    }
    return i;
  }

  /** Count one fired transition of `a` (and whether it found a new state). */
  fire(a: A, isNew: boolean): void {
    this.phase = Phase.ActionKind;
    const i = this.kindOf(this.model.actionKind(a));
    this.fired[i]++;
    if (isNew) this.newStates[i]++;
    this.transitions++;
  }

  /** Fingerprint `s` into `this.fp.hi/lo`. */
  fingerprint(s: S): void {
    this.phase = Phase.Encode;
    this.fp.fingerprint(this.model, s);
  }

  checkInvariants(s: S): Failure | null {
    this.phase = Phase.Invariant;
    const invs = this.invariants;
    for (let i = 0; i < invs.length; i++) {
      this.curInvariant = invs[i].id;
      const r = invs[i].check(s);
      if (r !== null) return { property: invs[i].id, reason: r, terminal: false };
    }
    return null;
  }

  checkTerminal(s: S): Failure | null {
    this.phase = Phase.Terminal;
    if (this.model.blocked) {
      this.curInvariant = DEADLOCK;
      const waiting = this.model.blocked(s);
      if (waiting !== null && waiting.length > 0)
        return { property: DEADLOCK, reason: `no action is enabled, and ${waiting.join('; ')}`, terminal: true, waiting: [...waiting] };
    }
    const invs = this.terminalInvariants;
    for (let i = 0; i < invs.length; i++) {
      this.curInvariant = invs[i].id;
      const r = invs[i].check(s);
      if (r !== null) return { property: invs[i].id, reason: r, terminal: true };
    }
    return null;
  }

  actions(s: S): readonly A[] {
    this.phase = Phase.Actions;
    return this.model.actions(s);
  }

  step(s: S, a: A): S {
    this.phase = Phase.Step;
    this.curAction = a;
    if (this.track) setAction(this.kindOf(this.model.actionKind(a)) + 1);
    const next = this.model.step(s, a);
    if (this.detChecks > 0) {
      this.detChecks--;
      this.checkSame(next, this.model.step(s, a));
    }
    return next;
  }

  /** `model.stepInPlace(t, a)` (the model has it). */
  stepInPlace(t: S, a: A): void {
    this.phase = Phase.Step;
    this.curAction = a;
    if (this.track) setAction(this.kindOf(this.model.actionKind(a)) + 1);
    // the determinism check: the pure step from t, then the in-place one, must agree
    const ref = this.detChecks > 0 ? this.model.step(t, a) : undefined;
    (this.model.stepInPlace as (t: S, a: A) => void)(t, a);
    if (ref !== undefined) {
      this.detChecks--;
      this.checkSame(t, ref);
    }
  }

  /** Throws NondeterminismError when x and y have different fingerprints. */
  private checkSame(x: S, y: S): void {
    const phase = this.phase;
    this.phase = Phase.Encode;
    const f = this.detFp;
    f.fingerprint(this.model, x);
    const hi = f.hi;
    const lo = f.lo;
    f.fingerprint(this.model, y);
    this.phase = phase;
    if (f.hi !== hi || f.lo !== lo) {
      throw new NondeterminismError('the same state and action gave two different successors (does the step read Math.random, the clock, or state kept outside its arguments?)');
    }
  }

  /** The error kind of an exception thrown by the model. */
  errorKindOf(e: unknown): 'nondeterminism' | 'model-exception' {
    return e instanceof NondeterminismError ? 'nondeterminism' : 'model-exception';
  }

  /**
   * Called once per unit of work. Returns true when the time limit is
   * reached. Reports progress about once a second.
   */
  tick(distinct: number, depth: number, queued: number): boolean {
    if (--this.countdown > 0) return false;
    this.countdown = CLOCK_EVERY;
    const now = performance.now();
    beat();
    if (++this.clockReads % HEAP_EVERY === 0) {
      this.sampleHeap();
      overMemory();
    }
    const stop = stopRequested();
    if (stop !== undefined) {
      this.stopReason = stop;
      this.timedOut = true;
      return true;
    }
    if (now - this.lastProgress >= 1000) {
      this.lastProgress = now;
      this.sampleHeap();
      const l = this.opts.listener;
      if (l?.onProgress) {
        l.onProgress({
          distinctStates: distinct,
          transitions: this.transitions,
          depth,
          queued,
          seconds: (now - this.start) / 1000,
        });
      }
    }
    if ((now - this.start) / 1000 >= this.opts.timeLimit) {
      this.timedOut = true;
      return true;
    }
    return false;
  }

  sampleHeap(): void {
    const h = process.memoryUsage().heapUsed;
    if (h > this.peakHeap) this.peakHeap = h;
  }

  /** A one-line description of where the model threw. */
  describeFailure(e: unknown): string {
    const msg = e instanceof Error ? e.message : thrownValue(e);
    let where: string;
    switch (this.phase) {
      case Phase.Init:
        where = 'init()';
        break;
      case Phase.Actions:
        where = 'actions()';
        break;
      case Phase.Step:
        where = `step(${this.labelOf(this.curAction)})`;
        break;
      case Phase.Encode:
        where = 'encode()';
        break;
      case Phase.Invariant:
        where = `invariant ${this.curInvariant}`;
        break;
      case Phase.Terminal:
        where = `terminal invariant ${this.curInvariant}`;
        break;
      case Phase.ActionKind:
        where = `actionKind(${this.labelOf(this.curAction)})`;
        break;
    }
    if (e instanceof NondeterminismError) return `${where} is not deterministic: ${msg}`;
    // where in the model's code (unless the message already says, as a proposal's does)
    const at = /:\d+:\d+: in /.test(msg) ? null : modelFrame(e);
    return `${where} threw: ${msg}${at ? ` (at ${at})` : ''}`;
  }

  labelOf(a: A | undefined): string {
    if (a === undefined) return '?';
    try {
      return this.model.actionLabel(a);
    } catch {
      try {
        return JSON.stringify(a) ?? '?';
      } catch {
        return '?';
      }
    }
  }

  stats(distinctStates: number, extra: { runs?: number; steps?: number } = {}): Stats {
    this.sampleHeap();
    const seconds = (performance.now() - this.start) / 1000;
    const coverage = this.kinds.map((action, i) => ({
      action,
      fired: this.fired[i],
      newStates: this.newStates[i],
    }));
    const n = distinctStates;
    const stats: Stats = {
      distinctStates: n,
      transitions: this.transitions,
      maxDepth: this.maxDepth,
      seconds,
      statesPerSecond: seconds > 0 ? n / seconds : 0,
      peakHeapBytes: this.peakHeap,
      // birthday bound for n distinct 64-bit fingerprints: n(n-1)/2 / 2^64
      collisionProbability: Math.min(1, (n * (n - 1)) / 2 ** 65),
      coverage,
      neverFired: coverage.filter((c) => c.fired === 0).map((c) => c.action),
    };
    if (this.visitedSet) stats.visitedBytes = this.visitedSet.bytesAllocated();
    if (extra.runs !== undefined) stats.runs = extra.runs;
    if (extra.steps !== undefined) stats.steps = extra.steps;
    return stats;
  }
}

/** A thrown value that is not an Error, shown as data: "a string 'x'", "the number 3", "undefined". */
export function thrownValue(e: unknown): string {
  if (typeof e === 'string') return `a thrown string ${JSON.stringify(e.length > 200 ? e.slice(0, 200) + '…' : e)}`;
  if (e === undefined || e === null) return `a thrown ${String(e)}`;
  if (typeof e === 'object') {
    let text: string | undefined;
    try {
      text = JSON.stringify(e);
    } catch {
      text = undefined;
    }
    return `a thrown object ${text !== undefined ? text.slice(0, 200) : Object.prototype.toString.call(e)}`;
  }
  return `a thrown ${typeof e} ${String(e)}`;
}

const ENGINE_DIR = new URL('.', import.meta.url).pathname;
const SRC_DIR = new URL('..', import.meta.url).pathname;

/** "file:line:col" of the first frame of `e` outside ppcheck's src/ and node_modules (the model's own code), or null. */
export function modelFrame(e: unknown): string | null {
  if (!(e instanceof Error) || typeof e.stack !== 'string') return null;
  for (const line of e.stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+\.[cm]?[tj]s):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const f = m[1].replace(/^file:\/\//, '');
    if (f.startsWith(SRC_DIR) || f.startsWith(ENGINE_DIR) || f.includes('/node_modules/')) continue;
    const cwd = process.cwd() + '/';
    return `${f.startsWith(cwd) ? f.slice(cwd.length) : f}:${m[2]}:${m[3]}`;
  }
  return null;
}
