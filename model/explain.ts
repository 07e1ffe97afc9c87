/**
 * Explaining a page_pool counterexample (Model.explain): which steps the
 * violation is about. The violated property names its witnesses (pages,
 * pools: Invariant.witness); for each property this file says which of their
 * fields matter and walks the trace's states backwards (src/trace/culprits.ts)
 * to the step that last changed them, the *effect* (the step the property
 * trips over), and to the earlier step that made it possible, the *cause*
 * (the wrong-context decision, the missed clear). The steps named here for
 * the corpus bugs are the ones docs/bugs.md names; test/trace/culprits.test.ts
 * checks that they agree.
 */
import type { Culprit, Invariant, Witness } from '../src/engine/model.ts';
import { heldSince, lastChange } from '../src/trace/culprits.ts';
import { allProperties } from '../properties/index.ts';
import type { PpAction } from './registry.ts';
import { placesOf } from './printers.ts';
import { CORPUS_PROPERTIES } from './variants/corpus.ts';
import {
  CTX_NAMES,
  KIND_PAGE,
  OP_NONE,
  OP_POP_WRITE,
  OP_PUSH_READ,
  OP_PUSH_WRITE,
  OP_RING,
  OP_SYNC_CHECK,
  POOL_DESTROYING,
  POOL_FREED,
  SKB_FREE,
  anyHeldCounts,
  ppHeldCounts,
  type PagePoolState,
} from './state.ts';

type States = readonly PagePoolState[];
type Actions = readonly (PpAction | null)[];

const PROPERTIES: readonly Invariant<PagePoolState>[] = [...allProperties, ...CORPUS_PROPERTIES];

function who(a: PpAction | null): string {
  return a ? `cpu${a.cpu} ${CTX_NAMES[a.ctx]}` : 'the initial state';
}

function call(a: PpAction | null): string {
  return a ? `${a.fn}()` : 'init';
}

/** Page `p` sits in pool `k`'s alloc cache (slots below count) or ring. */
function stored(s: PagePoolState, k: number, p: number): boolean {
  const P = s.pools[k];
  for (let i = 0; i < P.count && i < P.cache.length; i++) if (P.cache[i] === p) return true;
  return P.ring.includes(p);
}

/**
 * A reference to page `p` that is a plain page reference (get_page,
 * __skb_frag_ref) but will be returned to page_pool: held by a live skb with
 * pp_recycle set, or a pending put of such a reference through page_pool.
 */
function pageRefAsPp(s: PagePoolState, p: number): number {
  for (let j = 0; j < s.skbs.length; j++) {
    const x = s.skbs[j];
    if (x.st === SKB_FREE || x.sh < 0 || !x.ppr) continue;
    if (s.sh[x.sh].refs.includes(p * 2 + KIND_PAGE)) return j;
  }
  for (const act of s.actors) for (const e of act.q) if (e >> 2 === p && ((e >> 1) & 1) === KIND_PAGE && (e & 1) === 1) return s.skbs.length;
  return -1;
}

/** The step (≤ upto) at which the actor running actions[at] decided on one of `ops` (its in-flight operation became one of them). */
function decision(states: States, actions: Actions, at: number, ops: readonly number[]): number {
  const a = actions[at];
  if (!a) return -1;
  const id = a.cpu * 3 + a.ctx;
  return lastChange(states, (s) => s.actors[id].op, at - 1, (v) => ops.includes(v as number));
}

function firstOf(w: Witness, kind: string): number {
  const v = w[kind]?.[0];
  return typeof v === 'number' ? v : -1;
}

interface Ctx {
  property: string;
  states: States;
  actions: Actions;
  last: number;
  /** the first page and pool the property's witness names (-1 / 0 when none) */
  page: number;
  pool: number;
  /** the violating state */
  s: PagePoolState;
  inv: Invariant<PagePoolState> | undefined;
  out: Culprit[];
  effect(step: number, why: string): void;
  cause(step: number, why: string): void;
}

/** napi-local-only */
function explainNapiLocalOnly(c: Ctx): void {
  const { states, actions, pool, effect, cause } = c;
  const E = lastChange(states, (x) => x.g.nonLocalPush);
  effect(E, `${who(actions[E])} writes pool${pool}'s lockless alloc cache without being its consumer`);
  const D = decision(states, actions, E, [OP_PUSH_READ]);
  if (D < 1) return;
  cause(D, `${who(actions[D])}: ${call(actions[D])} decides on the alloc cache (allow_direct / page_pool_napi_local())`);
  const destroyed = lastChange(states, (x) => x.pools[pool].st, D);
  if (destroyed >= 1 && states[D].pools[pool].napi >= 0) cause(destroyed, `page_pool_destroy(pool${pool}) leaves pool${pool}->p.napi set: the destroyed pool still takes direct recycling`);
  const window = lastChange(states, (x) => x.pools[pool].st, E - 1);
  if (window > D) cause(window, `page_pool_destroy(pool${pool}) runs between the decision and the push`);
  const napi = lastChange(states, (x) => [x.napi.sched, x.napi.owner, x.napi.run], E - 1);
  if (napi > D) cause(napi, `${who(actions[napi])}: ${call(actions[napi])} changes the NAPI (list_owner ${states[napi - 1].napi.owner}→${states[napi].napi.owner}) between the decision and the push`);
}

