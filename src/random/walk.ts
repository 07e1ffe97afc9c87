/**
 * One random run of a model: a walk from an initial state driven by a
 * sequence of choices. Choice 0 picks the initial state; choice i > 0 picks
 * among the actions *enabled* in the current state (an index into
 * `model.actions(s)`), so every step of every walk — generated, shrunk or
 * replayed — is enabled by construction.
 *
 * A walk is either
 * - generated: its choices are drawn lazily from a small seeded PRNG (the
 *   seed comes from fast-check's per-run random source), optionally biased by
 *   a per-run swarm configuration (weights and delays of action kinds, a PCT
 *   schedule of actors); at most `depth` steps; or
 * - fixed: its choices are given (a shrink candidate, or a replayed path);
 *   choice c at a state with n enabled actions picks action c mod n, and the
 *   walk ends when the choices run out.
 *
 * Either way the choices actually consumed (normalized to the index taken)
 * are its `record`: a fixed walk over the record replays the same run.
 * Properties are checked on every state reached; terminal (quiescence)
 * properties on a state with no enabled action.
 */
import { OwnCopies } from '../engine/in-place.ts';
import type { Model } from '../engine/model.ts';
import type { SeenStates } from './seen.ts';
import type { LassoTracker } from './lasso.ts';

export type Outcome =
  | { kind: 'pass'; length: number }
  | { kind: 'violation'; property: string; reason: string; terminal: boolean; length: number; waiting?: string[] }
  | { kind: 'exception'; message: string; length: number };

/** One run: what fast-check generates and shrinks. Immutable except for the cached record. */
export class Walk {
  /** The choices consumed when last executed (set by `execute`). */
  record: Uint32Array | null = null;
  constructor(
    /** fast-check's run index (-1 when unknown, e.g. from a plain arbitrary) */
    readonly runIndex: number,
    /** PRNG seed of a generated walk */
    readonly seed: number,
    /** swarm weight per action-kind index (null = uniform); generated walks only */
    readonly weights: Uint8Array | null,
    /** the choices of a fixed walk (null = generated) */
    readonly fixed: Uint32Array | null,
    /**
     * swarm: per action-kind index, the step before which the kind is held
     * back (weight 0), e.g. so that a teardown comes late in the run; null = none.
     * Only used together with `weights`.
     */
    readonly delays: Uint16Array | null = null,
    /**
     * A PCT schedule (probabilistic concurrency testing, Burckhardt et al.
     * 2010) over the model's actors (`actionActor`: CPU and context): each
     * actor gets a random priority, the highest-priority actor with an
     * enabled action runs, and at each change point (a step number) the actor
     * that runs is demoted below every other. Few context switches, placed
     * at random: how most races are hit. null = none.
     */
    readonly pct: Pct | null = null,
  ) {}

  toString(): string {
    if (this.fixed) return `Walk(run ${this.runIndex}, choices [${Array.from(this.fixed).join(',')}])`;
    return `Walk(run ${this.runIndex}, seed ${this.seed}${this.weights ? ', swarm' : ''})`;
  }
}

export interface Pct {
  /** seeds the actors' priorities */
  seed: number;
  /** ascending step numbers at which the running actor is demoted */
  changePoints: Uint16Array;
}

/** Per-kind counters accumulated over generated walks. */
export interface Counters {
  runs: number;
  steps: number;
  maxDepth: number;
  /** walks that stopped at the depth bound with actions still enabled */
  cutByDepth: number;
  fired: number[];
  newStates: number[];
}

/** Swarm weights drawn per action kind: 0 = disabled, 1 = normal (twice as likely), 4 = favoured. */
export const SWARM_WEIGHTS: readonly number[] = [0, 1, 1, 4];

/** Everything a walk needs from its model, computed once. */
export class Walker<S, A> {
  readonly inits: readonly S[];
  readonly kinds: string[];
  private readonly kindIndex = new Map<string, number>();
  private readonly scratch: Uint32Array;
  /** a model that steps in place: each walk steps its own copy of the initial state (one object, refilled) */
  private readonly own: OwnCopies<S> | undefined;
  private mine: S | undefined;

  constructor(
    readonly model: Model<S, A>,
    readonly depth: number,
  ) {
    this.inits = model.init();
    if (this.inits.length === 0) throw new Error(`model ${model.name} has no initial state`);
    this.kinds = [...model.actionKinds];
    this.kinds.forEach((k, i) => this.kindIndex.set(k, i));
    this.scratch = new Uint32Array(depth + 1);
    this.own = OwnCopies.of(model);
  }

  /** random mode with --liveness: records the first revisited state of each generated walk (lasso.ts) */
  lassos: LassoTracker<S> | null = null;

