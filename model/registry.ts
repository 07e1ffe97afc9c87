/**
 * THE table of the model's kernel functions: for each action kind (the
 * kernel function's name), the kernel source file it follows, the model
 * function that steps it (model/kernel/<file>.ts, model/driver/), when it may
 * start (start rules, from model/driver/ and model/workload.ts), or which
 * in-flight operation it continues. The action kinds (`FNS`), the enabled
 * actions and the dispatch are derived from it here; docs/model.md's action
 * table is generated from it (scripts/docs-model.ts, test/model/structure.test.ts).
 *
 * The order of the table is the order of the action kinds (random mode's
 * swarm draws index it); `order` in a start rule is the position of that rule
 * in its place of the enumeration (BFS order and the golden counts depend on it).
 */
import { always, destroyMayRun, device_unbind, disableDirectMayRun, napiDisableMayRun, napiIsDisabled, restartMayRun } from './driver/control.ts';
import * as RX from './driver/rx.ts';
import * as MLX5E from './driver/mlx5e.ts';
import type { Action, Env, KindFlags, ScriptFn, SkbStartFn, StartFn, StartTables, StepFn } from './env.ts';
import { get_page, put_page } from './kernel/include/linux/mm.ts';
import { napi_schedule } from './kernel/include/linux/netdevice.ts';
import { kfree_skb, skb_add_rx_frag, skb_add_rx_frag_netmem, skb_fill_page_desc, skb_mark_for_recycle } from './kernel/include/linux/skbuff.ts';
import { tcp_recvmsg } from './kernel/net/ipv4/tcp.ts';
import { batadv_frag_create } from './kernel/net/batman-adv/fragmentation.ts';
import { page_pool_alloc, page_pool_put_full_page, page_pool_recycle_direct } from './kernel/include/net/page_pool/helpers.ts';
import { irq_set_affinity } from './kernel/kernel/irq/manage.ts';
import { napi_complete_done, napi_disable, napi_enable, skb_defer_free_flush } from './kernel/net/core/dev.ts';
import { bpf_xdp_adjust_tail, xdp_do_redirect } from './kernel/net/core/filter.ts';
import { netdev_rx_queue_restart } from './kernel/net/core/netdev_rx_queue.ts';
import { netpoll_poll_dev } from './kernel/net/core/netpoll.ts';
import * as PP from './kernel/net/core/page_pool.ts';
import * as SKB from './kernel/net/core/skbuff.ts';
import * as GRO from './kernel/net/core/gro.ts';
import { net_devmem_unbind_dmabuf } from './kernel/net/core/devmem.ts';
import { __xdp_build_skb_from_frame, __xdp_return, xdp_return_buff, xdp_return_frame, xdp_return_frame_bulk, xdp_return_frame_rx_napi, xdp_rxq_info_unreg } from './kernel/net/core/xdp.ts';
import type { ModelConfig } from './config.ts';
import type { Actor, PagePoolState } from './state.ts';
import * as S from './state.ts';
import * as W from './workload.ts';

/** Where a start rule runs in the enumeration of enabled actions (per CPU: hardirq, softirq, task). */
export type Place = keyof StartTables;

export interface StartRule {
  at: Place;
  order: number;
  rule: StartFn | SkbStartFn;
}

/** What an action's `a`/`b` name, for printers (model/printers.ts). */
export type ArgKind = 'none' | 'skb' | 'pool' | 'page' | 'cpu' | 'kthread' | 'frame' | 'coalesce' | 'free' | 'split' | 'shift' | 'header' | 'redirect';

