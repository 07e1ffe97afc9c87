/**
 * Abstract behaviours of a page_pool transition, for `ppcheck diff`
 * (ModelFamily.behaviours): which kernel exit a page takes and who took it,
 * without page, skb or pool names, so that two variants' sets of reachable
 * behaviours can be compared ("a page reaches the page allocator via
 * napi_pp_put_page in X, never in mainline").
 *
 * A behaviour is "<what> via <action kind> [<context>]", where what is one of
 *   page → page allocator          _refcount reached 0 (__free_pages)
 *   page leaves its pool           page->pp cleared (page_pool_return_netmem / page_pool_clear_pp_info)
 *   page → alloc cache (NAPI CPU | pool's CPU | other CPU)   a slot below pool->alloc.count
 *                                   gained the page; pushed from the NAPI's CPU, the per-CPU pool's CPU, or another
 *   page → ptr_ring                 pool->ring gained the page
 *   page → RX descriptor            the driver's RX ring gained the page
 *   ghost: <flag>                   a ghost event that a property forbids (model/state.ts `g`)
 * and the context is task / task, BH off / softirq / hardirq.
 */
import type { PpAction } from './registry.ts';
import { CTX_NAMES, type PagePoolState } from './state.ts';

function counts(n: number, lists: Iterable<readonly number[]>): number[] {
  const c = new Array<number>(n).fill(0);
  for (const l of lists) for (const pg of l) if (pg >= 0 && pg < n) c[pg]++;
  return c;
}

function cacheLists(s: PagePoolState): number[][] {
  return s.pools.map((P) => P.cache.slice(0, Math.max(0, Math.min(P.count, P.cache.length))));
}

export function contextName(s: PagePoolState, a: PpAction): string {
  const name = CTX_NAMES[a.ctx] ?? `ctx${a.ctx}`;
  if (name === 'task') {
    const act = s.actors[a.cpu * 3 + a.ctx];
    if ((act && act.bh) || (a.fn === 'kfree_skb' && a.b === 1)) return 'task, BH off';
  }
  return name;
}

const GHOSTS: Record<keyof PagePoolState['g'], string> = {
  poolUaf: 'pool memory touched after kfree (poolUaf)',
  putFreed: 'put_page on a free page (putFreed)',
  ppUnderflow: 'pp_ref_count below 0 (ppUnderflow)',
  nonLocalPush: 'alloc cache written by a non-consumer context (nonLocalPush)',
  unmapDeadDev: 'dma_unmap after device unbind (unmapDeadDev)',
  negInflight: 'release worker saw inflight < 0 (negInflight)',
  syncUnmapped: 'dma_sync_for_device after the unmap (syncUnmapped)',
  oob: 'access outside a fixed-size array (oob)',
  pfmReuse: 'pfmemalloc page reused as the frag page (pfmReuse)',
  mpUaf: 'memory provider binding used after it was freed (mpUaf)',
  niovPut: 'put_page on a net_iov (niovPut)',
  niovAsPage: 'a net_iov treated as a struct page: netmem_to_page / skb_frag_page + kmap (niovAsPage)',
  foreign: 'a page no pool owns put into, counted by or returned through a pool (foreign)',
  badPage: 'a pool page freed to the page allocator: bad_page("page_pool leak") (badPage)',
  numaRemote: 'a page of another node refilled into, or kept in, the alloc cache (numaRemote)',
  dmaBad: 'DMA address or index lost: unmap/sync with another address than mapped (dmaBad)',
  statBad: 'a pool statistic updated where an update can be lost, or its per-CPU memory freed by a pool that does not own it (statBad)',
};

/** The behaviours of the transition prev --a--> next (sorted, no duplicates). */
export function pagePoolBehaviours(prev: PagePoolState, next: PagePoolState, a: PpAction): string[] {
  const out = new Set<string>();
  const n = Math.min(prev.pages.length, next.pages.length);
  // the context the action ran in, as the kernel would see it (read from the state before the step)
  const via = `via ${a.fn} [${contextName(prev, a)}]`;
  for (let pg = 0; pg < n; pg++) {
    const p = prev.pages[pg];
    const q = next.pages[pg];
    if (p.ref > 0 && q.ref === 0) out.add(`page → page allocator ${via}`);
    if (p.pp >= 0 && q.pp < 0) out.add(`page leaves its pool ${via}`);
  }
  const c0 = counts(n, cacheLists(prev));
  const c1 = counts(n, cacheLists(next));
  const r0 = counts(n, prev.pools.map((P) => P.ring));
  const r1 = counts(n, next.pools.map((P) => P.ring));
  const x0 = counts(n, [prev.rx]);
  const x1 = counts(n, [next.rx]);
  // the NAPI's CPU: the one whose poll runs (or last ran) it
  const napiCpu = prev.napi.run >= 0 ? prev.napi.run : prev.napi.owner;
  // whose cache: the pool's own CPU (page_pool_create_percpu), the NAPI's CPU, or another one
  const who = (pg: number): string => {
    const k = next.pools.findIndex((P) => P.cache.slice(0, Math.max(0, P.count)).includes(pg));
    if (k >= 0 && prev.pools[k].cpuid === a.cpu) return "pool's CPU";
    return a.cpu === napiCpu ? 'NAPI CPU' : 'other CPU';
  };
  for (let pg = 0; pg < n; pg++) {
    if (c1[pg] > c0[pg]) out.add(`page → alloc cache (${who(pg)}) ${via}`);
    if (r1[pg] > r0[pg]) out.add(`page → ptr_ring ${via}`);
    if (x1[pg] > x0[pg]) out.add(`page → RX descriptor ${via}`);
  }
  for (const k of Object.keys(GHOSTS) as (keyof PagePoolState['g'])[]) {
    if (prev.g[k] < 0 && next.g[k] >= 0) out.add(`ghost: ${GHOSTS[k]} ${via}`);
  }
  return [...out].sort();
}