/** pp-ownership, frag-accounting */
function explainPpOwnership(c: Ctx): void {
  const { property, states, actions, last, page, pool, s, inv, out, effect, cause } = c;
  if (page < 0) return;
  const frag = property === 'frag-accounting';
  const E = frag
    ? lastChange(states, (x) => [x.pages[page].ppRef, ppHeldCounts(x)[page], x.g.ppUnderflow])
    : lastChange(states, (x) => [x.pages[page].pp, x.pages[page].magic, x.pages[page].pp >= 0 && x.pools[x.pages[page].pp].st === POOL_FREED]);
  const before = E >= 1 ? states[E - 1].pages[page] : undefined;
  const after = E >= 1 ? states[E].pages[page] : undefined;
  effect(
    E,
    frag
      ? before?.ppRef !== after?.ppRef
        ? `${who(actions[E])}: ${call(actions[E])} drops page${page}'s pp_ref_count ${before?.ppRef}→${after?.ppRef} while more pp references are held`
        : `${who(actions[E])}: ${call(actions[E])} changes the pp references held to page${page} without changing its pp_ref_count (${after?.ppRef})`
      : `${who(actions[E])}: ${call(actions[E])} takes page${page} out of its pool while another holder still owns it as a pool page`,
  );
  if (frag && /is lost/.test(inv?.check(s) ?? '')) {
    // a lost cache slot: the store that overwrote (or the count that dropped) the page's slot,
    // and the stale read of alloc.count that store was based on
    const gone = lastChange(states, (x) => placesOf(x)[page].length === 0, last, (v) => v === true);
    const store = actions[gone];
    out.length = 0;
    effect(gone, `${who(store)}: ${call(store)} leaves page${page} in no cache slot: its slot is overwritten or below a lost alloc.count update`);
    if (store) {
      const id = store.cpu * 3 + store.ctx;
      const read = lastChange(states, (x) => x.actors[id].op, gone - 1, (v) => v === OP_PUSH_WRITE || v === OP_POP_WRITE);
      cause(read, `${who(actions[read])}: ${call(actions[read])} reads alloc.count ${states[Math.max(0, read)].actors[id].c} while another context's access to the cache is in flight`);
    }
    return;
  }
  const C = heldSince(states, (x) => pageRefAsPp(x, page) >= 0, E - 1);
  if (C >= 1) {
    const j = pageRefAsPp(states[C], page);
    const holder = j < states[C].skbs.length ? `skb${j}` : 'a pending put';
    cause(C, `${who(actions[C])}: ${call(actions[C])} leaves ${holder} holding page${page} by a plain page reference with pp_recycle set, so its free returns the page to page_pool`);
  }
}

/** no-pfmemalloc-recycle, xdp-drop-direct */
function explainNoPfmemallocRecycle(c: Ctx): void {
  const { property, states, actions, page, pool, s, effect, cause } = c;
  if (page < 0) return;
  const E = lastChange(states, (x) => stored(x, pool, page));
  effect(E, `${who(actions[E])}: ${call(actions[E])} puts page${page} in pool${pool}'s ${s.pools[pool].ring.includes(page) ? 'ring' : 'alloc cache'}`);
  const D = decision(states, actions, E, [OP_PUSH_READ, OP_RING, OP_SYNC_CHECK]);
  if (property === 'no-pfmemalloc-recycle') cause(D, `${who(actions[D])}: ${call(actions[D])} decides to recycle page${page} without checking page_is_pfmemalloc()`);
  else cause(D, `${who(actions[D])}: ${call(actions[D])} refuses the alloc cache in the NAPI poll (allow_direct context test) and sends page${page} to the ring`);
}