export interface KernelFunction {
  /** the action kind: the kernel function's name (`:store` etc. for a later line of a split function) */
  fn: string;
  /** what its `a`/`b` name in a trace */
  args: ArgKind;
  /** the kernel source file it follows (Linux 6.12), or 'driver' for a driver step that is no kernel function */
  file: string;
  /** where its model function is, when not model/kernel/<file>.ts (driver steps) */
  model?: string;
  step: StepFn;
  /** docs: what one step does */
  doc: string;
  /** the scenario kind that lets its start rules fire (default: fn itself; false: always) */
  gate?: string | false;
  start?: StartRule[];
  /** a driver script step: when it may run */
  script?: ScriptFn;
  /** the in-flight operation (S.OP_*) it continues, its argument, and what it waits for */
  continues?: number;
  arg?: 'page' | 'pool';
  ready?: (s: PagePoolState, env: Env, act: Actor) => boolean;
  /** runs once per page queued in the actor's loop (Actor.q): 'skb' by skb_release_data(), 'xdp' by an XDP frame's return (Actor.ns NS_XDP*) */
  loop?: 'skb' | 'xdp';
  /** the kinds a started step of this kind leads to (continuations, the paths it may take): a model's action kinds */
  leadsTo?: readonly string[];
  /** whether a config has the kind at all (default: every config) */
  exists?: (cfg: ModelConfig) => boolean;
}

/** The put path after the decision (page_pool_put_unrefed_netmem): cache push or ring produce. */
const PUT_PATH = ['page_pool_recycle_in_cache', 'page_pool_recycle_in_cache:store', 'page_pool_recycle_in_ring', 'page_pool_producer_unlock', 'recycle_stat_inc', 'page_pool_return_page'];
/** page_pool_put_page_bulk(): the unref loop, the produce under one lock, the unlock, the return of the refused pages. */
const BULK_PATH = ['page_pool_put_page_bulk', 'page_pool_put_page_bulk:produce', 'page_pool_put_page_bulk:unlock', 'page_pool_put_page_bulk:return', 'recycle_stat_inc'];
/** skb_release_data(): each page through napi_pp_put_page, then the put path. */
const RELEASE = ['napi_pp_put_page', ...PUT_PATH];
/** An XDP frame's return: its first page's put, the rest through the __xdp_return loop. */
const XDP_RETURN = ['__xdp_return', ...PUT_PATH];

const at = (place: Place, order: number, rule: StartFn | SkbStartFn): StartRule => ({ at: place, order, rule });

