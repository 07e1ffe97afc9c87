/**
 * Actions of the page_pool model, named after the kernel functions they model,
 * their enabling conditions (actions()) and the pure transition (step()).
 *
 * Every action and guard cites its kernel function. Multi-step kernel
 * sequences (alloc-cache push/pop, ring produce, page_pool_release) keep an
 * in-flight record in the acting context's `Actor` so that other contexts can
 * interleave between the steps.
 */
import type { ModelConfig } from './config.ts';
import type { Scenario } from './scenario.ts';
import type { Actor, Ctx, PagePoolState } from './state.ts';
import * as S from './state.ts';

// local copies: imported bindings may be accessor calls once transpiled, and these are hot
const { BIAS, FRAGS_PER_PAGE, HARDIRQ, KIND_PAGE, KIND_PP, OP_NONE, OP_POP_WRITE, OP_PUSH_READ, OP_PUSH_WRITE, OP_RELEASE_FREE, OP_RELEASE_SCRUB, OP_RING, OP_RING_STAT, OP_RING_UNLOCK, OP_SYNC, OP_SYNC_CHECK, POOL_ALIVE, POOL_DESTROYING, POOL_FREED, SKB_BUILDING, SKB_DEFERRED, SKB_FREE, SKB_LIVE, SOFTIRQ, TASK, actorId, cloneState, stateChanged } = S;

export const FNS = [
  // NAPI (net/core/dev.c)
  'napi_schedule',
  'napi_complete_done',
  'napi_disable',
  'napi_enable',
  'irq_set_affinity',
  // allocation (net/core/page_pool.c)
  'page_pool_alloc_pages',
  '__page_pool_get_cached',
  'page_pool_refill_alloc_cache',
  '__page_pool_alloc_pages_slow',
  'page_pool_alloc_frag',
  'page_pool_update_nid',
  // driver RX (drivers, net/core/skbuff.c)
  'build_skb',
  'skb_add_rx_frag',
  'skb_mark_for_recycle',
  'page_pool_recycle_direct',
  'netpoll_poll_dev',
  'xdp_do_redirect',
  'xdp_return_frame',
  // skb layer (net/core/skbuff.c)
  'skb_clone',
  'pskb_expand_head',
  'skb_try_coalesce',
  'kfree_skb',
  'napi_consume_skb',
  'skb_attempt_defer_free',
  'skb_defer_free_flush',
  // another subsystem
  'get_page',
  'put_page',
  // put path (net/core/skbuff.c, net/core/page_pool.c)
  'napi_pp_put_page',
  'page_pool_dma_sync_for_device',
  '__page_pool_dma_sync_for_device',
  'page_pool_recycle_in_cache',
  'page_pool_recycle_in_cache:store',
  'page_pool_recycle_in_ring',
  'page_pool_producer_unlock',
  'recycle_stat_inc',
  // lifecycle (driver control, net/core/page_pool.c)
  'netdev_rx_queue_restart',
  'page_pool_put_full_page',
  'page_pool_destroy',
  'page_pool_scrub',
  'page_pool_release',
  'page_pool_release_retry',
  'device_unbind',
] as const;

export type Fn = (typeof FNS)[number];

export interface PpAction {
  fn: Fn;
  cpu: number;
  ctx: Ctx;
  /** skb index, pool index, page index or choice, depending on fn (-1 if unused) */
  a: number;
  /** second skb (coalesce `from`), BH-off flag (kfree_skb) or pfmemalloc choice (-1 if unused) */
  b: number;
}

export interface Env {
  cfg: ModelConfig;
  scen: Scenario;
  cpus: number;
  nodes: number;
  descs: number;
  clones: number;
  ringSize: number;
  cacheSize: number;
  threaded: boolean;
  rt: boolean;
  pressure: boolean;
  kinds: Set<string>;
  /** the same as `kinds`, one boolean per action kind (kindFlags(kinds)): looked up on every state */
  on: KindFlags;
  skbCpus: Set<number>;
}

export type KindFlags = Readonly<Record<Fn, boolean>>;

/** One boolean per action kind: whether the scenario starts it. */
export function kindFlags(kinds: Iterable<string>): KindFlags {
  const set = new Set(kinds);
  const on = {} as Record<Fn, boolean>;
  for (const f of FNS) on[f] = set.has(f);
  return on;
}

const nodeOf = (env: Env, cpu: number): number => cpu % env.nodes;
/** PP_ALLOC_CACHE_REFILL, scaled like the cache (64 of 128). */
const refillOf = (env: Env): number => Math.max(1, env.cacheSize >> 1);

// ---------------------------------------------------------------------------
// Context rules

export function busy(a: Actor): boolean {
  return a.op !== OP_NONE || a.q.length > 0;
}

/** BH is off for the task actor while it is inside a BH-disabled section or holds the producer lock (spin_lock_bh). */
function taskBhOff(a: Actor): boolean {
  return busy(a) && (a.bh || a.op === OP_RING_UNLOCK);
}

/**
 * Interrupt nesting on one CPU: a hardirq runs over anything; a softirq runs
 * over a task unless the task disabled BH; a task cannot run while a softirq
 * is mid-operation on its CPU. Under PREEMPT_RT softirq processing is a
 * preemptible thread: task and softirq interleave freely (no per-CPU BH lock).
 */
export function canRun(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  if (ctx === HARDIRQ) return true;
  // a hard IRQ handler runs to completion over anything below it (also on PREEMPT_RT)
  if (busy(s.actors[actorId(cpu, HARDIRQ)])) return false;
  const task = s.actors[actorId(cpu, TASK)];
  const sirq = s.actors[actorId(cpu, SOFTIRQ)];
  if (env.rt) return true;
  if (ctx === SOFTIRQ) return !taskBhOff(task);
  return !busy(sirq);
}

/** in_softirq(): serving a softirq or BH disabled. */
export function inSoftirq(a: Actor, ctx: Ctx): boolean {
  return ctx === SOFTIRQ || (ctx === TASK && a.bh);
}

/** The context in which the NAPI poll runs, if cpu/ctx is it. */
export function isPollCtx(s: PagePoolState, env: Env, cpu: number, ctx: Ctx): boolean {
  const n = s.napi;
  if (!n.sched || n.disabled || n.run !== cpu) return false;
  return env.threaded ? ctx === TASK : ctx === SOFTIRQ;
}

// ---------------------------------------------------------------------------
// Enabled actions

/** Append an action to `out` (a, b: -1 if unused). */
function push(out: PpAction[], fn: Fn, cpu: number, ctx: Ctx, a = -1, b = -1): void {
  out.push({ fn, cpu, ctx, a, b });
}

