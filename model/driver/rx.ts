/**
 * The driver side of RX (a NAPI driver in the style of mlx5e/bnxt, as 6.12
 * mainline drivers use page_pool): its IRQ handler and the calls its NAPI
 * poll makes, as the start rules of the kernel functions they call
 * (model/registry.ts joins them with the functions). Leaves out: descriptor
 * rings beyond `descs` slots, TX, multi-buffer XDP, header split.
 */
import type { Action, Env } from '../env.ts';
import { nodeOf, push } from '../env.ts';
import { prefNid } from '../kernel/net/core/page_pool.ts';
import { freeShSlot, freeSkbSlot } from '../kernel/net/core/skbuff.ts';
import { XDP_BULK_QUEUE_SIZE } from '../kernel/net/core/xdp.ts';
import { REDIRECT_MULTI_BUFFER } from '../kernel/net/core/filter.ts';
import type { Ctx, PagePoolState } from '../state.ts';
import { POOL_ALIVE, SKB_BUILDING, SKB_DEFERRED, SKB_GRO, TASK } from '../state.ts';
import { GRO_FRAGS_ONLY, canGroReceive } from '../kernel/net/core/gro.ts';
import { hasFragList } from '../kernel/net/core/skbuff.ts';
import { MAX_SKB_FRAGS } from '../bounds.ts';

/** Slow-path choices: pfmemalloc or not (under memory pressure). */
function slowChoices(env: Env): number[] {
  return env.pressure ? [0, 1] : [0];
}
function hasFreePage(s: PagePoolState, nid: number): boolean {
  return s.pages.some((p) => p.ref === 0 && p.nid === nid);
}
/** The skb the poll is building (build_skb .. skb_mark_for_recycle), or -1. */
function building(s: PagePoolState): number {
  const skbs = s.skbs;
  for (let j = 0; j < skbs.length; j++) if (skbs[j].st === SKB_BUILDING) return j;
  return -1;
}
/** The poll refills an RX descriptor: a packet is still to come, a slot is free, the pool is alive. */
function refills(s: PagePoolState, env: Env): boolean {
  return s.budget > 0 && s.rx.length < env.descs && s.pools[s.napi.pool].st === POOL_ALIVE;
}

// ---- the IRQ handler (hardirq of napi.irq)

/** driver IRQ handler -> napi_schedule(): a packet arrives (budget) for an RX ring whose pool is alive. */
export function irqSchedules(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const n = s.napi;
  if (cpu !== n.irq || n.sched || n.disabled || s.budget <= 0 || s.pools[n.pool].st !== POOL_ALIVE) return;
  if (!env.threaded) return push(out, 'napi_schedule', cpu, ctx);
  // threaded NAPI: the woken kthread is not bound to a CPU; the scheduler may run this poll on any
  for (let k = 0; k < env.cpus; k++) push(out, 'napi_schedule', cpu, ctx, k);
}

/**
 * netpoll_poll_dev() from hard IRQ (netconsole) -> the driver's poll with budget 0 drops an RX
 * buffer with page_pool_recycle_direct() (drivers that do page work at budget 0; mainline drivers
 * do none, so netpoll never enters page_pool: cfg.netpollAllowDirect false).
 */
export function netpollPolls(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (env.cfg.netpollAllowDirect && cpu === s.napi.irq && s.rx.length > 0) push(out, 'netpoll_poll_dev', cpu, ctx, s.rx[0]);
}

// ---- the NAPI poll (softirq of napi.run, or its kthread when threaded)

