/**
 * CoffeeCan (Gries / Dijkstra / Scholten), re-implemented from tlaplus/Examples
 * specifications/CoffeeCan/CoffeeCan.tla (Andrew Helwer), checked with
 * specifications/CoffeeCan/CoffeeCan1000Beans.cfg / CoffeeCan100Beans.cfg
 * (stored as 1000BeanCoffeeCan.cfg: CONSTANTS MaxBeanCount = 1000,
 * SPECIFICATION Spec, INVARIANTS TypeInvariant, temporal PROPERTYs).
 *
 *   Can == [black : 0..MaxBeanCount, white : 0..MaxBeanCount]
 *   Init == can \in {c \in Can : c.black + c.white \in 1..MaxBeanCount}
 *   PickSameColorBlack == BeanCount > 1 /\ can.black >= 2 /\ can' = [can EXCEPT !.black = @ - 1]
 *   PickSameColorWhite == BeanCount > 1 /\ can.white >= 2 /\ can' = [can EXCEPT !.black = @ + 1, !.white = @ - 2]
 *   PickDifferentColor == BeanCount > 1 /\ can.black >= 1 /\ can.white >= 1 /\ can' = [can EXCEPT !.black = @ - 1]
 *   Termination == BeanCount = 1 /\ UNCHANGED can          (a stuttering step)
 *   Next == PickSameColorWhite \/ PickSameColorBlack \/ PickDifferentColor \/ Termination
 *
 * Every successor has fewer beans and is itself an initial state, so the
 * whole state space is the initial states (TLC: stateDepth 1): a scale test of
 * the initial-state path and of the visited set (501500 states for 1000 beans).
 */
import type { Invariant, Model, StateWriter } from '../../../src/engine/model.ts';

export interface CoffeeCanState {
  black: number;
  white: number;
}

export type CoffeeCanAction = 'PickSameColorWhite' | 'PickSameColorBlack' | 'PickDifferentColor' | 'Termination';

const KINDS: readonly CoffeeCanAction[] = [
  'PickSameColorWhite',
  'PickSameColorBlack',
  'PickDifferentColor',
  'Termination',
];

export function coffeeCanModel(maxBeanCount: number): Model<CoffeeCanState, CoffeeCanAction> {
  const typeInvariant: Invariant<CoffeeCanState> = {
    id: 'TypeInvariant',
    description: 'can \\in [black : 0..MaxBeanCount, white : 0..MaxBeanCount]',
    check: (s) =>
      s.black >= 0 && s.black <= maxBeanCount && s.white >= 0 && s.white <= maxBeanCount ? null : 'can out of range',
  };
  return {
    name: 'CoffeeCan',
    init() {
      const out: CoffeeCanState[] = [];
      for (let black = 0; black <= maxBeanCount; black++)
        for (let white = 0; white <= maxBeanCount; white++) {
          const n = black + white;
          if (n >= 1 && n <= maxBeanCount) out.push({ black, white });
        }
      return out;
    },
    actions(s) {
      const n = s.black + s.white; // BeanCount
      const out: CoffeeCanAction[] = [];
      if (n > 1 && s.white >= 2) out.push('PickSameColorWhite');
      if (n > 1 && s.black >= 2) out.push('PickSameColorBlack');
      if (n > 1 && s.black >= 1 && s.white >= 1) out.push('PickDifferentColor');
      if (n === 1) out.push('Termination');
      return out;
    },
    step(s, a) {
      switch (a) {
        case 'PickSameColorWhite':
          return { black: s.black + 1, white: s.white - 2 };
        case 'PickSameColorBlack':
        case 'PickDifferentColor':
          return { black: s.black - 1, white: s.white };
        case 'Termination':
          return s;
      }
    },
    invariants: [typeInvariant],
    encode(s: CoffeeCanState, w: StateWriter) {
      w.int(s.black);
      w.int(s.white);
    },
    actionLabel: (a) => a,
    actionKind: (a) => a,
    actionKinds: KINDS,
  };
}