/** The contexts of a CPU in the order their actions are listed. */
const CTX_ORDER: readonly Ctx[] = [HARDIRQ, SOFTIRQ, TASK];

export function enabledActions(s: PagePoolState, env: Env): PpAction[] {
  const out: PpAction[] = [];
  const k = env.on;
  for (let cpu = 0; cpu < env.cpus; cpu++) {
    for (const ctx of CTX_ORDER) {
      if (!canRun(s, env, cpu, ctx)) continue;
      const act = s.actors[actorId(cpu, ctx)];
      if (act.op !== OP_NONE) {
        continuation(s, env, act, cpu, ctx, out);
        continue;
      }
      if (act.q.length > 0) {
        push(out, 'napi_pp_put_page', cpu, ctx, act.q[0] >> 2);
        continue;
      }
      if (ctx === HARDIRQ) {
        // kernel: driver IRQ handler -> napi_schedule() -> ____napi_schedule() (net/core/dev.c);
        // a packet arrives (budget) for an RX ring whose pool is alive
        const n = s.napi;
        if (k.napi_schedule && cpu === n.irq && !n.sched && !n.disabled && s.budget > 0 && s.pools[n.pool].st === POOL_ALIVE)
          push(out, 'napi_schedule', cpu, ctx);
        // kernel: netpoll_poll_dev() from hard IRQ (netconsole) -> the driver's poll with budget 0
        // drops an RX buffer with page_pool_recycle_direct() (drivers that do page work at budget 0;
        // mainline drivers do none, so netpoll never enters page_pool: cfg.netpollAllowDirect false)
        if (k.netpoll_poll_dev && env.cfg.netpollAllowDirect && cpu === n.irq && s.rx.length > 0)
          push(out, 'netpoll_poll_dev', cpu, ctx, s.rx[0]);
        continue;
      }
      if (isPollCtx(s, env, cpu, ctx)) pollActions(s, env, cpu, ctx, out);
      if (ctx === SOFTIRQ && env.skbCpus.has(cpu)) softirqActions(s, env, cpu, out);
      if (ctx === TASK) taskActions(s, env, cpu, out);
    }
  }
  return out;
}


function continuation(s: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx, out: PpAction[]): void {
  switch (act.op) {
    case OP_PUSH_READ:
      push(out, 'page_pool_recycle_in_cache', cpu, ctx, act.page);
      return;
    case OP_PUSH_WRITE:
      push(out, 'page_pool_recycle_in_cache:store', cpu, ctx, act.page);
      return;
    case OP_RING: {
      // spin_lock(&r->producer_lock): wait while another context holds it
      const lock = s.pools[act.pool].lock;
      if (lock === -1) push(out, 'page_pool_recycle_in_ring', cpu, ctx, act.page);
      return;
    }
    case OP_RING_UNLOCK:
      push(out, 'page_pool_producer_unlock', cpu, ctx, act.pool);
      return;
    case OP_RING_STAT:
      push(out, 'recycle_stat_inc', cpu, ctx, act.pool);
      return;
    case OP_POP_WRITE:
      push(out, '__page_pool_get_cached', cpu, ctx, act.pool);
      return;
    case OP_SYNC_CHECK:
      push(out, 'page_pool_dma_sync_for_device', cpu, ctx, act.page);
      return;
    case OP_SYNC:
      push(out, '__page_pool_dma_sync_for_device', cpu, ctx, act.page);
      return;
    case OP_RELEASE_SCRUB: {
      // page_pool_scrub(): dma_sync = false; synchronize_net() waits for syncs inside rcu_read_lock()
      const P = s.pools[act.pool];
      if (env.cfg.scrubSynchronizesNet && P.destroyCnt === 0 && P.dmaSync && s.actors.some((o) => o.op === OP_SYNC && o.pool === act.pool)) return;
    }
    // falls through
      push(out, 'page_pool_scrub', cpu, ctx, act.pool);
      return;
    case OP_RELEASE_FREE: {
      // page_pool_release(): spin_lock_bh(producer_lock); spin_unlock_bh() barrier (271683bb2cf3)
      const lock = s.pools[act.pool].lock;
      if (!env.cfg.releaseTakesProducerLock || lock === -1) push(out, 'page_pool_release', cpu, ctx, act.pool);
      return;
    }
  }
}

function freeSkbSlot(s: PagePoolState): number {
  return s.skbs.findIndex((x) => x.st === SKB_FREE);
}
function freeShSlot(s: PagePoolState): number {
  return s.sh.findIndex((h) => h.dataref === 0);
}
/** skb_cloned(): cloned and the data is shared. */
function shared(s: PagePoolState, j: number): boolean {
  const x = s.skbs[j];
  return x.cloned && s.sh[x.sh].dataref > 1;
}

/** Slow-path choices: pfmemalloc or not (under memory pressure). */
function slowChoices(env: Env): number[] {
  return env.pressure ? [0, 1] : [0];
}
function hasFreePage(s: PagePoolState, nid: number): boolean {
  return s.pages.some((p) => p.ref === 0 && p.nid === nid);
}
function prefNid(s: PagePoolState, env: Env, pool: number, cpu: number): number {
  const nid = s.pools[pool].nid;
  return nid < 0 ? nodeOf(env, cpu) : nid;
}

