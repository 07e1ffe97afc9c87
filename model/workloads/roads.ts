/**
 * The roads a page takes, read off one transition (prev --action--> next) of
 * the page_pool model: which way an allocation was served, where a freed page
 * went, what a refill did with the ring's pages, and whether a put decided
 * "direct" while the pool's NAPI was listed on the freeing CPU. Classified from
 * the action's kernel function and the two states only: nothing is recorded
 * while the model runs, so BFS and random mode pay nothing for it.
 *
 * Gauges are measured on states: pages in flight as page_pool_inflight()
 * counts them, pages in users' hands, pages in the pool's storage, pool
 * starvation and whether the NAPI is listed.
 */
import type { GaugeSpec, GroupSpec } from '../../src/mix/workload.ts';
import { roadIndex } from '../../src/mix/workload.ts';
import type { PpAction } from '../registry.ts';
import { type PagePoolState, OP_PUSH_READ, OP_RING, OP_SYNC_CHECK, POOL_ALIVE, ppHeldCounts } from '../state.ts';

export const GROUPS: GroupSpec[] = [
  {
    id: 'alloc',
    label: 'allocations (a page for an RX descriptor)',
    roads: [
      { id: 'cache', label: 'alloc cache hit' },
      { id: 'ring', label: 'refill from the ring' },
      { id: 'slow', label: 'slow path (page allocator)' },
    ],
  },
  {
    id: 'free',
    label: "frees (a page's last pp reference dropped)",
    roads: [
      { id: 'cache', label: 'direct into the alloc cache' },
      { id: 'ring', label: 'into the ptr_ring' },
      { id: 'ring-full', label: 'to the page allocator: ring full' },
      { id: 'pfmemalloc', label: 'to the page allocator: pfmemalloc' },
      { id: 'numa', label: 'to the page allocator: NUMA mismatch' },
      { id: 'refcount', label: 'to the page allocator: still referenced' },
      { id: 'pool-gone', label: 'to the page allocator: pool gone' },
    ],
  },
  {
    id: 'decision',
    label: "recycling decisions, by the pool's NAPI (list_owner) at the time",
    roads: [
      { id: 'direct-listed', label: 'direct, NAPI listed on this CPU' },
      { id: 'direct-unlisted', label: 'direct, NAPI not listed here' },
      { id: 'ring-listed', label: 'ring, NAPI listed on this CPU' },
      { id: 'ring-unlisted', label: 'ring, NAPI not listed here' },
    ],
  },
  {
    id: 'refill',
    label: 'ring pages taken by a refill',
    roads: [
      { id: 'cached', label: 'moved to the alloc cache' },
      { id: 'numa', label: 'to the page allocator: NUMA mismatch' },
    ],
  },
];

export const GAUGES: GaugeSpec[] = [
  { id: 'inflight', label: 'pages in flight (hold - release)' },
  { id: 'held', label: "pages in users' hands (RX, skbs, XDP)" },
  { id: 'storage', label: 'pages in the cache and the ring' },
  { id: 'starved', label: 'starved (empty RX slot, no page anywhere)' },
  { id: 'listed', label: 'NAPI listed on a CPU (scheduled)' },
];

const R = (g: string, r: string): number => roadIndex(GROUPS, g, r);
const ALLOC_CACHE = R('alloc', 'cache');
const ALLOC_RING = R('alloc', 'ring');
const ALLOC_SLOW = R('alloc', 'slow');
const FREE_CACHE = R('free', 'cache');
const FREE_RING = R('free', 'ring');
const FREE_RING_FULL = R('free', 'ring-full');
const FREE_PFM = R('free', 'pfmemalloc');
const FREE_NUMA = R('free', 'numa');
const FREE_REF = R('free', 'refcount');
const FREE_GONE = R('free', 'pool-gone');
const DEC = [R('decision', 'direct-listed'), R('decision', 'direct-unlisted'), R('decision', 'ring-listed'), R('decision', 'ring-unlisted')];
const REFILL_CACHED = R('refill', 'cached');
const REFILL_NUMA = R('refill', 'numa');

/** Pages that left their pool in this transition (page_pool_return_netmem: page->pp cleared). */
function leftPool(prev: PagePoolState, next: PagePoolState, out: number[]): number[] {
  out.length = 0;
  for (let pg = 0; pg < prev.pages.length; pg++) if (prev.pages[pg].pp >= 0 && next.pages[pg].pp < 0) out.push(pg);
  return out;
}

const scratch: number[] = [];

