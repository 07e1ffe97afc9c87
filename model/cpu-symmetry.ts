/**
 * CPU symmetry: CPUs with the same static role are interchangeable, so a
 * state and any relabelling of those CPUs behave the same (docs/model.md,
 * "Symmetry", has the audit of every use of a CPU number).
 *
 * Static roles (never permuted; a CPU that has one is in a class of its own
 * unless another CPU has exactly the same ones):
 *  - cpu0: the driver's control CPU (script steps and the release worker run
 *    in its task context), the initial IRQ target (`napi.irq = 0`) and, with
 *    `napiScheduled`, the CPU that starts with the poll;
 *  - its node, `cpu % nodes` (prefNid, page_pool_update_nid, refill's check);
 *  - membership in the scenario's `skbCpus`;
 *  - the last CPU when the scenario has `get_page`/`put_page` (the other
 *    subsystem runs there);
 *  - a target of an `irq_set_affinity` script step (each step its own role);
 *  - the per-CPU pool's CPU (`percpuPool`).
 * CPU numbers held in the state are relabelled: `actors` (blocks of three
 * contexts), `pools[k].lock` (an actor id), `pools[k].cpuid`, `napi.owner`,
 * `napi.run`, `napi.irq`, `skbs[j].cpu`, and the per-CPU blocks of `pools[k].stats`
 * (recycle_stats, CONFIG_PAGE_POOL_STATS).
 *
 * The canonical encoding is that of the smallest (lexicographically, over the
 * encodings with page symmetry, model/symmetry.ts) of the candidate
 * relabellings. Candidates: the class-preserving permutations that sort each
 * class's CPUs by `cpuKey` (a hash of what a CPU holds that ignores page
 * names); CPUs with equal keys are tried in every order, except when they are
 * alike (swapping them leaves the state as it is: one order stands for all).
 * Since the key moves with the CPU, the candidate set of a relabelled state
 * is the same set of states, so the minimum depends only on the orbit (up to the page hash
 * collisions of model/symmetry.ts, which cost reduction, never soundness:
 * every candidate is a relabelling of the state).
 */
import type { Bounds } from '../src/family.ts';
import type { Scenario } from './scenario.ts';
import { type PagePoolState, STAT_FIELDS, type StateWriterLike, recycleStatIndex } from './state.ts';
import { encodeCanonical } from './symmetry.ts';

/** What the static-role audit needs to know about a built model. */
export interface CpuEnvLike {
  scen: Scenario;
  cpus: number;
  nodes: number;
  kinds: ReadonlySet<string>;
  skbCpus: ReadonlySet<number>;
}

/** A string naming the static roles of `cpu`; CPUs with equal signatures are interchangeable. */
export function cpuSignature(env: CpuEnvLike, cpu: number): string {
  if (cpu === 0) return 'cpu0'; // driver control CPU, initial irq target, release worker
  const roles: string[] = [`node${cpu % env.nodes}`];
  if (env.skbCpus.has(cpu)) roles.push('skb');
  if (cpu === env.cpus - 1 && (env.kinds.has('get_page') || env.kinds.has('put_page'))) roles.push('ext');
  // each irq_set_affinity step names its target: two targets differ by the step (the script's order)
  env.scen.script.forEach((st, i) => {
    if (st.fn === 'irq_set_affinity' && st.arg === cpu) roles.push(`irq-target@${i}`);
  });
  if (env.scen.percpuPool === cpu) roles.push('percpu');
  return roles.join('+');
}

/** The classes of interchangeable CPUs with at least two members, each sorted. */
export function cpuClasses(env: CpuEnvLike): number[][] {
  const by = new Map<string, number[]>();
  const order: string[] = [];
  for (let c = 0; c < env.cpus; c++) {
    const sig = cpuSignature(env, c);
    if (!by.has(sig)) {
      by.set(sig, []);
      order.push(sig);
    }
    by.get(sig)!.push(c);
  }
  return order.map((s) => by.get(s)!).filter((cl) => cl.length >= 2);
}

