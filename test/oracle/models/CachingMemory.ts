/**
 * The CachingMemory examples of Lamport's "Specifying Systems" (chapter 5),
 * re-implemented from tlaplus/Examples specifications/SpecifyingSystems/
 * CachingMemory/: MemoryInterface.tla, InternalMemory.tla (checked with
 * MCInternalMemory.tla / .cfg) and WriteThroughCacheInstanced.tla (the
 * INSTANCE-free copy of WriteThroughCache.tla, checked with
 * MCWriteThroughCache.tla / .cfg).
 *
 * MemoryInterface:
 *   MReq == [op : {"Rd"}, adr : Adr] \cup [op : {"Wr"}, adr : Adr, val : Val]
 *   NoVal == CHOOSE v : v \notin Val          (a model value in the cfgs)
 * MC modules: Send(p, d, old, new) == new = <<p, d>>, Reply likewise,
 *   InitMemInt == {<<CHOOSE p \in Proc : TRUE, NoVal>>}  (we take p1; by the
 *   symmetry of Proc the counts do not depend on the choice).
 *
 * Data encoding (numbers): NoVal = 0, value v = v (1..|Val|),
 * request Rd(a) = 100 + a, Wr(a, v) = 1000 + 10 a + v (a in 1..|Adr|).
 */
import type { Invariant, Model, StateWriter } from '../../../src/engine/model.ts';

export const NOVAL = 0;
export const rd = (a: number) => 100 + a;
export const wr = (a: number, v: number) => 1000 + 10 * a + v;
const isRd = (d: number) => d > 100 && d < 1000;
const isWr = (d: number) => d > 1000;
const isReq = (d: number) => isRd(d) || isWr(d);
const adrOf = (d: number) => (isRd(d) ? d - 100 : Math.floor((d - 1000) / 10));
const valOf = (d: number) => (d - 1000) % 10;

export interface MemConsts {
  proc: number;
  adr: number;
  val: number;
}

function mreq(c: MemConsts): number[] {
  const out: number[] = [];
  for (let a = 1; a <= c.adr; a++) out.push(rd(a));
  for (let a = 1; a <= c.adr; a++) for (let v = 1; v <= c.val; v++) out.push(wr(a, v));
  return out;
}

/** All functions [Adr -> Val] (arrays of values 1..|Val|). */
function allMems(c: MemConsts): number[][] {
  let out: number[][] = [[]];
  for (let a = 0; a < c.adr; a++) out = out.flatMap((m) => Array.from({ length: c.val }, (_, v) => [...m, v + 1]));
  return out;
}

const with_ = <T>(arr: readonly T[], i: number, v: T): T[] => {
  const out = arr.slice();
  out[i] = v;
  return out;
};

function describeDatum(d: number): string {
  if (d === NOVAL) return 'NoVal';
  if (isRd(d)) return `Rd(a${adrOf(d)})`;
  if (isWr(d)) return `Wr(a${adrOf(d)},v${valOf(d)})`;
  return `v${d}`;
}

// ---------------------------------------------------------------- InternalMemory

export type Ctl = 'rdy' | 'busy' | 'waiting' | 'done';
const CTLS: readonly Ctl[] = ['rdy', 'busy', 'waiting', 'done'];

export interface InternalMemoryState {
  memInt: readonly [number, number]; // <<p, d>>
  mem: readonly number[]; // mem[a-1]
  ctl: readonly Ctl[]; // ctl[p-1]
  buf: readonly number[]; // buf[p-1]
}

export type InternalMemoryAction =
  | { kind: 'Req'; p: number; req: number }
  | { kind: 'Do'; p: number }
  | { kind: 'Rsp'; p: number };

/**
 * InternalMemory.tla:
 *   IInit == mem \in [Adr->Val] /\ ctl = [p |-> "rdy"] /\ buf = [p |-> NoVal] /\ memInt \in InitMemInt
 *   Req(p) == ctl[p] = "rdy" /\ \E req \in MReq : Send(p, req, memInt, memInt')
 *             /\ buf'[p] = req /\ ctl'[p] = "busy" /\ UNCHANGED mem
 *   Do(p)  == ctl[p] = "busy" /\ (Wr: mem'[adr] = val, buf'[p] = NoVal; Rd: buf'[p] = mem[adr])
 *             /\ ctl'[p] = "done" /\ UNCHANGED memInt
 *   Rsp(p) == ctl[p] = "done" /\ Reply(p, buf[p], memInt, memInt') /\ ctl'[p] = "rdy"
 *   INext == \E p \in Proc : Req(p) \/ Do(p) \/ Rsp(p)
 */
