/**
 * Rebuilding traces by replaying from an initial state (TLC rebuilds its
 * counterexamples the same way from the trace file of parent pointers).
 *
 * - `replayPath` follows action indices (indices into `model.actions(s)`),
 *   optionally checking each state's fingerprint against the one recorded
 *   during exploration (a list of fingerprints, or a `ReplayExpectation`
 *   when only the fingerprint set and per-id check bits were kept, as in
 *   BFS: fpset.ts): a mismatch means the model is not deterministic.
 *
 * A trace file's actions, given as data, are replayed by src/trace/replay.ts
 * (replayRecorded: each found among `model.actions(s)` by value), the one
 * replay of recorded actions.
 */
import { FingerprintWriter } from './fingerprint.ts';
import type { Model } from './model.ts';
import type { Trace, TraceStep } from './result.ts';
import type { ReplayExpectation } from './fpset.ts';

export const INIT_LABEL = 'Initial state';

export type ReplayErrorCause = 'nondeterminism' | 'model-exception' | 'bad-index';

export interface ReplayError {
  /** One line naming the step and the problem. */
  error: string;
  /** The step at which replay failed (0 = the initial state). */
  step: number;
  cause: ReplayErrorCause;
}

export function isReplayError<S, A>(r: Trace<S, A> | ReplayError): r is ReplayError {
  return (r as ReplayError).error !== undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function safeLabel<S, A>(model: Model<S, A>, a: A): string {
  try {
    return model.actionLabel(a);
  } catch {
    try {
      return JSON.stringify(a) ?? String(a);
    } catch {
      return String(a);
    }
  }
}

function initialStep<S, A>(model: Model<S, A>, initIndex: number): TraceStep<S, A> | ReplayError {
  let inits: readonly S[];
  try {
    inits = model.init();
  } catch (e) {
    return { error: `step 0: init() threw: ${messageOf(e)}`, step: 0, cause: 'model-exception' };
  }
  if (!Number.isInteger(initIndex) || initIndex < 0 || initIndex >= inits.length) {
    return {
      error: `step 0: initial state index ${initIndex} out of range (model has ${inits.length})`,
      step: 0,
      cause: 'bad-index',
    };
  }
  return { action: null, label: INIT_LABEL, actionIndex: -1, state: inits[initIndex] };
}

/**
 * Replay `actionIndices` from `model.init()[initIndex]`. When `expectedFps`
 * is given (one per state, the initial one included), each replayed state's
 * fingerprint must equal the recorded one; when it is a `ReplayExpectation`,
 * it must satisfy it. The first state that does not is named.
 */
export function replayPath<S, A>(
  model: Model<S, A>,
  initIndex: number,
  actionIndices: readonly number[],
  expectedFps?: readonly bigint[] | ReplayExpectation,
): Trace<S, A> | ReplayError {
  const first = initialStep(model, initIndex);
  if ('error' in first) return first;
  const steps: TraceStep<S, A>[] = [first];
  const w = new FingerprintWriter();
  const expectation = expectedFps && !Array.isArray(expectedFps) ? (expectedFps as ReplayExpectation) : undefined;
  const fpList = expectation ? undefined : (expectedFps as readonly bigint[] | undefined);
  const checkFp = (k: number, s: S): ReplayError | null => {
    if (expectation ? k >= expectation.count : !fpList || k >= fpList.length) return null;
    try {
      w.fingerprint(model, s);
    } catch (e) {
      return { error: `step ${k}: encode threw: ${messageOf(e)}`, step: k, cause: 'model-exception' };
    }
    const got = (BigInt(w.hi) << 32n) | BigInt(w.lo);
    let recorded: string | null;
    if (expectation) recorded = expectation.mismatch(k, w.hi, w.lo);
    else recorded = got !== fpList![k] ? fpList![k].toString(16) : null;
    if (recorded !== null) {
      const what = k === 0 ? 'the initial state' : `the state after "${steps[k].label}"`;
      return {
        error: `nondeterminism at step ${k}: replaying ${what} gave fingerprint ${got.toString(16)}, exploration recorded ${recorded}`,
        step: k,
        cause: 'nondeterminism',
      };
    }
    return null;
  };
  const e0 = checkFp(0, first.state);
  if (e0) return e0;
  let s = first.state;
  for (let k = 1; k <= actionIndices.length; k++) {
    const idx = actionIndices[k - 1];
    let acts: readonly A[];
    try {
      acts = model.actions(s);
    } catch (e) {
      return { error: `step ${k}: actions() threw: ${messageOf(e)}`, step: k, cause: 'model-exception' };
    }
    if (!Number.isInteger(idx) || idx < 0 || idx >= acts.length) {
      return {
        error: `step ${k}: action index ${idx} out of range (${acts.length} enabled)`,
        step: k,
        cause: expectedFps ? 'nondeterminism' : 'bad-index',
      };
    }
    const a = acts[idx];
    let next: S;
    try {
      next = model.step(s, a);
    } catch (e) {
      return {
        error: `step ${k}: step(${safeLabel(model, a)}) threw: ${messageOf(e)}`,
        step: k,
        cause: 'model-exception',
      };
    }
    steps.push({ action: a, label: safeLabel(model, a), actionIndex: idx, state: next });
    const ek = checkFp(k, next);
    if (ek) return ek;
    s = next;
  }
  return { initIndex, steps };
}

