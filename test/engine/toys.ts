/**
 * Small toy models for the engine tests (they know nothing of page_pool).
 */
import type { Model } from '../../src/engine/model.ts';

/** A counter modulo `mod` that can add 1 or 2; optionally an invariant "x != bad". */
export interface CounterState {
  x: number;
}
export type CounterAction = { kind: 'inc'; by: number } | { kind: 'reset' };

export function counter(mod: number, bad?: number): Model<CounterState, CounterAction> {
  return {
    name: 'Counter',
    init: () => [{ x: 0 }],
    actions: () => [{ kind: 'inc', by: 1 }, { kind: 'inc', by: 2 }, { kind: 'reset' }],
    step: (s, a) => (a.kind === 'reset' ? { x: 0 } : { x: (s.x + a.by) % mod }),
    invariants:
      bad === undefined
        ? []
        : [{ id: 'NotBad', description: `x != ${bad}`, check: (s) => (s.x === bad ? `x = ${bad}` : null) }],
    encode: (s, w) => w.int(s.x),
    actionLabel: (a) => (a.kind === 'reset' ? 'reset' : `inc(${a.by})`),
    actionKind: (a) => a.kind,
    actionKinds: ['inc', 'reset', 'dec'],
  };
}

/**
 * A grid walk: (x, y) in [0, w) × [0, h), moves right/up, optionally also
 * left/down. State count is w*h; the distance to (a, b) from (0, 0) is a+b.
 */
export interface GridState {
  x: number;
  y: number;
}
export type GridAction = 'R' | 'U' | 'L' | 'D';
export function grid(
  w: number,
  h: number,
  opts: { back?: boolean; badAt?: [number, number]; terminalBad?: boolean } = {},
): Model<GridState, GridAction> {
  return {
    name: 'Grid',
    init: () => [{ x: 0, y: 0 }],
    actions: (s) => {
      const r: GridAction[] = [];
      if (s.x + 1 < w) r.push('R');
      if (s.y + 1 < h) r.push('U');
      if (opts.back) {
        if (s.x > 0) r.push('L');
        if (s.y > 0) r.push('D');
      }
      return r;
    },
    step: (s, a) =>
      a === 'R' ? { x: s.x + 1, y: s.y } : a === 'U' ? { x: s.x, y: s.y + 1 } : a === 'L' ? { x: s.x - 1, y: s.y } : { x: s.x, y: s.y - 1 },
    invariants: opts.badAt
      ? [
          {
            id: 'AvoidBad',
            description: 'never at badAt',
            check: (s) => (s.x === opts.badAt![0] && s.y === opts.badAt![1] ? `at (${s.x},${s.y})` : null),
          },
        ]
      : [],
    terminalInvariants: opts.terminalBad
      ? [{ id: 'NoDeadEnd', description: 'never stuck', check: (s) => `stuck at (${s.x},${s.y})` }]
      : [],
    encode: (s, wr) => {
      wr.int(s.x);
      wr.int(s.y);
    },
    actionLabel: (a) => a,
    actionKind: (a) => a,
    actionKinds: ['R', 'U', 'L', 'D'],
  };
}

/**
 * Two processes, each: idle → waiting → critical → idle, with a buggy
 * "lock": a process may enter if it *read* the flag of the other as false
 * (read and set are separate steps), so both can be critical at once.
 */
export interface MutexState {
  pc: [Pc, Pc];
  flag: [boolean, boolean];
}
type Pc = 'idle' | 'check' | 'set' | 'crit';
export interface MutexAction {
  p: 0 | 1;
  op: 'try' | 'check' | 'enter' | 'exit';
}
const PCS: Pc[] = ['idle', 'check', 'set', 'crit'];
export function buggyMutex(fixed = false): Model<MutexState, MutexAction> {
  return {
    name: 'BuggyMutex',
    init: () => [{ pc: ['idle', 'idle'], flag: [false, false] }],
    actions: (s) => {
      const r: MutexAction[] = [];
      for (const p of [0, 1] as const) {
        const o = 1 - p;
        switch (s.pc[p]) {
          case 'idle':
            r.push({ p, op: 'try' });
            break;
          case 'check':
            if (!s.flag[o]) r.push({ p, op: 'check' });
            break;
          case 'set':
            if (!fixed || !s.flag[o]) r.push({ p, op: 'enter' });
            break;
          case 'crit':
            r.push({ p, op: 'exit' });
            break;
        }
      }
      return r;
    },
    step: (s, a) => {
      const pc: [Pc, Pc] = [s.pc[0], s.pc[1]];
      const flag: [boolean, boolean] = [s.flag[0], s.flag[1]];
      switch (a.op) {
        case 'try':
          pc[a.p] = 'check';
          if (fixed) flag[a.p] = true;
          break;
        case 'check':
          pc[a.p] = 'set';
          break;
        case 'enter':
          pc[a.p] = 'crit';
          flag[a.p] = true;
          break;
        case 'exit':
          pc[a.p] = 'idle';
          flag[a.p] = false;
          break;
      }
      return { pc, flag };
    },
    invariants: [
      {
        id: 'MutualExclusion',
        description: 'not both critical',
        check: (s) => (s.pc[0] === 'crit' && s.pc[1] === 'crit' ? 'both in critical section' : null),
      },
    ],
    encode: (s, w) => {
      w.int(PCS.indexOf(s.pc[0]));
      w.int(PCS.indexOf(s.pc[1]));
      w.bool(s.flag[0]);
      w.bool(s.flag[1]);
    },
    actionLabel: (a) => `p${a.p} ${a.op}`,
    actionKind: (a) => a.op,
    actionKinds: ['try', 'check', 'enter', 'exit'],
  };
}

