/**
 * TwoPhase (Two-Phase Commit), re-implemented from tlaplus/Examples
 * specifications/transaction_commit/TwoPhase.tla (Gray, Lamport), checked
 * with specifications/transaction_commit/TwoPhase.cfg:
 *
 *   CONSTANT RM = {r1, r2, r3}
 *   INVARIANT TPTypeOK
 *   SPECIFICATION TPSpec            (deadlock checking left ON)
 *
 * Variables: rmState, tmState, tmPrepared (set of RMs), msgs (set of
 * messages: [type |-> "Prepared", rm |-> rm] for each rm, [type |-> "Commit"],
 * [type |-> "Abort"]). msgs is encoded as one flag per possible message.
 *
 *   TPNext == \/ TMCommit \/ TMAbort
 *             \/ \E rm \in RM : TMRcvPrepared(rm) \/ RMPrepare(rm)
 *                  \/ RMChooseToAbort(rm) \/ RMRcvCommitMsg(rm) \/ RMRcvAbortMsg(rm)
 *
 * Note (faithful to the spec): RMRcvCommitMsg / RMRcvAbortMsg have no guard on
 * rmState, and TMRcvPrepared may re-add an RM already in tmPrepared (a
 * stuttering step). TLC checks deadlock for this cfg and reports success;
 * the terminal invariant `NoDeadlock` mirrors that check.
 */
import type { Invariant, Model, StateWriter } from '../../../src/engine/model.ts';
import { RM_STATES, type RMState } from './TCommit.ts';

export type TMState = 'init' | 'committed' | 'aborted';
const TM_STATES: readonly TMState[] = ['init', 'committed', 'aborted'];

export interface TwoPhaseState {
  rmState: readonly RMState[];
  tmState: TMState;
  /** tmPrepared as a membership vector over RM */
  tmPrepared: readonly boolean[];
  /** msgs: which [type |-> "Prepared", rm |-> r] messages exist */
  msgPrepared: readonly boolean[];
  /** msgs: [type |-> "Commit"] \in msgs */
  msgCommit: boolean;
  /** msgs: [type |-> "Abort"] \in msgs */
  msgAbort: boolean;
}

export type TwoPhaseAction =
  | { kind: 'TMCommit' }
  | { kind: 'TMAbort' }
  | { kind: 'TMRcvPrepared'; rm: number }
  | { kind: 'RMPrepare'; rm: number }
  | { kind: 'RMChooseToAbort'; rm: number }
  | { kind: 'RMRcvCommitMsg'; rm: number }
  | { kind: 'RMRcvAbortMsg'; rm: number };

const KINDS = [
  'TMCommit',
  'TMAbort',
  'TMRcvPrepared',
  'RMPrepare',
  'RMChooseToAbort',
  'RMRcvCommitMsg',
  'RMRcvAbortMsg',
] as const;

function with_<T>(arr: readonly T[], i: number, v: T): T[] {
  const out = arr.slice();
  out[i] = v;
  return out;
}

export function twoPhaseModel(numRM = 3): Model<TwoPhaseState, TwoPhaseAction> {
  const rms = Array.from({ length: numRM }, (_, i) => i);

  const typeOK: Invariant<TwoPhaseState> = {
    id: 'TPTypeOK',
    description: 'rmState, tmState, tmPrepared and msgs are well typed',
    check: (s) =>
      s.rmState.length === numRM &&
      s.rmState.every((x) => RM_STATES.includes(x)) &&
      TM_STATES.includes(s.tmState) &&
      s.tmPrepared.length === numRM &&
      s.msgPrepared.length === numRM
        ? null
        : 'ill-typed state',
  };
  const noDeadlock: Invariant<TwoPhaseState> = {
    id: 'NoDeadlock',
    description: "TLC's deadlock check (on in TwoPhase.cfg): some TPNext step is always enabled",
    check: () => 'deadlock: no TPNext action is enabled',
  };

  return {
    name: 'TwoPhase',
    init: () => [
      {
        rmState: rms.map(() => 'working' as RMState),
        tmState: 'init',
        tmPrepared: rms.map(() => false),
        msgPrepared: rms.map(() => false),
        msgCommit: false,
        msgAbort: false,
      },
    ],
    actions(s) {
      const out: TwoPhaseAction[] = [];
      // TMCommit: tmState = "init" /\ tmPrepared = RM
      if (s.tmState === 'init' && s.tmPrepared.every(Boolean)) out.push({ kind: 'TMCommit' });
      // TMAbort: tmState = "init"
      if (s.tmState === 'init') out.push({ kind: 'TMAbort' });
      for (const rm of rms) {
        // TMRcvPrepared(rm): tmState = "init" /\ [type |-> "Prepared", rm |-> rm] \in msgs
        if (s.tmState === 'init' && s.msgPrepared[rm]) out.push({ kind: 'TMRcvPrepared', rm });
        // RMPrepare(rm): rmState[rm] = "working"
        if (s.rmState[rm] === 'working') out.push({ kind: 'RMPrepare', rm });
        // RMChooseToAbort(rm): rmState[rm] = "working"
        if (s.rmState[rm] === 'working') out.push({ kind: 'RMChooseToAbort', rm });
        // RMRcvCommitMsg(rm): [type |-> "Commit"] \in msgs
        if (s.msgCommit) out.push({ kind: 'RMRcvCommitMsg', rm });
        // RMRcvAbortMsg(rm): [type |-> "Abort"] \in msgs
        if (s.msgAbort) out.push({ kind: 'RMRcvAbortMsg', rm });
      }
      return out;
    },
    step(s, a) {
      switch (a.kind) {
        case 'TMCommit':
          return { ...s, tmState: 'committed', msgCommit: true };
        case 'TMAbort':
          return { ...s, tmState: 'aborted', msgAbort: true };
        case 'TMRcvPrepared':
          return { ...s, tmPrepared: with_(s.tmPrepared, a.rm, true) };
        case 'RMPrepare':
          return { ...s, rmState: with_(s.rmState, a.rm, 'prepared'), msgPrepared: with_(s.msgPrepared, a.rm, true) };
        case 'RMChooseToAbort':
          return { ...s, rmState: with_(s.rmState, a.rm, 'aborted') };
        case 'RMRcvCommitMsg':
          return { ...s, rmState: with_(s.rmState, a.rm, 'committed') };
        case 'RMRcvAbortMsg':
          return { ...s, rmState: with_(s.rmState, a.rm, 'aborted') };
      }
    },
    invariants: [typeOK],
    terminalInvariants: [noDeadlock],
    encode(s: TwoPhaseState, w: StateWriter) {
      for (const x of s.rmState) w.int(RM_STATES.indexOf(x));
      w.int(TM_STATES.indexOf(s.tmState));
      for (const b of s.tmPrepared) w.bool(b);
      for (const b of s.msgPrepared) w.bool(b);
      w.bool(s.msgCommit);
      w.bool(s.msgAbort);
    },
    actionLabel: (a) => ('rm' in a ? `${a.kind}(r${a.rm + 1})` : a.kind),
    actionKind: (a) => a.kind,
    actionKinds: KINDS,
  };
}
