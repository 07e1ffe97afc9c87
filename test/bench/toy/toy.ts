/**
 * A small model written for both tools (issue #21: "the engine alone against
 * SPIN"): a toy page recycler, K CPUs with a page cache each, a shared ring
 * and a free list, N pages in all. The same transitions in Promela
 * (`toyPromela`, one d_step each) and as an engine Model (`toyModel`, flat
 * state packed by compileCodec, stepped in place): the distinct-state counts
 * must be equal (test/bench/toy.test.ts at small bounds, `npm run bench` at
 * the bench's). It knows nothing of page_pool's code: it measures the engine
 * (frontier, hashing, visited set, stepping) on small states.
 *
 * Per CPU i (any order, any interleaving):
 *   alloc-cache   c[i] > 0                              → c[i]--, inf[i]++
 *   refill        c[i] = 0, r > 0                        → move min(r, B) ring → cache
 *   alloc-slow    c[i] = 0, r = 0, free > 0              → free--, inf[i]++
 *   recycle-cache inf[i] > 0, c[i] < C                   → inf[i]--, c[i]++
 *   recycle-ring  inf[i] > 0, c[i] = C, r < R            → inf[i]--, r++
 *   release       inf[i] > 0, c[i] = C, r = R            → inf[i]--, free++
 * Invariant (checked on every new state): the pages are conserved.
 */
import { compileCodec } from '../../../src/engine/codec.ts';
import type { Model } from '../../../src/engine/model.ts';

export interface ToyBounds {
  /** CPUs */
  k: number;
  /** pages */
  n: number;
  /** cache size */
  c: number;
  /** ring size */
  r: number;
  /** refill batch */
  b: number;
}

export const TOY_BENCH: ToyBounds = { k: 4, n: 12, c: 3, r: 4, b: 2 };

export interface ToyState {
  c: number[];
  inf: number[];
  r: number;
  fr: number;
}

const KINDS = ['alloc-cache', 'refill', 'alloc-slow', 'recycle-cache', 'recycle-ring', 'release'] as const;
type Kind = 0 | 1 | 2 | 3 | 4 | 5;
/** action = cpu × 8 + kind */
export type ToyAction = number;

export function toyModel(b: ToyBounds = TOY_BENCH): Model<ToyState, ToyAction> {
  const init: ToyState = { c: new Array(b.k).fill(0), inf: new Array(b.k).fill(0), r: 0, fr: b.n };
  const codec = compileCodec(init);
  const enabled = (s: ToyState, i: number, kind: Kind): boolean => {
    const ci = s.c[i];
    const inf = s.inf[i];
    switch (kind) {
      case 0:
        return ci > 0;
      case 1:
        return ci === 0 && s.r > 0;
      case 2:
        return ci === 0 && s.r === 0 && s.fr > 0;
      case 3:
        return inf > 0 && ci < b.c;
      case 4:
        return inf > 0 && ci === b.c && s.r < b.r;
      case 5:
        return inf > 0 && ci === b.c && s.r === b.r;
    }
  };
  const stepInPlace = (t: ToyState, a: ToyAction): void => {
    const i = a >> 3;
    switch ((a & 7) as Kind) {
      case 0:
        t.c[i]--;
        t.inf[i]++;
        break;
      case 1: {
        const m = t.r < b.b ? t.r : b.b;
        t.r -= m;
        t.c[i] += m;
        break;
      }
      case 2:
        t.fr--;
        t.inf[i]++;
        break;
      case 3:
        t.inf[i]--;
        t.c[i]++;
        break;
      case 4:
        t.inf[i]--;
        t.r++;
        break;
      case 5:
        t.inf[i]--;
        t.fr++;
        break;
    }
  };
  const step = (s: ToyState, a: ToyAction): ToyState => {
    const t = { c: s.c.slice(), inf: s.inf.slice(), r: s.r, fr: s.fr };
    stepInPlace(t, a);
    return t;
  };
  // the action lists: one array per CPU count of enabled actions would allocate; a reused list per depth is not
  // allowed (the engine keeps a list while stepping its successors), so a fresh array per state
  return {
    name: 'toy-recycler',
    init: () => [init],
    actions: (s) => {
      const out: ToyAction[] = [];
      for (let i = 0; i < b.k; i++) for (let kind = 0; kind < 6; kind++) if (enabled(s, i, kind as Kind)) out.push(i * 8 + kind);
      return out;
    },
    step,
    stepInPlace,
    inPlaceStepOf: step,
    invariants: [
      {
        id: 'pages-conserved',
        description: 'every page is in a cache, in flight, in the ring or free',
        check: (s) => {
          let n = s.r + s.fr;
          for (let i = 0; i < b.k; i++) n += s.c[i] + s.inf[i];
          return n === b.n ? null : `${n} pages, not ${b.n}`;
        },
      },
    ],
    encode: codec.pack,
    pack: codec.pack,
    unpack: codec.unpack,
    packWords: codec.packWords,
    unpackWords: codec.unpackWords,
    unpackWordsInto: codec.unpackWordsInto,
    actionLabel: (a) => `${KINDS[a & 7]}(cpu${a >> 3})`,
    actionKind: (a) => KINDS[a & 7],
    actionKinds: [...KINDS],
  };
}

/** The same model in Promela (one d_step per transition, the invariant as an assertion in each). */
export function toyPromela(b: ToyBounds = TOY_BENCH): string {
  const sum = ['r', 'fr', ...Array.from({ length: b.k }, (_, i) => `c[${i}] + inf[${i}]`)].join(' + ');
  return `/* toy page recycler: test/bench/toy/toy.ts (generated; the TS twin has the same transitions) */
#define K ${b.k}
#define N ${b.n}
#define C ${b.c}
#define R ${b.r}
#define B ${b.b}
#define CONSERVED assert(${sum} == N)
byte c[K];
byte inf[K];
byte r = 0;
byte fr = N;

active [K] proctype cpu() {
  byte m;
  do
  :: d_step { c[_pid] > 0 -> c[_pid]--; inf[_pid]++; CONSERVED }
  :: d_step { c[_pid] == 0 && r > 0 -> m = (r < B -> r : B); r = r - m; c[_pid] = c[_pid] + m; m = 0; CONSERVED }
  :: d_step { c[_pid] == 0 && r == 0 && fr > 0 -> fr--; inf[_pid]++; CONSERVED }
  :: d_step { inf[_pid] > 0 && c[_pid] < C -> inf[_pid]--; c[_pid]++; CONSERVED }
  :: d_step { inf[_pid] > 0 && c[_pid] == C && r < R -> inf[_pid]--; r++; CONSERVED }
  :: d_step { inf[_pid] > 0 && c[_pid] == C && r == R -> inf[_pid]--; fr++; CONSERVED }
  od
}
`;
}