/** numa-local-recycling */
function explainNumaLocalRecycling(c: Ctx): void {
  const { states, actions, page, pool, effect, cause } = c;
  const E = lastChange(states, (x) => x.pools[pool].hold);
  effect(E, `${call(actions[E])} allocates from the page allocator again (hold_cnt ${states[Math.max(0, E - 1)].pools[pool].hold}→${states[Math.max(0, E)].pools[pool].hold})`);
  const C = lastChange(states, (x) => x.pools[pool].release, E - 1);
  cause(C, `${call(actions[C])} releases a NUMA-local page to the page allocator instead of recycling it (release_cnt ${states[Math.max(0, C - 1)].pools[pool].release}→${states[Math.max(0, C)].pools[pool].release})`);
}

/** pool-lifetime */
function explainPoolLifetime(c: Ctx): void {
  const { states, actions, last, page, pool, s, effect, cause } = c;
  if (s.g.poolUaf >= 0) {
    const E = lastChange(states, (x) => x.g.poolUaf);
    effect(E, `${who(actions[E])}: ${call(actions[E])} touches pool${pool} after it was freed`);
    cause(lastChange(states, (x) => x.pools[pool].st, E - 1, (v) => v === POOL_FREED), `pool${pool} is freed`);
    return;
  }
  const E = lastChange(states, (x) => x.pools[pool].st, last, (v) => v === POOL_FREED);
  effect(E, `${who(actions[E])}: ${call(actions[E])} frees pool${pool}`);
  const inside = s.actors.findIndex((A) => A.op !== OP_NONE && A.pool === pool);
  if (s.pools[pool].lock >= 0) {
    const C = lastChange(states, (x) => x.pools[pool].lock, E - 1);
    cause(C, `${who(actions[C])}: ${call(actions[C])} takes pool${pool}'s producer lock and still has to unlock it and bump a stat`);
  } else if (inside >= 0) {
    const C = lastChange(states, (x) => x.actors[inside].op, E - 1, (v, before) => before === OP_NONE && v !== OP_NONE);
    cause(C, `${who(actions[C])}: ${call(actions[C])} begins an operation on pool${pool} that is not finished when the pool is freed`);
  } else if (page >= 0) {
    cause(lastChange(states, (x) => x.pages[page].pp, E - 1), `page${page} names pool${pool} (page->pp)`);
  }
}

/** dma-unmap-before-free */
function explainDmaUnmapBeforeFree(c: Ctx): void {
  const { states, actions, page, pool, s, effect, cause } = c;
  if (s.g.syncUnmapped >= 0) {
    const E = lastChange(states, (x) => x.g.syncUnmapped);
    effect(E, `${who(actions[E])}: ${call(actions[E])} syncs page${page} for the device after its mapping was torn down`);
    cause(lastChange(states, (x) => x.pages[page].dma, E - 1, (v) => v === false), `${call(actions[lastChange(states, (x) => x.pages[page].dma, E - 1, (v) => v === false)])} unmaps page${page} while a put that will sync it is in flight`);
  } else if (s.g.unmapDeadDev >= 0) {
    const E = lastChange(states, (x) => x.g.unmapDeadDev);
    effect(E, `${who(actions[E])}: ${call(actions[E])} unmaps page${page} through the unbound device`);
    cause(lastChange(states, (x) => x.devUnbound, E - 1), 'the device is unbound while the page is still mapped');
  } else if (s.devUnbound && page >= 0 && s.pages[page].dma) {
    const E = lastChange(states, (x) => x.devUnbound);
    effect(E, `${call(actions[E])} unbinds the device while page${page} is still DMA-mapped`);
    const C = lastChange(states, (x) => x.pools.map((P) => P.destroyCnt), E - 1);
    cause(C, `${call(actions[C])} tears the pool down but leaves in-flight page${page} DMA-mapped`);
  } else if (page >= 0) {
    const E = lastChange(states, (x) => x.pages[page].ref);
    effect(E, `${who(actions[E])}: ${call(actions[E])} frees page${page} while it is DMA-mapped`);
  }
}

/** release-worker-stops */
function explainReleaseWorkerStops(c: Ctx): void {
  const { states, actions, last, pool, s, effect, cause } = c;
  const E = lastChange(states, (x) => x.pools[pool].retry, last, (v) => v === true);
  effect(E, `${call(actions[E])} re-arms pool${pool}'s release worker with inflight ${s.pools[pool].hold - s.pools[pool].seen}`);
  const C = lastChange(states, (x) => x.pools[pool].hold - x.pools[pool].release < 0, E - 1, (v) => v === true);
  cause(C, `${call(actions[C])} returns more pages than the pool holds: inflight ${states[Math.max(0, C)].pools[pool].hold - states[Math.max(0, C)].pools[pool].release}`);
}