/** The state with cpu c renamed perm[c] (every CPU reference relabelled). Does not share arrays with `s`. */
export function relabelCpus(s: PagePoolState, perm: readonly number[]): PagePoolState {
  const mc = (c: number) => (c >= 0 ? perm[c] : c);
  const actors = new Array<PagePoolState['actors'][number]>(s.actors.length);
  for (let c = 0; c < perm.length; c++) {
    for (let x = 0; x < 3; x++) {
      const a = s.actors[c * 3 + x];
      actors[perm[c] * 3 + x] = { op: a.op, pool: a.pool, page: a.page, c: a.c, bh: a.bh, bhd: a.bhd, ns: a.ns, q: a.q.slice(), bq: a.bq.slice() };
    }
  }
  return {
    pages: s.pages.map((p) => ({ ...p })),
    pools: s.pools.map((P) => ({
      ...P,
      cache: P.cache.slice(),
      ring: P.ring.slice(),
      lock: P.lock >= 0 ? perm[Math.floor(P.lock / 3)] * 3 + (P.lock % 3) : P.lock,
      cpuid: mc(P.cpuid),
      stats: relabelStats(P.stats, perm),
    })),
    napi: { ...s.napi, owner: mc(s.napi.owner), run: mc(s.napi.run), irq: mc(s.napi.irq) },
    skbs: s.skbs.map((k) => ({ ...k, cpu: mc(k.cpu) })),
    sh: s.sh.map((h) => ({ dataref: h.dataref, refs: h.refs.slice(), head: h.head })),
    rx: s.rx.slice(),
    xdp: s.xdp.slice(),
    xdpFrag: s.xdpFrag.slice(),
    ext: s.ext.slice(),
    drvFrag: s.drvFrag,
    drvFrags: s.drvFrags,
    binding: s.binding,
    bound: s.bound,
    actors,
    budget: s.budget,
    drv: s.drv,
    devUnbound: s.devUnbound,
    g: { ...s.g },
  };
}

/** Pool.stats with cpu c's recycle_stats block moved to perm[c] (the alloc stats are the pool's). */
function relabelStats(st: readonly number[], perm: readonly number[]): number[] {
  const out = st.slice();
  if (st.length === 0) return out;
  for (let c = 0; c < perm.length; c++) {
    for (let f = 0; f < STAT_FIELDS; f++) out[recycleStatIndex(perm[c], f)] = st[recycleStatIndex(c, f)];
  }
  return out;
}