function pollActions(s: PagePoolState, env: Env, cpu: number, ctx: Ctx, out: PpAction[]): void {
  const k = env.on;
  const pool = s.napi.pool;
  const P = s.pools[pool];
  const building = s.skbs.findIndex((x) => x.st === SKB_BUILDING);
  if (s.budget > 0 && s.rx.length < env.descs && P.st === POOL_ALIVE) {
    if (k.page_pool_alloc_frag) {
      // page_pool_dev_alloc_frag(): the nested page_pool_alloc_pages may need the slow path
      for (const pfm of slowChoices(env)) push(out, 'page_pool_alloc_frag', cpu, ctx, pool, pfm);
    } else if (k.page_pool_alloc_pages) {
      if (P.count > 0) push(out, 'page_pool_alloc_pages', cpu, ctx, pool);
      else if (P.ring.length > 0) {
        for (const pfm of slowChoices(env)) push(out, 'page_pool_refill_alloc_cache', cpu, ctx, pool, pfm);
      } else if (hasFreePage(s, prefNid(s, env, pool, cpu))) {
        for (const pfm of slowChoices(env)) push(out, '__page_pool_alloc_pages_slow', cpu, ctx, pool, pfm);
      }
    }
  }
  // mlx5e-style: if (pool->p.nid != numa_mem_id()) page_pool_nid_changed() -> page_pool_update_nid()
  if (k.page_pool_update_nid && P.st === POOL_ALIVE && P.nid >= 0 && P.nid !== nodeOf(env, cpu))
    push(out, 'page_pool_update_nid', cpu, ctx, pool);
  if (s.rx.length > 0) {
    if (building < 0 && k.build_skb && freeSkbSlot(s) >= 0 && freeShSlot(s) >= 0) push(out, 'build_skb', cpu, ctx);
    if (building >= 0 && k.skb_add_rx_frag && s.sh[s.skbs[building].sh].refs.length < 2)
      push(out, 'skb_add_rx_frag', cpu, ctx, building);
    if (building < 0 && k.page_pool_recycle_direct) push(out, 'page_pool_recycle_direct', cpu, ctx);
    if (building < 0 && k.xdp_do_redirect && s.xdp.length < 1) push(out, 'xdp_do_redirect', cpu, ctx);
  }
  // napi_threaded_poll_loop(): the kthread flushes its CPU's defer list with BH still disabled
  if (env.threaded && ctx === TASK && k.skb_defer_free_flush && s.skbs.some((x) => x.st === SKB_DEFERRED && x.cpu === cpu))
    push(out, 'skb_defer_free_flush', cpu, ctx);
  if (building >= 0 && k.skb_mark_for_recycle && env.cfg.skbRecycling) push(out, 'skb_mark_for_recycle', cpu, ctx, building);
  if (building < 0 && k.napi_complete_done) push(out, 'napi_complete_done', cpu, ctx);
}

function softirqActions(s: PagePoolState, env: Env, cpu: number, out: PpAction[]): void {
  const k = env.on;
  const ctx = SOFTIRQ;
  const nSkb = s.skbs.length;
  for (let j = 0; j < nSkb; j++) {
    const x = s.skbs[j];
    if (x.st !== SKB_LIVE) continue;
    if (k.napi_consume_skb) push(out, 'napi_consume_skb', cpu, ctx, j);
    if (k.skb_clone && freeSkbSlot(s) >= 0 && s.sh[x.sh].dataref < 1 + env.clones) push(out, 'skb_clone', cpu, ctx, j);
    // pskb_expand_head() of a clone that has frags (the head page, if any, is not a frag)
    if (k.pskb_expand_head && shared(s, j) && s.sh[x.sh].refs.length > (s.sh[x.sh].head ? 1 : 0) && freeShSlot(s) >= 0)
      push(out, 'pskb_expand_head', cpu, ctx, j);
    if (k.skb_attempt_defer_free && x.cpu !== cpu) push(out, 'skb_attempt_defer_free', cpu, ctx, j);
    if (k.skb_try_coalesce) {
      for (let f = 0; f < nSkb; f++) if (f !== j && canCoalesce(s, env, j, f)) push(out, 'skb_try_coalesce', cpu, ctx, j, f);
    }
  }
  if (k.skb_defer_free_flush && s.skbs.some((x) => x.st === SKB_DEFERRED && x.cpu === cpu))
    push(out, 'skb_defer_free_flush', cpu, ctx);
  if (k.xdp_return_frame && s.xdp.length > 0) push(out, 'xdp_return_frame', cpu, ctx, 0);
}

/** skb_try_coalesce(to, from) preconditions (net/core/skbuff.c). */
function canCoalesce(s: PagePoolState, env: Env, to: number, from: number): boolean {
  const t = s.skbs[to];
  const f = s.skbs[from];
  if (t.st !== SKB_LIVE || f.st !== SKB_LIVE || t.sh === f.sh) return false;
  if (shared(s, to)) return false; // callers (tcp_try_coalesce) never coalesce into a cloned skb
  if (t.ppr !== f.ppr) return false; // "if (to->pp_recycle != from->pp_recycle) return false;"
  const fr = s.sh[f.sh].refs;
  const tr = s.sh[t.sh].refs;
  if (shared(s, from)) {
    // head locked: only frags move, with new references taken (a head page is not a frag)
    const hf = s.sh[f.sh].head ? 1 : 0;
    if (fr.length - hf < 1) return false;
    if (env.cfg.coalesceClonedPp === 'reject' && f.ppr) return false; // 1effe8ca4e34
    return tr.length + fr.length - hf <= 3;
  }
  return fr.length > 0 && tr.length + fr.length <= 3;
}

