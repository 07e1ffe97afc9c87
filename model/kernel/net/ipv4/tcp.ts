/**
 * net/ipv4/tcp.c (Linux 6.12, Debian's linux-source-6.12): tcp_recvmsg_locked() reading one skb
 * of the receive queue to the end and eating it. Leaves out: sequence numbers, urgent data,
 * partial reads (the skb is read whole), MSG_PEEK, the socket lock and backlog;
 * tcp_recvmsg_dmabuf()'s tokens (6.12: the user's reference on each net_iov, a pp_ref_count
 * reference dropped by SO_DEVMEM_DONTNEED, is not modelled: the net_iov goes back with the skb).
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';
import { skb_frags_readable } from '../../include/linux/skbuff.ts';
import { __skb_datagram_iter } from '../core/datagram.ts';
import { consumeSkb } from '../core/skbuff.ts';

/**
 * tcp_recvmsg_locked() with MSG_SOCK_DEVMEM on skb `a`: `if (skb_frags_readable(skb))
 * skb_copy_datagram_msg()` else tcp_recvmsg_dmabuf() (the frags are handed out as dma-buf
 * offsets: no page is touched); then tcp_eat_recv_skb() -> __kfree_skb() in process context.
 */
export function tcp_recvmsg(t: PagePoolState, a: Action, env: Env, act: Actor): void {
  const j = a.a;
  if (skb_frags_readable(t.skbs[j])) __skb_datagram_iter(t, env, j); // skb_copy_datagram_msg()
  // else tcp_recvmsg_dmabuf(): net_iov_virtual_addr(niov) + offsets in a cmsg
  consumeSkb(t, env, act, j, false, false); // tcp_eat_recv_skb(): __kfree_skb()
}