/** A well-mixed 32-bit step of a running hash. */
function mixIn(h: number, x: number): number {
  h = Math.imul(h ^ (x | 0), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * A hash of what `cpu` holds, invariant under page relabelling and moving
 * with the CPU under CPU relabelling: its three actors (without page names),
 * its NAPI roles, the skbs allocated on it (in skb order), the producer locks
 * it holds. Used only to order candidates: CPUs with different keys are
 * ordered by key, equal keys (or a collision) are tried in every order, so
 * any such function gives a canonical form.
 */
export function cpuKey(s: PagePoolState, cpu: number): number {
  let h = 0x2545f491;
  for (let x = 0; x < 3; x++) {
    const a = s.actors[cpu * 3 + x];
    h = mixIn(h, a.op);
    h = mixIn(h, a.pool);
    h = mixIn(h, a.c);
    h = mixIn(h, (a.bh ? 1 : 0) + (a.page >= 0 ? 2 : 0) + (a.ns + 1) * 4 + a.bhd * 16);
    h = mixIn(h, a.q.length);
    for (let i = 0; i < a.q.length; i++) h = mixIn(h, a.q[i] & 3);
    h = mixIn(h, a.bq.length);
    for (let i = 0; i < a.bq.length; i++) h = mixIn(h, a.bq[i] & 1);
  }
  const n = s.napi;
  h = mixIn(h, (n.owner === cpu ? 1 : 0) + (n.run === cpu ? 2 : 0) + (n.irq === cpu ? 4 : 0));
  for (const k of s.skbs) if (k.cpu === cpu) h = mixIn(h, 100 + k.st * 4 + (k.ppr ? 2 : 0) + (k.cloned ? 1 : 0));
  for (let k = 0; k < s.pools.length; k++) {
    const P = s.pools[k];
    if (P.lock >= 0 && Math.floor(P.lock / 3) === cpu) h = mixIn(h, 200 + k * 3 + (P.lock % 3));
    if (P.cpuid === cpu) h = mixIn(h, 300 + k);
    // its per-CPU recycle_stats (CONFIG_PAGE_POOL_STATS)
    if (P.stats.length > 0) for (let f = 0; f < STAT_FIELDS; f++) h = mixIn(h, P.stats[recycleStatIndex(cpu, f)]);
  }
  return h;
}

/**
 * True when swapping `c` and `d` leaves `s` unchanged: their actors are equal
 * (page names included) and no skb, lock or pool/NAPI field names either.
 * Then every order of a run of such CPUs gives the same relabelled state.
 */
function swapFixes(s: PagePoolState, c: number, d: number): boolean {
  for (let x = 0; x < 3; x++) {
    const a = s.actors[c * 3 + x];
    const b = s.actors[d * 3 + x];
    if (a.op !== b.op || a.pool !== b.pool || a.page !== b.page || a.c !== b.c || a.bh !== b.bh || a.bhd !== b.bhd || a.ns !== b.ns || a.q.length !== b.q.length || a.bq.length !== b.bq.length) return false;
    for (let i = 0; i < a.q.length; i++) if (a.q[i] !== b.q[i]) return false;
    for (let i = 0; i < a.bq.length; i++) if (a.bq[i] !== b.bq[i]) return false;
  }
  for (const k of s.skbs) if (k.cpu === c || k.cpu === d) return false;
  for (const P of s.pools) {
    if (P.lock >= 0 && (Math.floor(P.lock / 3) === c || Math.floor(P.lock / 3) === d)) return false;
    if (P.cpuid === c || P.cpuid === d) return false;
    if (P.stats.length > 0) for (let f = 0; f < STAT_FIELDS; f++) if (P.stats[recycleStatIndex(c, f)] !== P.stats[recycleStatIndex(d, f)]) return false;
  }
  const n = s.napi;
  return n.owner !== c && n.owner !== d && n.run !== c && n.run !== d && n.irq !== c && n.irq !== d;
}

/** Collects a state's encoding as ints (a `StateWriter`; bool = int 0/1, as FingerprintWriter). */
class IntBuffer implements StateWriterLike {
  a: number[] = [];
  n = 0;
  int(x: number): void {
    this.a[this.n++] = x;
  }
  bool(b: boolean): void {
    this.a[this.n++] = b ? 1 : 0;
  }
}

/** negative if a < b in shortlex-free lexicographic order (a prefix is smaller). */
function compareBuffers(a: IntBuffer, b: IntBuffer): number {
  const n = Math.min(a.n, b.n);
  for (let i = 0; i < n; i++) if (a.a[i] !== b.a[i]) return a.a[i] - b.a[i];
  return a.n - b.n;
}

/**
 * The candidate CPU permutations of `s` (perm[c] = new name of cpu c): within
 * each class, CPUs sorted by key take the class's names in increasing order;
 * CPUs with equal keys in every order.
 */
export function candidatePerms(s: PagePoolState, cpus: number, classes: readonly (readonly number[])[]): number[][] {
  let perms: number[][] = [Array.from({ length: cpus }, (_, i) => i)];
  for (const cl of classes) {
    const sorted = cl.map((c) => ({ c, k: cpuKey(s, c) })).sort((x, y) => x.k - y.k || x.c - y.c);
    // runs of equal keys: every order within a run, unless its CPUs are alike (every order is then the same state)
    const runs: number[][] = [];
    for (let i = 0; i < sorted.length; i++) {
      if (i > 0 && sorted[i].k === sorted[i - 1].k) runs[runs.length - 1].push(sorted[i].c);
      else runs.push([sorted[i].c]);
    }
    let orders: number[][] = [[]];
    for (const run of runs) {
      const alike = run.length > 1 && run.every((c) => swapFixes(s, run[0], c));
      const next: number[][] = [];
      for (const o of orders) for (const p of alike ? [run] : permutations(run)) next.push([...o, ...p]);
      orders = next;
    }
    const out: number[][] = [];
    for (const base of perms)
      for (const o of orders) {
        const p = base.slice();
        for (let i = 0; i < o.length; i++) p[o[i]] = cl[i];
        out.push(p);
      }
    perms = out;
  }
  return perms;
}

function permutations(xs: readonly number[]): number[][] {
  if (xs.length <= 1) return [xs.slice()];
  const out: number[][] = [];
  for (let i = 0; i < xs.length; i++) {
    const rest = [...xs.slice(0, i), ...xs.slice(i + 1)];
    for (const p of permutations(rest)) out.push([xs[i], ...p]);
  }
  return out;
}

/**
 * The common case without allocating: in every class the keys do not
 * decrease with the CPU number and CPUs with equal keys are alike, so the
 * identity is the only candidate (what candidatePerms would return).
 */
function identityOnly(s: PagePoolState, classes: readonly (readonly number[])[]): boolean {
  for (const cl of classes) {
    let prev = cpuKey(s, cl[0]);
    let runStart = 0;
    for (let i = 1; i < cl.length; i++) {
      const k = cpuKey(s, cl[i]);
      if (k < prev) return false;
      if (k === prev) {
        if (!swapFixes(s, cl[runStart], cl[i])) return false;
      } else runStart = i;
      prev = k;
    }
  }
  return true;
}

function isIdentity(p: readonly number[]): boolean {
  for (let i = 0; i < p.length; i++) if (p[i] !== i) return false;
  return true;
}

/**
 * The model's `encode` with CPU symmetry over `classes` on top of `enc`
 * (encodeCanonical: with page symmetry; encodeState: without): the smallest
 * `enc` encoding among the candidate relabellings. With no class of two or
 * more CPUs it is `enc` itself.
 */
export function makeCpuCanonicalEncode(
  cpus: number,
  classes: readonly (readonly number[])[],
  enc: (s: PagePoolState, w: StateWriterLike) => void = encodeCanonical,
): (s: PagePoolState, w: StateWriterLike) => void {
  if (classes.length === 0) return enc;
  let best = new IntBuffer();
  let cur = new IntBuffer();
  return (s, w) => {
    if (identityOnly(s, classes)) return enc(s, w);
    const perms = candidatePerms(s, cpus, classes);
    if (perms.length === 1) return enc(isIdentity(perms[0]) ? s : relabelCpus(s, perms[0]), w);
    best.n = 0;
    enc(isIdentity(perms[0]) ? s : relabelCpus(s, perms[0]), best);
    for (let i = 1; i < perms.length; i++) {
      cur.n = 0;
      enc(isIdentity(perms[i]) ? s : relabelCpus(s, perms[i]), cur);
      if (compareBuffers(cur, best) < 0) [best, cur] = [cur, best];
    }
    const a = best.a;
    for (let i = 0; i < best.n; i++) w.int(a[i]);
  };
}

/** The interchangeable-CPU classes of a (scenario, bounds) as model/build.ts builds its Env. */
export function cpuClassesFor(scen: Scenario, bounds: Bounds): number[][] {
  return cpuClasses({
    scen,
    cpus: bounds.cpus,
    nodes: bounds.nodes,
    kinds: new Set(scen.kinds),
    skbCpus: new Set(scen.skbCpus ?? Array.from({ length: bounds.cpus }, (_, i) => i)),
  });
}
