/**
 * Random runs of a model as a fast-check `Arbitrary`, for property tests
 * (`@fast-check/vitest`'s `test.prop([walks(model)])`): each value is a walk
 * of at most `depth` steps over enabled actions; a failing walk shrinks to a
 * shorter one whose every step is still enabled (./shrink.ts). The arbitrary
 * also runs and prints the walks it generates.
 */
import fc from 'fast-check';
import type { Model } from '../engine/model.ts';
import { isReplayError, replayPath } from '../engine/replay.ts';
import type { Trace } from '../engine/result.ts';
import { generateWalk, shrinkWalk } from './run.ts';
import { Walk, Walker, type Outcome } from './walk.ts';

export class WalkArbitrary<S, A> extends fc.Arbitrary<Walk> {
  readonly walker: Walker<S, A>;
  constructor(
    readonly model: Model<S, A>,
    readonly depth: number,
    readonly swarm: boolean,
  ) {
    super();
    this.walker = new Walker(model, depth);
  }

  generate(mrng: fc.Random): fc.Value<Walk> {
    return new fc.Value(
      generateWalk(mrng, -1, this.model.actionKinds.length, this.swarm, this.depth, this.model.actionActor !== undefined),
      undefined,
    );
  }

  canShrinkWithoutContext(value: unknown): value is Walk {
    return false;
  }

  shrink(value: Walk): fc.Stream<fc.Value<Walk>> {
    return shrinkWalk(this.walker, value);
  }

  /** Runs `w`, checking the model's properties after every step. */
  run(w: Walk): Outcome {
    return this.walker.execute(w, null, null);
  }

  /** The trace of `w` (states and labels), by replaying its recorded choices. */
  trace(w: Walk): Trace<S, A> {
    const rec = Array.from(this.walker.recordOf(w));
    const t = replayPath(this.model, rec[0], rec.slice(1));
    if (isReplayError(t)) throw new Error(`walk does not replay: ${t.error}`);
    return t;
  }

  /** The trace of `w` as one line per step, for assertion messages. */
  describe(w: Walk): string {
    return this.trace(w)
      .steps.map((s, i) => `${i} ${s.label}`)
      .join('\n');
  }
}

/** Walks of `model` of at most `depth` steps (default 100), swarm-weighted unless `swarm: false`. */
export function walks<S, A>(model: Model<S, A>, opts: { depth?: number; swarm?: boolean } = {}): WalkArbitrary<S, A> {
  return new WalkArbitrary(model, opts.depth ?? 100, opts.swarm ?? true);
}