/** no-page-use-after-free */
function explainNoPageUseAfterFree(c: Ctx): void {
  const { states, actions, last, page, s, effect, cause } = c;
  if (s.g.putFreed >= 0) {
    const E = lastChange(states, (x) => x.g.putFreed);
    effect(E, `${who(actions[E])}: ${call(actions[E])} puts page${page} at _refcount 0`);
    cause(lastChange(states, (x) => x.pages[page].ref, E - 1, (v) => v === 0), `page${page}'s last reference is dropped (page freed)`);
  } else if (page >= 0) {
    const E = lastChange(states, (x) => x.pages[page].ref, last, (v) => v === 0);
    effect(E, `${who(actions[E])}: ${call(actions[E])} frees page${page} while it is still in use`);
    // the step since which more holders use the page than it has references
    const C = heldSince(states, (x) => anyHeldCounts(x)[page] > x.pages[page].ref, E - 1);
    cause(C, `${who(actions[C])}: ${call(actions[C])} gives page${page} one more user than references (a reference not taken)`);
  }
}

/** no-double-recycle, cache-refcnt-one */
function explainNoDoubleRecycle(c: Ctx): void {
  const { states, actions, page, pool, effect, cause } = c;
  if (page < 0) return;
  const inStorage = (x: PagePoolState): number => x.pools.reduce((n, _P, k) => n + (stored(x, k, page) ? 1 : 0), 0);
  const E = lastChange(states, (x) => [inStorage(x), x.pages[page].ref, x.pages[page].ppRef]);
  effect(E, `${who(actions[E])}: ${call(actions[E])} leaves page${page} in a pool's cache or ring while it is still in use`);
  const D = decision(states, actions, E, [OP_PUSH_READ, OP_RING, OP_SYNC_CHECK]);
  if (D >= 1) cause(D, `${who(actions[D])}: ${call(actions[D])} decides to recycle page${page} while it is still in use`);
  else cause(lastChange(states, (x) => inStorage(x), E - 1), `page${page} was recycled before`);
}

/** no-leak-at-quiescence */
function explainNoLeakAtQuiescence(c: Ctx): void {
  const { states, actions, page, pool, s, effect, cause } = c;
  if (s.pools[pool]?.st === POOL_DESTROYING) {
    const E = lastChange(states, (x) => [x.pools[pool].destroyCnt, x.pools[pool].retry]);
    effect(E, `${call(actions[E])} leaves pool${pool} with pages in flight and nothing left to free it`);
    cause(lastChange(states, (x) => x.pools[pool].st, E - 1, (v) => v === POOL_DESTROYING), `page_pool_destroy(pool${pool}) begins with pages in flight`);
  } else if (page >= 0) {
    effect(lastChange(states, (x) => [x.pages[page].ref, x.pages[page].pp]), `page${page} is left neither free nor owned by a live pool`);
  }
}

const EXPLAIN: Record<string, (c: Ctx) => void> = {
  'napi-local-only': explainNapiLocalOnly,
  'pp-ownership': explainPpOwnership,
  'frag-accounting': explainPpOwnership,
  'no-pfmemalloc-recycle': explainNoPfmemallocRecycle,
  'xdp-drop-direct': explainNoPfmemallocRecycle,
  'numa-local-recycling': explainNumaLocalRecycling,
  'pool-lifetime': explainPoolLifetime,
  'dma-unmap-before-free': explainDmaUnmapBeforeFree,
  'release-worker-stops': explainReleaseWorkerStops,
  'no-page-use-after-free': explainNoPageUseAfterFree,
  'no-double-recycle': explainNoDoubleRecycle,
  'cache-refcnt-one': explainNoDoubleRecycle,
  'no-leak-at-quiescence': explainNoLeakAtQuiescence,
};

/** The culprits of a counterexample violating `property` (states[0] initial, actions[i] leads to states[i]). */
export function explainPagePool(states: States, actions: Actions, property: string): Culprit[] {
  const last = states.length - 1;
  const explain = EXPLAIN[property];
  // a property this file does not know (e.g. a proposal's own): no culprits rather than a guess
  if (last < 1 || !explain) return [];
  const inv = PROPERTIES.find((p) => p.id === property);
  const w = inv?.witness?.(states[last]) ?? {};
  const out: Culprit[] = [];
  const c: Ctx = {
    property,
    states,
    actions,
    last,
    page: firstOf(w, 'page'),
    pool: Math.max(0, firstOf(w, 'pool')),
    s: states[last],
    inv,
    out,
    effect: (step, why) => void out.push({ step: step >= 1 ? step : last, role: 'effect', why }),
    cause: (step, why) => void (step >= 1 && out.push({ step, role: 'cause', why })),
  };
  explain(c);
  if (!out.some((x) => x.role === 'effect')) c.effect(last, `${who(actions[last])}: ${call(actions[last])}`);
  return out;
}
