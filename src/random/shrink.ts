/**
 * Shrink candidates of a failing run, as choice sequences (the record of the
 * run: choice 0 = initial state, then one index per step into the enabled
 * actions). Every candidate is strictly smaller in shortlex order (shorter,
 * or as long and lexicographically smaller), so shrinking terminates; and a
 * candidate's walk only ever takes enabled actions (choice mod the number of
 * enabled actions). fast-check takes the first candidate that still fails and
 * asks for its candidates in turn.
 *
 * Candidates are edits of the run *as a sequence of actions*, re-indexed
 * against the states of the edited run (`semanticShrinks`): after deleting a
 * step of cpu2, the following steps of cpu0 and cpu1 are still the same
 * actions, at whatever index they are now enabled; a later step that is no
 * longer enabled is dropped. This keeps the interleaving that matters while the
 * noise around it goes. Order (after delta debugging and Hypothesis):
 *  1. delete chunks of steps: halves, quarters, … single steps;
 *  2. replace a step by an earlier enabled action (and the initial state by an
 *     earlier one);
 *  3. shortcuts: a small breadth-first search from each state of the run for a
 *     shorter way to a later state of the same run (the classic trail
 *     shortening of explicit-state checkers); the rest of the run is then
 *     unchanged, so it ends in the same violation. Two searches per state:
 *     over every enabled action, and over the actions of the kernel
 *     functions and actors the run already uses (narrower, so deeper). Only reached when 1 and 2
 *     found nothing (a local minimum), as it costs more per candidate.
 * `shrinkChoices` is the model-free fallback: the same edits on raw indices.
 */
import type { Model } from '../engine/model.ts';
import { FingerprintWriter } from '../engine/fingerprint.ts';

/** Model-free candidates: deletions and lowerings of raw indices. */
export function* shrinkChoices(rec: Uint32Array): Generator<Uint32Array> {
  const m = rec.length;
  if (m <= 1 && (m === 0 || rec[0] === 0)) return;
  for (let size = highestPow2(m - 1); size >= 1; size = size >> 1) {
    for (let start = 1; start + size <= m; start += size) {
      const c = new Uint32Array(m - size);
      c.set(rec.subarray(0, start), 0);
      c.set(rec.subarray(start + size), start);
      yield c;
    }
  }
  for (let i = 0; i < m; i++) {
    for (let x = 0; x < rec[i]; x++) {
      const c = rec.slice();
      c[i] = x;
      yield c;
    }
  }
}

function highestPow2(n: number): number {
  let size = 1;
  while (size * 2 <= n) size *= 2;
  return n >= 1 ? size : 0;
}

/** The identity of an action across states: its JSON (actions are plain data). */
function keyOf(a: unknown): string {
  return JSON.stringify(a);
}

interface Path<S> {
  /** states[j] = state after j steps (states[0] = initial) */
  states: S[];
  /** keys[j] = key of the action of step j (j ≥ 1; keys[0] unused) */
  keys: string[];
  /** loose[j] = the same action up to its arguments: kind and actor (entities may be renamed by an edit) */
  loose: string[];
}

/**
 * The identity of an action up to the entities it names: its kind (the kernel
 * function) and who runs it. After an edit, "put page1" may have become "put
 * page0" because the pages were allocated in another order.
 */
function looseKeyOf<S, A>(model: Model<S, A>, a: A): string {
  const actor = model.actionActor ? model.actionActor(a) : undefined;
  return actor ? `${model.actionKind(a)}|${actor.actor}|${actor.context ?? ''}` : model.actionKind(a);
}

function materialize<S, A>(model: Model<S, A>, inits: readonly S[], rec: Uint32Array): Path<S> | null {
  try {
    let s = inits[rec[0] % inits.length];
    const states: S[] = [s];
    const keys: string[] = [''];
    const loose: string[] = [''];
    for (let j = 1; j < rec.length; j++) {
      const acts = model.actions(s);
      if (acts.length === 0) break;
      const a = acts[rec[j] % acts.length];
      keys.push(keyOf(a));
      loose.push(looseKeyOf(model, a));
      s = model.step(s, a);
      states.push(s);
    }
    return { states, keys, loose };
  } catch {
    return null;
  }
}