/** A model whose step consults a hidden counter: replaying it gives other states. */
export function nondeterministic(badAt = 3): Model<{ x: number }, 'go'> {
  let calls = 0;
  return {
    name: 'Nondet',
    init: () => [{ x: 0 }],
    actions: (s) => (s.x < 10 ? ['go'] : []),
    step: (s) => {
      calls++;
      return { x: s.x + 1 + (calls > 3 ? 1 : 0) };
    },
    invariants: [{ id: 'Small', description: 'x < badAt', check: (s) => (s.x >= badAt ? `x = ${s.x}` : null) }],
    encode: (s, w) => w.int(s.x),
    actionLabel: () => 'go',
    actionKind: () => 'go',
    actionKinds: ['go'],
  };
}

/** A naive BFS over JSON-stringified states: the independent oracle for state counts. */
export function naiveCount<S, A>(model: Model<S, A>, maxDepth = Infinity): { states: number; depth: number } {
  const seen = new Set<string>();
  let frontier: S[] = [];
  for (const s of model.init()) {
    const k = JSON.stringify(s);
    if (!seen.has(k)) {
      seen.add(k);
      frontier.push(s);
    }
  }
  let depth = 0;
  while (frontier.length > 0 && depth < maxDepth) {
    const next: S[] = [];
    for (const s of frontier) {
      for (const a of model.actions(s)) {
        const t = model.step(s, a);
        const k = JSON.stringify(t);
        if (!seen.has(k)) {
          seen.add(k);
          next.push(t);
        }
      }
    }
    if (next.length === 0) break;
    depth++;
    frontier = next;
  }
  return { states: seen.size, depth };
}

/**
 * An explicit directed graph as a model: states are node numbers, actions
 * are edge indices. `bad` nodes violate the invariant; `terminalBad` makes
 * every dead end a terminal violation.
 */
export function graphModel(
  adj: readonly (readonly number[])[],
  opts: { inits?: number[]; bad?: number[]; terminalBad?: boolean } = {},
): Model<number, { to: number; i: number }> {
  const bad = new Set(opts.bad ?? []);
  return {
    name: 'Graph',
    init: () => opts.inits ?? [0],
    actions: (s) => adj[s].map((to, i) => ({ to, i })),
    step: (_s, a) => a.to,
    invariants: [{ id: 'NotBad', description: 'not a bad node', check: (s) => (bad.has(s) ? `at ${s}` : null) }],
    terminalInvariants: opts.terminalBad
      ? [{ id: 'NoDeadEnd', description: 'no dead end', check: (s) => `dead end ${s}` }]
      : [],
    encode: (s, w) => w.int(s),
    actionLabel: (a) => `edge${a.i}->${a.to}`,
    actionKind: (a) => `e${a.i}`,
    actionKinds: ['e0', 'e1', 'e2', 'e3'],
  };
}

/** BFS distances from the init nodes in a graph (-1 = unreachable). */
export function graphDistances(adj: readonly (readonly number[])[], inits: number[]): number[] {
  const dist = adj.map(() => -1);
  const q: number[] = [];
  for (const i of inits) {
    if (dist[i] < 0) {
      dist[i] = 0;
      q.push(i);
    }
  }
  for (let h = 0; h < q.length; h++) {
    for (const t of adj[q[h]]) {
      if (dist[t] < 0) {
        dist[t] = dist[q[h]] + 1;
        q.push(t);
      }
    }
  }
  return dist;
}
