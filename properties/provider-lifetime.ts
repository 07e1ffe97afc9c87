import type { Invariant } from '../src/engine/model.ts';
import type { PagePoolState } from '../model/state.ts';
import * as St from '../model/state.ts';
import { reasonWitness } from './witness.ts';

// local copies: imported bindings are accessor calls once transpiled (tsx), and properties run on every state
const { POOL_FREED } = St;

/**
 * provider-lifetime (checked in the scenarios that name it: devmem)
 *
 * Statement: with a memory provider (pool->mp_ops, devmem's dma-buf binding):
 * (1) the binding is never used after its last reference went (ghost
 * `g.mpUaf`: every genpool alloc/free and refcount change checks it);
 * (2) page_pool_return_netmem() never put_page()s a net_iov (ghost
 * `g.niovPut`: release_netmem must return false for a netmem the provider
 * keeps); (3) a net_iov back in the binding's free list names no pool
 * (page_pool_clear_pp_info() before net_devmem_free_dmabuf()); (4) once the
 * binding is unbound and its pool freed, the binding is freed (refcount 0:
 * mp_ops->destroy dropped the pool's reference).
 *
 * Kernel rationale: net_devmem_unbind_dmabuf() runs when the user's netlink
 * socket closes, while the RX queue's old pool may still have net_iovs in
 * flight (in skbs, in sockets); they come back through
 * page_pool_return_netmem() -> mp_dmabuf_devmem_release_page() ->
 * net_devmem_free_dmabuf(), which writes the binding's genpool. Only the
 * reference mp_dmabuf_devmem_init() takes (dropped by
 * mp_dmabuf_devmem_destroy() from page_pool_uninit()) keeps the binding alive
 * until the last one came back. A net_iov is not a struct page: put_page() on
 * it corrupts whatever memory netmem_to_page() points at, hence "We don't want
 * the page pool put_page()ing our net_iovs" (return false).
 *
 * Motivating commits (v6.12, devmem TCP): "net: page_pool: create hooks for
 * custom memory providers" and "memory-provider: dmabuf devmem memory
 * provider" (mp_dmabuf_devmem_*: the binding reference taken in init, the
 * release that keeps its net_iovs).
 */
export const providerLifetime: Invariant<PagePoolState> = {
  id: 'provider-lifetime',
  description: 'a memory provider\'s binding lives until its pool is freed, its net_iovs are never put_page()d and come back to it with no pool',
  check(s) {
    if (s.binding < 0) return null;
    if (s.g.mpUaf >= 0) return 'the dma-buf binding was used after its last reference was dropped (net_devmem_dmabuf_binding_put)';
    if (s.g.niovPut >= 0) return `page_pool_return_netmem() put_page()d net_iov page${s.g.niovPut} (release_netmem returned true)`;
    for (let pg = 0; pg < s.pages.length; pg++) {
      const p = s.pages[pg];
      if (p.ref === 0 && p.pp >= 0) return `net_iov page${pg} is free in the binding but still names pool${p.pp} (page_pool_clear_pp_info missing)`;
    }
    if (!s.bound && s.binding > 0 && s.pools[0].st === POOL_FREED)
      return `the binding is unbound and its pool freed but still holds ${s.binding} reference(s): it is never freed`;
    return null;
  },
  witness(s) {
    return reasonWitness(this.check(s));
  },
};
