/**
 * The contract between the engine and a model. The engine knows nothing of
 * page_pool: it explores whatever a `Model` describes.
 *
 * States and actions are plain data (objects, arrays, numbers, strings,
 * booleans, null): they are printed as JSON and ITF and compared structurally.
 * A model must never mutate a state it was given; `step` returns a new one
 * (`stepInPlace`, optional, changes a state object the engine owns).
 */

/** Receives a state's canonical encoding, one integer at a time. */
export interface StateWriter {
  /** Append one integer (any safe integer; negative allowed). */
  int(n: number): void;
  /** Append a boolean as 0/1. */
  bool(b: boolean): void;
}

/** Reads back what a `StateWriter` received, in order (for `Model.unpack`). */
export interface StateReader {
  int(): number;
  bool(): boolean;
}

/** A named safety property. `check` returns null when it holds, else the reason. */
export interface Invariant<S> {
  readonly id: string;
  readonly description: string;
  check(s: S): string | null;
}

export interface Model<S, A> {
  /** e.g. "page_pool" or "DieHard" */
  readonly name: string;
  /** Initial states (at least one). */
  init(): readonly S[];
  /**
   * The enabled actions of `s`, parameters expanded. Must be deterministic:
   * the same state yields the same list in the same order (traces record the
   * index into this list).
   */
  actions(s: S): readonly A[];
  /** Pure transition. */
  step(s: S, a: A): S;
  /** Checked on every reached state. */
  readonly invariants: readonly Invariant<S>[];
  /** Checked only on terminal states (no enabled action): quiescence properties. */
  readonly terminalInvariants?: readonly Invariant<S>[];
  /**
   * Canonical encoding. Two states that the model regards as equal must write
   * the same integer sequence; unequal states should write different ones.
   * When `canonicalize` is given, the engine fingerprints `encode(canonicalize(s))`.
   */
  encode(s: S, w: StateWriter): void;
  /** Optional: a representative of `s` under permutation of interchangeable entities. */
  canonicalize?(s: S): S;
  /**
   * Optional, for compact BFS frontiers (both or neither): `pack` writes `s`
   * completely, as is (never canonicalized), and `unpack` reads exactly those
   * ints back into a state equal to `s` (same actions in the same order). With
   * them the engine keeps the frontier in typed arrays instead of objects.
   * Every int must fit in 32 bits.
   */
  pack?(s: S, w: StateWriter): void;
  unpack?(r: StateReader): S;
  /**
   * Optional, faster forms of `pack`/`unpack` (both or neither, and only with
   * them; `compileCodec` generates all four): `packWords` stores the ints that
   * `pack` writes into `words` from index `at` and returns the index after the
   * last one, or -1 if `words` is too short (the engine then grows it and calls
   * again); `unpackWords` reads a state from `words` at `cursor.pos` and moves
   * `cursor.pos` past it.
   *
   * When `encode` is `pack` itself and there is no `canonicalize`, BFS hashes
   * each successor's packed ints where it stores them in the frontier: one
   * serialization per transition instead of an encode and a pack.
   */
  packWords?(s: S, words: Int32Array, at: number): number;
  unpackWords?(words: Int32Array, cursor: { pos: number }): S;
  /**
   * Optional, for expanding states without allocating (both or neither, and
   * only with packWords/unpackWords): `unpackWordsInto` is `unpackWords` into
   * an existing state object (one that came from this model), reusing its
   * objects and arrays; `stepInPlace(t, a)` turns `t`, a state object the
   * caller owns, into `step(t, a)`. `inPlaceStepOf` is the `step` function that
   * `stepInPlace` does in place: the engine steps in place only while
   * `model.step` is still that very function, so a wrapper or variant that
   * replaces `step` (e.g. `{ ...m, step: … }`) falls back to its `step`
   * (canStepInPlace, in-place.ts). The engine never lets a state object it
   * stepped in place escape: what it keeps (frontier, traces) is packed or
   * rebuilt by replay with `step`.
   */
  unpackWordsInto?(words: Int32Array, cursor: { pos: number }, into: S): void;
  stepInPlace?(t: S, a: A): void;
  inPlaceStepOf?(s: S, a: A): S;
  /** A one-line human label of an action, e.g. "cpu1 softirq napi_pp_put_page(page0)". */
  actionLabel(a: A): string;
  /** The coverage key of an action (e.g. the kernel function it models). */
  actionKind(a: A): string;
  /** Every action kind the model can produce, so that never-fired ones can be listed. */
  readonly actionKinds: readonly string[];
  /**
   * Optional, for trace printers: who runs an action. `actor` is e.g. "cpu0",
   * `context` e.g. "softirq" (Mermaid draws one lane per actor+context), `fn`
   * the kernel function, `args` its arguments in short form.
   */
  actionActor?(a: A): ActionActor;
  /**
   * Optional, for trace printers: what changed from `prev` to `next`, in the
   * model's own terms ("page1 _refcount 1→2", "page0 cache→cpu0"). Without it
   * printers fall back to a structural diff of the two states.
   */
  describeChange?(prev: S, next: S, a: A): string[];
}

export interface ActionActor {
  actor: string;
  context?: string;
  fn: string;
  args?: string;
}
