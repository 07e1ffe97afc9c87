/**
 * Re-execute a recorded counterexample on a model: the same variant (to
 * confirm it) or another one (to see whether a fix closes it). Pure: the
 * outcome is data; src/cli/replay.ts prints it and picks the exit code.
 *
 * From `init()[initIndex]`, each recorded action is looked up among
 * `model.actions(state)` by structural equality (never by index alone, so a
 * variant that adds or reorders actions still replays), stepped, and the
 * resulting state compared structurally with the recorded one. Every state
 * reached is checked against all invariants (terminal invariants when no
 * action is enabled); the first violation ends the replay.
 *
 * On the recorded variant any difference means the model changed
 * (`state-mismatch`). On another variant the first difference is the
 * divergence: a recorded action that is no longer enabled ends the replay;
 * a step that leads to a different state is noted and the replay goes on
 * from the model's own state, since the violation may still be reached (or
 * another property violated, or none: "no longer violates").
 */
import type { Invariant, Model } from '../engine/model.ts';
import { lassoVerdict } from '../engine/liveness.ts';
import { beat } from '../engine/control.ts';
import { thrownValue } from '../engine/context.ts';
import type { Trace, TraceStep } from '../engine/result.ts';
import type { Recorded } from './itf.ts';
import { groupedLines } from './group.ts';
import { changesOf } from './printable.ts';
import { compact, deepEqual, recordedVsReplayed } from './values.ts';

export interface Divergence {
  /** the step (1-based; 0 = the initial state) where behaviour first differs */
  step: number;
  how: 'not-enabled' | 'leads-elsewhere';
  /** the recorded label of the action at that step */
  label: string;
  /** leads-elsewhere: recorded → replayed differences; not-enabled: what is enabled instead */
  details: string[];
}

export interface FoundViolation {
  property: string;
  reason: string;
  step: number;
  terminal: boolean;
}

export type ReplayOutcome<S, A> =
  | ({ kind: 'reproduced'; trace: Trace<S, A>; recordedSteps: number; divergence?: Divergence } & FoundViolation)
  | ({
      kind: 'violates-other';
      recordedProperty: string;
      trace: Trace<S, A>;
      divergence?: Divergence;
    } & FoundViolation)
  /** a recorded action is not enabled (another variant only); no violation on the way */
  | {
      kind: 'diverged';
      property: string;
      /** the first difference */
      divergence: Divergence;
      /** where the replay stopped (a recorded action not enabled); the same as `divergence` when that was the first difference */
      stop: Divergence;
      trace: Trace<S, A>;
    }
  /** every recorded action replayed and no property is violated (possibly after leading elsewhere) */
  | { kind: 'no-longer-violates'; property: string; trace: Trace<S, A>; divergence?: Divergence; note?: string }
  | { kind: 'state-mismatch'; step: number; label: string; details: string[] }
  | { kind: 'unknown-property'; property: string; known: string[] }
  | { kind: 'model-error'; step: number; message: string };

export interface ReplayOptions {
  /** true when replaying on the variant that wrote the trace: any difference is a model change */
  sameVariant: boolean;
  /**
   * A trace of another model version (default false): its states may have
   * another layout, so they are not compared, and a recorded action that no
   * enabled action equals is matched by its label (the kernel function and
   * arguments, e.g. `cpu0 softirq napi_pp_put_page(page1)`), which outlives
   * changes of the action's encoding. Differences are answers, as on another
   * variant (sameVariant is then false).
   */
  otherVersion?: boolean;
}

function firstViolation<S>(invs: readonly Invariant<S>[], s: S): { inv: Invariant<S>; reason: string } | null {
  for (const inv of invs) {
    const r = inv.check(s);
    if (r !== null) return { inv, reason: r };
  }
  return null;
}

