/**
 * net/core/devmem.c (Linux 6.12, as Debian's linux-source-6.12 has it: the
 * memory provider behind `pool->mp_ops`): devmem TCP's dma-buf binding as a
 * page_pool memory provider. The pool allocates the binding's net_iovs
 * (mp_dmabuf_devmem_alloc_netmems) instead of pages, gives them back through
 * mp_dmabuf_devmem_release_page (which keeps them: it returns false, so the
 * pool never put_page()s a net_iov), and holds a reference on the binding from
 * mp_ops->init (page_pool_init) to mp_ops->destroy (page_pool_uninit, in
 * __page_pool_destroy), so a binding unbound by its user while the pool still
 * has net_iovs in flight stays alive until the last one came back.
 *
 * Leaves out: the dma-buf attachment and its DMA addresses (a net_iov is
 * never DMA-mapped by the pool: page_pool_dma_map is not called on it),
 * the genpool chunks (a free net_iov is one with `ref` 0), the socket's
 * references (6.12: tcp_recvmsg_dmabuf takes a pp_ref_count reference,
 * sock_devmem_dontneed drops it with napi_pp_put_page: the same pp reference
 * an skb frag holds), unreadable-skb handling (no model path reads bytes).
 * Later kernels: io_uring zero-copy RX (6.15) is a second provider with the
 * same ops; net_iov gained its own user reference count next to pp_ref_count
 * and the ops moved to include/net/page_pool/memory_provider.h.
 */
import type { Action, Env } from '../../../env.ts';
import type { Actor, PagePoolState } from '../../../state.ts';

/** The pool whose mp_ops is dmabuf_devmem_ops in a devmem scenario (pool0). */
export function hasProvider(env: Env, k: number): boolean {
  return env.scen.devmem === true && k === 0;
}

/** Any access to the binding (its genpool, its refcount): after the last put it is a use after free. */
function touchBinding(t: PagePoolState): void {
  if (t.binding <= 0 && t.g.mpUaf < 0) t.g.mpUaf = 1;
}

/** mp_dmabuf_devmem_init(): pool->dma_sync = false; order must be 0; net_devmem_dmabuf_binding_get(binding). */
export function mp_dmabuf_devmem_init(binding: number): number {
  return binding + 1; // net_devmem_dmabuf_binding_get(binding)
}

/** net_devmem_dmabuf_binding_put(): the last reference frees the binding (net_devmem_dmabuf_binding_free). */
function bindingPut(t: PagePoolState): void {
  touchBinding(t);
  t.binding--;
}

/**
 * mp_dmabuf_devmem_alloc_netmems(): net_devmem_alloc_dmabuf(binding) (a free net_iov of the
 * binding's genpool, or 0); page_pool_set_pp_info(pool, netmem); pool->pages_state_hold_cnt++.
 */
export function mp_dmabuf_devmem_alloc_netmems(t: PagePoolState, k: number): number {
  touchBinding(t);
  const pg = t.pages.findIndex((p) => p.ref === 0);
  if (pg < 0) return -1; // if (!niov) return 0;
  const p = t.pages[pg];
  p.ref = 1; // allocated from the binding (a net_iov has no _refcount: the model's "in use")
  p.pfm = false;
  // page_pool_set_pp_info(pool, netmem)
  p.pp = k;
  p.magic = true; // (niov)
  p.ppRef = 1; // page_pool_fragment_netmem(netmem, 1) (niov)
  t.pools[k].hold++; // pool->pages_state_hold_cnt++ (niov)
  return pg;
}

/**
 * mp_dmabuf_devmem_release_page() (mp_ops->release_netmem from page_pool_return_netmem()):
 * `if (WARN_ON_ONCE(refcount != 1)) return false;` page_pool_clear_pp_info(netmem);
 * net_devmem_free_dmabuf(niov); `return false;` ("We don't want the page pool put_page()ing
 * our net_iovs").
 */
export function mp_dmabuf_devmem_release_page(t: PagePoolState, pg: number): boolean {
  const p = t.pages[pg];
  if (p.ppRef !== 1) return false; // WARN_ON_ONCE(refcount != 1)
  // page_pool_clear_pp_info(netmem)
  p.pp = -1;
  p.magic = false;
  p.ppRef = 0;
  net_devmem_free_dmabuf(t, pg);
  return false;
}

/** net_devmem_free_dmabuf(): gen_pool_free(binding->chunk_pool, ...): the net_iov is free in its binding again. */
export function net_devmem_free_dmabuf(t: PagePoolState, pg: number): void {
  touchBinding(t);
  t.pages[pg].ref = 0;
}

/** mp_dmabuf_devmem_destroy() (mp_ops->destroy, from page_pool_uninit() in __page_pool_destroy()): the pool's binding reference. */
export function mp_dmabuf_devmem_destroy(t: PagePoolState): void {
  bindingPut(t);
}

/**
 * net_devmem_unbind_dmabuf() (the netlink socket that bound the dma-buf closes): every bound RX
 * queue's mp_params.mp_priv = NULL (the driver's queue restart then replaces the pool, the script's
 * next steps); net_devmem_dmabuf_binding_put(binding): the bind's reference. A driver script step.
 */
export function net_devmem_unbind_dmabuf(t: PagePoolState, _a: Action, _env: Env, _act: Actor): void {
  t.bound = false;
  bindingPut(t);
  t.drv++;
}
