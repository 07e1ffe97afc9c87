/**
 * Per-run bookkeeping shared by the explorers: the clock and limits,
 * progress reports, heap sampling, per-action-kind coverage, invariant
 * checks, and what the model was doing when it threw (for error reports).
 */
import { FingerprintWriter } from './fingerprint.ts';
import type { Invariant, Model } from './model.ts';
import type { ExploreOptions, Stats } from './result.ts';

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

/** How often (in ticks: expansions or steps) to read the clock. */
const CLOCK_EVERY = 256;
/** How often (in clock reads) to sample the heap regardless of the progress interval. */
const HEAP_EVERY = 64;

export class RunContext<S, A> {
  readonly fp = new FingerprintWriter();
  readonly start = performance.now();
  private lastProgress = this.start;
  private countdown = CLOCK_EVERY;
  private clockReads = 0;
  peakHeap = 0;
  transitions = 0;
  maxDepth = 0;
  /** Set when a limit cut the run short. */
  timedOut = false;
  /** The explorer's visited set (for `stats.visitedBytes`). */
  visitedSet: { bytesAllocated(): number } | undefined = undefined;

  // coverage
  private readonly kindIndex = new Map<string, number>();
  readonly kinds: string[] = [];
  fired: number[] = [];
  newStates: number[] = [];

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
  ) {
    for (const k of model.actionKinds) this.kindOf(k);
    this.invariants = model.invariants;
    this.terminalInvariants = model.terminalInvariants ?? [];
    this.hasTerminal = this.terminalInvariants.length > 0 || model.blocked !== undefined;
    this.sampleHeap();
  }

  /** The coverage index of action kind `k` (appended when first seen). */
  kindOf(k: string): number {
    let i = this.kindIndex.get(k);
    if (i === undefined) {
      i = this.kinds.length;
      this.kindIndex.set(k, i);
      this.kinds.push(k);
      this.fired.push(0);
      this.newStates.push(0);
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
    return this.model.step(s, a);
  }

  /** `model.stepInPlace(t, a)` (the model has it). */
  stepInPlace(t: S, a: A): void {
    this.phase = Phase.Step;
    this.curAction = a;
    (this.model.stepInPlace as (t: S, a: A) => void)(t, a);
  }

  /**
   * Called once per unit of work. Returns true when the time limit is
   * reached. Reports progress about once a second.
   */
  tick(distinct: number, depth: number, queued: number): boolean {
    if (--this.countdown > 0) return false;
    this.countdown = CLOCK_EVERY;
    const now = performance.now();
    if (++this.clockReads % HEAP_EVERY === 0) this.sampleHeap();
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
    const msg = e instanceof Error ? e.message : String(e);
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
    return `${where} threw: ${msg}`;
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