export function replayRecorded<S, A>(model: Model<S, A>, rec: Recorded, opts: ReplayOptions): ReplayOutcome<S, A> {
  const property = rec.meta.property;
  const terminalInvs = model.terminalInvariants ?? [];
  const liveness = (model.liveness ?? []).map((p) => p.id);
  const known = [...model.invariants.map((i) => i.id), ...terminalInvs.map((i) => i.id), ...liveness, ...(model.blocked ? ['deadlock'] : [])];
  if (!known.includes(property)) return { kind: 'unknown-property', property, known };

  const steps: TraceStep<S, A>[] = [];
  const trace = (): Trace<S, A> => ({ initIndex: rec.initIndex, steps: steps.slice() });
  let divergence: Divergence | undefined;
  let k = 0;
  try {
    const inits = model.init();
    if (rec.initIndex >= inits.length) {
      const details = [`this model has ${inits.length} initial state${inits.length === 1 ? '' : 's'}, the trace starts from #${rec.initIndex}`];
      if (opts.sameVariant) return { kind: 'state-mismatch', step: 0, label: 'initial state', details };
      const d: Divergence = { step: 0, how: 'not-enabled', label: 'initial state', details };
      return { kind: 'diverged', property, trace: trace(), divergence: d, stop: d };
    }
    let state = inits[rec.initIndex];
    steps.push({ action: null, label: 'initial state', actionIndex: -1, state });
    const compareState = (i: number, label: string, a: A | null): ReplayOutcome<S, A> | null => {
      if (opts.otherVersion) return null;
      const recorded = rec.steps[i].state;
      if (deepEqual(state, recorded)) return null;
      const structural = recordedVsReplayed(recorded, state);
      if (opts.sameVariant) return { kind: 'state-mismatch', step: i, label, details: structural };
      if (divergence) return null;
      // in the model's own terms when it can say (describeChange from the recorded to the replayed state)
      const said = a !== null && model.describeChange ? changesOf(model, recorded as S, state, a) : [];
      const details = said.length > 0 ? ['recorded → replayed:', ...groupedLines(said).map((l) => `  ${l}`)] : structural;
      divergence = { step: i, how: 'leads-elsewhere', label, details };
      return null;
    };
    const check = (i: number): ReplayOutcome<S, A> | null => {
      let v = firstViolation(model.invariants, state);
      let terminal = false;
      if (!v && (terminalInvs.length > 0 || model.blocked) && model.actions(state).length === 0) {
        const waiting = model.blocked?.(state) ?? null;
        v = waiting !== null && waiting.length > 0 ? { inv: { id: 'deadlock' } as Invariant<S>, reason: `no action is enabled, and ${waiting.join('; ')}` } : firstViolation(terminalInvs, state);
        terminal = true;
      }
      if (!v) return null;
      const found: FoundViolation = { property: v.inv.id, reason: v.reason, step: i, terminal };
      if (v.inv.id === property) {
        return { kind: 'reproduced', ...found, trace: trace(), recordedSteps: rec.steps.length - 1, divergence };
      }
      return { kind: 'violates-other', ...found, recordedProperty: property, trace: trace(), divergence };
    };

    const m0 = compareState(0, 'initial state', null);
    if (m0) return m0;
    const v0 = check(0);
    if (v0) return v0;
    for (k = 1; k < rec.steps.length; k++) {
      const r = rec.steps[k];
      const enabled = model.actions(state);
      let j = enabled.findIndex((a) => deepEqual(a, r.action));
      if (j < 0 && opts.otherVersion) j = enabled.findIndex((a) => model.actionLabel(a) === r.label);
      if (j < 0) {
        const details = [
          `recorded action ${compact(r.action, 80)} is not enabled`,
          enabled.length === 0
            ? 'no action is enabled here'
            : `enabled: ${enabled
                .slice(0, 8)
                .map((a) => model.actionLabel(a))
                .join(', ')}${enabled.length > 8 ? `, … (${enabled.length} in all)` : ''}`,
        ];
        if (opts.sameVariant) return { kind: 'state-mismatch', step: k, label: r.label, details };
        const stop: Divergence = { step: k, how: 'not-enabled', label: r.label, details };
        return { kind: 'diverged', property, divergence: divergence ?? stop, stop, trace: trace() };
      }
      const a = enabled[j];
      const prev = state;
      state = model.step(prev, a);
      beat();
      // every step of a trace is executed twice: a step that depends on anything but its arguments is caught here
      if (!deepEqual(state, model.step(prev, a))) {
        return { kind: 'model-error', step: k, message: `step(${model.actionLabel(a)}) is not deterministic: the same state and action gave two different successors` };
      }
      steps.push({ action: a, label: model.actionLabel(a), actionIndex: j, state });
      const mk = compareState(k, r.label, a);
      if (mk) return mk;
      const vk = check(k);
      if (vk) return vk;
    }
  } catch (e) {
    return { kind: 'model-error', step: k, message: e instanceof Error ? e.message : thrownValue(e) };
  }
  const last = steps[steps.length - 1].state;
  if (liveness.includes(property)) {
    // a lasso: the cycle must close (the last state is the loop start's) and show the violation
    if (rec.loopStart === undefined) return { kind: 'no-longer-violates', property, trace: trace(), note: 'the trace has no loop (ITF "loop"): a liveness property is violated only by a lasso' };
    const v = lassoVerdict(model, steps.map((x) => x.state), steps.map((x) => x.action), rec.loopStart, property);
    if (v.violated) return { kind: 'reproduced', property, reason: v.reason, step: steps.length - 1, terminal: false, trace: trace(), recordedSteps: rec.steps.length - 1, ...(divergence ? { divergence } : {}) };
    return { kind: 'no-longer-violates', property, trace: trace(), ...(divergence ? { divergence } : {}), note: v.why };
  }
  const isTerminalProp = terminalInvs.some((i) => i.id === property);
  const note =
    isTerminalProp && model.actions(last).length > 0
      ? 'the last state is not terminal here (actions are still enabled), so the quiescence property is not checked there'
      : undefined;
  return {
    kind: 'no-longer-violates',
    property,
    trace: trace(),
    ...(divergence ? { divergence } : {}),
    ...(note ? { note } : {}),
  };
}