export const KERNEL_FUNCTIONS = [
  { fn: 'napi_schedule', args: 'kthread', file: 'include/linux/netdevice.h', step: napi_schedule, start: [at('hardirq', 1, RX.irqSchedules)], doc: 'SCHED; `list_owner = cpu` unless threaded (then the kthread wakes on any CPU: it migrates between polls); needs `budget > 0`' },
  { fn: 'napi_complete_done', args: 'none', file: 'net/core/dev.c', step: napi_complete_done, start: [at('poll', 12, RX.pollCompletes)], doc: 'clears SCHED, `list_owner = -1`' },
  { fn: 'napi_disable', args: 'none', file: 'net/core/dev.c', step: napi_disable, script: napiDisableMayRun, doc: 'waits for the poll to finish; holds SCHED' },
  { fn: 'napi_enable', args: 'none', file: 'net/core/dev.c', step: napi_enable, script: napiIsDisabled, doc: 'the NAPI may be scheduled again' },
  { fn: 'irq_set_affinity', args: 'cpu', file: 'kernel/irq/manage.c', step: irq_set_affinity, script: always, doc: 'the next `napi_schedule` happens on the new CPU' },
  { fn: 'page_pool_alloc_pages', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_alloc_pages, start: [at('poll', 2, RX.pollAllocsPage)], doc: 'step 1 of the cache pop: read `alloc.count`; consumes budget', leadsTo: ['__page_pool_get_cached', 'page_pool_refill_alloc_cache', '__page_pool_alloc_pages_slow'] },
  { fn: '__page_pool_get_cached', args: 'pool', file: 'net/core/page_pool.c', step: PP.__page_pool_get_cached, continues: S.OP_POP_WRITE, arg: 'pool', doc: '`cache[--count]`: the page goes to an RX descriptor' },
  { fn: 'page_pool_refill_alloc_cache', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_refill_alloc_cache, gate: 'page_pool_alloc_pages', start: [at('poll', 3, RX.pollRefills)], doc: 'moves up to REFILL ring pages to the cache while on the preferred node, else returns that page and takes the slow path' },
  { fn: '__page_pool_alloc_pages_slow', args: 'pool', file: 'net/core/page_pool.c', step: PP.__page_pool_alloc_pages_slow, gate: 'page_pool_alloc_pages', start: [at('poll', 4, RX.pollAllocsSlow)], doc: 'one free frame of the preferred node, pfmemalloc or not (`pressure`), dma map, pp info, hold_cnt++' },
  { fn: 'page_pool_alloc_frag', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_alloc_frag, start: [at('poll', 1, RX.pollAllocsFrag)], doc: 'half-page frags, BIAS, `page_pool_drain_frag`, reuse when last', leadsTo: PUT_PATH },
  { fn: 'page_pool_update_nid', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_update_nid, start: [at('poll', 5, RX.pollUpdatesNid)], doc: 'sets `p.nid`, drains the cache' },
  { fn: 'build_skb', args: 'none', file: 'net/core/skbuff.c', step: SKB.build_skb, start: [at('poll', 6, RX.pollBuildsSkb)], doc: 'new skb, head page = a pp reference' },
  { fn: 'skb_add_rx_frag', args: 'skb', file: 'include/linux/skbuff.h', step: skb_add_rx_frag, start: [at('poll', 7, RX.pollAddsFrag)], doc: 'adds the next RX buffer as a frag' },
  { fn: 'skb_mark_for_recycle', args: 'skb', file: 'include/linux/skbuff.h', step: skb_mark_for_recycle, start: [at('poll', 11, RX.pollMarksSkb)], doc: '`pp_recycle = 1`, skb handed to the stack' },
  { fn: 'page_pool_recycle_direct', args: 'none', file: 'include/net/page_pool/helpers.h', step: page_pool_recycle_direct, start: [at('poll', 8, RX.pollDrops)], doc: 'XDP_DROP: put with allow_direct', leadsTo: PUT_PATH },
  { fn: 'netpoll_poll_dev', args: 'page', file: 'net/core/netpoll.c', step: netpoll_poll_dev, start: [at('hardirq', 2, RX.netpollPolls)], doc: 'the driver poll at budget 0 drops a buffer with allow_direct (only with `netpollAllowDirect`)', leadsTo: PUT_PATH, exists: (cfg) => cfg.netpollAllowDirect },
  { fn: 'xdp_do_redirect', args: 'redirect', file: 'net/core/filter.c', step: xdp_do_redirect, start: [at('poll', 9, RX.pollRedirects)], doc: 'the buffer leaves as an XDP frame' },
  { fn: 'xdp_return_frame', args: 'frame', file: 'net/core/xdp.c', step: xdp_return_frame, start: [at('softirq', 2, W.xdpTargetReturns)], doc: '`__xdp_return(.., false)` → `page_pool_put_full_page(page->pp, page, false)` for each frag of a multi-buffer frame, then its own page (the rest in the actor\'s loop: `__xdp_return`)', leadsTo: XDP_RETURN },
  { fn: 'skb_clone', args: 'skb', file: 'net/core/skbuff.c', step: SKB.skb_clone, start: [at('softirqSkb', 2, W.stackClones)], doc: 'shares data, dataref++, copies pp_recycle' },
  { fn: 'pskb_expand_head', args: 'skb', file: 'net/core/skbuff.c', step: SKB.pskb_expand_head, start: [at('softirqSkb', 3, W.stackExpands)], doc: 'on a clone: private shinfo, `skb_frag_ref` on each frag, `skb_release_data(old)`; not cloned: `skb_free_head` puts the old head page, the frags move', leadsTo: RELEASE },
  { fn: 'skb_try_coalesce', args: 'coalesce', file: 'net/core/skbuff.c', step: SKB.skb_try_coalesce, start: [at('softirqSkb', 5, W.stackCoalesces)], doc: 'rejects differing pp_recycle; cloned `from`: frags copied with new refs, else head stolen + frags moved, or (headlen 0) frags moved and the head page freed', leadsTo: RELEASE },
  { fn: 'kfree_skb', args: 'free', file: 'include/linux/skbuff.h', step: kfree_skb, start: [at('taskSkb', 1, W.taskFrees)], doc: '`skb_release_data`: the last dataref queues the frags, then the head page (optionally with BH disabled)', leadsTo: RELEASE },
  { fn: 'napi_consume_skb', args: 'free', file: 'net/core/skbuff.c', step: SKB.napi_consume_skb, start: [at('softirqSkb', 1, W.stackConsumes)], doc: 'as `kfree_skb`, napi_safe', leadsTo: RELEASE },
  { fn: 'skb_attempt_defer_free', args: 'skb', file: 'net/core/skbuff.c', step: SKB.skb_attempt_defer_free, start: [at('softirqSkb', 4, W.stackDefers)], doc: 'queue to `alloc_cpu`' },
  { fn: 'skb_defer_free_flush', args: 'none', file: 'net/core/dev.c', step: skb_defer_free_flush, start: [at('poll', 10, RX.pollFlushesDefer), at('softirq', 1, W.softirqFlushesDefer)], doc: 'frees the CPU\'s deferred skbs (`napi_consume_skb`)', leadsTo: RELEASE },
  { fn: 'get_page', args: 'page', file: 'include/linux/mm.h', step: get_page, start: [at('task', 1, W.otherGetsPage)], doc: 'another subsystem takes a page reference' },
  { fn: 'put_page', args: 'page', file: 'include/linux/mm.h', step: put_page, start: [at('task', 2, W.otherPutsPage)], doc: '... and drops it' },
  { fn: 'napi_pp_put_page', args: 'page', file: 'net/core/skbuff.c', step: SKB.napi_pp_put_page, loop: 'skb', doc: '`skb_page_unref` → `napi_pp_put_page` → `page_pool_put_full_netmem` → `page_pool_unref_and_test` → `page_pool_put_unrefed_netmem` (`page_pool_napi_local`) → `__page_pool_put_page`: magic check; unref; decision; in-flight push, in-flight ring produce, or `page_pool_return_netmem`' },
  { fn: 'page_pool_dma_sync_for_device', args: 'page', file: 'net/core/page_pool.c', step: PP.page_pool_dma_sync_for_device, continues: S.OP_SYNC_CHECK, arg: 'page', doc: 're-check `pool->dma_sync` under RCU' },
  { fn: '__page_pool_dma_sync_for_device', args: 'page', file: 'net/core/page_pool.c', step: PP.__page_pool_dma_sync_for_device, continues: S.OP_SYNC, arg: 'page', doc: 'sync the page (ghost `syncUnmapped` if its mapping is gone)' },
  { fn: 'page_pool_recycle_in_cache', args: 'page', file: 'net/core/page_pool.c', step: PP.page_pool_recycle_in_cache, continues: S.OP_PUSH_READ, arg: 'page', doc: 'read count (full: to the ring)' },
  { fn: 'page_pool_recycle_in_cache:store', args: 'page', file: 'net/core/page_pool.c', step: PP.page_pool_recycle_in_cache_store, continues: S.OP_PUSH_WRITE, arg: 'page', doc: 'write the slot and count' },
  { fn: 'page_pool_recycle_in_ring', args: 'page', file: 'net/core/page_pool.c', step: PP.page_pool_recycle_in_ring, continues: S.OP_RING, arg: 'page', ready: PP.producerLockFree, doc: 'lock + publish (+ stat); ring full: the produce fails, the page stays' },
  { fn: 'page_pool_producer_unlock', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_producer_unlock, continues: S.OP_RING_UNLOCK, arg: 'pool', doc: 'unlock (the variant the lock chose); ring full: the page is still to return' },
  { fn: 'recycle_stat_inc', args: 'pool', file: 'net/core/page_pool.c', step: PP.recycle_stat_inc, continues: S.OP_RING_STAT, arg: 'pool', doc: 'late stat (bug variants)', exists: (cfg) => !cfg.ringStatInsideLock },
  { fn: 'netdev_rx_queue_restart', args: 'none', file: 'net/core/netdev_rx_queue.c', step: netdev_rx_queue_restart, script: restartMayRun, doc: 'the RX ring moves to the other pool; arg 1: `page_pool_disable_direct_recycling(old)`; arg 2: on a live NAPI after `synchronize_net()` (6.12 bnxt)' },
  { fn: 'page_pool_put_full_page', args: 'pool', file: 'include/net/page_pool/helpers.h', step: page_pool_put_full_page, script: always, doc: 'RX ring teardown: puts every descriptor page of a pool', leadsTo: RELEASE },
  { fn: 'page_pool_destroy', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_destroy, script: destroyMayRun, doc: 'user_cnt--, `page_pool_disable_direct_recycling`, `page_pool_free_frag`, starts release', leadsTo: ['page_pool_scrub', 'page_pool_release', 'page_pool_release_retry', ...PUT_PATH] },
  { fn: 'page_pool_scrub', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_scrub, continues: S.OP_RELEASE_SCRUB, arg: 'pool', ready: PP.scrubSynchronized, doc: 'empty the cache once (a page per step), unmap, empty the ring, inflight' },
  { fn: 'page_pool_release', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_release, continues: S.OP_RELEASE_FREE, arg: 'pool', ready: PP.releaseBarrierPassed, doc: 'producer-lock barrier; free if inflight 0, else schedule the retry' },
  { fn: 'page_pool_release_retry', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_release_retry, gate: false, start: [at('worker', 1, W.workerRetries)], doc: 'reruns release when release_cnt changed, the ring holds pages, or the last release saw inflight < 0' },
  { fn: 'device_unbind', args: 'none', file: 'driver', model: 'model/driver/control.ts', step: device_unbind, script: always, doc: 'driver remove after destroy: the DMA device is gone' },
  { fn: 'xdp_rxq_info_unreg', args: 'pool', file: 'net/core/xdp.c', step: xdp_rxq_info_unreg, script: destroyMayRun, doc: '`xdp_unreg_mem_model`: `page_pool_destroy` of the XDP memory model\'s user (returns early while the driver\'s remains)', leadsTo: ['page_pool_scrub', 'page_pool_release', 'page_pool_release_retry', ...PUT_PATH] },
  { fn: 'page_pool_disable_direct_recycling', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_disable_direct_recycling, script: disableDirectMayRun, doc: 'a driver\'s queue stop: `cpuid = -1`, `p.napi = NULL` (`napi_assert_will_not_race`: with the NAPI disabled unless the driver breaks it)' },
  { fn: 'page_pool_return_page', args: 'page', file: 'net/core/page_pool.c', step: PP.page_pool_return_page, continues: S.OP_RING_FULL, arg: 'page', doc: 'ring full, after the unlock: `recycle_stat_inc(ring_full)`, the page leaves the pool' },
  { fn: 'page_pool_alloc', args: 'pool', file: 'include/net/page_pool/helpers.h', step: page_pool_alloc, start: [at('poll', 13, RX.pollAllocsSized)], doc: 'sized allocation (`page_pool_dev_alloc`): `b & 2` (size > max_size / 2) a whole page from `page_pool_alloc_pages`, else a frag of `page_pool_alloc_frag` (max_size = PAGE_SIZE << p.order); high-order pools take `__page_pool_alloc_page_order` in the slow path; `b & 1` pfmemalloc' },
  { fn: 'mlx5e_page_alloc_fragmented', args: 'pool', file: 'driver', model: 'model/driver/mlx5e.ts', step: MLX5E.mlx5e_page_alloc_fragmented, start: [at('poll', 14, MLX5E.pollAllocsFragmented)], doc: 'a driver counting frags itself: `page_pool_dev_alloc_pages`, `page_pool_fragment_page(page, BIAS)`, frags = 0' },
  { fn: 'mlx5e_add_skb_frag', args: 'none', file: 'driver', model: 'model/driver/mlx5e.ts', step: MLX5E.mlx5e_add_skb_frag, start: [at('poll', 15, MLX5E.pollAddsSkbFrag)], doc: '`frag_page->frags++`: the next stride of the page is a received buffer' },
  { fn: 'mlx5e_page_release_fragmented', args: 'page', file: 'driver', model: 'model/driver/mlx5e.ts', step: MLX5E.mlx5e_page_release_fragmented, start: [at('poll', 16, MLX5E.pollReleasesFragmented)], doc: '`page_pool_unref_page(page, BIAS - frags)`; the last user: `page_pool_put_unrefed_page(.., true)`', leadsTo: PUT_PATH },
  { fn: 'napi_gro_receive', args: 'skb', file: 'net/core/gro.c', step: GRO.napi_gro_receive, start: [at('poll', 17, RX.pollGroHolds)], doc: 'the built skb (marked for recycle) is held on the GRO list (GRO_HELD)' },
  { fn: 'skb_gro_receive', args: 'coalesce', file: 'net/core/gro.c', step: GRO.skb_gro_receive, start: [at('poll', 18, RX.pollGroMerges)], doc: 'merges the built skb into the held one: head page stolen as a frag + frags moved (`napi_skb_free_stolen_head`), or (`headlen <= offset`, b >= 8) frags moved and `__napi_kfree_skb` releases the head page', leadsTo: RELEASE },
  { fn: 'napi_gro_flush', args: 'skb', file: 'net/core/gro.c', step: GRO.napi_gro_flush, start: [at('poll', 19, RX.pollGroFlushes)], doc: 'the held packet goes up the stack (`napi_gro_complete`)' },
  { fn: 'net_devmem_unbind_dmabuf', args: 'none', file: 'net/core/devmem.c', step: net_devmem_unbind_dmabuf, script: always, doc: 'the dma-buf binding\'s user goes (netlink socket closed): unbound from the RX queue, `net_devmem_dmabuf_binding_put`; the pool keeps its own reference (`mp_ops->init` .. `mp_ops->destroy`)' },
  { fn: 'xdp_return_frame_bulk', args: 'frame', file: 'net/core/xdp.c', step: xdp_return_frame_bulk, start: [at('softirq', 3, W.xdpTargetReturnsBulk)], doc: 'a TX completion queues `b` frames (`bq->q[bq->count++]`), flushing where the mem id changes, then `xdp_flush_frame_bulk` → `page_pool_put_page_bulk` per pool (the next flush starts when one returns): `allow_direct = page_pool_napi_local(pool)`', leadsTo: BULK_PATH },
  { fn: 'page_pool_put_page_bulk', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_put_page_bulk, continues: S.OP_BULK_PUT, arg: 'pool', doc: 'one page of the loop: `page_pool_is_last_ref`, `__page_pool_put_page` (cache if allow_direct and room, else approved for the ring: `data[bulk_len++]`; not recyclable: returned)' },
  { fn: 'page_pool_put_page_bulk:produce', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_put_page_bulk_produce, continues: S.OP_BULK_RING, arg: 'pool', ready: PP.producerLockFree, doc: 'producer lock; `__ptr_ring_produce` each approved page until the ring is full (`ring_full`); `recycle_stat_add(ring, i)`' },
  { fn: 'page_pool_put_page_bulk:unlock', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_put_page_bulk_unlock, continues: S.OP_BULK_UNLOCK, arg: 'pool', doc: '`page_pool_producer_unlock(pool, in_softirq)`' },
  { fn: 'page_pool_put_page_bulk:return', args: 'pool', file: 'net/core/page_pool.c', step: PP.page_pool_put_page_bulk_return, continues: S.OP_BULK_RETURN, arg: 'pool', doc: 'after the unlock: `page_pool_return_page` each page the full ring refused' },
  { fn: 'page_pool_put_unrefed_page', args: 'page', file: 'net/core/page_pool.c', step: PP.page_pool_put_unrefed_page, start: [at('poll', 20, RX.pollReleasesUnrefed)], doc: 'a driver counting its own frag users (mlx5e) drops them (`page_pool_unref_page`) and puts the descriptor page with allow_direct, without `page_pool_put_netmem`\'s unref', leadsTo: PUT_PATH },
  { fn: 'skb_fill_page_desc', args: 'skb', file: 'include/linux/skbuff.h', step: skb_fill_page_desc, start: [at('poll', 21, RX.pollAddsPageFrag)], doc: 'a page from the page allocator (`alloc_page`), no pool\'s, as a frag of the skb being built' },
  { fn: 'skb_gro_receive_list', args: 'coalesce', file: 'net/core/gro.c', step: GRO.skb_gro_receive_list, start: [at('poll', 22, RX.pollGroLists)], doc: 'a fraglist flow: the built skb (marked for recycle) is chained on the held packet\'s `frag_list` with its own head, frags and pp_recycle (also `skb_gro_receive`\'s `merge:`)' },
  { fn: 'skb_segment', args: 'skb', file: 'net/core/skbuff.c', step: SKB.skb_segment, start: [at('softirqSkb', 6, W.stackSegments)], doc: 'GSO of a forwarded packet (`validate_xmit_skb`): one segment (pp_recycle 0, kmalloc head) with `__skb_frag_ref` (a page reference) on each frag and each frag_list member\'s head page and frags; then `consume_skb` of the packet (its frag_list by `kfree_skb_list`)', leadsTo: RELEASE },
  { fn: 'skb_split', args: 'split', file: 'net/core/skbuff.c', step: SKB.skb_split, start: [at('softirqSkb', 7, W.stackSplits)], doc: '`tcp_fragment` of a pp_recycle-0 skb: the frags after the split line move to a new skb (pp_recycle 0); a frag the line crosses stays in both, `skb_frag_ref` (a page reference) for the first' },
  { fn: 'skb_shift', args: 'shift', file: 'net/core/skbuff.c', step: SKB.skb_shift, start: [at('softirqSkb', 8, W.stackShifts)], doc: '`tcp_shift_skb_data` of two pp_recycle-0 skbs: frags move to tgt; a split first frag gets `__skb_frag_ref`; a first frag merged into tgt\'s last is `__skb_frag_unref`\'d (`skb->pp_recycle`)', leadsTo: RELEASE },
  { fn: 'napi_alloc_skb', args: 'header', file: 'net/core/skbuff.c', step: SKB.napi_alloc_skb, start: [at('poll', 23, RX.pollAllocsSkbHead)], doc: 'header split: a new skb with a kmalloc\'ed head holding the headers (no page), its payload buffer to follow; `b = 1`: a packet that fits the header buffer, handed up at once (`skb_mark_for_recycle`, `napi_gro_receive`; one packet of the budget)' },
  { fn: 'skb_add_rx_frag_netmem', args: 'skb', file: 'include/linux/skbuff.h', step: skb_add_rx_frag_netmem, start: [at('poll', 24, RX.pollAddsNetmemFrag)], doc: '`__skb_fill_netmem_desc`: the next RX buffer as a frag; a net_iov sets `skb->unreadable` and returns, a page goes through `netmem_to_page` (pfmemalloc)' },
  { fn: 'tcp_recvmsg', args: 'skb', file: 'net/ipv4/tcp.c', step: tcp_recvmsg, start: [at('taskSkb', 2, W.taskReceives)], doc: '`tcp_recvmsg_locked` (MSG_SOCK_DEVMEM): readable: `skb_copy_datagram_msg` (`__skb_datagram_iter`: `skb_frags_readable` check, then `kmap_local_page(skb_frag_page(frag))` per frag), else `tcp_recvmsg_dmabuf` (dma-buf offsets, no page); then `__kfree_skb`', leadsTo: RELEASE },
  // multi-buffer XDP frames (xdp_frame_has_frags): the return paths of net/core/xdp.c
  { fn: 'xdp_return_frame_rx_napi', args: 'frame', file: 'net/core/xdp.c', step: xdp_return_frame_rx_napi, start: [at('poll', 25, RX.pollReturnsFrameRxNapi)], doc: 'as `xdp_return_frame` with napi_direct: a devmap flush (`bq_xmit_all`) in the poll drops frames it redirected', leadsTo: XDP_RETURN },
  { fn: 'xdp_return_buff', args: 'none', file: 'net/core/xdp.c', step: xdp_return_buff, start: [at('poll', 26, RX.pollDropsMultiBuffer)], doc: 'XDP_DROP of a multi-buffer packet (two RX buffers): `__xdp_return(.., true)` for the frag, then the head', leadsTo: XDP_RETURN },
  { fn: '__xdp_return', args: 'page', file: 'net/core/xdp.c', step: __xdp_return, loop: 'xdp', doc: 'the next page of an XDP frame\'s return loop: `page_pool_put_full_page(page->pp, page, napi_direct)` (no `netmem_is_pp` check)', leadsTo: PUT_PATH },
  { fn: '__xdp_build_skb_from_frame', args: 'frame', file: 'net/core/xdp.c', step: __xdp_build_skb_from_frame, start: [at('task', 3, W.cpumapBuildsSkb)], doc: 'cpumap\'s kthread (`cpu_map_kthread_run`) builds an skb of a frame: `build_skb_around` (the frame\'s page is the head), `xdp_update_skb_shared_info` (its frags), `skb_mark_for_recycle`; the stack frees it on that CPU' },
  { fn: 'bpf_xdp_adjust_tail', args: 'none', file: 'net/core/filter.c', step: bpf_xdp_adjust_tail, start: [at('poll', 27, RX.pollShrinksTail)], doc: 'the XDP program shrinks a multi-buffer packet by its frag (`bpf_xdp_frags_shrink_tail`): `__xdp_return(.., false)` of the frag\'s page, `sinfo->nr_frags -= n_frags_free`; the head buffer goes on as a single-buffer packet', leadsTo: XDP_RETURN },
  // batman-adv's fragmentation: the second caller of skb_split(), on an RX skb marked for recycle
  { fn: 'batadv_frag_create', args: 'split', file: 'net/batman-adv/fragmentation.c', step: batadv_frag_create, start: [at('softirqSkb', 9, W.stackFragmentsBatadv)], doc: 'mesh forwarding of a packet over the next hop\'s MTU (`batadv_frag_send_packet`, frags not linearized): `dev_alloc_skb` (pp_recycle 0), `skb_split(skb, skb_fragment, ..)` of a pp_recycle-1 skb: its frags after the split line move to the fragment with their pp references; a crossed frag gets `skb_frag_ref` (a page reference)' },
] as const satisfies readonly KernelFunction[];

