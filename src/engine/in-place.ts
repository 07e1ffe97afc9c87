/**
 * Stepping in place outside BFS (random walks): a walk needs its own copy of
 * the initial state, which it then steps with Model.stepInPlace, instead of a
 * new state object per step from Model.step.
 */
import type { Model } from './model.ts';

/**
 * Whether the engine may use `model.stepInPlace`: the model has the whole
 * family (stepInPlace, packWords, unpackWords, unpackWordsInto) and its `step`
 * is still the one `stepInPlace` does in place (`inPlaceStepOf`): a wrapper
 * or variant that replaced `step` is stepped with its own `step`.
 */
export function canStepInPlace<S, A>(model: Model<S, A>): boolean {
  return (
    model.stepInPlace !== undefined &&
    model.inPlaceStepOf !== undefined &&
    model.inPlaceStepOf === model.step &&
    model.packWords !== undefined &&
    model.unpackWords !== undefined &&
    model.unpackWordsInto !== undefined
  );
}

export class OwnCopies<S> {
  private words = new Int32Array(256);
  private readonly cursor = { pos: 0 };

  private constructor(private readonly model: Model<S, unknown>) {}

  /** For a model the engine may step in place (canStepInPlace), else undefined. */
  static of<S, A>(model: Model<S, A>): OwnCopies<S> | undefined {
    if (!canStepInPlace(model)) return undefined;
    return new OwnCopies(model as Model<S, unknown>);
  }

  /** A copy of `s` that nobody else holds: `into` refilled (a state object of this model), or a new object. */
  copy(s: S, into?: S): S {
    const m = this.model;
    let end = (m.packWords as NonNullable<typeof m.packWords>)(s, this.words, 0);
    while (end < 0) {
      this.words = new Int32Array(this.words.length * 2);
      end = (m.packWords as NonNullable<typeof m.packWords>)(s, this.words, 0);
    }
    this.cursor.pos = 0;
    if (into === undefined) return (m.unpackWords as NonNullable<typeof m.unpackWords>)(this.words, this.cursor);
    (m.unpackWordsInto as NonNullable<typeof m.unpackWordsInto>)(this.words, this.cursor, into);
    return into;
  }
}
