/**
 * TCommit (the Transaction Commit specification), re-implemented from
 * tlaplus/Examples specifications/transaction_commit/TCommit.tla (Gray,
 * Lamport), checked with specifications/transaction_commit/TCommit.cfg:
 *
 *   CONSTANT RM = {r1, r2, r3}
 *   INVARIANTS TCTypeOK TCConsistent
 *   SPECIFICATION TCSpec
 *   CHECK_DEADLOCK FALSE
 *
 *   TCInit == rmState = [rm \in RM |-> "working"]
 *   canCommit == \A rm \in RM : rmState[rm] \in {"prepared", "committed"}
 *   notCommitted == \A rm \in RM : rmState[rm] # "committed"
 *   Prepare(rm) == rmState[rm] = "working" /\ rmState' = [.. EXCEPT ![rm] = "prepared"]
 *   Decide(rm) == \/ rmState[rm] = "prepared" /\ canCommit  /\ rmState'[rm] = "committed"
 *                 \/ rmState[rm] \in {"working","prepared"} /\ notCommitted
 *                                                          /\ rmState'[rm] = "aborted"
 *   TCNext == \E rm \in RM : Prepare(rm) \/ Decide(rm)
 *
 * RM is a set of model values without SYMMETRY, so r1, r2, r3 are distinct
 * (indices 0..n-1 here). Decide is split into its two disjuncts.
 */
import type { Invariant, Model, StateWriter } from '../../../src/engine/model.ts';

export type RMState = 'working' | 'prepared' | 'committed' | 'aborted';
export const RM_STATES: readonly RMState[] = ['working', 'prepared', 'committed', 'aborted'];

export interface TCommitState {
  rmState: readonly RMState[];
}

export type TCommitAction =
  | { kind: 'Prepare'; rm: number }
  | { kind: 'DecideCommit'; rm: number }
  | { kind: 'DecideAbort'; rm: number };

const KINDS = ['Prepare', 'DecideCommit', 'DecideAbort'] as const;

function set(arr: readonly RMState[], i: number, v: RMState): RMState[] {
  const out = arr.slice();
  out[i] = v;
  return out;
}

export function tCommitModel(numRM = 3): Model<TCommitState, TCommitAction> {
  const rms = Array.from({ length: numRM }, (_, i) => i);
  const canCommit = (s: TCommitState) => s.rmState.every((x) => x === 'prepared' || x === 'committed');
  const notCommitted = (s: TCommitState) => s.rmState.every((x) => x !== 'committed');

  const typeOK: Invariant<TCommitState> = {
    id: 'TCTypeOK',
    description: 'rmState \\in [RM -> {"working", "prepared", "committed", "aborted"}]',
    check: (s) =>
      s.rmState.length === numRM && s.rmState.every((x) => RM_STATES.includes(x)) ? null : 'rmState ill-typed',
  };
  const consistent: Invariant<TCommitState> = {
    id: 'TCConsistent',
    description: 'no RM has aborted while another has committed',
    check: (s) =>
      s.rmState.includes('aborted') && s.rmState.includes('committed') ? 'one RM aborted, another committed' : null,
  };

  return {
    name: 'TCommit',
    init: () => [{ rmState: rms.map(() => 'working' as RMState) }],
    actions(s) {
      const out: TCommitAction[] = [];
      const cc = canCommit(s);
      const nc = notCommitted(s);
      for (const rm of rms) {
        const st = s.rmState[rm];
        // Prepare(rm)
        if (st === 'working') out.push({ kind: 'Prepare', rm });
        // Decide(rm), first disjunct
        if (st === 'prepared' && cc) out.push({ kind: 'DecideCommit', rm });
        // Decide(rm), second disjunct
        if ((st === 'working' || st === 'prepared') && nc) out.push({ kind: 'DecideAbort', rm });
      }
      return out;
    },
    step(s, a) {
      switch (a.kind) {
        case 'Prepare':
          return { rmState: set(s.rmState, a.rm, 'prepared') };
        case 'DecideCommit':
          return { rmState: set(s.rmState, a.rm, 'committed') };
        case 'DecideAbort':
          return { rmState: set(s.rmState, a.rm, 'aborted') };
      }
    },
    invariants: [typeOK, consistent],
    encode(s: TCommitState, w: StateWriter) {
      for (const x of s.rmState) w.int(RM_STATES.indexOf(x));
    },
    actionLabel: (a) => `${a.kind}(r${a.rm + 1})`,
    actionKind: (a) => a.kind,
    actionKinds: KINDS,
  };
}