export function internalMemoryModel(c: MemConsts): Model<InternalMemoryState, InternalMemoryAction> {
  const procs = Array.from({ length: c.proc }, (_, i) => i + 1);
  const reqs = mreq(c);
  const typeInvariant: Invariant<InternalMemoryState> = {
    id: 'TypeInvariant',
    description: 'mem \\in [Adr->Val] /\\ ctl \\in [Proc -> {"rdy","busy","done"}] /\\ buf \\in [Proc -> MReq \\cup Val \\cup {NoVal}]',
    check: (s) =>
      s.mem.every((v) => v >= 1 && v <= c.val) &&
      s.ctl.every((x) => x === 'rdy' || x === 'busy' || x === 'done') &&
      s.buf.every((d) => d === NOVAL || (d >= 1 && d <= c.val) || reqs.includes(d))
        ? null
        : 'ill-typed state',
  };
  return {
    name: 'InternalMemory',
    init: () =>
      allMems(c).map((mem) => ({
        memInt: [1, NOVAL] as const,
        mem,
        ctl: procs.map(() => 'rdy' as Ctl),
        buf: procs.map(() => NOVAL),
      })),
    actions(s) {
      const out: InternalMemoryAction[] = [];
      for (const p of procs) {
        if (s.ctl[p - 1] === 'rdy') for (const req of reqs) out.push({ kind: 'Req', p, req });
        if (s.ctl[p - 1] === 'busy') out.push({ kind: 'Do', p });
        if (s.ctl[p - 1] === 'done') out.push({ kind: 'Rsp', p });
      }
      return out;
    },
    step(s, a) {
      const i = a.p - 1;
      switch (a.kind) {
        case 'Req':
          return { memInt: [a.p, a.req] as const, mem: s.mem, ctl: with_(s.ctl, i, 'busy'), buf: with_(s.buf, i, a.req) };
        case 'Do': {
          const r = s.buf[i];
          const adr = adrOf(r);
          return isWr(r)
            ? { memInt: s.memInt, mem: with_(s.mem, adr - 1, valOf(r)), ctl: with_(s.ctl, i, 'done'), buf: with_(s.buf, i, NOVAL) }
            : { memInt: s.memInt, mem: s.mem, ctl: with_(s.ctl, i, 'done'), buf: with_(s.buf, i, s.mem[adr - 1]) };
        }
        case 'Rsp':
          return { memInt: [a.p, s.buf[i]] as const, mem: s.mem, ctl: with_(s.ctl, i, 'rdy'), buf: s.buf };
      }
    },
    invariants: [typeInvariant],
    encode(s: InternalMemoryState, w: StateWriter) {
      w.int(s.memInt[0]);
      w.int(s.memInt[1]);
      for (const v of s.mem) w.int(v);
      for (const x of s.ctl) w.int(CTLS.indexOf(x));
      for (const d of s.buf) w.int(d);
    },
    actionLabel: (a) => (a.kind === 'Req' ? `Req(p${a.p}, ${describeDatum(a.req)})` : `${a.kind}(p${a.p})`),
    actionKind: (a) => a.kind,
    actionKinds: ['Req', 'Do', 'Rsp'],
  };
}

// ---------------------------------------------------------------- WriteThroughCache

export interface WriteThroughCacheState {
  memInt: readonly [number, number];
  wmem: readonly number[]; // wmem[a-1]
  ctl: readonly Ctl[];
  buf: readonly number[];
  cache: readonly (readonly number[])[]; // cache[p-1][a-1], NOVAL when absent
  memQ: readonly (readonly [number, number])[]; // <<p, req>>
}

export type WriteThroughCacheAction =
  | { kind: 'Req'; p: number; req: number }
  | { kind: 'Rsp' | 'RdMiss' | 'DoRd' | 'DoWr'; p: number }
  | { kind: 'Evict'; p: number; a: number }
  | { kind: 'MemQWr' | 'MemQRd' };

const WTC_KINDS = ['Req', 'Rsp', 'RdMiss', 'DoRd', 'DoWr', 'Evict', 'MemQWr', 'MemQRd'] as const;