/** The page a put-deciding action puts (startPut's page), read from the state before it. */
function putPage(prev: PagePoolState, a: PpAction): number {
  switch (a.fn) {
    case 'napi_pp_put_page': {
      const q = prev.actors[a.cpu * 3 + a.ctx].q;
      return q.length > 0 && (q[0] & 1) === 1 ? q[0] >> 2 : -1; // only a put through the pool decides
    }
    case 'xdp_return_frame':
      return prev.xdp[a.a] ?? -1;
    case 'page_pool_recycle_direct':
    case 'netpoll_poll_dev':
      return prev.rx[0] ?? -1;
    default:
      return -1;
  }
}

/** Why __page_pool_page_can_be_recycled() refused the page (model/kernel/net/core/page_pool.ts canBeRecycled, in its order). */
function returnRoad(prev: PagePoolState, pg: number): number {
  const p = prev.pages[pg];
  if (p.pp < 0 || prev.pools[p.pp].st !== POOL_ALIVE) return FREE_GONE;
  if (p.ref !== 1) return FREE_REF;
  if (p.pfm) return FREE_PFM;
  return FREE_NUMA; // the remaining test: the put-side page_to_nid(page) == pool->p.nid (d5394610b1ba)
}

export function observe(prev: PagePoolState, a: PpAction, next: PagePoolState, c: Float64Array): void {
  switch (a.fn) {
    case '__page_pool_get_cached':
      // netmem = pool->alloc.cache[--pool->alloc.count]
      if (next.rx.length > prev.rx.length) c[ALLOC_CACHE]++;
      return;
    case 'page_pool_refill_alloc_cache':
    case '__page_pool_alloc_pages_slow':
    case 'page_pool_alloc_frag': {
      const k = a.a;
      if (next.rx.length > prev.rx.length) {
        // the page handed out was in the page allocator before (_refcount 0): the slow path
        if (prev.pages[next.rx[next.rx.length - 1]].ref === 0) c[ALLOC_SLOW]++;
        else if (a.fn === 'page_pool_refill_alloc_cache') c[ALLOC_RING]++;
        else c[ALLOC_CACHE]++;
      }
      if (a.fn === 'page_pool_refill_alloc_cache') {
        const taken = prev.pools[k].ring.length - next.pools[k].ring.length;
        const dropped = leftPool(prev, next, scratch).length;
        c[REFILL_CACHED] += taken - dropped;
        c[REFILL_NUMA] += dropped;
      }
      return;
    }
    case 'page_pool_recycle_in_cache:store':
      c[FREE_CACHE]++;
      return;
    case 'page_pool_recycle_in_ring': {
      const k = prev.actors[a.cpu * 3 + a.ctx].pool;
      if (next.pools[k].ring.length > prev.pools[k].ring.length) c[FREE_RING]++;
      else c[FREE_RING_FULL]++;
      return;
    }
    case 'napi_pp_put_page':
    case 'xdp_return_frame':
    case 'page_pool_recycle_direct':
    case 'netpoll_poll_dev': {
      const pg = putPage(prev, a);
      if (pg < 0) return;
      if (next.pages[pg].pp < 0 && prev.pages[pg].pp >= 0) {
        c[returnRoad(prev, pg)]++;
        return;
      }
      const act = next.actors[a.cpu * 3 + a.ctx];
      if (act.page !== pg) return; // not the last pp reference: no free yet
      const direct = act.op === OP_PUSH_READ || (act.op === OP_SYNC_CHECK && act.c === 1);
      const ring = act.op === OP_RING || (act.op === OP_SYNC_CHECK && act.c === 0);
      if (!direct && !ring) return;
      const listed = prev.napi.owner === a.cpu;
      c[DEC[(direct ? 0 : 2) + (listed ? 0 : 1)]]++;
      return;
    }
    default:
      return;
  }
}

/** Gauges of a state; `descs` and `nodes` are the model's bounds. */
export function measurer(descs: number, nodes: number): (s: PagePoolState, out: Float64Array) => void {
  return (s, out) => {
    let inflight = 0;
    let storage = 0;
    for (const P of s.pools) {
      if (P.st !== POOL_ALIVE) continue;
      inflight += P.hold - P.release;
      storage += P.count + P.ring.length;
    }
    let held = 0;
    for (const x of ppHeldCounts(s)) held += x;
    const n = s.napi;
    const P = s.pools[n.pool];
    const cpu = n.run >= 0 ? n.run : n.irq;
    const pref = P.nid < 0 ? cpu % nodes : P.nid;
    const starved =
      P.st === POOL_ALIVE && s.rx.length < descs && P.count === 0 && P.ring.length === 0 && !s.pages.some((p) => p.ref === 0 && p.nid === pref);
    out[0] = inflight;
    out[1] = held;
    out[2] = storage;
    out[3] = starved ? 1 : 0;
    out[4] = n.owner >= 0 || (n.sched && n.run >= 0) ? 1 : 0;
  };
}