/** page_pool_dev_alloc_frag(): the nested page_pool_alloc_pages may need the slow path. */
export function pollAllocsFrag(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (refills(s, env)) for (const pfm of slowChoices(env)) push(out, 'page_pool_alloc_frag', cpu, ctx, s.napi.pool, pfm);
}
/** page_pool_dev_alloc(pool, &offset, &size) with the received size: a frag (small) or a whole page (size > max_size / 2). */
export function pollAllocsSized(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (!refills(s, env)) return;
  for (const large of [0, 2]) for (const pfm of slowChoices(env)) push(out, 'page_pool_alloc', cpu, ctx, s.napi.pool, large + pfm);
}
/** page_pool_dev_alloc_pages() with a non-empty alloc cache (drivers that do not use frags). */
export function pollAllocsPage(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const pool = s.napi.pool;
  if (!env.on.page_pool_alloc_frag && refills(s, env) && s.pools[pool].count > 0) push(out, 'page_pool_alloc_pages', cpu, ctx, pool);
}
/** page_pool_dev_alloc_pages() with an empty cache and pages in the ring: the refill. */
export function pollRefills(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const pool = s.napi.pool;
  const P = s.pools[pool];
  if (env.on.page_pool_alloc_frag || !refills(s, env) || P.count > 0 || P.ring.length === 0) return;
  for (const pfm of slowChoices(env)) push(out, 'page_pool_refill_alloc_cache', cpu, ctx, pool, pfm);
}
/** page_pool_dev_alloc_pages() with cache and ring empty: the slow path, if the node has a free frame. */
export function pollAllocsSlow(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const pool = s.napi.pool;
  const P = s.pools[pool];
  if (env.on.page_pool_alloc_frag || !refills(s, env) || P.count > 0 || P.ring.length > 0) return;
  if (hasFreePage(s, prefNid(s, env, pool, cpu))) for (const pfm of slowChoices(env)) push(out, '__page_pool_alloc_pages_slow', cpu, ctx, pool, pfm);
}
/** mlx5e-style: if (pool->p.nid != numa_mem_id()) page_pool_nid_changed() -> page_pool_update_nid(). */
export function pollUpdatesNid(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const pool = s.napi.pool;
  const P = s.pools[pool];
  if (P.st === POOL_ALIVE && P.nid >= 0 && P.nid !== nodeOf(env, cpu)) push(out, 'page_pool_update_nid', cpu, ctx, pool);
}
/** A received buffer starts an skb (build_skb) when none is being built and a slot is free. */
export function pollBuildsSkb(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (s.rx.length > 0 && building(s) < 0 && freeSkbSlot(s) >= 0 && freeShSlot(s) >= 0) push(out, 'build_skb', cpu, ctx);
}
/** The next received buffer becomes a frag of the skb being built (at most 2 pages per skb). */
export function pollAddsFrag(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const j = building(s);
  if (s.rx.length > 0 && j >= 0 && s.sh[s.skbs[j].sh].refs.length < 2) push(out, 'skb_add_rx_frag', cpu, ctx, j);
}
/** XDP_DROP of a received buffer. */
export function pollDrops(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (s.rx.length > 0 && building(s) < 0) push(out, 'page_pool_recycle_direct', cpu, ctx);
}
/**
 * XDP_REDIRECT of a received buffer (at most one frame in flight; a bulk's worth where the TX
 * side returns them in bulk), or, where the driver builds multi-buffer packets, of the next two
 * buffers of one pool (the RX queue's: xdp_rxq_info's mem) as one frame with a frag.
 */
export function pollRedirects(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (s.rx.length === 0 || building(s) >= 0 || s.xdp.length >= (env.on.xdp_return_frame_bulk ? XDP_BULK_QUEUE_SIZE : 1)) return;
  push(out, 'xdp_do_redirect', cpu, ctx);
  if (twoBufferPacket(s, env)) push(out, 'xdp_do_redirect', cpu, ctx, -1, REDIRECT_MULTI_BUFFER);
}

/** A multi-buffer packet can be received: the next two RX buffers, of one pool. */
function twoBufferPacket(s: PagePoolState, env: Env): boolean {
  return env.scen.xdpMultiBuffer === true && s.rx.length >= 2 && s.pages[s.rx[0]].pp === s.pages[s.rx[1]].pp;
}

/** The XDP program shrinks a multi-buffer packet's tail by its frag (bpf_xdp_adjust_tail). */
export function pollShrinksTail(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (building(s) < 0 && twoBufferPacket(s, env)) push(out, 'bpf_xdp_adjust_tail', cpu, ctx);
}

/** XDP_DROP of a multi-buffer packet: xdp_return_buff() of its two RX buffers. */
export function pollDropsMultiBuffer(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (building(s) < 0 && twoBufferPacket(s, env)) push(out, 'xdp_return_buff', cpu, ctx);
}

/**
 * xdp_return_frame_rx_napi() in the poll: at its xdp_do_flush(), devmap's bq_xmit_all() drops
 * the frames the target's ndo_xdp_xmit() refused (frames this poll redirected).
 */
export function pollReturnsFrameRxNapi(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (s.xdp.length > 0) push(out, 'xdp_return_frame_rx_napi', cpu, ctx, 0);
}
/** A driver that counts its descriptor's frag users itself (mlx5e) releases a received buffer: page_pool_put_unrefed_page(.., true). */
export function pollReleasesUnrefed(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (s.rx.length > 0 && building(s) < 0) push(out, 'page_pool_put_unrefed_page', cpu, ctx, 0);
}
/**
 * The skb being built gets a page from the page allocator as a frag (skb_fill_page_desc() of
 * an alloc_page(): a copy-break or header buffer), next to its pool pages (at most 2 pages per skb).
 */
export function pollAddsPageFrag(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const j = building(s);
  if (j >= 0 && s.sh[s.skbs[j].sh].refs.length < 2 && s.pages.some((p) => p.ref === 0)) push(out, 'skb_fill_page_desc', cpu, ctx, j);
}
/**
 * A header-split driver (devmem TCP: bnxt, gve) starts an skb for a received packet: its headers
 * copied into a napi_alloc_skb() head (when none is being built and a slot is free).
 */