/**
 * WriteThroughCacheInstanced.tla (M_* = InternalMemory with mem <- wmem):
 *   Init == M_IInit /\ cache = [p |-> [a |-> NoVal]] /\ memQ = <<>>
 *   Req(p) == M_Req(p) /\ UNCHANGED <<cache, memQ>>;  Rsp(p) == M_Rsp(p) /\ UNCHANGED <<cache, memQ>>
 *   RdMiss(p) == ctl[p] = "busy" /\ buf[p].op = "Rd" /\ cache[p][buf[p].adr] = NoVal
 *                /\ Len(memQ) < QLen /\ memQ' = Append(memQ, <<p, buf[p]>>) /\ ctl'[p] = "waiting"
 *   DoRd(p) == ctl[p] \in {"busy","waiting"} /\ buf[p].op = "Rd" /\ cache[p][buf[p].adr] # NoVal
 *              /\ buf'[p] = cache[p][buf[p].adr] /\ ctl'[p] = "done"
 *   DoWr(p) == LET r == buf[p] IN ctl[p] = "busy" /\ r.op = "Wr" /\ Len(memQ) < QLen
 *              /\ cache' = [q |-> IF p = q \/ cache[q][r.adr] # NoVal THEN cache[q] with r.adr := r.val ELSE cache[q]]
 *              /\ memQ' = Append(memQ, <<p, r>>) /\ buf'[p] = NoVal /\ ctl'[p] = "done"
 *   vmem == wmem updated by the writes queued in memQ, in order
 *   MemQWr == memQ # <<>> /\ Head(memQ)[2].op = "Wr" /\ wmem'[adr] = val /\ memQ' = Tail(memQ)
 *   MemQRd == memQ # <<>> /\ Head(memQ)[2].op = "Rd" /\ memQ' = Tail(memQ)
 *             /\ cache'[Head(memQ)[1]][adr] = vmem[adr]
 *   Evict(p, a) == (ctl[p] = "waiting" => buf[p].adr # a) /\ cache'[p][a] = NoVal
 *   Next == \E p : Req(p) \/ Rsp(p) \/ RdMiss(p) \/ DoRd(p) \/ DoWr(p) \/ \E a : Evict(p, a)
 *           \/ MemQWr \/ MemQRd
 */
