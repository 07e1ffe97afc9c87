/**
 * DiningPhilosophers (Chandy-Misra solution, PlusCal), re-implemented from the
 * TLA+ translation in tlaplus/Examples
 * specifications/DiningPhilosophers/DiningPhilosophers.tla (Jeff Hemphill),
 * checked with specifications/DiningPhilosophers/DiningPhilosophers.cfg:
 *
 *   SPECIFICATION Spec   CONSTANT NP = 5  NULL = NULL
 *   PROPERTY Termination ForkOrderingHolds NobodyStarves   (temporal: not checked here)
 *
 * Translation (process Philosopher \in 1..NP, labels Loop / Eat / Think):
 *   Init: forks[f] = [holder |-> IF f = 2 THEN 1 ELSE f, clean |-> FALSE],
 *         hungry = [p |-> TRUE], pc = [p |-> "Loop"]
 *   Loop(self): pc[self] = "Loop" /\
 *     forks' = IF holder of LeftFork(self) is self and it is dirty
 *              THEN hand it, cleaned, to LeftPhilosopher(self)
 *              ELSE IF the same holds for RightFork(self)
 *                   THEN hand it, cleaned, to RightPhilosopher(self) ELSE forks
 *     /\ pc' = IF hungry[self] THEN (IF CanEat(self) THEN "Eat" ELSE "Loop") ELSE "Think"
 *     (CanEat is evaluated on the unprimed forks.)
 *   Think(self): pc = "Think" -> hungry' = TRUE, pc' = "Loop"
 *   Eat(self): pc = "Eat" -> hungry' = FALSE, both forks dirty, pc' = "Loop"
 *
 * The liveness PROPERTYs do not change the reachable state set; the
 * invariants checked here are the module's TypeOK and ExclusiveAccess.
 */
import type { Invariant, Model, StateWriter } from '../../../src/engine/model.ts';

type Pc = 'Loop' | 'Eat' | 'Think';
const PCS: readonly Pc[] = ['Loop', 'Eat', 'Think'];

export interface DiningState {
  /** forks[f-1] = { holder, clean } */
  forks: readonly { readonly holder: number; readonly clean: boolean }[];
  hungry: readonly boolean[];
  pc: readonly Pc[];
}

export type DiningAction = { kind: Pc; self: number };

export function diningPhilosophersModel(NP = 5): Model<DiningState, DiningAction> {
  const procs = Array.from({ length: NP }, (_, i) => i + 1);
  const leftFork = (p: number) => p;
  const rightFork = (p: number) => (p === NP ? 1 : p + 1);
  const leftPhilosopher = (p: number) => (p === 1 ? NP : p - 1);
  const rightPhilosopher = (p: number) => (p === NP ? 1 : p + 1);
  const fork = (s: DiningState, f: number) => s.forks[f - 1];
  const canEat = (s: DiningState, p: number) =>
    fork(s, leftFork(p)).holder === p &&
    fork(s, rightFork(p)).holder === p &&
    fork(s, leftFork(p)).clean &&
    fork(s, rightFork(p)).clean;
  const setPc = (s: DiningState, p: number, v: Pc) => s.pc.map((x, i) => (i === p - 1 ? v : x));

  const typeOK: Invariant<DiningState> = {
    id: 'TypeOK',
    description: 'forks, hungry and pc well typed',
    check: (s) =>
      s.forks.length === NP && s.forks.every((f) => f.holder >= 1 && f.holder <= NP) && s.pc.every((x) => PCS.includes(x))
        ? null
        : 'ill-typed state',
  };
  const exclusiveAccess: Invariant<DiningState> = {
    id: 'ExclusiveAccess',
    description: 'two philosophers sharing a fork never both are at Eat',
    check: (s) => {
      for (const p of procs)
        for (const q of procs) {
          if (p === q) continue;
          const share = [leftFork(p), rightFork(p)].some((f) => f === leftFork(q) || f === rightFork(q));
          if (share && s.pc[p - 1] === 'Eat' && s.pc[q - 1] === 'Eat') return `philosophers ${p} and ${q} both eat`;
        }
      return null;
    },
  };

  return {
    name: 'DiningPhilosophers',
    init: () => [
      {
        forks: procs.map((f) => ({ holder: f === 2 ? 1 : f, clean: false })),
        hungry: procs.map(() => true),
        pc: procs.map(() => 'Loop' as Pc),
      },
    ],
    actions: (s) => procs.map((self) => ({ kind: s.pc[self - 1], self })),
    step(s, a) {
      const self = a.self;
      switch (a.kind) {
        case 'Loop': {
          let forks = s.forks;
          const lf = fork(s, leftFork(self));
          const rf = fork(s, rightFork(self));
          if (lf.holder === self && !lf.clean) {
            forks = s.forks.map((f, i) => (i === leftFork(self) - 1 ? { holder: leftPhilosopher(self), clean: true } : f));
          } else if (rf.holder === self && !rf.clean) {
            forks = s.forks.map((f, i) => (i === rightFork(self) - 1 ? { holder: rightPhilosopher(self), clean: true } : f));
          }
          const pc: Pc = s.hungry[self - 1] ? (canEat(s, self) ? 'Eat' : 'Loop') : 'Think';
          return { forks, hungry: s.hungry, pc: setPc(s, self, pc) };
        }
        case 'Think':
          return { forks: s.forks, hungry: s.hungry.map((h, i) => (i === self - 1 ? true : h)), pc: setPc(s, self, 'Loop') };
        case 'Eat':
          return {
            forks: s.forks.map((f, i) =>
              i === leftFork(self) - 1 || i === rightFork(self) - 1 ? { holder: f.holder, clean: false } : f,
            ),
            hungry: s.hungry.map((h, i) => (i === self - 1 ? false : h)),
            pc: setPc(s, self, 'Loop'),
          };
      }
    },
    invariants: [typeOK, exclusiveAccess],
    encode(s: DiningState, w: StateWriter) {
      for (const f of s.forks) {
        w.int(f.holder);
        w.bool(f.clean);
      }
      for (const h of s.hungry) w.bool(h);
      for (const x of s.pc) w.int(PCS.indexOf(x));
    },
    actionLabel: (a) => `${a.kind}(${a.self})`,
    actionKind: (a) => a.kind,
    actionKinds: PCS,
  };
}
