/**
 * ReadersWriters (a queue-based, fair solution of the readers-writers
 * problem), re-implemented from tlaplus/Examples
 * specifications/ReadersWriters/ReadersWriters.tla (Isaac DeFrain), checked
 * with specifications/ReadersWriters/MC.tla / MC.cfg (MC.tla:
 * `EXTENDS ReadersWriters, TLC`, n == 3, used for NumActors = 3).
 *
 *   Actors == 1..NumActors
 *   Init == readers = {} /\ writers = {} /\ waiting = <<>>
 *   TryRead(a)  == a \notin WaitingToRead  /\ waiting' = Append(waiting, <<"read", a>>)
 *   TryWrite(a) == a \notin WaitingToWrite /\ waiting' = Append(waiting, <<"write", a>>)
 *   ReadOrWrite == waiting /= <<>> /\ writers = {}
 *                  /\ LET pair == Head(waiting) IN
 *                     CASE pair[1] = "read"  -> readers' = readers \union {pair[2]}
 *                       [] pair[1] = "write" -> readers = {} /\ writers' = writers \union {pair[2]}
 *                  /\ waiting' = Tail(waiting)
 *   Stop == \E a \in readers \cup writers :
 *             IF a \in readers THEN readers' = readers \ {a} ELSE writers' = writers \ {a}
 *   Next == \E a : TryRead(a) \/ \E a : TryWrite(a) \/ ReadOrWrite \/ Stop
 *
 * Invariants checked: TypeOK and Safety. (MC.cfg also checks liveness, which
 * does not change the set of reachable states.) Sets are bit masks over
 * actors 1..NumActors (bit a-1).
 */
import type { Invariant, Model, StateWriter } from '../../../src/engine/model.ts';

export type Req = readonly ['read' | 'write', number];

export interface ReadersWritersState {
  readers: number; // bit mask
  writers: number; // bit mask
  waiting: readonly Req[];
}

export type ReadersWritersAction =
  | { kind: 'TryRead'; actor: number }
  | { kind: 'TryWrite'; actor: number }
  | { kind: 'ReadOrWrite' }
  | { kind: 'Stop'; actor: number };

const KINDS = ['TryRead', 'TryWrite', 'ReadOrWrite', 'Stop'] as const;

const bit = (a: number) => 1 << (a - 1);
const popcount = (m: number) => {
  let c = 0;
  for (let x = m; x !== 0; x &= x - 1) c++;
  return c;
};

export function readersWritersModel(numActors = 3): Model<ReadersWritersState, ReadersWritersAction> {
  const actors = Array.from({ length: numActors }, (_, i) => i + 1);
  const all = (1 << numActors) - 1;
  const waitingTo = (s: ReadersWritersState, kind: 'read' | 'write', a: number) =>
    s.waiting.some(([k, x]) => k === kind && x === a);

  const typeOK: Invariant<ReadersWritersState> = {
    id: 'TypeOK',
    description: 'readers, writers \\subseteq Actors /\\ waiting \\in Seq({"read","write"} \\X Actors)',
    check: (s) =>
      (s.readers & ~all) === 0 &&
      (s.writers & ~all) === 0 &&
      s.waiting.every(([k, a]) => (k === 'read' || k === 'write') && a >= 1 && a <= numActors)
        ? null
        : 'ill-typed state',
  };
  const safety: Invariant<ReadersWritersState> = {
    id: 'Safety',
    description: 'no reader while a writer writes, and at most one writer',
    check: (s) =>
      s.readers !== 0 && s.writers !== 0
        ? 'readers and writers at once'
        : popcount(s.writers) > 1
          ? 'more than one writer'
          : null,
  };

  return {
    name: 'ReadersWriters',
    init: () => [{ readers: 0, writers: 0, waiting: [] }],
    actions(s) {
      const out: ReadersWritersAction[] = [];
      for (const actor of actors) if (!waitingTo(s, 'read', actor)) out.push({ kind: 'TryRead', actor });
      for (const actor of actors) if (!waitingTo(s, 'write', actor)) out.push({ kind: 'TryWrite', actor });
      if (s.waiting.length > 0 && s.writers === 0) {
        // CASE "write" additionally requires readers = {} (Write(actor))
        const [k] = s.waiting[0];
        if (k === 'read' || s.readers === 0) out.push({ kind: 'ReadOrWrite' });
      }
      for (const actor of actors)
        if (((s.readers | s.writers) & bit(actor)) !== 0) out.push({ kind: 'Stop', actor });
      return out;
    },
    step(s, a) {
      switch (a.kind) {
        case 'TryRead':
          return { ...s, waiting: [...s.waiting, ['read', a.actor] as const] };
        case 'TryWrite':
          return { ...s, waiting: [...s.waiting, ['write', a.actor] as const] };
        case 'ReadOrWrite': {
          const [k, actor] = s.waiting[0];
          const waiting = s.waiting.slice(1);
          return k === 'read'
            ? { readers: s.readers | bit(actor), writers: s.writers, waiting }
            : { readers: s.readers, writers: s.writers | bit(actor), waiting };
        }
        case 'Stop':
          // StopActivity(actor): IF actor \in readers THEN leave readers ELSE leave writers
          return (s.readers & bit(a.actor)) !== 0
            ? { ...s, readers: s.readers & ~bit(a.actor) }
            : { ...s, writers: s.writers & ~bit(a.actor) };
      }
    },
    invariants: [typeOK, safety],
    encode(s: ReadersWritersState, w: StateWriter) {
      w.int(s.readers);
      w.int(s.writers);
      w.int(s.waiting.length);
      for (const [k, a] of s.waiting) w.int(k === 'read' ? a : -a);
    },
    actionLabel: (a) => ('actor' in a ? `${a.kind}(${a.actor})` : a.kind),
    actionKind: (a) => a.kind,
    actionKinds: KINDS,
  };
}