export function writeThroughCacheModel(
  c: MemConsts & { qlen: number },
): Model<WriteThroughCacheState, WriteThroughCacheAction> {
  const procs = Array.from({ length: c.proc }, (_, i) => i + 1);
  const adrs = Array.from({ length: c.adr }, (_, i) => i + 1);
  const reqs = mreq(c);
  const vmem = (s: WriteThroughCacheState): number[] => {
    const m = s.wmem.slice();
    for (const [, r] of s.memQ) if (isWr(r)) m[adrOf(r) - 1] = valOf(r);
    return m;
  };

  const typeInvariant: Invariant<WriteThroughCacheState> = {
    id: 'TypeInvariant',
    description: 'wmem, ctl, buf, cache, memQ well typed',
    check: (s) =>
      s.wmem.every((v) => v >= 1 && v <= c.val) &&
      s.buf.every((d) => d === NOVAL || (d >= 1 && d <= c.val) || reqs.includes(d)) &&
      s.cache.every((row) => row.every((v) => v >= 0 && v <= c.val)) &&
      s.memQ.every(([p, r]) => p >= 1 && p <= c.proc && isReq(r))
        ? null
        : 'ill-typed state',
  };
  const coherence: Invariant<WriteThroughCacheState> = {
    id: 'Coherence',
    description: 'two caches holding an address hold the same value',
    check: (s) => {
      for (const a of adrs) {
        const vals = s.cache.map((row) => row[a - 1]).filter((v) => v !== NOVAL);
        if (vals.some((v) => v !== vals[0])) return `caches disagree on a${a}`;
      }
      return null;
    },
  };

  return {
    name: 'WriteThroughCache',
    init: () =>
      allMems(c).map((wmem) => ({
        memInt: [1, NOVAL] as const,
        wmem,
        ctl: procs.map(() => 'rdy' as Ctl),
        buf: procs.map(() => NOVAL),
        cache: procs.map(() => adrs.map(() => NOVAL)),
        memQ: [],
      })),
    actions(s) {
      const out: WriteThroughCacheAction[] = [];
      const qRoom = s.memQ.length < c.qlen;
      for (const p of procs) {
        const ctl = s.ctl[p - 1];
        const b = s.buf[p - 1];
        // Req(p) = M_Req(p)
        if (ctl === 'rdy') for (const req of reqs) out.push({ kind: 'Req', p, req });
        // Rsp(p) = M_Rsp(p)
        if (ctl === 'done') out.push({ kind: 'Rsp', p });
        // RdMiss(p)
        if (ctl === 'busy' && isRd(b) && s.cache[p - 1][adrOf(b) - 1] === NOVAL && qRoom) out.push({ kind: 'RdMiss', p });
        // DoRd(p)
        if ((ctl === 'busy' || ctl === 'waiting') && isRd(b) && s.cache[p - 1][adrOf(b) - 1] !== NOVAL)
          out.push({ kind: 'DoRd', p });
        // DoWr(p)
        if (ctl === 'busy' && isWr(b) && qRoom) out.push({ kind: 'DoWr', p });
        // Evict(p, a)
        for (const a of adrs) if (!(ctl === 'waiting') || adrOf(b) !== a) out.push({ kind: 'Evict', p, a });
      }
      if (s.memQ.length > 0) {
        const r = s.memQ[0][1];
        if (isWr(r)) out.push({ kind: 'MemQWr' });
        if (isRd(r)) out.push({ kind: 'MemQRd' });
      }
      return out;
    },
    step(s, a) {
      switch (a.kind) {
        case 'Req':
          return { ...s, memInt: [a.p, a.req] as const, ctl: with_(s.ctl, a.p - 1, 'busy'), buf: with_(s.buf, a.p - 1, a.req) };
        case 'Rsp':
          return { ...s, memInt: [a.p, s.buf[a.p - 1]] as const, ctl: with_(s.ctl, a.p - 1, 'rdy') };
        case 'RdMiss':
          return { ...s, memQ: [...s.memQ, [a.p, s.buf[a.p - 1]] as const], ctl: with_(s.ctl, a.p - 1, 'waiting') };
        case 'DoRd': {
          const b = s.buf[a.p - 1];
          return {
            ...s,
            buf: with_(s.buf, a.p - 1, s.cache[a.p - 1][adrOf(b) - 1]),
            ctl: with_(s.ctl, a.p - 1, 'done'),
          };
        }
        case 'DoWr': {
          const r = s.buf[a.p - 1];
          const adr = adrOf(r);
          return {
            ...s,
            cache: s.cache.map((row, qi) => (qi === a.p - 1 || row[adr - 1] !== NOVAL ? with_(row, adr - 1, valOf(r)) : row)),
            memQ: [...s.memQ, [a.p, r] as const],
            buf: with_(s.buf, a.p - 1, NOVAL),
            ctl: with_(s.ctl, a.p - 1, 'done'),
          };
        }
        case 'MemQWr': {
          const r = s.memQ[0][1];
          return { ...s, wmem: with_(s.wmem, adrOf(r) - 1, valOf(r)), memQ: s.memQ.slice(1) };
        }
        case 'MemQRd': {
          const [p, r] = s.memQ[0];
          const v = vmem(s)[adrOf(r) - 1];
          return { ...s, memQ: s.memQ.slice(1), cache: with_(s.cache, p - 1, with_(s.cache[p - 1], adrOf(r) - 1, v)) };
        }
        case 'Evict':
          return { ...s, cache: with_(s.cache, a.p - 1, with_(s.cache[a.p - 1], a.a - 1, NOVAL)) };
      }
    },
    invariants: [typeInvariant, coherence],
    encode(s: WriteThroughCacheState, w: StateWriter) {
      w.int(s.memInt[0]);
      w.int(s.memInt[1]);
      for (const v of s.wmem) w.int(v);
      for (const x of s.ctl) w.int(CTLS.indexOf(x));
      for (const d of s.buf) w.int(d);
      for (const row of s.cache) for (const v of row) w.int(v);
      w.int(s.memQ.length);
      for (const [p, r] of s.memQ) {
        w.int(p);
        w.int(r);
      }
    },
    actionLabel: (a) =>
      a.kind === 'Req'
        ? `Req(p${a.p}, ${describeDatum(a.req)})`
        : a.kind === 'Evict'
          ? `Evict(p${a.p}, a${a.a})`
          : 'p' in a
            ? `${a.kind}(p${a.p})`
            : a.kind,
    actionKind: (a) => a.kind,
    actionKinds: WTC_KINDS,
  };
}
