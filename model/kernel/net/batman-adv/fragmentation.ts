/**
 * net/batman-adv/fragmentation.c (Linux 6.12, Debian's linux-source-6.12): batadv_frag_create(),
 * the second caller of skb_split() besides TCP. batadv_frag_send_packet() eats a unicast packet
 * larger than the next hop's MTU from its tail, one fragment per batadv_frag_create(). It is
 * reached from the mesh forwarding path in softirq: a batman-adv unicast packet received on a
 * hard interface (batadv_batman_skb_recv() -> batadv_recv_unicast_packet() ->
 * batadv_route_unicast_packet(): `skb_cow(skb, ETH_HLEN)`, then batadv_send_skb_to_orig():
 * `skb->len > neigh_node->if_incoming->net_dev->mtu` -> batadv_frag_send_packet()). Nothing on
 * that path linearizes frags: batadv_frag_send_packet() linearizes only a frag_list
 * (`if (skb_has_frag_list(skb) && __skb_linearize(skb))`), so an RX skb of a page_pool driver
 * (pp_recycle 1, frags holding pp references) is split as it came. (A packet bridged into bat0
 * instead goes through dev_queue_xmit(): bat0 has no NETIF_F_SG, validate_xmit_skb()'s
 * `skb_needs_linearize()` linearizes it first; that path is not this one.)
 * Leaves out: lengths and the MTU arithmetic (the split line is any layout choice, as for
 * tcp_fragment), the fragment header (skb_reserve/skb_push/memcpy), priority, counters, the
 * send of the fragment (batadv_send_unicast_skb: the stack frees it later, FREE kinds).
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import { skb_split } from '../core/skbuff.ts';

/**
 * batadv_frag_create(net_dev, skb, frag_head, fragment_size) (net/batman-adv/fragmentation.c
 * 462-490): `skb_fragment = dev_alloc_skb(ll_reserved + mtu + tailroom);` (a new skb,
 * pp_recycle 0, head from the page-frag allocator: no pool page), then
 * `skb_split(skb, skb_fragment, skb->len - fragment_size);` -- the model's skb_split() of
 * net/core/skbuff.c, whose skb1 is that fresh pp_recycle-0 skb: the frags after the split line
 * MOVE to it with their pp references, a frag the line crosses gets `skb_frag_ref(skb, i)`.
 * `b` is skb_split()'s split line (SPLIT_IN_HEADER, 2k, 2k + 1).
 */
export function batadv_frag_create(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  skb_split(t, a, env, act); // dev_alloc_skb() is skb_split()'s new slot: pp_recycle 0, no page head
}