export function pollAllocsSkbHead(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (building(s) >= 0 || freeSkbSlot(s) < 0 || freeShSlot(s) < 0) return;
  if (s.rx.length > 0) push(out, 'napi_alloc_skb', cpu, ctx, -1, 0);
  // a packet that fits the header buffer (its payload buffer stays posted): one packet of the budget
  if (s.budget > 0) push(out, 'napi_alloc_skb', cpu, ctx, -1, 1);
}
/** ... and adds the packet's payload buffer as its one frag (skb_add_rx_frag_netmem), or hands it up with the headers only. */
export function pollAddsNetmemFrag(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const j = building(s);
  if (s.rx.length > 0 && j >= 0 && s.sh[s.skbs[j].sh].refs.length === 0 && !s.sh[s.skbs[j].sh].head) push(out, 'skb_add_rx_frag_netmem', cpu, ctx, j);
}
/** napi_threaded_poll_loop(): the kthread flushes its CPU's defer list with BH still disabled. */
export function pollFlushesDefer(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (env.threaded && ctx === TASK && s.skbs.some((x) => x.st === SKB_DEFERRED && x.cpu === cpu)) push(out, 'skb_defer_free_flush', cpu, ctx);
}
/** The skb being built is marked for recycling and handed to the stack (napi_gro_receive). */
export function pollMarksSkb(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const j = building(s);
  // a header-split driver's skb (napi_alloc_skb) goes up once its payload frag is in
  if (j >= 0 && env.on.skb_add_rx_frag_netmem && !s.sh[s.skbs[j].sh].head && s.sh[s.skbs[j].sh].refs.length === 0) return;
  if (j >= 0 && env.cfg.skbRecycling) push(out, 'skb_mark_for_recycle', cpu, ctx, j);
}
/** The poll completes when no skb is half built (and, with GRO, after napi_gro_flush: nothing is held). */
export function pollCompletes(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  // (liveness mutant, config pollCompletes false: the poll never completes)
  if (building(s) < 0 && groHeld(s) < 0 && env.cfg.pollCompletes !== false) push(out, 'napi_complete_done', cpu, ctx);
}

// ---- GRO (napi_gro_receive instead of handing the skb up at once)

/** The packet held on the GRO list, or -1. */
function groHeld(s: PagePoolState): number {
  const skbs = s.skbs;
  for (let j = 0; j < skbs.length; j++) if (skbs[j].st === SKB_GRO) return j;
  return -1;
}
/** napi_gro_receive() of the built skb with no packet held: GRO_HELD. */
export function pollGroHolds(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const j = building(s);
  if (j >= 0 && env.cfg.skbRecycling && groHeld(s) < 0) push(out, 'napi_gro_receive', cpu, ctx, j);
}
/** napi_gro_receive() of the built skb onto the held packet: skb_gro_receive(), head stolen or frags only. */
export function pollGroMerges(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const j = building(s);
  const p = groHeld(s);
  if (j < 0 || p < 0 || !env.cfg.skbRecycling) return;
  // a packet with a frag_list takes the next ones by skb_gro_receive_list (the model does not follow
  // skb_gro_receive()'s `lp = NAPI_GRO_CB(p)->last`: frags after a `merge:` go to the last member)
  if (hasFragList(s, p)) return;
  if (canGroReceive(s, p, j, false, MAX_SKB_FRAGS)) push(out, 'skb_gro_receive', cpu, ctx, p, j);
  if (canGroReceive(s, p, j, true, MAX_SKB_FRAGS)) push(out, 'skb_gro_receive', cpu, ctx, p, j + GRO_FRAGS_ONLY);
}
/**
 * A fraglist flow (NETIF_F_GRO_FRAGLIST: udp4_gro_receive / tcp4_gro_receive with
 * `NAPI_GRO_CB(p)->is_flist`): skb_gro_receive_list() chains the built skb on the held packet's
 * frag_list, whatever its frags (skb_gro_receive()'s `merge:` when they do not fit is the same chain).
 */
export function pollGroLists(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const j = building(s);
  const p = groHeld(s);
  if (j >= 0 && p >= 0 && env.cfg.skbRecycling) push(out, 'skb_gro_receive_list', cpu, ctx, p, j);
}
/**
 * napi_gro_flush() / napi_gro_complete(): the held packet goes up the stack, before
 * napi_complete_done() or while the next skb waits: dev_gro_receive() completes the held packet
 * when the new one cannot be merged (skb_gro_receive() -E2BIG, the flow's flush), then holds the
 * new one. The frag_list merge is not modelled, so this is the way on when the frags do not fit.
 */
export function pollGroFlushes(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  const p = groHeld(s);
  if (p >= 0) push(out, 'napi_gro_flush', cpu, ctx, p);
}
