/**
 * The rest of the system that calls into page_pool and skbuff: the network
 * stack consuming skbs (softirq of the CPUs in `skbCpus`), tasks freeing
 * them, another subsystem taking page references (the last CPU), XDP frame
 * returns, and the release worker (system workqueue, cpu0). Start rules only;
 * model/registry.ts joins them with the kernel functions.
 */
import type { Action, Env } from './env.ts';
import { push } from './env.ts';
import { COALESCE_HEADLEN0, SHIFT_ALL, SHIFT_MERGE, SHIFT_MODES, SHIFT_PARTIAL, SPLIT_IN_HEADER, canCoalesce, canShift, freeShSlot, freeSkbSlot, hasFragList, segmentDescs, shared } from './kernel/net/core/skbuff.ts';
import { MAX_SKB_FRAGS } from './bounds.ts';
import { XDP_BULK_QUEUE_SIZE } from './kernel/net/core/xdp.ts';
import type { Ctx, PagePoolState } from './state.ts';
import { POOL_DESTROYING, SKB_DEFERRED, SKB_LIVE } from './state.ts';

// ---- per live skb j (softirq)

export function stackConsumes(_s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  push(out, 'napi_consume_skb', cpu, ctx, j);
}
export function stackClones(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  if (freeSkbSlot(s) >= 0 && s.sh[s.skbs[j].sh].dataref < 1 + env.clones) push(out, 'skb_clone', cpu, ctx, j);
}
/**
 * pskb_expand_head() of a clone that has frags (the head page, if any, is not a frag), or of a
 * skb that is not cloned and whose head is a page (skb_free_head() puts it).
 */
export function stackExpands(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  const h = s.sh[s.skbs[j].sh];
  // a clone with a frag_list: skb_clone_fraglist() takes skb_get() on each member (skb->users, not modelled)
  if (shared(s, j) ? h.refs.length > (h.head ? 1 : 0) && freeShSlot(s) >= 0 && !hasFragList(s, j) : h.head) push(out, 'pskb_expand_head', cpu, ctx, j);
}
/** skb_attempt_defer_free() on a CPU other than skb->alloc_cpu. */
export function stackDefers(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  if (s.skbs[j].cpu !== cpu) push(out, 'skb_attempt_defer_free', cpu, ctx, j);
}
export function stackCoalesces(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  for (let f = 0; f < s.skbs.length; f++) {
    if (f === j || !canCoalesce(s, env, j, f)) continue;
    push(out, 'skb_try_coalesce', cpu, ctx, j, f);
    // skb_headlen(from) == 0 with a head page (headers pulled): frags move, the head page is freed
    const h = s.sh[s.skbs[f].sh];
    if (!shared(s, f) && h.head && h.refs.length > 1) push(out, 'skb_try_coalesce', cpu, ctx, j, f + COALESCE_HEADLEN0);
  }
}

/**
 * The forwarding path's GSO: validate_xmit_skb() -> skb_gso_segment() -> skb_segment() of a live
 * skb with paged data (frags or a frag_list), while the segment's frags fit
 * (`nr_frags >= MAX_SKB_FRAGS`: -EINVAL, the packet is dropped: a plain free).
 */
export function stackSegments(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  const n = segmentDescs(s, j).length;
  if (n > 0 && n <= MAX_SKB_FRAGS && freeSkbSlot(s) >= 0 && freeShSlot(s) >= 0) push(out, 'skb_segment', cpu, ctx, j);
}
/**
 * tcp_fragment() -> skb_split() of TCP's own skb (pp_recycle 0: tcp_stream_alloc_skb() never marks
 * one for recycle; its pool pages arrived by page reference), uncloned first
 * (skb_unclone_keeptruesize: the model splits only one that is not cloned), with a frag.
 */
export function stackSplits(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  const x = s.skbs[j];
  if (x.ppr || shared(s, j) || hasFragList(s, j) || freeSkbSlot(s) < 0 || freeShSlot(s) < 0) return;
  const h = s.sh[x.sh];
  const nr = h.refs.length - (h.head ? 1 : 0);
  if (nr < 1) return;
  pushSplitLines(out, 'skb_split', cpu, ctx, j, nr, true);
}

/**
 * The split lines of skb_split() on skb `j` with `nr` frags, each an action `fn` with its `b`:
 * inside the header (SPLIT_IN_HEADER), at frag k >= 1 (2k), inside frag k (2k + 1; inside the
 * last frag only with `insideLast`).
 */
function pushSplitLines(out: Action[], fn: string, cpu: number, ctx: Ctx, j: number, nr: number, insideLast: boolean): void {
  push(out, fn, cpu, ctx, j, SPLIT_IN_HEADER);
  for (let k = 0; k < nr; k++) {
    if (k > 0) push(out, fn, cpu, ctx, j, 2 * k);
    if (insideLast || k < nr - 1) push(out, fn, cpu, ctx, j, 2 * k + 1);
  }
}
/**
 * The mesh forwarding path (batadv_route_unicast_packet() -> batadv_send_skb_to_orig() ->
 * batadv_frag_send_packet(), net/batman-adv/) -> batadv_frag_create() -> skb_split() of an RX
 * skb the driver built on a pool page (build_skb: a head page) and marked for recycle
 * (pp_recycle 1), too long for the next hop's MTU: uncloned (skb_cow(skb, ETH_HLEN); the model
 * fragments only one that is not cloned), no frag_list (batadv_frag_send_packet() linearizes one:
 * `if (skb_has_frag_list(skb) && __skb_linearize(skb))`), with a frag. The loop
 * (`while (skb->len > max_fragment_size)`) is the rule again on the same skb; a fragment
 * (dev_alloc_skb: no head page) is sent, never fragmented again on this node. The loop eats the
 * packet's length, which the model does not keep: so that it ends, each split leaves skb fewer
 * frags (inside the header; at frag k >= 1; inside frag k < nr_frags - 1). Left out: a split
 * line inside skb's last frag, which moves and references frags as inside any other frag.
 */