export type Fn = (typeof KERNEL_FUNCTIONS)[number]['fn'];
/** The action kinds, in the table's order. */
export const FNS: readonly Fn[] = KERNEL_FUNCTIONS.map((e) => e.fn);
/** An action of the page_pool model. */
export type PpAction = Action & { fn: Fn };

const TABLE: readonly KernelFunction[] = KERNEL_FUNCTIONS;
/** The table's entry of a kind. */
export const KERNEL_FUNCTION: ReadonlyMap<string, KernelFunction> = new Map(TABLE.map((e) => [e.fn, e]));

/** One boolean per action kind: whether the scenario starts it. */
export function kindFlags(kinds: Iterable<string>): KindFlags {
  const set = new Set(kinds);
  const on: Record<string, boolean> = {};
  for (const f of FNS) on[f] = set.has(f);
  return on;
}

/** The start rules of the kinds in `on`, per place, in `order`. */
export function startTables(on: KindFlags): StartTables {
  const pick = (place: Place): StartRule[] =>
    TABLE.flatMap((e) => (e.gate === false || on[e.gate ?? e.fn] ? (e.start ?? []).filter((r) => r.at === place) : [])).sort((x, y) => x.order - y.order);
  const fns = (place: Place): StartFn[] => pick(place).map((r) => r.rule as StartFn);
  const skbFns = (place: Place): SkbStartFn[] => pick(place).map((r) => r.rule as SkbStartFn);
  return { hardirq: fns('hardirq'), poll: fns('poll'), softirqSkb: skbFns('softirqSkb'), softirq: fns('softirq'), taskSkb: skbFns('taskSkb'), task: fns('task'), worker: fns('worker') };
}

/** The kinds the NAPI poll starts (some start rule of theirs is a `poll` one): in threaded mode the kthread runs them with BH disabled (model/transition.ts enterStep, the conformance harness). */
export const POLL_STARTED: ReadonlySet<string> = new Set(TABLE.filter((e) => e.start?.some((r) => r.at === 'poll')).map((e) => e.fn));

/** The kinds only the NAPI poll starts (every start rule of theirs is a `poll` one): its own steps, for fairness and the conformance harness. */
export const POLL_KINDS: ReadonlySet<string> = new Set(TABLE.filter((e) => e.start !== undefined && e.start.length > 0 && e.start.every((r) => r.at === 'poll')).map((e) => e.fn));

/** The file that defines the model function of a table entry: model/kernel/<kernel file>.ts, or its `model`. */
export function modelFileOf(e: KernelFunction): string {
  return e.model ?? `model/kernel/${e.file.replace(/\.[ch]$/, '')}.ts`;
}
