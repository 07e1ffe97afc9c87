/**
 * Walking a counterexample's states backwards to find the steps that explain
 * it: the step that last changed a field a violation is about, and the step
 * since which a condition has held. Generic: a model's `explain` hook
 * (Model.explain) says which fields and conditions matter for a property and
 * calls these. Pure.
 */
import type { Culprit, Model } from '../engine/model.ts';
import type { Trace } from '../engine/result.ts';

/** Structural equality of plain data (numbers, strings, booleans, null, arrays, records). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The last step i in 1..upto whose state differs from the state before it in
 * `get` (and, with `to`, whose new value satisfies it); -1 when none.
 */
export function lastChange<S>(
  states: readonly S[],
  get: (s: S) => unknown,
  upto = states.length - 1,
  to?: (v: unknown, before: unknown) => boolean,
): number {
  for (let i = Math.min(upto, states.length - 1); i >= 1; i--) {
    const before = get(states[i - 1]);
    const after = get(states[i]);
    if (!sameValue(before, after) && (!to || to(after, before))) return i;
  }
  return -1;
}

/**
 * The step since which `holds` has been true without a break up to `upto`:
 * the smallest i ≤ upto with holds(states[j]) for every j in i..upto; -1 when
 * it does not hold at `upto`. 0 means it held from the initial state.
 */
export function heldSince<S>(states: readonly S[], holds: (s: S) => boolean, upto = states.length - 1): number {
  let i = Math.min(upto, states.length - 1);
  if (i < 0 || !holds(states[i])) return -1;
  while (i > 0 && holds(states[i - 1])) i--;
  return i;
}

/** Culprits in step order, one per (step, role), steps inside the trace only. */
export function normalizeCulprits(cs: readonly Culprit[], steps: number): Culprit[] {
  const seen = new Set<string>();
  const out: Culprit[] = [];
  for (const c of cs) {
    if (!Number.isInteger(c.step) || c.step < 1 || c.step >= steps) continue;
    const key = `${c.step}:${c.role}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out.sort((a, b) => a.step - b.step || (a.role === b.role ? 0 : a.role === 'cause' ? -1 : 1));
}

/** The model's culprits for a counterexample (none when it has no `explain` or it fails). */
export function culpritsOf<S, A>(model: Model<S, A>, trace: Trace<S, A>, property: string): Culprit[] {
  if (!model.explain) return [];
  try {
    const states = trace.steps.map((s) => s.state);
    const actions = trace.steps.map((s, i) => (i === 0 ? null : s.action));
    return normalizeCulprits(model.explain(states, actions, property), states.length);
  } catch {
    // an explanation is a help, never a reason for a printer to fail
    return [];
  }
}
