/**
 * net/core/datagram.c (Linux 6.12, Debian's linux-source-6.12): the copy of an skb's data to
 * user space (skb_copy_datagram_msg -> skb_copy_datagram_iter -> __skb_datagram_iter). Leaves
 * out: the bytes, offsets and lengths (every frag is read whole), frag_list, the iov_iter.
 */
import type { Env } from '../../../env.ts';
import type { PagePoolState } from '../../../state.ts';
import { skb_frags_readable } from '../../include/linux/skbuff.ts';
import { netmem_to_page } from '../../include/net/netmem.ts';

/**
 * __skb_datagram_iter(): copies the linear part, then `if (!skb_frags_readable(skb)) goto
 * short_copy;` (-EFAULT), else every frag through skb_frag_foreach_page() ->
 * kmap_local_page(skb_frag_page(frag)) (skb_frag_page(): netmem_to_page() of the frag's netmem).
 * Returns 0, or -1 for the short copy.
 */
export function __skb_datagram_iter(t: PagePoolState, env: Env, j: number): number {
  const x = t.skbs[j];
  if (!skb_frags_readable(x)) return -1; // goto short_copy
  const h = t.sh[x.sh];
  for (const r of h.refs.slice(h.head ? 1 : 0)) netmem_to_page(t, env, r >> 1); // kmap_local_page(p)
  return 0;
}
