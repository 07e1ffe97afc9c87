/**
 * The one shape every trace printer (text, Mermaid, JSON) reads: a list of
 * steps, each with its label, who ran it, and what changed. Built either from
 * a model and an engine `Trace` (then the model's own `actionActor` and
 * `describeChange` are used) or from a recorded trace file (then the
 * descriptions recorded in the file are used, so `show` needs no model).
 */
import type { ActionActor, Model } from '../engine/model.ts';
import type { Trace } from '../engine/result.ts';
import type { Recorded } from './itf.ts';
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
}

export interface PrintableTrace {
  steps: PrintableStep[];
  /**
   * A lasso (liveness counterexample): the last step's state is the state of
   * step `loopStart`, and the steps after it repeat forever. loopStart = the
   * last step: the run stutters in its last state (no action is enabled).
   */
  loopStart?: number;
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

export function actorOf<S, A>(model: Model<S, A>, a: A): ActionActor | undefined {
  if (!model.actionActor) return undefined;
  try {
    return model.actionActor(a);
  } catch {
    return undefined;
  }
}

export function printableFromTrace<S, A>(model: Model<S, A>, trace: Trace<S, A>): PrintableTrace {
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
    return {
      index: i,
      label: st.label || model.actionLabel(a),
      actor: actorOf(model, a),
      changes: changesOf(model, prev, st.state, a),
      action: a,
      actionIndex: st.actionIndex,
      state: st.state,
    };
  });
  return { steps };
}

/**
 * From a trace file: the labels, actors and changes recorded in it (a
 * structural diff where the writer recorded no changes). Needs no model.
 */
export function printableFromRecorded(rec: Recorded): PrintableTrace {
  return {
    ...(rec.loopStart !== undefined ? { loopStart: rec.loopStart } : {}),
    steps: rec.steps.map((st, i) => ({
      index: i,
      label: st.label,
      ...(st.actor ? { actor: st.actor } : {}),
      changes: i === 0 ? [] : (st.changes ?? structuralDiff(rec.steps[i - 1].state, st.state)),
      action: st.action,
      actionIndex: st.actionIndex,
      state: st.state,
    })),
  };
}
