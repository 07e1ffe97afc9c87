/**
 * Chameneos (a concurrency game), re-implemented from tlaplus/Examples
 * specifications/Chameneos/Chameneos.tla (Mariusz Ryndzionek), checked with
 * specifications/Chameneos/Chameneos.cfg:
 *
 *   CONSTANTS N = 4  M = 4  Faded = Faded  MeetingPlaceEmpty = MeetingPlaceEmpty
 *   INVARIANTS TypeOK SumMet   SPECIFICATION Spec   CHECK_DEADLOCK FALSE
 *
 *   Color == {"blue", "red", "yellow"};  ChameneosID == 1 .. M
 *   Init == chameneoses \in [ChameneosID -> Color \X {0}]
 *           /\ meetingPlace = MeetingPlaceEmpty /\ numMeetings = 0
 *   Complement(c1, c2) == IF c1 = c2 THEN c1 ELSE CHOOSE cid \in Color \ {c1, c2} : TRUE
 *   Meet(cid) == IF meetingPlace = MeetingPlaceEmpty
 *                THEN IF numMeetings < N
 *                     THEN meetingPlace' = cid /\ UNCHANGED <<chameneoses, numMeetings>>
 *                     ELSE chameneoses' = [chameneoses EXCEPT ![cid] = <<Faded, @[2]>>]
 *                          /\ UNCHANGED <<meetingPlace, numMeetings>>
 *                ELSE /\ meetingPlace /= cid /\ meetingPlace' = MeetingPlaceEmpty
 *                     /\ both cid and meetingPlace take Complement(...) and count + 1
 *                     /\ numMeetings' = numMeetings + 1
 *   Next == \E c \in { x \in ChameneosID : chameneoses[x][1] /= Faded } : Meet(c)
 *   SumMet == numMeetings = N => Sum of the chameneoses' counts = 2 * N
 *
 * Colors: 0 blue, 1 red, 2 yellow, 3 Faded. meetingPlace: 0 = MeetingPlaceEmpty,
 * else the chameneos id 1..M. Meet is split into its three branches
 * (Enter / Fade / Mutate) so that coverage shows each.
 */
import type { Invariant, Model, StateWriter } from '../../../src/engine/model.ts';

export const FADED = 3;
export const EMPTY = 0;

export interface ChameneosState {
  /** chameneoses[cid-1] = [color, meetings] */
  cham: readonly (readonly [number, number])[];
  meetingPlace: number;
  numMeetings: number;
}

export type ChameneosAction = { kind: 'Enter' | 'Fade' | 'Mutate'; cid: number };

const KINDS = ['Enter', 'Fade', 'Mutate'] as const;
const COLOR_NAMES = ['blue', 'red', 'yellow', 'Faded'];

/** Complement(c1, c2) over Color = {0,1,2}. */
export function complement(c1: number, c2: number): number {
  return c1 === c2 ? c1 : 3 - c1 - c2;
}

export function chameneosModel(N = 4, M = 4): Model<ChameneosState, ChameneosAction> {
  const ids = Array.from({ length: M }, (_, i) => i + 1);

  const typeOK: Invariant<ChameneosState> = {
    id: 'TypeOK',
    description: 'chameneoses \\in [ChameneosID -> (Color \\cup {Faded}) \\X (0 .. N)] /\\ meetingPlace well typed',
    check: (s) =>
      s.cham.length === M &&
      s.cham.every(([c, n]) => c >= 0 && c <= FADED && n >= 0 && n <= N) &&
      s.meetingPlace >= 0 &&
      s.meetingPlace <= M
        ? null
        : 'ill-typed state',
  };
  const sumMet: Invariant<ChameneosState> = {
    id: 'SumMet',
    description: 'numMeetings = N => the meeting counts sum to 2 * N',
    check: (s) => {
      if (s.numMeetings !== N) return null;
      const sum = s.cham.reduce((acc, [, n]) => acc + n, 0);
      return sum === 2 * N ? null : `sum of meetings ${sum} /= ${2 * N}`;
    },
  };

  return {
    name: 'Chameneos',
    init() {
      const out: ChameneosState[] = [];
      const total = 3 ** M;
      for (let k = 0; k < total; k++) {
        const cham: (readonly [number, number])[] = [];
        let x = k;
        for (let i = 0; i < M; i++) {
          cham.push([x % 3, 0] as const);
          x = Math.floor(x / 3);
        }
        out.push({ cham, meetingPlace: EMPTY, numMeetings: 0 });
      }
      return out;
    },
    actions(s) {
      const out: ChameneosAction[] = [];
      for (const cid of ids) {
        if (s.cham[cid - 1][0] === FADED) continue; // Next: only non-faded chameneoses
        if (s.meetingPlace === EMPTY) out.push({ kind: s.numMeetings < N ? 'Enter' : 'Fade', cid });
        else if (s.meetingPlace !== cid) out.push({ kind: 'Mutate', cid });
      }
      return out;
    },
    step(s, a) {
      const cham = s.cham.slice();
      switch (a.kind) {
        case 'Enter':
          return { cham: s.cham, meetingPlace: a.cid, numMeetings: s.numMeetings };
        case 'Fade':
          cham[a.cid - 1] = [FADED, s.cham[a.cid - 1][1]] as const;
          return { cham, meetingPlace: s.meetingPlace, numMeetings: s.numMeetings };
        case 'Mutate': {
          const other = s.meetingPlace;
          const c = complement(s.cham[a.cid - 1][0], s.cham[other - 1][0]);
          cham[a.cid - 1] = [c, s.cham[a.cid - 1][1] + 1] as const;
          cham[other - 1] = [c, s.cham[other - 1][1] + 1] as const;
          return { cham, meetingPlace: EMPTY, numMeetings: s.numMeetings + 1 };
        }
      }
    },
    invariants: [typeOK, sumMet],
    encode(s: ChameneosState, w: StateWriter) {
      for (const [c, n] of s.cham) {
        w.int(c);
        w.int(n);
      }
      w.int(s.meetingPlace);
      w.int(s.numMeetings);
    },
    actionLabel: (a) => `Meet(${a.cid}) [${a.kind}]`,
    actionKind: (a) => a.kind,
    actionKinds: KINDS,
    describeChange(prev, next) {
      const out: string[] = [];
      for (let i = 0; i < M; i++) {
        const [pc, pn] = prev.cham[i];
        const [nc, nn] = next.cham[i];
        if (pc !== nc || pn !== nn) out.push(`chameneos ${i + 1}: ${COLOR_NAMES[pc]}/${pn} -> ${COLOR_NAMES[nc]}/${nn}`);
      }
      if (prev.meetingPlace !== next.meetingPlace) out.push(`meetingPlace ${prev.meetingPlace} -> ${next.meetingPlace}`);
      return out;
    },
  };
}
