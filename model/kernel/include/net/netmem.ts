/**
 * include/net/netmem.h (Linux 6.12, as Debian's linux-source-6.12 has it): the netmem_ref
 * classifiers the skb paths use on a frag. A netmem is a net_iov when bit 0 (NET_IOV) of the
 * reference is set; in the model every page of a devmem scenario is a net_iov of the dma-buf
 * binding (model/kernel/net/core/devmem.ts: the scenario's pool0 is the provider's and the only
 * pool), every other page a struct page. Leaves out: compound pages, netmem_address().
 */
import type { Env } from '../../../env.ts';
import type { PagePoolState } from '../../../state.ts';

/** netmem_is_net_iov(): `(__force unsigned long)netmem & NET_IOV`. */
export function netmem_is_net_iov(env: Env, _pg: number): boolean {
  return env.scen.devmem === true;
}

/**
 * netmem_to_page(): `if (WARN_ON_ONCE(netmem_is_net_iov(netmem))) return NULL;` then the page.
 * A net_iov handed to it is treated as a struct page: ghost `niovAsPage` (the caller goes on with a
 * NULL page: compound_head(), kmap, get_page on it). Returns the page, or -1 (NULL).
 */
export function netmem_to_page(t: PagePoolState, env: Env, pg: number): number {
  if (netmem_is_net_iov(env, pg)) {
    if (t.g.niovAsPage < 0) t.g.niovAsPage = pg;
    return -1;
  }
  return pg;
}
