/**
 * Hand-built state graphs as models, for the liveness oracle tests: states
 * are node numbers, an action is an edge (to, proc). `from`/`to` name the
 * nodes where the obligation starts and where it is met; `goalEdges` the
 * edges that meet it; `recurring` the procs whose steps are recurring.
 */
import type { Fairness, Model } from '../../src/engine/model.ts';

export interface Edge {
  to: number;
  proc: string;
}

export interface GraphSpec {
  init: number[];
  edges: Record<number, [number, string][]>;
  from: number[];
  goal?: number[];
  goalEdges?: [number, number][];
  recurring?: string[];
  fairness?: { proc: string; kind: 'weak' | 'strong' }[];
}

export function graphModel(g: GraphSpec): Model<number, Edge> {
  const fairness: Fairness<Edge>[] = (g.fairness ?? []).map((f) => ({
    id: f.proc,
    kind: f.kind,
    description: `${f.kind} fairness of ${f.proc}`,
    includes: (a) => a.proc === f.proc,
  }));
  return {
    name: 'graph',
    init: () => g.init,
    actions: (s) => (g.edges[s] ?? []).map(([to, proc]) => ({ to, proc })),
    step: (_s, a) => a.to,
    invariants: [],
    encode: (s, w) => w.int(s),
    actionLabel: (a) => `${a.proc}->${a.to}`,
    actionKind: (a) => a.proc,
    actionKinds: [...new Set(Object.values(g.edges).flatMap((es) => es.map((e) => e[1])))],
    fairness,
    liveness: [
      {
        id: 'eventually-goal',
        description: 'from ~> goal',
        from: (s) => g.from.includes(s),
        to: (s) => (g.goal ?? []).includes(s),
        ...(g.goalEdges ? { toStep: (s: number, a: Edge) => g.goalEdges!.some(([x, y]) => x === s && y === a.to) } : {}),
        ...(g.recurring ? { recurring: (a: Edge) => g.recurring!.includes(a.proc) } : {}),
      },
    ],
  };
}