  /** Index of an action's kind (kinds the model did not declare are appended). */
  kindOf(a: A): number {
    const k = this.model.actionKind(a);
    let i = this.kindIndex.get(k);
    if (i === undefined) {
      i = this.kinds.length;
      this.kinds.push(k);
      this.kindIndex.set(k, i);
    }
    return i;
  }

  private readonly actorHashes = new Map<string, number>();

  /** The actor of an action as a key ("cpu1|softirq"); "" when the model names none. */
  actorOf(a: A): string {
    const x = this.model.actionActor ? this.model.actionActor(a) : undefined;
    return x ? `${x.actor}|${x.context ?? ''}` : '';
  }

  /** A stable hash of an actor key (independent of the order actors are met in). */
  private actorHash(key: string): number {
    let h = this.actorHashes.get(key);
    if (h === undefined) {
      h = 0x811c9dc5;
      for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
      h >>>= 0;
      this.actorHashes.set(key, h);
    }
    return h;
  }

  /** Priority of actor `key` under PCT seed `seed`, unless demoted. */
  private priority(key: string, seed: number, demoted: Map<string, number> | null): number {
    const dm = demoted?.get(key);
    if (dm !== undefined) return dm;
    let z = (this.actorHash(key) ^ seed) >>> 0;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  }

  private weightOf(a: A, weights: Uint8Array, delays: Uint16Array | null, step: number): number {
    const k = this.kindOf(a);
    if (k >= weights.length) return 1;
    return delays !== null && step < delays[k] ? 0 : weights[k];
  }

  private checkInvariants(s: S, length: number): Outcome | null {
    const invs = this.model.invariants;
    for (let j = 0; j < invs.length; j++) {
      const r = invs[j].check(s);
      if (r !== null) return { kind: 'violation', property: invs[j].id, reason: r, terminal: false, length };
    }
    return null;
  }

  private checkTerminal(s: S, length: number): Outcome | null {
    // a deadlock (Model.blocked) before the quiescence properties, as in the engine (context.ts)
    const waiting = this.model.blocked?.(s) ?? null;
    if (waiting !== null && waiting.length > 0)
      return { kind: 'violation', property: 'deadlock', reason: `no action is enabled, and ${waiting.join('; ')}`, terminal: true, length, waiting: [...waiting] };
    const invs = this.model.terminalInvariants;
    if (!invs) return null;
    for (let j = 0; j < invs.length; j++) {
      const r = invs[j].check(s);
      if (r !== null) return { kind: 'violation', property: invs[j].id, reason: r, terminal: true, length };
    }
    return null;
  }

