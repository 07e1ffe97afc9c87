import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import { reasonWitness } from './witness.ts';

/**
 * net-iov-not-page (checked in the scenarios that name it: devmem-unreadable)
 *
 * Statement: no net_iov is ever treated as a struct page by the stack: no
 * netmem_to_page() / skb_frag_page() of a net_iov whose result is used as a
 * page (kmap_local_page() to copy its bytes, compound_head() and
 * page_is_pfmemalloc() in __skb_fill_netmem_desc()). Ghost `g.niovAsPage`, set
 * by model/kernel/include/net/netmem.ts netmem_to_page() on a net_iov (the
 * kernel's WARN_ON_ONCE(netmem_is_net_iov(netmem)) and NULL page).
 *
 * Kernel rationale (6.12): a net_iov is device memory behind a dma-buf; it has
 * no struct page and its bytes cannot be mapped by the CPU. The stack keeps it
 * apart with skb->unreadable: __skb_fill_netmem_desc() sets it for a net_iov
 * frag (and returns before netmem_to_page()), __copy_skb_header() copies it,
 * skb_try_coalesce() refuses to merge an unreadable skb with a readable one
 * (`skb_frags_readable(from) != skb_frags_readable(to)`), and every reader of
 * frag bytes checks skb_frags_readable() first (__skb_datagram_iter's
 * `goto short_copy`, tcp_recvmsg_locked() choosing tcp_recvmsg_dmabuf(),
 * skb_copy_bits, skb_checksum, pskb_pull_tail ...). A lost flag or a merge
 * across it lets a reader kmap a NULL page.
 *
 * Motivating commits (v6.12, devmem TCP): "net: support non paged skb frags"
 * (skb->unreadable, skb_frags_readable and the readers' checks) and "tcp: RX
 * path for devmem TCP" (tcp_recvmsg_dmabuf).
 */
export const netIovNotPage: Invariant<PagePoolState> = {
  id: 'net-iov-not-page',
  description: 'no net_iov is treated as a struct page: its bytes are never read through netmem_to_page / skb_frag_page',
  check(s) {
    if (s.g.niovAsPage >= 0) return `net_iov page${s.g.niovAsPage} was treated as a struct page (netmem_to_page / skb_frag_page of a net_iov: a NULL page)`;
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
