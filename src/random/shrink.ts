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
 *     earlier one).
 * `shrinkChoices` is the model-free fallback: the same edits on raw indices.
 */
import type { Model } from '../engine/model.ts';

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
}

function materialize<S, A>(model: Model<S, A>, inits: readonly S[], rec: Uint32Array): Path<S> | null {
  try {
    let s = inits[rec[0] % inits.length];
    const states: S[] = [s];
    const keys: string[] = [''];
    for (let j = 1; j < rec.length; j++) {
      const acts = model.actions(s);
      if (acts.length === 0) break;
      const a = acts[rec[j] % acts.length];
      keys.push(keyOf(a));
      s = model.step(s, a);
      states.push(s);
    }
    return { states, keys };
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
  // 1. Deletions of chunks of steps [start, start+size).
  for (let size = highestPow2(n - 1); size >= 1; size = size >> 1) {
    for (let start = 1; start + size <= n; start += size) {
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
}
