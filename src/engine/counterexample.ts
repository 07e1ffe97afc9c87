/**
 * Turning a violation found during exploration into a result: the trace is
 * rebuilt by replaying recorded action indices from the initial state, and
 * each replayed state's fingerprint is checked against what was recorded.
 */
import type { Failure, RunContext } from './context.ts';
import { replayPath, isReplayError } from './replay.ts';
import type { ExploreResult, Trace } from './result.ts';
import type { CompactVisitedSet, ReplayExpectation } from './fpset.ts';

export function violationResult<S, A>(
  ctx: RunContext<S, A>,
  failure: Failure,
  trace: Trace<S, A>,
  complete: boolean,
  distinct: number,
  extra: { runs?: number; steps?: number } = {},
): ExploreResult<S, A> {
  return {
    kind: 'violation',
    complete,
    property: failure.property,
    reason: failure.reason,
    terminal: failure.terminal,
    trace,
    ...(failure.waiting ? { deadlock: { waiting: failure.waiting } } : {}),
    stats: ctx.stats(distinct, extra),
  };
}

/** Replay a path; a replay failure becomes an error result. */
export function replayToResult<S, A>(
  ctx: RunContext<S, A>,
  failure: Failure,
  initIndex: number,
  actionIndices: readonly number[],
  fps: readonly bigint[] | ReplayExpectation,
  complete: boolean,
  distinct: number,
  extra: { runs?: number; steps?: number } = {},
): ExploreResult<S, A> {
  const r = replayPath(ctx.model, initIndex, actionIndices, fps);
  if (isReplayError(r)) {
    return {
      kind: 'error',
      error: r.cause === 'model-exception' ? 'model-exception' : 'nondeterminism',
      message: `rebuilding the counterexample for ${failure.property}: ${r.error}`,
      stats: ctx.stats(distinct, extra),
    };
  }
  return violationResult(ctx, failure, r, complete, distinct, extra);
}

/**
 * The counterexample ending in state `id` (BFS), rebuilt from parent ids and
 * action indices. The set keeps no fingerprint per id, so the replay check
 * is the set's `replayExpectation`: each replayed state's fingerprint is in
 * the set with the check bits recorded for its id, and the last one is the
 * violating state's (fpset.ts).
 */
export function violationFromVisited<S, A>(
  ctx: RunContext<S, A>,
  failure: Failure,
  visited: CompactVisitedSet,
  id: number,
  complete: boolean,
): ExploreResult<S, A> {
  const path = visited.pathTo(id);
  const initIndex = visited.action(path[0]);
  const indices = path.slice(1).map((p) => visited.action(p));
  return replayToResult(ctx, failure, initIndex, indices, visited.replayExpectation(path), complete, visited.size);
}
