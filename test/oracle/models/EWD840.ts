/**
 * EWD840 (Dijkstra, Feijen, van Gasteren: termination detection on a ring),
 * re-implemented from tlaplus/Examples specifications/ewd840/EWD840.tla
 * (Stephan Merz), checked with specifications/ewd840/EWD840.cfg:
 *
 *   CONSTANTS N = 3
 *   INIT Init  NEXT Next  INVARIANT Inv  CHECK_DEADLOCK FALSE
 *
 * (a later revision of the cfg uses SPECIFICATION Spec with more invariants
 * and temporal properties; the reachable states are the same for N = 3.)
 *
 *   Node == 0 .. N-1
 *   Init == active \in [Node -> BOOLEAN] /\ color \in [Node -> Color]
 *           /\ tpos \in Node /\ tcolor = "black"
 *   InitiateProbe == tpos = 0 /\ (tcolor = "black" \/ color[0] = "black")
 *           /\ tpos' = N-1 /\ tcolor' = "white" /\ active' = active
 *           /\ color' = [color EXCEPT ![0] = "white"]
 *   PassToken(i) == tpos = i /\ (~active[i] \/ color[i] = "black" \/ tcolor = "black")
 *           /\ tpos' = i-1 /\ tcolor' = IF color[i] = "black" THEN "black" ELSE tcolor
 *           /\ active' = active /\ color' = [color EXCEPT ![i] = "white"]
 *   SendMsg(i) == active[i] /\ \E j \in Node \ {i} :
 *           active' = [active EXCEPT ![j] = TRUE]
 *           /\ color' = [color EXCEPT ![i] = IF j>i THEN "black" ELSE @]
 *           /\ UNCHANGED <<tpos, tcolor>>
 *   Deactivate(i) == active[i] /\ active' = [active EXCEPT ![i] = FALSE]
 *           /\ UNCHANGED <<color, tpos, tcolor>>
 *   Next == InitiateProbe \/ \E i \in Node \ {0} : PassToken(i)
 *           \/ \E i \in Node : SendMsg(i) \/ Deactivate(i)
 *
 * Colors are booleans here: black = true.
 */
import type { Invariant, Model, StateWriter } from '../../../src/engine/model.ts';

export interface EWD840State {
  active: readonly boolean[];
  /** color[i] = "black" */
  black: readonly boolean[];
  tpos: number;
  /** tcolor = "black" */
  tblack: boolean;
}

export type EWD840Action =
  | { kind: 'InitiateProbe' }
  | { kind: 'PassToken'; i: number }
  | { kind: 'SendMsg'; i: number; j: number }
  | { kind: 'Deactivate'; i: number };

const KINDS = ['InitiateProbe', 'PassToken', 'SendMsg', 'Deactivate'] as const;

function with_<T>(arr: readonly T[], i: number, v: T): T[] {
  const out = arr.slice();
  out[i] = v;
  return out;
}

export function ewd840Model(N = 3): Model<EWD840State, EWD840Action> {
  const nodes = Array.from({ length: N }, (_, i) => i);
  const bits = (mask: number) => nodes.map((i) => ((mask >> i) & 1) === 1);

  const typeOK: Invariant<EWD840State> = {
    id: 'TypeOK',
    description: 'active, color, tpos, tcolor well typed',
    check: (s) =>
      s.active.length === N && s.black.length === N && Number.isInteger(s.tpos) && s.tpos >= 0 && s.tpos < N
        ? null
        : 'ill-typed state',
  };
  const terminationDetection: Invariant<EWD840State> = {
    id: 'TerminationDetection',
    description: 'terminationDetected => \\A i \\in Node : ~active[i]',
    check: (s) => {
      const detected = s.tpos === 0 && !s.tblack && !s.black[0] && !s.active[0];
      return detected && s.active.some(Boolean) ? 'termination detected while a node is active' : null;
    },
  };
  const inv: Invariant<EWD840State> = {
    id: 'Inv',
    description: "Dijkstra's inductive invariant P0 \\/ P1 \\/ P2",
    check: (s) => {
      const p0 = nodes.every((i) => !(s.tpos < i) || !s.active[i]);
      const p1 = nodes.some((j) => j <= s.tpos && s.black[j]);
      const p2 = s.tblack;
      return p0 || p1 || p2 ? null : 'P0, P1 and P2 all false';
    },
  };

  return {
    name: 'EWD840',
    init() {
      const out: EWD840State[] = [];
      for (let a = 0; a < 1 << N; a++)
        for (let c = 0; c < 1 << N; c++)
          for (const tpos of nodes) out.push({ active: bits(a), black: bits(c), tpos, tblack: true });
      return out;
    },
    actions(s) {
      const out: EWD840Action[] = [];
      // InitiateProbe: tpos = 0 /\ (tcolor = "black" \/ color[0] = "black")
      if (s.tpos === 0 && (s.tblack || s.black[0])) out.push({ kind: 'InitiateProbe' });
      // PassToken(i), i \in Node \ {0}: tpos = i /\ (~active[i] \/ color[i] = "black" \/ tcolor = "black")
      for (const i of nodes)
        if (i !== 0 && s.tpos === i && (!s.active[i] || s.black[i] || s.tblack)) out.push({ kind: 'PassToken', i });
      for (const i of nodes) {
        // SendMsg(i): active[i] /\ \E j \in Node \ {i}
        if (s.active[i]) for (const j of nodes) if (j !== i) out.push({ kind: 'SendMsg', i, j });
        // Deactivate(i): active[i]
        if (s.active[i]) out.push({ kind: 'Deactivate', i });
      }
      return out;
    },
    step(s, a) {
      switch (a.kind) {
        case 'InitiateProbe':
          return { active: s.active, black: with_(s.black, 0, false), tpos: N - 1, tblack: false };
        case 'PassToken':
          return {
            active: s.active,
            black: with_(s.black, a.i, false),
            tpos: a.i - 1,
            tblack: s.black[a.i] ? true : s.tblack,
          };
        case 'SendMsg':
          return {
            active: with_(s.active, a.j, true),
            black: a.j > a.i ? with_(s.black, a.i, true) : s.black,
            tpos: s.tpos,
            tblack: s.tblack,
          };
        case 'Deactivate':
          return { ...s, active: with_(s.active, a.i, false) };
      }
    },
    invariants: [typeOK, terminationDetection, inv],
    encode(s: EWD840State, w: StateWriter) {
      for (const b of s.active) w.bool(b);
      for (const b of s.black) w.bool(b);
      w.int(s.tpos);
      w.bool(s.tblack);
    },
    actionLabel: (a) =>
      a.kind === 'InitiateProbe' ? a.kind : a.kind === 'SendMsg' ? `SendMsg(${a.i}->${a.j})` : `${a.kind}(${a.i})`,
    actionKind: (a) => a.kind,
    actionKinds: KINDS,
  };
}
