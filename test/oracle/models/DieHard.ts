/**
 * DieHard, re-implemented from tlaplus/Examples
 * specifications/DieHard/DieHard.tla (Leslie Lamport). The manifest lists
 * specifications/DieHard/DieHard.cfg as "exhaustive search", result "safety
 * failure" (no state counts recorded). That .cfg was not available to us; the
 * module's own comments say TLC is run with NotSolved as an invariant, and
 * TypeOK is the module's type invariant, so we check both.
 *
 *   Init == big = 0 /\ small = 0
 *   Next == FillSmallJug \/ FillBigJug \/ EmptySmallJug \/ EmptyBigJug
 *           \/ SmallToBig \/ BigToSmall
 *   NotSolved == big # 4        (violated by design: the violation is the solution)
 *
 * Every action is enabled in every state (TLA+ puts no guard on them), so
 * some steps stutter (e.g. FillBigJug when big = 5); that is faithful.
 * This is an oracle for the engine, not a page_pool model: "kernel function"
 * citations are replaced by citations of the TLA+ operator each action models.
 */
import type { Invariant, Model, StateWriter } from '../../../src/engine/model.ts';

export interface DieHardState {
  big: number; // gallons in the 5 gallon jug
  small: number; // gallons in the 3 gallon jug
}

export type DieHardAction =
  | 'FillSmallJug'
  | 'FillBigJug'
  | 'EmptySmallJug'
  | 'EmptyBigJug'
  | 'SmallToBig'
  | 'BigToSmall';

export const DIEHARD_ACTIONS: readonly DieHardAction[] = [
  'FillSmallJug',
  'FillBigJug',
  'EmptySmallJug',
  'EmptyBigJug',
  'SmallToBig',
  'BigToSmall',
];

const min = (m: number, n: number): number => (m < n ? m : n);

/** The DieHard next-state relation, one TLA+ action at a time. */
export function dieHardStep(s: DieHardState, a: DieHardAction): DieHardState {
  switch (a) {
    case 'FillSmallJug': // small' = 3 /\ big' = big
      return { big: s.big, small: 3 };
    case 'FillBigJug': // big' = 5 /\ small' = small
      return { big: 5, small: s.small };
    case 'EmptySmallJug': // small' = 0 /\ big' = big
      return { big: s.big, small: 0 };
    case 'EmptyBigJug': // big' = 0 /\ small' = small
      return { big: 0, small: s.small };
    case 'SmallToBig': {
      // big' = Min(big + small, 5) /\ small' = small - (big' - big)
      const big = min(s.big + s.small, 5);
      return { big, small: s.small - (big - s.big) };
    }
    case 'BigToSmall': {
      // small' = Min(big + small, 3) /\ big' = big - (small' - small)
      const small = min(s.big + s.small, 3);
      return { big: s.big - (small - s.small), small };
    }
  }
}

const typeOK: Invariant<DieHardState> = {
  id: 'TypeOK',
  description: 'small \\in 0..3 /\\ big \\in 0..5',
  check: (s) =>
    Number.isInteger(s.small) && s.small >= 0 && s.small <= 3 && Number.isInteger(s.big) && s.big >= 0 && s.big <= 5
      ? null
      : `big = ${s.big}, small = ${s.small} out of range`,
};

const notSolved: Invariant<DieHardState> = {
  id: 'NotSolved',
  description: 'big # 4 (violated by design: a counterexample is a solution)',
  check: (s) => (s.big !== 4 ? null : 'big = 4'),
};

export function dieHardModel(): Model<DieHardState, DieHardAction> {
  return {
    name: 'DieHard',
    init: () => [{ big: 0, small: 0 }],
    actions: () => DIEHARD_ACTIONS,
    step: dieHardStep,
    invariants: [typeOK, notSolved],
    encode(s: DieHardState, w: StateWriter) {
      w.int(s.big);
      w.int(s.small);
    },
    actionLabel: (a) => a,
    actionKind: (a) => a,
    actionKinds: DIEHARD_ACTIONS,
  };
}