/**
 * Re-index the original steps `from..m-1` (except those in [delFrom, delTo))
 * against the run that continues from `out`'s last state `s`; the step at
 * `replaceAt` takes the `replaceWith`-th enabled action instead. Steps whose
 * action is no longer enabled are dropped.
 */
function continueFrom<S, A>(
  model: Model<S, A>,
  path: Path<S>,
  rec: Uint32Array,
  out: number[],
  s: S,
  from: number,
  delFrom: number,
  delTo: number,
  replaceAt: number,
  replaceWith: number,
): Uint32Array | null {
  try {
    for (let j = from; j < rec.length && j < path.keys.length; j++) {
      if (j >= delFrom && j < delTo) continue;
      const acts = model.actions(s);
      if (acts.length === 0) break;
      let idx: number;
      if (j === replaceAt) {
        idx = replaceWith % acts.length;
      } else {
        const want = path.keys[j];
        const guess = rec[j] % acts.length;
        idx = keyOf(acts[guess]) === want ? guess : -1;
        for (let k = 0; idx < 0 && k < acts.length; k++) {
          if (k !== guess && keyOf(acts[k]) === want) idx = k;
        }
        if (idx < 0) {
          // the same function on the same CPU, on whatever entity it now has
          const wantLoose = path.loose[j];
          for (let k = 0; idx < 0 && k < acts.length; k++) if (looseKeyOf(model, acts[k]) === wantLoose) idx = k;
        }
        if (idx < 0) continue; // no longer enabled: drop the step
      }
      out.push(idx);
      s = model.step(s, acts[idx]);
    }
    return Uint32Array.from(out);
  } catch {
    return null;
  }
}

