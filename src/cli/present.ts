/**
 * Turns an engine `Trace` into printable data: per step the label, the changes
 * (the model's `describeChange`, else a structural diff) and, when the model
 * says, who ran it. The printers then need no model.
 */
import type { ActionActor, Model } from '../engine/model.ts';
import type { Trace } from '../engine/result.ts';
import { structuralDiff } from './print/diff.ts';

export interface PresentedStep {
  /** 0 for the initial state */
  index: number;
  label: string;
  actionIndex: number;
  action: unknown;
  actor?: ActionActor;
  changes: string[];
  state: unknown;
}

export interface PresentedTrace {
  initIndex: number;
  steps: PresentedStep[];
}

export function presentTrace<S, A>(model: Model<S, A>, trace: Trace<S, A>): PresentedTrace {
  const steps: PresentedStep[] = trace.steps.map((st, i) => {
    const prev = i > 0 ? trace.steps[i - 1].state : undefined;
    let changes: string[] = [];
    if (i > 0 && st.action !== null) {
      changes = model.describeChange
        ? model.describeChange(prev as S, st.state, st.action)
        : structuralDiff(prev, st.state);
    }
    const step: PresentedStep = {
      index: i,
      label: i === 0 ? st.label || `initial state #${trace.initIndex}` : st.label,
      actionIndex: st.actionIndex,
      action: st.action,
      changes,
      state: st.state,
    };
    if (st.action !== null && model.actionActor) step.actor = model.actionActor(st.action);
    return step;
  });
  return { initIndex: trace.initIndex, steps };
}
