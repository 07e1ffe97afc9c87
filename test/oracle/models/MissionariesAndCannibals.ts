/**
 * MissionariesAndCannibals (Lamport), re-implemented from tlaplus/Examples
 * specifications/MissionariesAndCannibals/MissionariesAndCannibals.tla,
 * checked with MissionariesAndCannibals.cfg:
 *
 *   CONSTANTS Missionaries = {m1, m2, m3}  Cannibals = {c1, c2, c3}
 *   INIT Init  NEXT Next  INVARIANTS TypeOK Solution
 *
 *   Init == bank_of_boat = "E" /\ who_is_on_bank = [E |-> Cannibals \cup Missionaries, W |-> {}]
 *   IsSafe(S) == S \subseteq Cannibals \/ Cardinality(S \cap Cannibals) =< Cardinality(S \cap Missionaries)
 *   Move(S, b) == /\ Cardinality(S) \in {1, 2}
 *                 /\ LET newThisBank == who_is_on_bank[b] \ S
 *                        newOtherBank == who_is_on_bank[OtherBank(b)] \cup S
 *                    IN IsSafe(newThisBank) /\ IsSafe(newOtherBank)
 *                       /\ bank_of_boat' = OtherBank(b) /\ who_is_on_bank' = ...
 *   Next == \E S \in SUBSET who_is_on_bank[bank_of_boat] : Move(S, bank_of_boat)
 *   Solution == who_is_on_bank["E"] /= {}     (violated by design: the trace is a solution)
 *
 * The people are individuals (model values, no SYMMETRY in the cfg): bit i of
 * a bank's mask is person i, missionaries 0..M-1, cannibals M..M+C-1. Both
 * banks are kept, as in the spec.
 */
import type { Invariant, Model, StateWriter } from '../../../src/engine/model.ts';

export type Bank = 'E' | 'W';

export interface MCState {
  boat: Bank;
  east: number; // who_is_on_bank["E"]
  west: number; // who_is_on_bank["W"]
}

export interface MCAction {
  /** the set S of people crossing, as a bit mask */
  who: number;
  from: Bank;
}

const popcount = (m: number) => {
  let c = 0;
  for (let x = m; x !== 0; x &= x - 1) c++;
  return c;
};

export function missionariesAndCannibalsModel(M = 3, C = 3): Model<MCState, MCAction> {
  const n = M + C;
  const all = (1 << n) - 1;
  const missionaries = (1 << M) - 1;
  const cannibals = all & ~missionaries;
  const isSafe = (S: number) => (S & ~cannibals) === 0 || popcount(S & cannibals) <= popcount(S & missionaries);
  const name = (i: number) => (i < M ? `m${i + 1}` : `c${i - M + 1}`);
  const setName = (S: number) =>
    `{${Array.from({ length: n }, (_, i) => i)
      .filter((i) => (S >> i) & 1)
      .map(name)
      .join(', ')}}`;

  const typeOK: Invariant<MCState> = {
    id: 'TypeOK',
    description: 'bank_of_boat \\in {"E","W"} /\\ who_is_on_bank \\in [{"E","W"} -> SUBSET (Cannibals \\cup Missionaries)]',
    check: (s) => ((s.boat === 'E' || s.boat === 'W') && (s.east & ~all) === 0 && (s.west & ~all) === 0 ? null : 'ill-typed'),
  };
  const solution: Invariant<MCState> = {
    id: 'Solution',
    description: 'who_is_on_bank["E"] /= {} (violated by design: a counterexample is a solution)',
    check: (s) => (s.east !== 0 ? null : 'everyone is on bank W'),
  };

  return {
    name: 'MissionariesAndCannibals',
    init: () => [{ boat: 'E', east: all, west: 0 }],
    actions(s) {
      const here = s.boat === 'E' ? s.east : s.west;
      const there = s.boat === 'E' ? s.west : s.east;
      const out: MCAction[] = [];
      // \E S \in SUBSET who_is_on_bank[bank_of_boat] : Move(S, bank_of_boat)
      for (let S = 1; S <= all; S++) {
        if ((S & ~here) !== 0) continue;
        const k = popcount(S);
        if (k < 1 || k > 2) continue;
        if (isSafe(here & ~S) && isSafe(there | S)) out.push({ who: S, from: s.boat });
      }
      return out;
    },
    step(s, a) {
      return a.from === 'E'
        ? { boat: 'W', east: s.east & ~a.who, west: s.west | a.who }
        : { boat: 'E', east: s.east | a.who, west: s.west & ~a.who };
    },
    invariants: [typeOK, solution],
    encode(s: MCState, w: StateWriter) {
      w.bool(s.boat === 'E');
      w.int(s.east);
      w.int(s.west);
    },
    actionLabel: (a) => `Move(${setName(a.who)}, ${a.from})`,
    actionKind: () => 'Move',
    actionKinds: ['Move'],
  };
}