function taskActions(s: PagePoolState, env: Env, cpu: number, out: PpAction[]): void {
  const k = env.on;
  const ctx = TASK;
  if (env.skbCpus.has(cpu)) {
    for (let j = 0; j < s.skbs.length; j++) {
      if (s.skbs[j].st !== SKB_LIVE) continue;
      if (k.kfree_skb) {
        push(out, 'kfree_skb', cpu, ctx, j, 0);
        if (env.scen.bhFrees) push(out, 'kfree_skb', cpu, ctx, j, 1);
      }
    }
  }
  // another subsystem (e.g. a socket splice, a tap) takes and drops page references; runs on the last CPU
  if (cpu === env.cpus - 1) {
    if (k.get_page && s.ext.length === 0) {
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
    if (k.put_page && s.ext.length > 0) push(out, 'put_page', cpu, ctx, s.ext[0]);
  }
  if (cpu !== 0) return;
  // driver control script, in order
  const step = env.scen.script[s.drv];
  if (step && scriptEnabled(s, env, step.fn, step.arg)) push(out, step.fn, cpu, ctx, step.arg);
  // kernel: page_pool_release_retry() (delayed work) reruns page_pool_release(). The model runs
  // it when the run can change something: pages came back (release_cnt moved) or sit in the
  // ring, or the last page_pool_release() saw inflight < 0 (page_pool_destroy() schedules the
  // work for any non-zero inflight; the worker then stops, or, before 43130d02baa1, re-arms
  // forever, which release-worker-stops reports). A rerun with none of these is a stutter.
  for (let i = 0; i < s.pools.length; i++) {
    const p = s.pools[i];
    if (p.st === POOL_DESTROYING && p.retry && (p.release !== p.seen || p.ring.length > 0 || p.hold - p.seen < 0))
      push(out, 'page_pool_release_retry', cpu, ctx, i);
  }
}

function scriptEnabled(s: PagePoolState, env: Env, fn: Fn, arg: number): boolean {
  const n = s.napi;
  switch (fn) {
    case 'napi_disable':
      // napi_disable() waits until the poll completed (it must grab NAPI_STATE_SCHED)
      return !n.disabled && !n.sched;
    case 'napi_enable':
      return n.disabled;
    case 'netdev_rx_queue_restart':
      return n.disabled;
    case 'page_pool_put_full_page':
      return true;
    case 'page_pool_destroy': {
      const p = s.pools[arg];
      if (p.st !== POOL_ALIVE) return false;
      // napi_assert_will_not_race(): the linked NAPI must be disabled (driver contract)
      if (env.cfg.driverRespectsNapiAssert && p.napi >= 0 && !n.disabled) return false;
      // napiLocalRcu (proposed fix): the page_pool_napi_local() decision and the cache push run
      // under rcu_read_lock(); page_pool_destroy() calls synchronize_rcu() after disabling direct
      // recycling. Modelled as: destroy does not start while a put that decided allow_direct is
      // still pushing (readers that start after the disable see p.napi == NULL and use the ring,
      // so waiting before or after the disable gives the same cache accesses).
      if (env.cfg.napiLocalRcu && s.actors.some((o) => (o.op === OP_PUSH_READ || o.op === OP_PUSH_WRITE) && o.pool === arg)) return false;
      return true;
    }
    case 'irq_set_affinity':
      return true;
    case 'device_unbind':
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Kernel helpers on a mutable copy

/** Any access to pool memory: after kfree(pool) it is a use-after-free. */
export function touchPool(t: PagePoolState, k: number): void {
  if (k < 0) {
    if (t.g.poolUaf < 0) t.g.poolUaf = 99; // NULL page->pp dereference
    return;
  }
  if (t.pools[k].st === POOL_FREED && t.g.poolUaf < 0) t.g.poolUaf = k;
}

/** put_page(): drop a _refcount reference. */
export function putPage(t: PagePoolState, pg: number): void {
  const p = t.pages[pg];
  if (p.ref <= 0) {
    if (t.g.putFreed < 0) t.g.putFreed = pg;
    return;
  }
  p.ref--;
  if (p.ref === 0) p.pfm = false; // back to the page allocator (__free_pages)
}

/** page_pool_return_netmem(): the page leaves the pool (include/net/page_pool; net/core/page_pool.c). */
export function returnNetmem(t: PagePoolState, env: Env, k: number, pg: number): void {
  touchPool(t, k);
  const p = t.pages[pg];
  // __page_pool_release_netmem_dma(): unmap unless scrub already did (xa_cmpxchg winner)
  if (p.dma && env.cfg.returnUnmapsDma) {
    if (t.devUnbound && t.g.unmapDeadDev < 0) t.g.unmapDeadDev = pg;
    p.dma = false;
  }
  if (k >= 0) t.pools[k].release++; // atomic_inc_return_relaxed(&pool->pages_state_release_cnt)
  // page_pool_clear_pp_info()
  p.pp = -1;
  p.magic = false;
  p.ppRef = 0;
  putPage(t, pg);
}

/** page_pool_unref_netmem(netmem, nr) (include/net/page_pool/helpers.h): returns the remaining count (0 = last). */
export function unref(t: PagePoolState, pg: number, nr: number): number {
  const p = t.pages[pg];
  if (p.ppRef === nr) {
    p.ppRef = 1; // fast path: last user; re-armed to 1
    return 0;
  }
  const ret = p.ppRef - nr;
  if (ret < 0) {
    if (t.g.ppUnderflow < 0) t.g.ppUnderflow = pg; // WARN_ON(ret < 0)
    p.ppRef = ret;
    return ret;
  }
  if (ret === 0) {
    p.ppRef = 1;
    return 0;
  }
  p.ppRef = ret;
  return ret;
}

/** page_pool_napi_local() (net/core/page_pool.c). */
export function napiLocal(t: PagePoolState, env: Env, k: number, cpu: number, ctx: Ctx, act: Actor): boolean {
  const cfg = env.cfg;
  if (env.rt && cfg.napiLocalRtGuard) return false; // IS_ENABLED(CONFIG_PREEMPT_RT)
  if (cfg.directRecycleCheck === 'in_softirq' && !inSoftirq(act, ctx)) return false;
  if (cfg.directRecycleCheck === 'in_serving_softirq' && ctx !== SOFTIRQ) return false;
  const P = t.pools[k];
  if (P.cpuid === cpu) return true;
  if (P.napi < 0) return false;
  return cfg.napiLocalChecksListOwner ? t.napi.owner === cpu : true;
}

/**
 * The context test of the pre-mainline `allow_direct && in_[serving_]softirq()` in
 * __page_pool_put_page(), with the kernel's predicates: a hardirq that interrupted a
 * softirq (or a BH-disabled task) still has in_softirq() true, and in_serving_softirq()
 * true when the interrupted context is a softirq (preempt_count keeps those bits).
 */
function allowDirectContextOk(t: PagePoolState, env: Env, cpu: number, ctx: Ctx, act: Actor): boolean {
  const check = env.cfg.allowDirectContextCheck;
  if (check === 'none') return true;
  const sirq = t.actors[actorId(cpu, SOFTIRQ)];
  const task = t.actors[actorId(cpu, TASK)];
  const sirqBusy = sirq.op !== OP_NONE || sirq.q.length > 0;
  const servingSoftirq = ctx === SOFTIRQ || (ctx === HARDIRQ && sirqBusy);
  const softirqCount = servingSoftirq || (ctx === TASK && act.bh) || (ctx === HARDIRQ && task.bh && (task.op !== OP_NONE || task.q.length > 0));
  if (check === 'in_serving_softirq') return servingSoftirq;
  if (check === 'in_softirq') return softirqCount;
  return softirqCount && ctx !== HARDIRQ; // 'softirq_not_hardirq'
}

/** __page_pool_page_can_be_recycled(): page_ref_count == 1 && !page_is_pfmemalloc. */
export function canBeRecycled(t: PagePoolState, env: Env, pg: number): boolean {
  const p = t.pages[pg];
  if (env.cfg.recycleRequiresRefcntOne && p.ref !== 1) return false;
  if (env.cfg.recycleChecksPfmemalloc && p.pfm) return false;
  // kernel (v5.5, d5394610b1ba; removed by 44768decb7c0): pool_page_reusable(): page_to_nid(page) == pool->p.nid
  if (env.cfg.recycleChecksPoolNid && (p.pp < 0 || p.nid !== t.pools[p.pp].nid)) return false;
  return true;
}

/**
 * page_pool_put_full_netmem(pool, page, allow_direct) up to the decision:
 * page_pool_unref_and_test(); page_pool_put_unrefed_netmem(): napi_local;
 * __page_pool_put_page(): recyclable? cache (in flight) : ring (in flight); else return.
 */
export function startPut(t: PagePoolState, env: Env, act: Actor, cpu: number, ctx: Ctx, pg: number, allowDirect: boolean): void {
  const k = t.pages[pg].pp;
  touchPool(t, k);
  if (k < 0) return;
  if (env.cfg.putUnrefsPpRef && unref(t, pg, 1) !== 0) return;
  // __page_pool_put_page(): `allow_direct && <context test>` (era field); mainline: allow_direct as given
  // page_pool_put_unrefed_netmem(): if (!allow_direct) allow_direct = page_pool_napi_local(pool) (v6.4+)
  // v6.4-v6.8 (skbPathNeedsNapiSafe): only a NAPI-driven skb free (napi_safe) may decide locality
  const decides = env.cfg.skbPathNeedsNapiSafe ? act.ns === 1 : env.cfg.napiLocalRecycling;
  const direct = (allowDirect && allowDirectContextOk(t, env, cpu, ctx, act)) || (decides && napiLocal(t, env, k, cpu, ctx, act));
  if (canBeRecycled(t, env, pg)) {
    act.op = direct ? OP_PUSH_READ : OP_RING;
    act.pool = k;
    act.page = pg;
    // page_pool_dma_sync_for_device(): `if (pool->dma_sync && dma_dev_need_sync(dev))` (lockless first test)
    if (t.pools[k].dmaSync) {
      act.op = OP_SYNC_CHECK;
      act.c = direct ? 1 : 0; // where the page goes after the sync
    }
    return;
  }
  returnNetmem(t, env, k, pg); // recycle_stat_inc(pool, released_refcnt); page_pool_return_netmem()
}

/** Ghost check at a cache write: the writer must be the pool's consumer (the contract of pool->alloc). */
export function checkLocalPush(t: PagePoolState, env: Env, k: number, cpu: number, ctx: Ctx, act: Actor): void {
  const P = t.pools[k];
  const consumer =
    P.st === POOL_ALIVE &&
    inSoftirq(act, ctx) &&
    (P.cpuid === cpu ||
      (P.napi >= 0 && t.napi.owner === cpu && t.napi.run === cpu) ||
      // the driver's own NAPI poll (softirq, or the threaded-NAPI kthread with BH off, where
      // list_owner is never set) is the consumer of the pool its RX ring allocates from
      (t.napi.pool === k && isPollCtx(t, env, cpu, ctx)));
  if (!consumer && t.g.nonLocalPush < 0) t.g.nonLocalPush = k;
}

export function finishOp(act: Actor): void {
  act.op = OP_NONE;
  act.pool = -1;
  act.page = -1;
  act.c = 0;
  if (act.q.length === 0) act.bh = false;
}

/** Keep dead cache slots canonical: with no cache access in flight, slots >= count are never read before written. */
export function scrubDeadSlots(t: PagePoolState): void {
  for (const a of t.actors)
    if (!busy(a)) {
      a.bh = false;
      a.ns = -1;
    }
  pools: for (let k = 0; k < t.pools.length; k++) {
    const P = t.pools[k];
    for (const a of t.actors) if ((a.op === OP_PUSH_WRITE || a.op === OP_POP_WRITE) && a.pool === k) continue pools;
    for (let i = Math.max(0, P.count); i < P.cache.length; i++) P.cache[i] = -1;
  }
}

/** Set up a freshly allocated page: alloc_pages_node + page_pool_dma_map + page_pool_set_pp_info, hold_cnt++. */
export function slowAlloc(t: PagePoolState, env: Env, k: number, cpu: number, pfm: number): number {
  const nid = prefNid(t, env, k, cpu);
  const pg = t.pages.findIndex((p) => p.ref === 0 && p.nid === nid);
  if (pg < 0) return -1;
  const p = t.pages[pg];
  p.ref = 1;
  p.ppRef = 1;
  p.pp = k;
  p.magic = true;
  p.pfm = pfm === 1;
  p.dma = true;
  t.pools[k].hold++;
  return pg;
}

/**
 * page_pool_refill_alloc_cache(): move ring pages to the cache while they are
 * on the preferred node; on a mismatch return that one page and stop.
 * Returns the page handed out or -1 (then the caller takes the slow path).
 */
function refill(t: PagePoolState, env: Env, k: number, cpu: number): number {
  const P = t.pools[k];
  const pref = prefNid(t, env, k, cpu);
  let n = -1;
  while (P.ring.length > 0) {
    n = P.ring.shift() as number; // __ptr_ring_consume (the single consumer, no lock)
    if (!env.cfg.refillChecksNuma || t.pages[n].nid === pref) {
      P.cache[P.count++] = n;
    } else {
      returnNetmem(t, env, k, n);
      n = -1;
      break;
    }
    if (P.count >= refillOf(env) || P.count >= P.cache.length) break;
  }
  if (P.count > 0) {
    n = P.cache[--P.count];
    return n;
  }
  return -1;
}

/** page_pool_alloc_pages() as one atomic step (used inside page_pool_alloc_frag). */
export function allocPageAtomic(t: PagePoolState, env: Env, k: number, cpu: number, pfm: number): number {
  const P = t.pools[k];
  if (P.count > 0) return P.cache[--P.count];
  const n = refill(t, env, k, cpu);
  if (n >= 0) return n;
  return slowAlloc(t, env, k, cpu, pfm);
}

/**
 * skb_release_data() (net/core/skbuff.c): drop a dataref; the last holder
 * releases every page: napi_pp_put_page when skb->pp_recycle, else put_page.
 * `exit: skb->pp_recycle = 0`.
 */
export function releaseData(t: PagePoolState, env: Env, act: Actor, j: number): void {
  const x = t.skbs[j];
  const h = t.sh[x.sh];
  const last = !(env.cfg.releaseDataChecksDataref && x.cloned && h.dataref > 1);
  if (!last) {
    h.dataref--;
  } else {
    // frags first (`for (i = 0; i < shinfo->nr_frags; i++) __skb_frag_unref(...)`), then the head
    // page last (skb_free_head(): skb_pp_recycle() / skb_free_frag())
    const refs = h.refs;
    const n = refs.length;
    const first = h.head ? 1 : 0; // a kmalloc head (after pskb_expand_head) has no page: all frags
    for (let i = first; i < n + first; i++) {
      const r = refs[i % n];
      const pg = r >> 1;
      const kind = r & 1;
      if (x.ppr) act.q.push(pg * 4 + kind * 2 + 1);
      else putPage(t, pg);
    }
    if (env.cfg.releaseDataChecksDataref || h.dataref <= 1) {
      h.dataref = 0;
      h.refs = [];
      h.head = false;
    } else {
      h.dataref--;
    }
  }
  if (env.cfg.skbReleaseDataClearsPpRecycle || last) x.ppr = false;
}

/** kfree_skb / napi_consume_skb / the defer flush: skb_release_all() then free the skb. */
export function freeSkb(t: PagePoolState, env: Env, act: Actor, j: number): void {
  releaseData(t, env, act, j);
  const x = t.skbs[j];
  x.st = SKB_FREE;
  x.sh = -1;
  x.ppr = false;
  x.cpu = -1;
  x.cloned = false;
}

// ---------------------------------------------------------------------------
// The transition

export function stepState(s: PagePoolState, a: PpAction, env: Env): PagePoolState {
  const t = cloneState(s);
  stepInPlace(t, a, env);
  return t;
}

/**
 * The transition on a state the caller owns: `t` becomes step(t, a). The
 * actions below change only `t` (and objects and arrays inside it that they
 * replace); none keeps a reference to one of its objects in another place, so
 * a state object can be refilled (Model.unpackWordsInto) and stepped again.
 */
export function stepInPlace(t: PagePoolState, a: PpAction, env: Env): void {
  const cfg = env.cfg;
  const { cpu, ctx } = a;
  const act = t.actors[actorId(cpu, ctx)];
  const n = t.napi;
  const pollBh = env.threaded && ctx === TASK;
  switch (a.fn) {
    case 'napi_schedule': {
      // ____napi_schedule(): threaded -> wake the kthread (list_owner untouched); else list_add + list_owner = cpu
      n.sched = true;
      n.run = cpu;
      n.owner = env.threaded ? -1 : cpu;
      break;
    }
    case 'napi_complete_done': {
      // napi_complete_done(): list_del_init; WRITE_ONCE(n->list_owner, -1); clear SCHED
      n.sched = false;
      n.owner = -1;
      n.run = -1;
      break;
    }
    case 'page_pool_alloc_pages': {
      // page_pool_alloc_pages() -> __page_pool_get_cached(): read pool->alloc.count (lockless)
      touchPool(t, a.a);
      t.budget--;
      act.op = OP_POP_WRITE;
      act.pool = a.a;
      act.c = t.pools[a.a].count;
      act.bh = pollBh;
      break;
    }
    case '__page_pool_get_cached': {
      // netmem = pool->alloc.cache[--pool->alloc.count] (the write half)
      const k = act.pool;
      touchPool(t, k);
      const P = t.pools[k];
      const c = act.c;
      const pg = c > 0 ? P.cache[c - 1] : -1;
      P.count = c - 1;
      if (pg >= 0) t.rx.push(pg);
      finishOp(act);
      break;
    }
    case 'page_pool_refill_alloc_cache':
    case '__page_pool_alloc_pages_slow': {
      const k = a.a;
      touchPool(t, k);
      t.budget--;
      let pg = a.fn === 'page_pool_refill_alloc_cache' ? refill(t, env, k, cpu) : -1;
      if (pg < 0) pg = slowAlloc(t, env, k, cpu, a.b);
      if (pg >= 0) t.rx.push(pg);
      break;
    }
    case 'page_pool_alloc_frag': {
      // page_pool_alloc_frag_netmem() (net/core/page_pool.c), size = 1/FRAGS_PER_PAGE of a page
      const k = a.a;
      touchPool(t, k);
      t.budget--;
      const P = t.pools[k];
      let pg = P.frag;
      let reset = false;
      if (pg >= 0 && P.fragOff + 1 > FRAGS_PER_PAGE) {
        // page_pool_drain_frag(): drop the unused bias; reuse the page if we were the last user
        const drained = P.frag;
        pg = -1;
        if (unref(t, drained, BIAS - P.fragUsers) === 0) {
          if (canBeRecycled(t, env, drained)) {
            pg = drained;
            reset = true;
          } else returnNetmem(t, env, k, drained);
        }
      }
      if (pg < 0) {
        pg = allocPageAtomic(t, env, k, cpu, a.b);
        if (pg < 0) {
          P.frag = -1;
          break;
        }
        P.frag = pg;
        reset = true;
      }
      if (reset) {
        // frag_reset: page_pool_fragment_netmem(netmem, BIAS_MAX)
        P.fragUsers = 1;
        P.fragOff = 1;
        t.pages[pg].ppRef = BIAS;
      } else {
        P.fragUsers++;
        P.fragOff++;
      }
      t.rx.push(pg);
      break;
    }
    case 'page_pool_update_nid': {
      // page_pool_update_nid(): p.nid = new; drain the alloc cache (page_pool_return_netmem)
      const k = a.a;
      const P = t.pools[k];
      touchPool(t, k);
      P.nid = nodeOf(env, cpu);
      while (P.count > 0) returnNetmem(t, env, k, P.cache[--P.count]);
      break;
    }
    case 'build_skb': {
      // napi_build_skb(data) on an RX buffer: head_frag page, dataref 1
      const j = freeSkbSlot(t);
      const h = freeShSlot(t);
      const pg = t.rx.shift() as number;
      t.sh[h] = { dataref: 1, refs: [pg * 2 + KIND_PP], head: true };
      t.skbs[j] = { st: SKB_BUILDING, sh: h, ppr: false, cpu, cloned: false };
      break;
    }
    case 'skb_add_rx_frag': {
      const pg = t.rx.shift() as number;
      t.sh[t.skbs[a.a].sh].refs.push(pg * 2 + KIND_PP);
      break;
    }
    case 'skb_mark_for_recycle': {
      // skb_mark_for_recycle(): skb->pp_recycle = 1; then napi_gro_receive() hands it to the stack
      const x = t.skbs[a.a];
      x.ppr = true;
      x.st = SKB_LIVE;
      break;
    }
    case 'page_pool_recycle_direct': {
      // XDP_DROP: page_pool_recycle_direct() = page_pool_put_full_page(pool, page, true)
      const pg = t.rx.shift() as number;
      act.bh = pollBh;
      startPut(t, env, act, cpu, ctx, pg, true);
      break;
    }
    case 'netpoll_poll_dev': {
      // netpoll_poll_dev() -> driver poll(budget 0) in hard IRQ: the RX buffer is dropped back to
      // the pool with page_pool_recycle_direct() (allow_direct = true)
      const pg = t.rx.shift() as number;
      startPut(t, env, act, cpu, ctx, pg, true);
      break;
    }
    case 'xdp_do_redirect': {
      const pg = t.rx.shift() as number;
      t.xdp.push(pg);
      break;
    }
    case 'xdp_return_frame': {
      // xdp_return_frame() -> __xdp_return(.., napi_direct=false) -> page_pool_put_full_page(pp, page, false)
      const pg = t.xdp.splice(a.a, 1)[0];
      startPut(t, env, act, cpu, ctx, pg, false);
      break;
    }
    case 'skb_clone': {
      // skb_clone(): share the data, dataref++, both marked cloned, pp_recycle copied
      const j = freeSkbSlot(t);
      const x = t.skbs[a.a];
      t.sh[x.sh].dataref++;
      x.cloned = true;
      t.skbs[j] = { st: SKB_LIVE, sh: x.sh, ppr: x.ppr, cpu, cloned: true };
      break;
    }
    case 'pskb_expand_head': {
      if (cfg.skbPathNeedsNapiSafe) act.ns = 0; // skb_release_data(skb, SKB_CONSUMED, false)
      // pskb_expand_head() on a cloned skb: new head + private shinfo; skb_frag_ref() every frag (get_page);
      // then skb_release_data(old) drops our dataref (and clears pp_recycle)
      const j = a.a;
      const x = t.skbs[j];
      const old = t.sh[x.sh];
      const h = freeShSlot(t);
      // the frags of the old shinfo (a head page, if any, is not one: it goes with the old head)
      const frags = old.refs.slice(old.head ? 1 : 0).map((r) => r >> 1);
      if (cfg.expandTakesFragRefs) for (const pg of frags) t.pages[pg].ref++;
      releaseData(t, env, act, j);
      // the new head is kmalloc'ed (no page): every reference of the new shinfo is a frag
      t.sh[h] = { dataref: 1, refs: frags.map((pg) => pg * 2 + KIND_PAGE), head: false };
      x.sh = h;
      x.cloned = false;
      break;
    }
    case 'skb_try_coalesce': {
      if (cfg.skbPathNeedsNapiSafe) act.ns = 0; // kfree_skb_partial(): napi_safe = false
      const to = t.skbs[a.a];
      const from = t.skbs[a.b];
      const tr = t.sh[to.sh];
      const fr = t.sh[from.sh];
      if (shared(t, a.b)) {
        // frags are copied; skb_pp_frag_ref(from) (or __skb_frag_ref) takes a reference per frag
        for (const r of fr.refs.slice(fr.head ? 1 : 0)) {
          const pg = r >> 1;
          const p = t.pages[pg];
          let kind = KIND_PAGE;
          if (from.ppr && cfg.coalesceClonedPp === 'pp_ref' && p.magic) {
            p.ppRef++; // page_pool_ref_netmem()
            kind = KIND_PP;
          } else p.ref++; // page_ref_inc / get_page
          tr.refs.push(pg * 2 + kind);
        }
        // kfree_skb_partial(from, false): the clone's dataref goes
        freeSkb(t, env, act, a.b);
      } else {
        // head stolen and frags moved: ownership of every reference transfers
        for (const r of fr.refs) tr.refs.push(r);
        fr.refs = [];
        fr.head = false;
        fr.dataref = 1;
        freeSkb(t, env, act, a.b);
      }
      act.bh = act.q.length > 0 && ctx === TASK;
      break;
    }
    case 'kfree_skb':
    case 'napi_consume_skb': {
      act.bh = ctx === TASK && a.b === 1;
      // skb_release_all(skb, reason, napi_safe): napi_consume_skb(skb, budget != 0) is NAPI-driven
      if (cfg.skbPathNeedsNapiSafe) act.ns = a.fn === 'napi_consume_skb' ? 1 : 0;
      freeSkb(t, env, act, a.a);
      if (act.q.length === 0) act.bh = false;
      break;
    }
    case 'skb_attempt_defer_free': {
      // skb_attempt_defer_free(): queue on skb->alloc_cpu's defer list (kick its softirq)
      t.skbs[a.a].st = SKB_DEFERRED;
      break;
    }
    case 'skb_defer_free_flush': {
      // skb_defer_free_flush() from net_rx_action() (or the threaded-NAPI kthread, BH disabled):
      // napi_consume_skb(skb, 1) for each deferred skb
      if (ctx === TASK) act.bh = true;
      if (cfg.skbPathNeedsNapiSafe) act.ns = 1;
      for (let j = 0; j < t.skbs.length; j++) {
        const x = t.skbs[j];
        if (x.st === SKB_DEFERRED && x.cpu === cpu) freeSkb(t, env, act, j);
      }
      break;
    }
    case 'get_page': {
      t.pages[a.a].ref++;
      t.ext.push(a.a);
      break;
    }
    case 'put_page': {
      t.ext.shift();
      putPage(t, a.a);
      break;
    }
    case 'napi_pp_put_page': {
      // skb_page_unref(): recycle ? napi_pp_put_page(netmem) : put_netmem(netmem)
      const e = act.q.shift() as number;
      const pg = e >> 2;
      const viaPool = (e & 1) === 1;
      const p = t.pages[pg];
      if (viaPool && (!cfg.ppPutChecksMagic || p.magic)) startPut(t, env, act, cpu, ctx, pg, false);
      else putPage(t, pg);
      if (act.op === OP_NONE && act.q.length === 0) act.bh = false;
      break;
    }
    case 'page_pool_dma_sync_for_device': {
      // rcu_read_lock(); if (pool->dma_sync) __page_pool_dma_sync_for_device(); (the re-check of ee62ce7a1d90)
      const k = act.pool;
      touchPool(t, k);
      if (!cfg.syncRechecksUnderRcu || t.pools[k].dmaSync) act.op = OP_SYNC;
      else {
        act.op = act.c === 1 ? OP_PUSH_READ : OP_RING; // rcu_read_unlock(); no sync
        act.c = 0;
      }
      break;
    }
    case '__page_pool_dma_sync_for_device': {
      // dma_sync_single_range_for_device() on the page's mapping; rcu_read_unlock()
      const pg = act.page;
      if (!t.pages[pg].dma && t.g.syncUnmapped < 0) t.g.syncUnmapped = pg;
      act.op = act.c === 1 ? OP_PUSH_READ : OP_RING;
      act.c = 0;
      break;
    }
    case 'page_pool_recycle_in_cache': {
      // page_pool_recycle_in_cache(): if (pool->alloc.count == PP_ALLOC_CACHE_SIZE) -> cache full
      const k = act.pool;
      touchPool(t, k);
      checkLocalPush(t, env, k, cpu, ctx, act);
      const P = t.pools[k];
      if (P.count >= P.cache.length) {
        act.op = OP_RING; // recycle_stat_inc(cache_full); the page goes to the ring
      } else {
        act.op = OP_PUSH_WRITE;
        act.c = P.count;
      }
      break;
    }
    case 'page_pool_recycle_in_cache:store': {
      // pool->alloc.cache[pool->alloc.count++] = netmem (the write half)
      const k = act.pool;
      touchPool(t, k);
      checkLocalPush(t, env, k, cpu, ctx, act);
      const P = t.pools[k];
      P.cache[act.c] = act.page;
      P.count = act.c + 1;
      finishOp(act);
      break;
    }
    case 'page_pool_recycle_in_ring': {
      // page_pool_producer_lock(); __ptr_ring_produce(); [recycle_stat_inc(ring) inside the lock]
      const k = act.pool;
      touchPool(t, k);
      const P = t.pools[k];
      if (P.ring.length >= env.ringSize) {
        // ring full: unlock, recycle_stat_inc(ring_full), page_pool_return_netmem()
        const pg = act.page;
        finishOp(act);
        returnNetmem(t, env, k, pg);
        break;
      }
      P.ring.push(act.page);
      P.lock = actorId(cpu, ctx);
      act.page = -1;
      act.op = OP_RING_UNLOCK;
      break;
    }
    case 'page_pool_producer_unlock': {
      const k = act.pool;
      touchPool(t, k); // spin_unlock(&pool->ring.producer_lock) writes pool memory
      t.pools[k].lock = -1;
      if (cfg.ringStatInsideLock) finishOp(act);
      else act.op = OP_RING_STAT;
      break;
    }
    case 'recycle_stat_inc': {
      touchPool(t, act.pool); // this_cpu_inc(pool->recycle_stats->ring)
      finishOp(act);
      break;
    }
    // ---- driver control script (cpu0 task) ----
    case 'napi_disable': {
      n.disabled = true; // holds NAPI_STATE_SCHED; list_owner stays -1
      n.owner = -1;
      t.drv++;
      break;
    }
    case 'napi_enable': {
      n.disabled = false;
      t.drv++;
      break;
    }
    case 'netdev_rx_queue_restart': {
      // the driver swaps its RX ring to the other pool (created with p.napi = this NAPI)
      const old = n.pool;
      n.pool = (old + 1) % t.pools.length;
      if (cfg.restartDisablesDirectRecycling || a.a === 1) {
        // queue-API drivers (script arg 1, e.g. bnxt_queue_stop()) call
        // page_pool_disable_direct_recycling(old) while the NAPI is stopped: cpuid = -1; p.napi = NULL
        t.pools[old].cpuid = -1;
        t.pools[old].napi = -1;
      }
      t.drv++;
      break;
    }
    case 'page_pool_put_full_page': {
      // driver RX ring teardown: page_pool_put_full_page(pool, page, false) for each descriptor page of pool a
      const keep: number[] = [];
      for (const pg of t.rx) {
        if (t.pages[pg].pp === a.a) act.q.push(pg * 4 + KIND_PP * 2 + 1);
        else keep.push(pg);
      }
      t.rx = keep;
      t.drv++;
      break;
    }
    case 'page_pool_destroy': {
      // page_pool_destroy(): user_cnt--; disable_direct_recycling; free_frag; page_pool_release()
      const k = a.a;
      const P = t.pools[k];
      touchPool(t, k);
      t.drv++;
      P.user--;
      if (P.user > 0) break;
      if (cfg.disableDirectRecyclingOnDestroy) {
        P.cpuid = -1;
        P.napi = -1;
      }
      if (cfg.destroyFreesFrag && P.frag >= 0) {
        // page_pool_free_frag(): unref(BIAS_MAX - frag_users); if last -> page_pool_return_netmem
        const pg = P.frag;
        P.frag = -1;
        if (unref(t, pg, BIAS - P.fragUsers) === 0) returnNetmem(t, env, k, pg);
      }
      P.st = POOL_DESTROYING;
      act.op = OP_RELEASE_SCRUB;
      act.pool = k;
      break;
    }
    case 'page_pool_release_retry': {
      act.op = OP_RELEASE_SCRUB;
      act.pool = a.a;
      t.pools[a.a].retry = false;
      touchPool(t, a.a);
      break;
    }
    case 'page_pool_scrub': {
      // page_pool_scrub(): empty_alloc_cache_once; destroy_cnt++; unmap dma_mapped (first time); empty_ring
      const k = act.pool;
      touchPool(t, k);
      const P = t.pools[k];
      if (P.destroyCnt === 0) {
        while (P.count > 0) returnNetmem(t, env, k, P.cache[--P.count]);
      }
      if (P.destroyCnt === 0) P.dmaSync = false; // WRITE_ONCE(pool->dma_sync, false) (then synchronize_net())
      if (P.destroyCnt === 0 && cfg.dmaUnmapOnScrub) {
        for (const p of t.pages) if (p.pp === k && p.dma) p.dma = false;
      }
      P.destroyCnt++;
      while (P.ring.length > 0) returnNetmem(t, env, k, P.ring.shift() as number); // ptr_ring_consume_bh
      // page_pool_inflight(): hold - release
      act.c = P.hold - P.release;
      P.seen = P.release;
      act.op = OP_RELEASE_FREE;
      break;
    }
    case 'page_pool_release': {
      // after the producer-lock barrier: inflight == 0 -> __page_pool_destroy() (kfree)
      const k = act.pool;
      const P = t.pools[k];
      touchPool(t, k);
      const inflight = act.c;
      finishOp(act);
      // destroy_cnt counts page_pool_scrub() calls: the first page_pool_release() is
      // page_pool_destroy()'s, every later one page_pool_release_retry()'s
      const fromWorker = P.destroyCnt > 1;
      if (inflight < 0 && t.g.negInflight < 0) t.g.negInflight = k; // WARN(inflight < 0) in page_pool_inflight()
      if (inflight === 0) {
        P.st = POOL_FREED;
        P.retry = false;
      } else if (!fromWorker) {
        // page_pool_destroy(): `if (!page_pool_release(pool)) return;` then
        // schedule_delayed_work(&pool->release_dw, DEFER_TIME): any non-zero inflight, negative too
        P.retry = cfg.destroySchedulesRetry;
      } else if (inflight < 0) {
        // page_pool_release_retry(): `if (inflight <= 0) return;` (43130d02baa1); before: `if (!inflight) return;`
        P.retry = !cfg.retryStopsOnNegative && cfg.destroySchedulesRetry;
      } else {
        P.retry = cfg.destroySchedulesRetry; // page_pool_release_retry(): schedule_delayed_work() again
      }
      break;
    }
    case 'irq_set_affinity': {
      n.irq = a.a;
      t.drv++;
      break;
    }
    case 'device_unbind': {
      t.devUnbound = true;
      t.drv++;
      break;
    }
    default: {
      const never: never = a.fn;
      throw new Error(`unknown action ${String(never)}`);
    }
  }
  scrubDeadSlots(t);
  stateChanged(t);
}