function shortlexLess(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return a.length < b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** Candidates that edit the run as a sequence of actions (see the file comment). */
export function* semanticShrinks<S, A>(model: Model<S, A>, inits: readonly S[], rec: Uint32Array): Generator<Uint32Array> {
  const m = rec.length;
  if (m === 0) return;
  const path = materialize(model, inits, rec);
  if (path === null) {
    yield* shrinkChoices(rec);
    return;
  }
  const n = path.keys.length; // steps actually taken + 1
  const seen = new Set<string>();
  const emit = (c: Uint32Array | null): Uint32Array | null => {
    if (c === null || !shortlexLess(c, rec)) return null;
    const k = c.join(',');
    if (seen.has(k)) return null;
    seen.add(k);
    return c;
  };
  // 1. Deletions of chunks of steps [start, start+size), at every offset for small chunks.
  for (let size = highestPow2(n - 1); size >= 1; size = size >> 1) {
    const stride = size <= 8 ? 1 : size >> 2;
    for (let start = 1; start + size <= n; start += stride) {
      const prefix = Array.from(rec.subarray(0, start));
      const c = emit(continueFrom(model, path, rec, prefix, path.states[start - 1], start, start, start + size, -1, 0));
      if (c) yield c;
    }
  }
  // 2. Replacements: step i takes an earlier enabled action.
  for (let i = 1; i < n; i++) {
    for (let x = 0; x < rec[i]; x++) {
      const prefix = Array.from(rec.subarray(0, i));
      const c = emit(continueFrom(model, path, rec, prefix, path.states[i - 1], i, -1, -1, i, x));
      if (c) yield c;
    }
  }
  // ... and the initial state an earlier one.
  for (let x = 0; x < rec[0] && x < inits.length; x++) {
    const c = emit(continueFrom(model, path, rec, [x], inits[x], 1, -1, -1, -1, 0));
    if (c) yield c;
  }
  // 3. Shortcuts to later states of the same run.
  yield* shortcuts(model, inits, path, rec, emit);
}

/** Limits of the breadth-first search behind one shortcut candidate. */
export const SHORTCUT_MAX_DEPTH = 6;
export const SHORTCUT_MAX_STATES = 4000;

function* shortcuts<S, A>(
  model: Model<S, A>,
  inits: readonly S[],
  path: Path<S>,
  rec: Uint32Array,
  emit: (c: Uint32Array | null) => Uint32Array | null,
): Generator<Uint32Array> {
  const n = path.states.length;
  if (n < 3) return;
  const w = new FingerprintWriter();
  const fp = (s: S): string => {
    w.reset();
    model.encode(s, w);
    w.finish();
    return `${w.hi}:${w.lo}`;
  };
  let later: Map<string, number>;
  try {
    // fingerprint → last index of that state on the run
    later = new Map(path.states.map((s, k) => [fp(s), k] as const));
  } catch {
    return;
  }
  const allowed = new Set(path.loose.slice(1));
  for (let j = 0; j < n - 2; j++) {
    // from the start: from any initial state (the run's own one or another)
    const roots = j === 0 ? inits.map((s, i) => ({ s, index: i })) : [{ s: path.states[j], index: rec[j] }];
    // Two searches: over every enabled action, and over only the actions of
    // the functions and actors (CPU and context) the run already uses. The
    // second branches far less at large bounds (4 CPUs: most enabled actions
    // belong to CPUs the race does not need), so it reaches deeper within
    // the same state budget. The larger saving wins.
    const all = searchShortcut(model, roots, j, later, fp, null);
    const own = searchShortcut(model, roots, j, later, fp, allowed);
    const best = all === null ? own : own === null ? all : own.saving > all.saving ? own : all;
    if (best === null) continue;
    const c = new Uint32Array(j + 1 + best.indices.length + (rec.length - best.k - 1));
    c.set(rec.subarray(0, j), 0);
    c[j] = best.root;
    c.set(best.indices, j + 1);
    c.set(rec.subarray(best.k + 1), j + 1 + best.indices.length);
    const e = emit(c);
    if (e) yield e;
  }
}

/**
 * BFS from `roots` (the state after `j` steps, or every initial state when
 * j = 0; `index` is the choice that reached a root) for a state the run
 * reaches later than the depth it is found at.
 */
function searchShortcut<S, A>(
  model: Model<S, A>,
  roots: readonly { s: S; index: number }[],
  j: number,
  later: Map<string, number>,
  fp: (s: S) => string,
  allowed: ReadonlySet<string> | null,
): { root: number; k: number; indices: number[]; saving: number } | null {
  interface Node {
    s: S;
    depth: number;
    parent: number;
    index: number;
  }
  const nodes: Node[] = [];
  const visited = new Set<string>();
  try {
    let best: { node: number; k: number; saving: number } | null = null;
    for (const r of roots) {
      const key = fp(r.s);
      if (visited.has(key)) continue;
      visited.add(key);
      // another initial state may be a state the run reaches only later
      const k = later.get(key);
      if (k !== undefined && k - j > 0 && (best === null || k - j > best.saving)) best = { node: nodes.length, k, saving: k - j };
      nodes.push({ s: r.s, depth: 0, parent: -1, index: r.index });
    }
    for (let head = 0; head < nodes.length; head++) {
      const cur = nodes[head];
      if (cur.depth >= SHORTCUT_MAX_DEPTH) break;
      const acts = model.actions(cur.s);
      for (let i = 0; i < acts.length; i++) {
        if (allowed !== null && !allowed.has(looseKeyOf(model, acts[i]))) continue;
        const s2 = model.step(cur.s, acts[i]);
        const key = fp(s2);
        if (visited.has(key)) continue;
        visited.add(key);
        const d = cur.depth + 1;
        const k = later.get(key);
        if (k !== undefined && k - j - d > 0 && (best === null || k - j - d > best.saving)) {
          best = { node: nodes.length, k, saving: k - j - d };
        }
        nodes.push({ s: s2, depth: d, parent: head, index: i });
        if (nodes.length >= SHORTCUT_MAX_STATES) break;
      }
      if (nodes.length >= SHORTCUT_MAX_STATES) break;
    }
    if (best === null) return null;
    const indices: number[] = [];
    let x = best.node;
    for (; nodes[x].parent >= 0; x = nodes[x].parent) indices.push(nodes[x].index);
    indices.reverse();
    return { root: nodes[x].index, k: best.k, indices, saving: best.saving };
  } catch {
    return null;
  }
}
