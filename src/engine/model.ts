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
  /**
   * Optional, for explaining a counterexample (not called while exploring):
   * the entities the violation is about in a state where `check` fails, by
   * kind, e.g. `{ page: [1], pool: [0] }`. The model's `explain` maps them to
   * fields and finds the steps that last changed them.
   */
  witness?(s: S): Witness | null;
}

/** What a violated invariant is about: entity indices or names by kind (e.g. page → [1]). */
export type Witness = Record<string, readonly (number | string)[]>;

/** A step of a counterexample that the explanation points at. */
export interface Culprit {
  /** index of the step (1 = the first action) */
  step: number;
  /**
   * 'effect': the step whose effect the property trips over (e.g. the second
   * owner taking the page); 'cause': an earlier step that made it possible
   * (the missed clear, the wrong-context decision).
   */
  role: 'cause' | 'effect';
  /** one line, in the model's terms */
  why: string;
}

/** One field of a state, in the model's terms (for `show --step` and the HTML state panel). */
export interface StateField {
  /** e.g. "pools" */
  group: string;
  /** e.g. "pool0" */
  object: string;
  /** e.g. "alloc.count" */
  field: string;
  value: string;
}

/**
 * A fairness constraint over actions (TLA+'s WF/SF): `weak`: an infinite run
 * in which some action of the set is enabled in every state from some point on
 * takes one of them infinitely often; `strong`: one in which such an action is
 * enabled infinitely often takes one infinitely often. Used only by the
 * liveness check (liveness.ts).
 */
export interface Fairness<A> {
  readonly id: string;
  readonly kind: 'weak' | 'strong';
  readonly description: string;
  includes(a: A): boolean;
}

/**
 * A liveness property in leads-to form, P ~> Q (TLA+ `P ~> Q`, i.e.
 * `[](P => <>Q)`): every fair run that reaches a state satisfying `from`
 * later reaches a state satisfying `to` or takes a step satisfying `toStep`.
 * With `recurring`, only fair runs that take a `recurring` action infinitely
 * often must meet it (`[]<>recurring => [](from => <>Q)`, e.g. "while packets
 * keep arriving, pages keep coming back"). `instances` (default 1) checks
 * the property once per index i (e.g. per pool): from(s, i), to(s, i).
 * Predicates must be invariant under `canonicalize`/symmetric encodings.
 * A finite run (a state with no enabled action) stutters there forever: a
 * `from` state whose run ends without Q violates the property, unless the
 * property has `recurring`.
 */
export interface LivenessProperty<S, A> {
  readonly id: string;
  readonly description: string;
  readonly instances?: number;
  /** label of instance i in reports, e.g. "pool0" */
  instanceLabel?(i: number): string;
  from(s: S, i: number): boolean;
  to?(s: S, i: number): boolean;
  /** Q on a step: taking `a` from `s` to `next` meets the obligation */
  toStep?(s: S, a: A, next: S, i: number): boolean;
  recurring?(a: A): boolean;
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
   * Optional deadlock detection: for a terminal state (no enabled action), the
   * contexts still waiting or mid-operation (e.g. "cpu0 softirq waits for
   * pool0 producer lock held by cpu1 task"), or null when the state is a
   * proper end. A non-null answer is reported as a `deadlock` violation
   * before the terminal invariants are checked.
   */
  blocked?(s: S): readonly string[] | null;
  /** Optional liveness properties (checked by `check --liveness`, liveness.ts). */
  readonly liveness?: readonly LivenessProperty<S, A>[];
  /** Fairness constraints assumed by the liveness check. */
  readonly fairness?: readonly Fairness<A>[];
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
  /**
   * Optional, for trace files: the type of each top-level state field
   * (written to `#meta.varTypes`; fields without one are written as is).
   */
  readonly itfTypes?: Readonly<Record<string, ItfType>>;
  /**
   * Optional, for trace printers: the state of the acting context when it
   * runs `a` from `prev`, in the model's terms (e.g. "BH off").
   */
  contextState?(prev: S, a: A): string | undefined;
  /**
   * Optional, for trace printers: the culprit steps of a counterexample that
   * violates `property` (`states[0]` initial, `actions[i]` leads to
   * `states[i]`). Called once per printed counterexample, never while exploring.
   */
  explain?(states: readonly S[], actions: readonly (A | null)[], property: string): Culprit[];
  /**
   * Optional, for `--reads`: a field that a step read, given by its path in
   * the state and the value it read, in the model's terms (e.g. ["pools", 0,
   * "count"], 1 → "pool0 alloc.count=1"); undefined hides it (ghost fields,
   * the model's own bookkeeping).
   */
  describeRead?(path: readonly (string | number)[], value: unknown): string | undefined;
  /**
   * Optional, for `--reads`: the bookkeeping that the model's step ends with
   * (e.g. normalizing dead slots), which is no kernel code: what it reads is
   * not counted as read by the step.
   */
  stepEpilogue?(t: S): void;
}

/**
 * How a state field is written in a trace file (ITF, src/trace/itf.ts) so that
 * generic ITF viewers read it: an `enum` int as its name (`"destroying"`
 * instead of `1`), a `nullable` int's -1 as the variant None (else Some(x)),
 * lists and records field by field; `int`, `bool`, `str`, `any` as is.
 */
export type ItfType =
  | 'int'
  | 'bool'
  | 'str'
  | 'any'
  | { enum: readonly string[] }
  | { nullable: ItfType }
  | { list: ItfType }
  | { record: Readonly<Record<string, ItfType>> };

export interface ActionActor {
  actor: string;
  context?: string;
  fn: string;
  args?: string;
  /** the context's state when it ran the step (Model.contextState), e.g. "BH off" */
  state?: string;
}