export function stackFragmentsBatadv(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  const x = s.skbs[j];
  if (!x.ppr || shared(s, j) || hasFragList(s, j) || freeSkbSlot(s) < 0 || freeShSlot(s) < 0) return;
  const h = s.sh[x.sh];
  if (!h.head) return;
  const nr = h.refs.length - 1;
  if (nr < 1) return;
  pushSplitLines(out, 'batadv_frag_create', cpu, ctx, j, nr, false);
}
/** tcp_shift_skb_data() / tcp_collapse_retrans() -> skb_shift(tgt = j, skb): two of TCP's skbs (pp_recycle 0), not cloned. */
export function stackShifts(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  const tgt = s.skbs[j];
  if (tgt.ppr || shared(s, j) || hasFragList(s, j)) return;
  for (let f = 0; f < s.skbs.length; f++) {
    const x = s.skbs[f];
    if (f === j || x.st !== SKB_LIVE || x.ppr || shared(s, f) || hasFragList(s, f)) continue;
    for (const mode of [SHIFT_ALL, SHIFT_PARTIAL, SHIFT_MERGE]) if (canShift(s, j, f, mode)) push(out, 'skb_shift', cpu, ctx, j, f + SHIFT_MODES * mode);
  }
}

// ---- softirq of a CPU

/** net_rx_action() flushes this CPU's defer list. */
export function softirqFlushesDefer(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (s.skbs.some((x) => x.st === SKB_DEFERRED && x.cpu === cpu)) push(out, 'skb_defer_free_flush', cpu, ctx);
}
export function xdpTargetReturns(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (s.xdp.length > 0) push(out, 'xdp_return_frame', cpu, ctx, 0);
}

/**
 * A TX completion returns `n` queued XDP frames in bulk (xdp_return_frame_bulk then
 * xdp_flush_frame_bulk): the first `n` frames, 1 <= n <= XDP_BULK_QUEUE_SIZE, of one pool or
 * of two (the bulk is flushed where the mem id changes); a larger completion flushes in
 * several bulks: the same steps again.
 */
export function xdpTargetReturnsBulk(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  for (let n = 1; n <= XDP_BULK_QUEUE_SIZE && n <= s.xdp.length; n++) push(out, 'xdp_return_frame_bulk', cpu, ctx, 0, n);
}

// ---- task context

/** kfree_skb() of a live skb; with bhFrees also inside local_bh_disable(). */
export function taskFrees(_s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  push(out, 'kfree_skb', cpu, ctx, j, 0);
  if (env.scen.bhFrees) push(out, 'kfree_skb', cpu, ctx, j, 1);
}

/** The socket's reader (recvmsg with MSG_SOCK_DEVMEM, process context) reads a live skb and eats it. */
export function taskReceives(_s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[], j: number): void {
  push(out, 'tcp_recvmsg', cpu, ctx, j);
}

/**
 * A cpumap entry's kthread on this CPU takes the first frame in flight (XDP_REDIRECT into a
 * BPF_MAP_TYPE_CPUMAP) and builds an skb of it, when an skb slot is free.
 */
export function cpumapBuildsSkb(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (s.xdp.length > 0 && freeSkbSlot(s) >= 0 && freeShSlot(s) >= 0) push(out, '__xdp_build_skb_from_frame', cpu, ctx, 0);
}

/** Another subsystem (a socket splice, a tap) takes a reference on a page a live skb holds; runs on the last CPU. */
export function otherGetsPage(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (cpu !== env.cpus - 1 || s.ext.length > 0) return;
  const seen = new Set<number>();
  for (let j = 0; j < s.skbs.length; j++) {
    const x = s.skbs[j];
    if (x.st !== SKB_LIVE) continue;
    for (const r of s.sh[x.sh].refs) {
      const pg = r >> 1;
      if (!seen.has(pg)) {
        seen.add(pg);
        push(out, 'get_page', cpu, ctx, pg);
      }
    }
  }
}
/** ... and drops it. */
export function otherPutsPage(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (cpu === env.cpus - 1 && s.ext.length > 0) push(out, 'put_page', cpu, ctx, s.ext[0]);
}

/**
 * page_pool_release_retry() (delayed work) reruns page_pool_release() (cpu0). The model runs
 * it when the run can change something: pages came back (release_cnt moved) or sit in the
 * ring, or the last page_pool_release() saw inflight < 0 (page_pool_destroy() schedules the
 * work for any non-zero inflight; the worker then stops, or, before 43130d02baa1, re-arms
 * forever, which release-worker-stops reports). A rerun with none of these is a stutter.
 */
export function workerRetries(s: PagePoolState, _env: Env, cpu: number, ctx: Ctx, out: Action[]): void {
  if (cpu !== 0) return;
  for (let i = 0; i < s.pools.length; i++) {
    const p = s.pools[i];
    if (p.st === POOL_DESTROYING && p.retry && (p.release !== p.seen || p.ring.length > 0 || p.hold - p.seen < 0))
      push(out, 'page_pool_release_retry', cpu, ctx, i);
  }
}
