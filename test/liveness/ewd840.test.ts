/**
 * A TLA+ spec with a liveness property, from tlaplus/Examples:
 * specifications/ewd840/EWD840.tla (Stephan Merz), whose EWD840.cfg checks
 *
 *   SPECIFICATION Spec    (Spec == Init /\ [][Next]_vars /\ WF_vars(System))
 *   PROPERTIES Liveness   (Liveness == Termination ~> terminationDetected)
 *
 * with System == InitiateProbe \/ \E i \in Node \ {0} : PassToken(i),
 * Termination == \A i \in Node : ~active[i], terminationDetected ==
 * tpos = 0 /\ tcolor = "white" /\ color[0] = "white" /\ ~active[0].
 * TLC verifies Liveness for N = 4 (the Examples' CI). The model is the TLC
 * state-count oracle's (test/oracle/models/EWD840.ts); fairness and the
 * property are added here.
 */
import { describe, expect, it } from 'vitest';
import { exploreLiveness } from '../../src/engine/explore.ts';
import type { Fairness, LivenessProperty, Model } from '../../src/engine/model.ts';
import { ewd840Model, type EWD840Action, type EWD840State } from '../oracle/models/EWD840.ts';

const termination = (s: EWD840State): boolean => s.active.every((a) => !a);
const detected = (s: EWD840State): boolean => s.tpos === 0 && !s.tblack && !s.black[0] && !s.active[0];

const wfSystem: Fairness<EWD840Action> = {
  id: 'System',
  kind: 'weak',
  description: 'WF_vars(System)',
  includes: (a) => a.kind === 'InitiateProbe' || a.kind === 'PassToken',
};
const liveness: LivenessProperty<EWD840State, EWD840Action> = {
  id: 'Liveness',
  description: 'Termination ~> terminationDetected',
  from: termination,
  to: detected,
};
/** Not in the spec, and false: the environment may keep nodes active forever (SendMsg). */
const computationTerminates: LivenessProperty<EWD840State, EWD840Action> = {
  id: 'ComputationTerminates',
  description: 'TRUE ~> Termination',
  from: () => true,
  to: termination,
};

function withLiveness(N: number, fairness: Fairness<EWD840Action>[], props: LivenessProperty<EWD840State, EWD840Action>[]): Model<EWD840State, EWD840Action> {
  return { ...ewd840Model(N), fairness, liveness: props };
}

describe('EWD840 (tlaplus/Examples) liveness', () => {
  it('Liveness holds under WF(System) for N = 4, as TLC finds (EWD840.cfg)', () => {
    const r = exploreLiveness(withLiveness(4, [wfSystem], [liveness]));
    expect(r).toMatchObject({ kind: 'ok', complete: true });
    // the whole graph: TLC's 1566 distinct states at N = 4 (test/oracle/manifest.json, EWD840_json)
    expect(r.stats.distinctStates).toBe(1566);
  });
  it('"the computation terminates" is refuted with a lasso in which a node stays active', () => {
    const r = exploreLiveness(withLiveness(3, [wfSystem], [computationTerminates]));
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation' || !r.lasso) return;
    expect(r.property).toBe('ComputationTerminates');
    const cycle = r.trace.steps.slice(r.lasso.loopStart + 1);
    expect(cycle.length).toBeGreaterThan(0);
    expect(cycle.every((s) => s.state.active.some(Boolean))).toBe(true);
    // the cycle is fair: WF(System) holds (System runs in it, or is disabled somewhere in it)
    expect(r.lasso.fairness.includes('System') || cycle.some((s) => !ewd840Model(3).actions(s.state).some((a) => wfSystem.includes(a)))).toBe(true);
  });
  it('Liveness fails when the token can no longer leave node 1 (PassToken(1) removed): the run stops before detection', () => {
    const base = withLiveness(3, [wfSystem], [liveness]);
    const broken: Model<EWD840State, EWD840Action> = {
      ...base,
      actions: (s) => base.actions(s).filter((a) => !(a.kind === 'PassToken' && a.i === 1)),
    };
    const r = exploreLiveness(broken);
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation' || !r.lasso) return;
    const last = r.trace.steps[r.trace.steps.length - 1].state;
    expect(r.lasso.loopStart).toBe(r.trace.steps.length - 1); // stuttering: nothing is enabled
    expect(termination(last) && !detected(last)).toBe(true);
  });
});
