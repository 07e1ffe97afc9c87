/**
 * Seeded random traces of *valid* page_pool API usage, in harness lines.
 *
 * The generator keeps a shadow of who owns what (driver-held page references
 * as handles, extra page refs, skbs, pools and their NAPI) so that every step is
 * something a correct driver / the stack could do. The real page_pool.c must
 * then never WARN, free a page twice or touch a freed pool: run.ts checks that
 * ("alarms"), and the model comparison uses the same traces.
 *
 * Deterministic: only the seeded PRNG from src/engine/prng.ts.
 */
import { createPrng, type Prng } from '../../src/engine/prng.ts';

interface GPool {
  id: number;
  order: number;
  napiScheduledOn: number; // cpu, or -1
  napiDisabled: boolean;
  destroyed: boolean;
  users: number; // page_pool_destroy calls still needed
  cpuid: number; // page_pool_create_percpu cpuid, -1 if none
}

interface GSkb {
  id: number;
}

export interface GenOptions {
  cpus?: number;
  maxSteps?: number;
}

const pick = <T>(r: Prng, xs: readonly T[]): T => xs[r.below(xs.length)]!;
const chance = (r: Prng, pct: number): boolean => r.below(100) < pct;

/** One random trace of valid API usage for `seed`. */
export function randomApiTrace(seed: number, opts: GenOptions = {}): string[] {
  const r = createPrng(seed);
  const cpus = opts.cpus ?? 2;
  const maxSteps = opts.maxSteps ?? 40;
  const out: string[] = [`# random API trace seed=${seed}`];
  const pools: GPool[] = [];
  const handles: { name: string; pool: number }[] = [];
  const extraRefs: string[] = [];
  const skbs: GSkb[] = [];
  let nextHandle = 0;
  let nextSkb = 0;

  const emit = (cpu: number, ctx: string, rest: string): void => {
    out.push(`cpu=${cpu} ctx=${ctx} ${rest}`);
  };

  // ---- environment: the page allocator and NUMA layout
  const avail = chance(r, 15) ? 200 : 1 + r.below(6);
  emit(0, 'process', `fn=mm avail=${avail} pfmemalloc=${chance(r, 10) ? 1 : 0} nid=${chance(r, 15) ? 1 : -1}`);
  if (chance(r, 25)) emit(0, 'process', `fn=set_cpu_nid cpu_of=1 nid=1`);

  // ---- pools
  const npools = chance(r, 25) ? 2 : 1;
  for (let i = 0; i < npools; i++) {
    const flags = pick(r, ['dma_map|dma_sync', 'dma_map|dma_sync', 'dma_map', '0']);
    const poolSize = pick(r, [1, 2, 4, 64]);
    const order = chance(r, 15) ? 1 : 0;
    const nid = pick(r, [-1, -1, 0, 1]);
    const napi = chance(r, 80) ? 1 : 0;
    const cpuid = chance(r, 20) ? r.below(cpus) : -1;
    const needSync = chance(r, 85) ? 1 : 0;
    emit(
      0,
      'process',
      `fn=page_pool_create pool=${i} flags=${flags} pool_size=${poolSize} order=${order} nid=${nid} napi=${napi} need_sync=${needSync}` +
        (cpuid >= 0 ? ` cpuid=${cpuid}` : ''),
    );
    const p: GPool = { id: i, order, napiScheduledOn: -1, napiDisabled: false, destroyed: false, users: 1, cpuid };
    pools.push(p);
    emit(0, 'process', `fn=napi_enable pool=${i}`);
    if (chance(r, 20)) {
      emit(0, 'process', `fn=page_pool_use_xdp_mem pool=${i}`);
      p.users++;
    }
  }

  /** the context a pool's consumer (NAPI) runs in right now */
  const consumerCtx = (p: GPool): { cpu: number; ctx: string } =>
    p.napiScheduledOn >= 0 ? { cpu: p.napiScheduledOn, ctx: 'softirq' } : { cpu: 0, ctx: pick(r, ['process', 'bh']) };
  /** any context that may free a page: not hardirq (lockdep_assert_no_hardirq) */
  const anyCtx = (): { cpu: number; ctx: string } => ({
    cpu: r.below(cpus),
    ctx: pick(r, ['softirq', 'softirq', 'process', 'bh']),
  });
  const live = (): GPool[] => pools.filter((p) => !p.destroyed);
  const takeHandle = (): { name: string; pool: number } | undefined =>
    handles.length ? handles.splice(r.below(handles.length), 1)[0] : undefined;

  const putHandle = (h: { name: string; pool: number }): void => {
    const p = pools[h.pool]!;
    const c = anyCtx();
    // allow_direct only from the pool's own NAPI context (page_pool_recycle_direct contract)
    const mayDirect = !p.destroyed && p.napiScheduledOn === c.cpu && c.ctx === 'softirq';
    const how = r.below(5);
    if (how === 4) {
      emit(c.cpu, c.ctx, `fn=page_pool_unref_put pool=${h.pool} page=${h.name} direct=${mayDirect && chance(r, 50) ? 1 : 0}`);
      return;
    }
    if (how === 0) emit(c.cpu, c.ctx, `fn=page_pool_put_page pool=${h.pool} page=${h.name} size=${pick(r, [0, 64, 4096])} direct=${mayDirect && chance(r, 50) ? 1 : 0}`);
    else if (how === 1 && mayDirect) emit(c.cpu, c.ctx, `fn=page_pool_recycle_direct pool=${h.pool} page=${h.name}`);
    else if (how === 2) emit(c.cpu, c.ctx, `fn=napi_pp_put_page page=${h.name}`);
    else emit(c.cpu, c.ctx, `fn=page_pool_put_full_page pool=${h.pool} page=${h.name} direct=${mayDirect && chance(r, 50) ? 1 : 0}`);
  };

  const steps = 5 + r.below(maxSteps);
  for (let s = 0; s < steps; s++) {
    const lp = live();
    const k = r.below(100);
    if (k < 22 && lp.length) {
      // allocation in the consumer context
      const p = pick(r, lp);
      const c = consumerCtx(p);
      const name = `h${nextHandle++}`;
      const which = r.below(10);
      const max = 4096 << p.order;
      if (which < 6) emit(c.cpu, c.ctx, `fn=page_pool_alloc_pages pool=${p.id} as=${name}`);
      else if (which < 9) emit(c.cpu, c.ctx, `fn=page_pool_alloc_frag pool=${p.id} size=${pick(r, [256, 1024, 2048, 3000, max])} as=${name}`);
      else emit(c.cpu, c.ctx, `fn=page_pool_alloc pool=${p.id} size=${pick(r, [512, 1500, 2048, max])} as=${name}`);
      handles.push({ name, pool: p.id });
    } else if (k < 40 && handles.length) {
      putHandle(takeHandle()!);
    } else if (k < 44 && handles.length >= 2) {
      // XDP_REDIRECT completion: bulk put of handles of one pool
      const p = pools[handles[r.below(handles.length)]!.pool]!;
      const mine = handles.filter((h) => h.pool === p.id).slice(0, 1 + r.below(3));
      for (const h of mine) handles.splice(handles.indexOf(h), 1);
      const c = anyCtx();
      emit(c.cpu, c.ctx, `fn=page_pool_put_page_bulk pool=${p.id} pages=${mine.map((h) => h.name).join(',')}`);
    } else if (k < 48 && handles.length) {
      // another user takes a pp reference (frag-style sharing): a new handle on the same page
      // the same handle name now stands for two references, each put once
      const h = pick(r, handles);
      emit(r.below(cpus), 'softirq', `fn=page_pool_ref_page page=${h.name}`);
      handles.push({ name: h.name, pool: h.pool });
    } else if (k < 52 && handles.length) {
      // a non-pp user (e.g. a socket) takes a page reference, dropped later
      const h = pick(r, handles);
      emit(r.below(cpus), 'softirq', `fn=get_page page=${h.name}`);
      extraRefs.push(h.name);
    } else if (k < 56 && extraRefs.length) {
      const name = extraRefs.splice(r.below(extraRefs.length), 1)[0]!;
      const c = anyCtx();
      emit(c.cpu, c.ctx, `fn=put_page page=${name}`);
    } else if (k < 64 && handles.length && nextSkb < 32) {
      // the stack builds an skb from an RX buffer (head) and maybe adds frags
      const head = takeHandle()!;
      const id = nextSkb++;
      emit(pools[head.pool]!.napiScheduledOn >= 0 ? pools[head.pool]!.napiScheduledOn : 0, 'softirq',
        `fn=napi_build_skb skb=${id} page=${head.name} recycle=1`);
      skbs.push({ id });
      const nfr = r.below(3);
      for (let i = 0; i < nfr && handles.length; i++) {
        const f = takeHandle()!;
        emit(0, 'softirq', `fn=skb_add_rx_frag skb=${id} page=${f.name}`);
      }
    } else if (k < 68 && skbs.length && nextSkb < 32) {
      const s0 = pick(r, skbs);
      const id = nextSkb++;
      emit(r.below(cpus), 'softirq', `fn=skb_clone skb=${s0.id} new=${id}`);
      skbs.push({ id });
    } else if (k < 71 && skbs.length) {
      const s0 = pick(r, skbs);
      const c = anyCtx();
      emit(c.cpu, c.ctx, `fn=pskb_expand_head skb=${s0.id}`);
    } else if (k < 75 && skbs.length >= 2) {
      const to = pick(r, skbs);
      const rest = skbs.filter((x) => x !== to);
      const from = pick(r, rest);
      emit(r.below(cpus), 'softirq', `fn=skb_try_coalesce to=${to.id} from=${from.id} headlen=${r.below(2)} copy=${chance(r, 10) ? 1 : 0} free_on_fail=1`);
      skbs.splice(skbs.indexOf(from), 1);
    } else if (k < 84 && skbs.length) {
      const s0 = skbs.splice(r.below(skbs.length), 1)[0]!;
      const c = anyCtx();
      emit(c.cpu, c.ctx, `fn=${pick(r, ['kfree_skb', 'consume_skb', 'napi_consume_skb'])} skb=${s0.id}`);
    } else if (k < 89 && lp.length) {
      // NAPI scheduling moves the consumer between CPUs
      const p = pick(r, lp);
      if (p.napiScheduledOn >= 0) {
        emit(p.napiScheduledOn, 'softirq', `fn=napi_complete pool=${p.id}`);
        p.napiScheduledOn = -1;
      } else {
        const cpu = r.below(cpus);
        emit(cpu, 'process', `fn=napi_schedule pool=${p.id}`);
        p.napiScheduledOn = cpu;
      }
    } else if (k < 91 && lp.length) {
      const p = pick(r, lp);
      const c = consumerCtx(p);
      emit(c.cpu, c.ctx, `fn=${pick(r, ['page_pool_update_nid', 'page_pool_nid_changed'])} pool=${p.id} nid=${pick(r, [-1, 0, 1])}`);
    } else if (k < 94) {
      emit(0, 'process', `fn=mm pfmemalloc=${chance(r, 20) ? 1 : 0} nid=${pick(r, [-1, -1, 0, 1])}` +
        (chance(r, 30) ? ` avail=${r.below(4)}` : '') + (chance(r, 8) ? ` dma_fail=1` : ' dma_fail=0') +
        (chance(r, 5) ? ` xa_fail=1` : ' xa_fail=0'));
    } else if (k < 97 && lp.length) {
      // mid-trace destroy with pages still in flight
      destroy(pick(r, lp));
    } else {
      for (const p of pools) if (p.destroyed) emit(0, 'process', `fn=page_pool_release_retry pool=${p.id}`);
    }
  }

  function destroy(p: GPool): void {
    if (p.napiScheduledOn >= 0) emit(p.napiScheduledOn, 'softirq', `fn=napi_complete pool=${p.id}`);
    p.napiScheduledOn = -1;
    if (!p.napiDisabled) emit(0, 'process', `fn=napi_disable pool=${p.id}`);
    p.napiDisabled = true;
    while (p.users > 0) {
      emit(0, 'process', `fn=page_pool_destroy pool=${p.id}`);
      p.users--;
    }
    p.destroyed = true;
  }

  // ---- teardown: the stack and the driver give everything back, then the pools go
  if (chance(r, 75)) {
    emit(0, 'process', 'fn=mm dma_fail=0 xa_fail=0');
    while (skbs.length) {
      const s0 = skbs.splice(r.below(skbs.length), 1)[0]!;
      const c = anyCtx();
      emit(c.cpu, c.ctx, `fn=kfree_skb skb=${s0.id}`);
    }
    const destroyFirst = chance(r, 40);
    if (destroyFirst) for (const p of live()) destroy(p);
    while (handles.length) putHandle(takeHandle()!);
    while (extraRefs.length) emit(0, 'process', `fn=put_page page=${extraRefs.pop()!}`);
    for (const p of live()) destroy(p);
    for (let i = 0; i < 2; i++) {
      // sometimes long enough for the "stalled pool shutdown" warning (DEFER_WARN_INTERVAL)
      if (chance(r, 20)) emit(0, 'process', `fn=tick jiffies=${60 * 250}`);
      for (const p of pools) emit(0, 'process', `fn=page_pool_release_retry pool=${p.id}`);
    }
  }
  return out;
}
