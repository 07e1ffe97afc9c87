/**
 * The one shape every trace printer (text, Mermaid, JSON) reads: a list of
 * steps, each with its label, who ran it, and what changed. Built either from
 * a model and an engine `Trace` (then the model's own `actionActor` and
 * `describeChange` are used) or from a recorded trace file (then the
 * descriptions recorded in the file are used, so `show` needs no model).
 */
import type { ActionActor, Culprit, Model } from '../engine/model.ts';
import type { Trace } from '../engine/result.ts';
import { culpritsOf } from './culprits.ts';
import type { Recorded } from './recorded.ts';
import { readsOf } from './reads.ts';
import { structuralDiff } from './values.ts';

export interface PrintableStep {
  /** 0 for the initial state */
  index: number;
  /** the action's one-line label; "initial state" for step 0 */
  label: string;
  actor?: ActionActor;
  /** what changed from the previous state, in the model's terms or as a structural diff */
  changes: string[];
  /** null for the initial state */
  action: unknown;
  /** index into actions(previous state); for step 0 the index into init() */
  actionIndex: number;
  state: unknown;
  /** the fields the step read, in the model's terms (Model.describeRead), e.g. "pool0 alloc.count=1" */
  reads?: string[];
}

export interface PrintableTrace {
  steps: PrintableStep[];
  /**
   * A lasso (liveness counterexample): the last step's state is the state of
   * step `loopStart`, and the steps after it repeat forever. loopStart = the
   * last step: the run stutters in its last state (no action is enabled).
   */
  loopStart?: number;
  /** the steps that explain the violation (Model.explain), in step order */
  culprits?: Culprit[];
}

/** Is this change a ghost field's (model bookkeeping a property reads, not a kernel field)? */
export function isGhostChange(change: string): boolean {
  return /^ghost\b/.test(change);
}

/** The trace without ghost changes (printers show them only with --ghosts). */
export function withoutGhosts(pt: PrintableTrace): PrintableTrace {
  return { ...pt, steps: pt.steps.map((st) => ({ ...st, changes: st.changes.filter((c) => !isGhostChange(c)) })) };
}

/** Culprit markers by step index. */
export function culpritsByStep(pt: PrintableTrace): Map<number, Culprit[]> {
  const m = new Map<number, Culprit[]>();
  for (const c of pt.culprits ?? []) m.set(c.step, [...(m.get(c.step) ?? []), c]);
  return m;
}

/** What changed, in the model's terms when it can say, else a structural diff. */
export function changesOf<S, A>(model: Model<S, A> | undefined, prev: S, next: S, a: A): string[] {
  if (model?.describeChange) {
    try {
      return model.describeChange(prev, next, a);
    } catch {
      // a printer must not crash on a model's describe hook: fall back
    }
  }
  return structuralDiff(prev, next);
}

export function actorOf<S, A>(model: Model<S, A>, a: A, prev?: S): ActionActor | undefined {
  if (!model.actionActor) return undefined;
  let actor: ActionActor;
  try {
    actor = model.actionActor(a);
  } catch {
    return undefined;
  }
  let state: string | undefined;
  try {
    state = prev !== undefined && model.contextState ? model.contextState(prev, a) : undefined;
  } catch {
    state = undefined;
  }
  return state !== undefined ? { ...actor, state } : actor;
}

/**
 * The printable form of an engine trace: labels, actors (with the context's
 * state), changes and reads from the model's hooks; with `property`, the
 * culprit steps (Model.explain).
 */
export function printableFromTrace<S, A>(model: Model<S, A>, trace: Trace<S, A>, property?: string): PrintableTrace {
  const steps: PrintableStep[] = trace.steps.map((st, i) => {
    if (i === 0 || st.action === null) {
      return {
        index: i,
        label: 'initial state',
        changes: [],
        action: null,
        actionIndex: trace.initIndex,
        state: st.state,
      };
    }
    const prev = trace.steps[i - 1].state;
    const a = st.action;
    const reads = readsOf(model, prev, a);
    return {
      index: i,
      label: st.label || model.actionLabel(a),
      actor: actorOf(model, a, prev),
      changes: changesOf(model, prev, st.state, a),
      action: a,
      actionIndex: st.actionIndex,
      state: st.state,
      ...(reads.length > 0 ? { reads } : {}),
    };
  });
  const culprits = property !== undefined ? culpritsOf(model, trace, property) : [];
  return culprits.length > 0 ? { steps, culprits } : { steps };
}

/**
 * From a trace file: the labels, actors and changes recorded in it (a
 * structural diff where the writer recorded no changes). Needs no model.
 */
export function printableFromRecorded(rec: Recorded): PrintableTrace {
  return {
    ...(rec.loopStart !== undefined ? { loopStart: rec.loopStart } : {}),
    ...(rec.meta.culprits && rec.meta.culprits.length > 0 ? { culprits: rec.meta.culprits } : {}),
    steps: rec.steps.map((st, i) => ({
      index: i,
      label: st.label,
      ...(st.actor ? { actor: st.actor } : {}),
      changes: i === 0 ? [] : (st.changes ?? structuralDiff(rec.steps[i - 1].state, st.state)),
      action: st.action,
      actionIndex: st.actionIndex,
      state: st.state,
      ...(st.reads && st.reads.length > 0 ? { reads: st.reads } : {}),
    })),
  };
}