  /**
   * Run `w`, checking properties on every state. Sets `w.record` to the
   * choices consumed. When `counters` is given, steps, coverage and new
   * states are counted into it (and `seen`).
   * `length` in the outcome is the number of states of the run (steps + 1).
   */
  execute(w: Walk, counters: Counters | null, seen: SeenStates<S> | null): Outcome {
    const model = this.model;
    const rec = this.scratch;
    const fixed = w.fixed;
    const weights = w.weights;
    const delays = w.delays;
    const pct = w.pct;
    let demoted: Map<string, number> | null = null;
    let nextChange = 0;
    const cand: number[] = [];
    let maxW = 0;
    if (weights) for (let j = 0; j < weights.length; j++) if (weights[j] > maxW) maxW = weights[j];
    // splitmix32, inlined: the hot path allocates nothing of its own.
    let rs = w.seed >>> 0;
    const nextU32 = (): number => {
      rs = (rs + 0x9e3779b9) >>> 0;
      let z = rs;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    const below = (n: number): number => Math.floor((nextU32() * n) / 4294967296);

    const limit = fixed ? Math.min(fixed.length - 1, this.depth) : this.depth;
    let len = 0;
    let outcome: Outcome | null = null;
    try {
      if (fixed && fixed.length === 0) {
        outcome = { kind: 'pass', length: 0 };
      } else {
        const ni = this.inits.length;
        const ii = fixed ? fixed[0] % ni : ni === 1 ? 0 : below(ni);
        rec[0] = ii;
        len = 1;
        const own = this.own;
        let s = own ? (this.mine = own.copy(this.inits[ii], this.mine)) : this.inits[ii];
        if (seen) seen.add(s); // initial states: seen, not attributed to an action
        const lassos = counters && !fixed ? this.lassos : null;
        if (lassos) {
          lassos.start();
          lassos.visit(s, 0);
        }
        outcome = this.checkInvariants(s, 1);
        let d = 0;
        while (outcome === null && d < limit) {
          const acts = model.actions(s);
          const n = acts.length;
          if (n === 0) {
            outcome = this.checkTerminal(s, len);
            break;
          }
          let i: number;
          if (fixed) {
            i = fixed[d + 1] % n;
          } else if (pct !== null && n > 1) {
            // PCT: the enabled actions of the highest-priority actor (among
            // the actions the run's weights allow, if any are allowed) ...
            let best = -Infinity;
            let bestKey = '';
            cand.length = 0;
            let allowedOnly = false;
            if (weights !== null) for (let j = 0; j < n && !allowedOnly; j++) if (this.weightOf(acts[j], weights, delays, d) > 0) allowedOnly = true;
            for (let j = 0; j < n; j++) {
              if (allowedOnly && this.weightOf(acts[j], weights!, delays, d) === 0) continue;
              const key = this.actorOf(acts[j]);
              const p = this.priority(key, pct.seed, demoted);
              if (p > best) {
                best = p;
                bestKey = key;
                cand.length = 0;
              }
              if (p === best) cand.push(j);
            }
            // ... weighted by kind when the run has weights, else uniformly
            let total = 0;
            if (weights !== null) for (const j of cand) total += this.weightOf(acts[j], weights, delays, d);
            if (total === 0) i = cand[below(cand.length)];
            else {
              let x = below(total);
              i = cand[cand.length - 1];
              for (const j of cand) {
                x -= this.weightOf(acts[j], weights!, delays, d);
                if (x < 0) {
                  i = j;
                  break;
                }
              }
            }
            // a change point: the actor that runs now drops below all others
            while (nextChange < pct.changePoints.length && pct.changePoints[nextChange] <= d) {
              if (demoted === null) demoted = new Map();
              demoted.set(bestKey, -1e6 + nextChange);
              nextChange++;
            }
          } else if (weights === null || n === 1) {
            i = n === 1 ? 0 : below(n);
          } else {
            // Weighted choice among the enabled actions by rejection sampling:
            // only the kinds of the candidates drawn are looked up.
            i = -1;
            for (let tries = 0; tries < 4 && i < 0; tries++) {
              const j = below(n);
              const wk = this.weightOf(acts[j], weights, delays, d);
              if (wk === maxW || (wk > 0 && below(maxW) < wk)) i = j;
            }
            if (i < 0) {
              // exact: cumulative weights of every enabled action (uniform if all are 0)
              let total = 0;
              for (let j = 0; j < n; j++) total += this.weightOf(acts[j], weights, delays, d);
              if (total === 0) i = below(n);
              else {
                let x = below(total);
                for (i = 0; i < n - 1; i++) {
                  x -= this.weightOf(acts[i], weights, delays, d);
                  if (x < 0) break;
                }
              }
            }
          }
          rec[d + 1] = i;
          len = d + 2; // the choice is part of the record even if step throws
          const a = acts[i];
          if (own) (model.stepInPlace as (t: S, a: A) => void)(s, a);
          else s = model.step(s, a);
          d++;
          if (counters) {
            const k = this.kindOf(a);
            counters.fired[k] = (counters.fired[k] ?? 0) + 1;
            if (seen && seen.add(s)) counters.newStates[k] = (counters.newStates[k] ?? 0) + 1;
          }
          if (lassos) lassos.visit(s, d);
          outcome = this.checkInvariants(s, len);
        }
        // The choices (or the depth) ran out: a state reached exactly then may
        // still be terminal, and its quiescence properties must hold.
        if (outcome === null && d === limit) {
          if (model.actions(s).length === 0) outcome = this.checkTerminal(s, len);
          else if (counters && !fixed && d === this.depth) counters.cutByDepth++;
        }
        if (outcome === null) outcome = { kind: 'pass', length: len };
        if (lassos && outcome.kind === 'pass') lassos.end(rec, len);
      }
    } catch (e) {
      outcome = { kind: 'exception', message: e instanceof Error ? e.message : String(e), length: len };
    }
    if (counters) {
      counters.runs++;
      counters.steps += len > 0 ? len - 1 : 0;
      if (len - 1 > counters.maxDepth) counters.maxDepth = len - 1;
    }
    w.record = rec.slice(0, len);
    return outcome;
  }

  /** The record of `w`, executing it (without counting) when not yet known. */
  recordOf(w: Walk): Uint32Array {
    if (w.record === null) this.execute(w, null, null);
    return w.record!;
  }
}

/** A fresh counters object for `kinds` action kinds. */
export function newCounters(kinds: number): Counters {
  return { runs: 0, steps: 0, maxDepth: 0, cutByDepth: 0, fired: new Array(kinds).fill(0), newStates: new Array(kinds).fill(0) };
}
