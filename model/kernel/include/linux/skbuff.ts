/**
 * include/linux/skbuff.h (Linux 6.12 mainline): the inline skb helpers the
 * model's actions start from. Leaves out: drop reasons (kfree_skb_reason ->
 * sk_skb_reason_drop only frees), skb tracing.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState, Skb } from '../../../state.ts';
import { KIND_PAGE, KIND_PP, SKB_LIVE, TASK } from '../../../state.ts';
import { allocPage } from './mm.ts';
import { consumeSkb } from '../../net/core/skbuff.ts';
import { netmem_is_net_iov, netmem_to_page } from '../net/netmem.ts';

/** skb_mark_for_recycle(): skb->pp_recycle = 1; then napi_gro_receive() hands the skb to the stack. */
export function skb_mark_for_recycle(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const x = t.skbs[a.a];
  x.ppr = true;
  x.st = SKB_LIVE;
}

/** skb_add_rx_frag() (skb_fill_page_desc + len/truesize): the next RX buffer becomes a frag of the skb being built. */
export function skb_add_rx_frag(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const pg = t.rx.shift() as number;
  t.sh[t.skbs[a.a].sh].refs.push(pg * 2 + KIND_PP);
}

/**
 * skb_fill_page_desc(skb, i, alloc_page(GFP_ATOMIC), off, size): a page from the page
 * allocator, no pool's, becomes a frag of the skb being built; its reference is a
 * _refcount one. The skb keeps pp_recycle (skb_mark_for_recycle() marks the whole skb):
 * at the free skb_pp_recycle()/napi_pp_put_page() must tell it from the pool pages by
 * pp_magic (page_pool_page_is_pp()).
 */
export function skb_fill_page_desc(t: PagePoolState, a: Action, _env: Env, _act: Actor): void {
  const pg = allocPage(t);
  if (pg < 0) return;
  t.sh[t.skbs[a.a].sh].refs.push(pg * 2 + KIND_PAGE);
}

/** skb_frags_readable(): `return !skb->unreadable;` */
export function skb_frags_readable(x: Skb): boolean {
  return x.ur !== true;
}

/**
 * __skb_fill_netmem_desc(skb, i, netmem, off, size): the frag descriptor, then
 * `if (netmem_is_net_iov(netmem)) { skb->unreadable = true; return; }`; a page's pfmemalloc bit
 * propagates to the skb through `page = netmem_to_page(netmem)` (skb->pfmemalloc is not modelled).
 */
export function __skb_fill_netmem_desc(t: PagePoolState, env: Env, j: number, pg: number, kind: number): void {
  t.sh[t.skbs[j].sh].refs.push(pg * 2 + kind); // __skb_fill_netmem_desc_noacc()
  if (netmem_is_net_iov(env, pg)) {
    t.skbs[j].ur = true; // skb->unreadable = true
    return;
  }
  netmem_to_page(t, env, pg); // page = netmem_to_page(netmem); compound_head(page), page_is_pfmemalloc(page)
}

/**
 * skb_add_rx_frag_netmem() (skb_fill_netmem_desc + len/truesize): a header-split driver's next
 * RX buffer (a net_iov of the provider's pool, or a page) becomes a frag of the skb being built.
 */
export function skb_add_rx_frag_netmem(t: PagePoolState, a: Action, env: Env, _act: Actor): void {
  const pg = t.rx.shift() as number;
  __skb_fill_netmem_desc(t, env, a.a, pg, KIND_PP);
}

/** kfree_skb() -> kfree_skb_reason() -> sk_skb_reason_drop() -> __kfree_skb() (not napi_safe); b = 1: BH disabled. */
export function kfree_skb(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  consumeSkb(t, env, act, a.a, a.ctx === TASK && a.b === 1, false);
}
