/**
 * The divergences from the kernel's C found by the audit of issue #15 (D1-D11), each
 * with a test that fails on the model's old behaviour and passes on the one that follows
 * Linux 6.12 (or on the documented reason where a simplification stays, docs/model.md).
 */
import { describe, expect, it } from 'vitest';
import { buildEnv, buildModel, initialState, resolve } from '../../model/build.ts';
import { explore } from '../../src/engine/explore.ts';
import { canRun, inHardirq, inServingSoftirq, inSoftirq, inTask } from '../../model/context.ts';
import type { ModelConfig } from '../../model/config.ts';
import { page_pool_destroy, page_pool_release, page_pool_release_retry, page_pool_producer_unlock, page_pool_recycle_in_cache_store, page_pool_scrub, page_pool_recycle_in_cache, page_pool_recycle_in_ring, page_pool_return_page, slowAlloc, startPut } from '../../model/kernel/net/core/page_pool.ts';
import { HARDIRQ, OP_NONE, OP_POP_WRITE, OP_PUSH_READ, OP_RING, OP_RING_FULL, OP_PUSH_WRITE, OP_RING_UNLOCK, POOL_ALIVE, POOL_DESTROYING, POOL_FREED, pipelinePages, SKB_FREE, SKB_LIVE, SOFTIRQ, TASK, actorId, type PagePoolState } from '../../model/state.ts';
import type { Action, Env } from '../../model/env.ts';
import { COALESCE_HEADLEN0, build_skb, napi_consume_skb, pskb_expand_head, skb_clone, skb_try_coalesce } from '../../model/kernel/net/core/skbuff.ts';
import { actionLabel } from '../../model/printers.ts';
import type { PpAction } from '../../model/registry.ts';
import { stackCoalesces, stackDefers, stackExpands } from '../../model/workload.ts';
import { xdp_rxq_info_unreg } from '../../model/kernel/net/core/xdp.ts';
import { bhBalanced } from '../../properties/bh-balanced.ts';
import * as preempt from '../../model/kernel/include/linux/preempt.ts';
import { stepperFor } from '../../model/transition.ts';
import { napiLocalOnly } from '../../properties/napi-local-only.ts';
import { noPageUseAfterFree } from '../../properties/no-page-use-after-free.ts';

function setup(scenario: string, config: Partial<ModelConfig> = {}, variant = 'mainline', over: Record<string, number> = {}): { s: PagePoolState; env: Env } {
  const { scen, cfg, bounds } = resolve({ variant, scenario, bounds: over, config });
  return { s: initialState(scen, bounds), env: buildEnv(cfg, scen, bounds) };
}
const act = (s: PagePoolState, cpu: number, ctx: 0 | 1 | 2) => s.actors[actorId(cpu, ctx)];
/** a page recycled into pool k's ring earlier (the tail of the ring) */
const ringStoreForTest = (s: PagePoolState, k: number, pg: number) => s.pools[k].ring.push(pg);
const step = { fn: '', cpu: 0, ctx: HARDIRQ, a: -1, b: -1 } as const;

describe('D1: in_softirq() and the other context predicates read the CPU\'s preempt_count nesting', () => {
  it('a hard IRQ nested over a softirq that is mid-operation: in_softirq() and in_serving_softirq() are true', () => {
    const { s, env } = setup('rx-recycle');
    expect(inSoftirq(s, env, 0, HARDIRQ)).toBe(false); // over an idle CPU
    act(s, 0, SOFTIRQ).op = OP_POP_WRITE;
    expect(inSoftirq(s, env, 0, HARDIRQ)).toBe(true);
    expect(inServingSoftirq(s, env, 0, HARDIRQ)).toBe(true);
    expect(inHardirq(s, env, 0, HARDIRQ)).toBe(true);
    expect(inTask(s, env, 0, HARDIRQ)).toBe(false);
    expect(inSoftirq(s, env, 1, HARDIRQ)).toBe(false); // the other CPU's softirq does not count
  });

  it('a hard IRQ nested over a BH-disabled task: in_softirq() true, in_serving_softirq() false; the task itself is in_task()', () => {
    const { s, env } = setup('rx-recycle');
    const task = act(s, 0, TASK);
    task.op = OP_RING;
    task.bh = true;
    expect(inSoftirq(s, env, 0, HARDIRQ)).toBe(true);
    expect(inServingSoftirq(s, env, 0, HARDIRQ)).toBe(false);
    expect(inTask(s, env, 0, TASK)).toBe(true);
    expect(inSoftirq(s, env, 0, TASK)).toBe(true);
    // ... and a task holding spin_lock_bh() (the producer lock taken outside softirq) too
    task.bh = false;
    task.op = OP_RING_UNLOCK;
    task.bhd = 1;
    expect(inSoftirq(s, env, 0, HARDIRQ)).toBe(true);
    expect(canRun(s, env, 0, SOFTIRQ)).toBe(false); // the BH-disable depth keeps the softirq out
    task.bhd = 0;
    expect(canRun(s, env, 0, SOFTIRQ)).toBe(true);
  });

  it('a hard-IRQ put (allow_direct=false) on the NAPI\'s CPU over its softirq: page_pool_napi_local() says local, the page goes to the cache (the old model: the ring)', () => {
    const { s, env } = setup('rx-recycle');
    s.napi.sched = true;
    s.napi.owner = 0;
    s.napi.run = 0;
    const pg = slowAlloc(s, env, 0, 0, 0);
    act(s, 0, SOFTIRQ).op = OP_POP_WRITE; // the NAPI poll is mid cache pop
    const hard = act(s, 0, HARDIRQ);
    startPut(s, env, hard, 0, HARDIRQ, pg, false);
    expect(hard.op).toBe(OP_PUSH_READ);
    // the cache write races with the softirq's pop: only lockdep_assert_no_hardirq() forbids this
    // put in the kernel, and napi-local-only reports it (a hard IRQ is never the consumer)
    page_pool_recycle_in_cache(s, { ...step }, env, hard);
    expect(napiLocalOnly.check(s)).not.toBeNull();
  });

  it('the same put over an idle CPU goes to the ring (no softirq count)', () => {
    const { s, env } = setup('rx-recycle');
    s.napi.sched = true;
    s.napi.owner = 0;
    s.napi.run = 0;
    const pg = slowAlloc(s, env, 0, 0, 0);
    const hard = act(s, 0, HARDIRQ);
    startPut(s, env, hard, 0, HARDIRQ, pg, false);
    expect(hard.op).toBe(OP_RING);
  });

  it('the producer lock: spin_lock_bh() outside softirq raises the task\'s BH-disable depth, the unlock with the saved choice restores it; re-reading in_softirq() at unlock leaks it (bh-balanced)', () => {
    for (const saved of [true, false]) {
      const { s, env } = setup('rx-recycle', { producerUnlockUsesSavedInSoftirq: saved });
      const pg = slowAlloc(s, env, 0, 0, 0);
      const task = act(s, 0, TASK);
      startPut(s, env, task, 0, TASK, pg, false);
      expect(task.op).toBe(OP_RING);
      const a = { ...step, ctx: TASK };
      page_pool_recycle_in_ring(s, a, env, task);
      expect(task.bhd).toBe(1);
      expect(canRun(s, env, 0, SOFTIRQ)).toBe(false);
      page_pool_producer_unlock(s, a, env, task);
      expect(task.op).toBe(OP_NONE);
      expect(task.bhd).toBe(saved ? 0 : 1);
      expect(bhBalanced.check(s) === null).toBe(saved);
    }
  });
});

describe('D1 (threaded NAPI): napi_threaded_poll_loop() runs the poll under local_bh_disable()', () => {
  it('a poll step of the kthread sees in_softirq() true from its first line (a replaced step too: the dispatch disables BH, the old model left it to each step), a hard IRQ over it too, and no softirq runs over it while it is in flight', () => {
    const { s, env } = setup('threaded-napi');
    s.napi.sched = true;
    s.napi.run = 0;
    const seen: boolean[] = [];
    const stepper = stepperFor({
      page_pool_alloc_pages: (t, a, e, actor) => {
        seen.push(inSoftirq(t, e, a.cpu, a.ctx));
        actor.op = OP_POP_WRITE; // the cache pop stays in flight
        actor.pool = a.a;
      },
    });
    stepper(s, { fn: 'page_pool_alloc_pages', cpu: 0, ctx: TASK, a: 0, b: -1 }, env);
    expect(seen).toEqual([true]);
    // while the operation is in flight: the task, a hard IRQ over it, and no softirq on its CPU
    expect([inSoftirq(s, env, 0, TASK), inSoftirq(s, env, 0, HARDIRQ), inServingSoftirq(s, env, 0, HARDIRQ), canRun(s, env, 0, SOFTIRQ)]).toEqual([true, true, false, false]);
    // a task step that is no poll step (kfree_skb from a process) does not run in the kthread's BH section
    expect([inSoftirq(s, env, 1, TASK), canRun(s, env, 1, SOFTIRQ)]).toEqual([false, true]);
  });

  it('the kernel\'s names (model/kernel/include/linux/preempt.ts, proposals\' k.inSoftirq) are the same functions, not a second rule', () => {
    expect(preempt.in_softirq).toBe(inSoftirq);
    expect(preempt.in_hardirq).toBe(inHardirq);
    expect(preempt.in_serving_softirq).toBe(inServingSoftirq);
    expect(preempt.in_task).toBe(inTask);
  });
});

describe('D9: skb_clone() copies skb->alloc_cpu (__copy_skb_header)', () => {
  it('a clone made on cpu1 of an skb allocated on cpu0 keeps alloc_cpu 0, so skb_attempt_defer_free() on cpu1 queues it to cpu0 (the old model: cpu1, freed locally)', () => {
    const { s, env } = setup('rx-recycle');
    build_skb(s, { fn: 'build_skb', cpu: 0, ctx: SOFTIRQ, a: -1, b: -1 }, env, act(s, 0, SOFTIRQ));
    const j = s.skbs.findIndex((x) => x.st !== SKB_FREE);
    s.skbs[j].st = SKB_LIVE;
    skb_clone(s, { fn: 'skb_clone', cpu: 1, ctx: SOFTIRQ, a: j, b: -1 }, env, act(s, 1, SOFTIRQ));
    const clone = s.skbs.findIndex((x, i) => i !== j && x.st === SKB_LIVE);
    expect(s.skbs[clone].cpu).toBe(0);
    const out: Action[] = [];
    stackDefers(s, env, 1, SOFTIRQ, out, clone);
    expect(out.map((x) => x.fn)).toEqual(['skb_attempt_defer_free']);
  });
});

describe('D7: a full ring fails __ptr_ring_produce() under the producer lock; the page is returned after the unlock', () => {
  it('lock taken, page kept through the unlock, returned in a step of its own (the old model returned it at once, never locking)', () => {
    const { s, env } = setup('rx-recycle');
    const pages = [0, 1, 2].map(() => slowAlloc(s, env, 0, 0, 0));
    s.pools[0].ring.push(pages[0], pages[1]); // full (ringSize 2)
    s.pages[pages[0]].ref = 1;
    const sirq = act(s, 1, SOFTIRQ);
    startPut(s, env, sirq, 1, SOFTIRQ, pages[2], false);
    expect(sirq.op).toBe(OP_RING);
    const a = { ...step, cpu: 1, ctx: SOFTIRQ };
    page_pool_recycle_in_ring(s, a, env, sirq);
    expect(s.pools[0].lock).toBe(actorId(1, SOFTIRQ)); // another producer waits (producerLockFree)
    expect(s.pools[0].ring).toEqual([pages[0], pages[1]]);
    expect(s.pages[pages[2]].pp).toBe(0); // still a pool page
    page_pool_producer_unlock(s, a, env, sirq);
    expect(s.pools[0].lock).toBe(-1);
    expect(sirq.op).toBe(OP_RING_FULL);
    expect(pipelinePages(s)[pages[2]]).toBe(1); // held by the put between the unlock and the return
    const release = s.pools[0].release;
    page_pool_return_page(s, a, env, sirq);
    expect(sirq.op).toBe(OP_NONE);
    expect(s.pools[0].release).toBe(release + 1);
    expect(s.pages[pages[2]].pp).toBe(-1);
  });
});

describe('D6: page_pool_destroy() with user_cnt > 1 (the XDP memory model\'s user) returns early', () => {
  it('teardown-xdp-mem: pool0 starts with user_cnt 2; xdp_rxq_info_unreg\'s destroy only drops that user, the driver\'s destroy is the real one', () => {
    const { s, env } = setup('teardown-xdp-mem');
    expect(s.pools[0].user).toBe(2);
    const task = act(s, 0, TASK);
    const a = { fn: 'xdp_rxq_info_unreg', cpu: 0, ctx: TASK, a: 0, b: -1 } as const;
    xdp_rxq_info_unreg(s, a, env, task);
    expect(s.pools[0].user).toBe(1);
    expect(s.pools[0].st).toBe(POOL_ALIVE);
    expect(s.pools[0].napi).toBe(0); // no page_pool_disable_direct_recycling() yet
    expect(task.op).toBe(OP_NONE);
    page_pool_destroy(s, { ...a, fn: 'page_pool_destroy' }, env, task);
    expect(s.pools[0].user).toBe(0);
    expect(s.pools[0].st).toBe(POOL_DESTROYING);
    expect(s.pools[0].napi).toBe(-1);
  });
});

describe('D2: a queue restart on a live NAPI, as 6.12 bnxt_queue_stop() does it (napi-local-destroy-window for such drivers)', () => {
  const realEffects = (m: ReturnType<typeof buildModel>) => ({ ...m, invariants: m.invariants.filter((p) => p.id !== 'napi-local-only') });
  it('mainline\'s contract (napi_assert_will_not_race) keeps the driver from page_pool_disable_direct_recycling on the live NAPI: clean', () => {
    const r = explore(buildModel({ variant: 'mainline', scenario: 'queue-restart-live-napi', bounds: {} }), { mode: 'bfs' });
    expect(r.kind).toBe('ok');
  });
  it('the 6.12 bnxt flow (driverRespectsNapiAssert false): a put decided NAPI-local before the disable pushes after page_pool_scrub drained the cache: the page is stranded, pool0 never freed', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'queue-restart-live-napi', bounds: {}, config: { driverRespectsNapiAssert: false } });
    const r = explore(realEffects(m), { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('no-leak-at-quiescence');
    const fns = r.trace.steps.slice(1).map((x) => x.action?.fn);
    // the disable comes between the decision (napi_pp_put_page) and the push, and scrub before the push
    expect(fns.indexOf('page_pool_disable_direct_recycling')).toBeGreaterThan(fns.indexOf('napi_pp_put_page'));
    expect(fns.indexOf('page_pool_recycle_in_cache:store')).toBeGreaterThan(fns.indexOf('page_pool_scrub'));
  });
  it('the proposed RCU fix (napiLocalRcu: synchronize_rcu in page_pool_destroy) closes the real effect for that driver too', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'queue-restart-live-napi', bounds: {}, config: { driverRespectsNapiAssert: false, napiLocalRcu: true } });
    expect(explore(realEffects(m), { mode: 'bfs' }).kind).toBe('ok');
  });
});

describe('D10: a threaded NAPI\'s kthread may run each poll on any CPU (it migrates between polls)', () => {
  it('napi_schedule() in threaded mode offers every CPU for the kthread; list_owner stays -1', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'threaded-napi', bounds: {} });
    const s = m.init()[0];
    const sched = m.actions(s).filter((a) => a.fn === 'napi_schedule');
    expect(sched.map((a) => a.a).sort()).toEqual([0, 1]);
    const t = m.step(s, sched.find((a) => a.a === 1)!);
    expect(t.napi.run).toBe(1);
    expect(t.napi.owner).toBe(-1);
  });
  it('the mutant that sets list_owner in threaded mode (it survived while the kthread stayed on the IRQ\'s CPU) is killed, through a kthread on another CPU', () => {
    const m = buildModel({ variant: 'mutant-threaded-sets-list-owner', scenario: 'threaded-napi', bounds: {} });
    const r = explore(m, { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('napi-local-only');
    const sched = r.trace.steps.slice(1).find((x) => x.action?.fn === 'napi_schedule')!.action!;
    expect(sched.a).not.toBe(sched.cpu);
  });
});

describe('D11: DMA tracking (pool->dma_mapped) is a flag per page; the untracked page of a PP_DMA_INDEX_BITS == 0 build is the dmaUnmapOnScrub=false model', () => {
  it('scrub that finds no page in the xarray (every page untracked) leaves in-flight pages mapped past the unbind: dma-unmap-before-free catches it', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'teardown', bounds: {}, config: { dmaUnmapOnScrub: false } });
    const r = explore(m, { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind === 'violation') expect(r.property).toBe('dma-unmap-before-free');
  });
});

describe('D3: pskb_expand_head() on a skb that is not cloned puts the old head page (skb_free_head)', () => {
  it('offered for a non-cloned skb with a head page (the old model: only clones); the head page goes to napi_pp_put_page, the frags stay', () => {
    const { s, env } = setup('skb-clone-coalesce');
    const [p0, p1] = [slowAlloc(s, env, 0, 0, 0), slowAlloc(s, env, 0, 0, 0)];
    s.skbs[0] = { st: SKB_LIVE, sh: 0, ppr: true, cpu: 0, cloned: false, up: -1, ur: false };
    s.sh[0] = { dataref: 1, refs: [p0 * 2 + 1, p1 * 2 + 1], head: true };
    const out: Action[] = [];
    stackExpands(s, env, 0, SOFTIRQ, out, 0);
    expect(out.map((x) => x.fn)).toEqual(['pskb_expand_head']);
    const sirq = act(s, 0, SOFTIRQ);
    pskb_expand_head(s, out[0], env, sirq);
    expect(s.sh[0]).toEqual({ dataref: 1, refs: [p1 * 2 + 1], head: false });
    expect(sirq.q).toEqual([p0 * 4 + 2 + 1]); // pp ref, via page_pool
    expect(s.skbs[0].ppr).toBe(true);
  });
});

describe('D3 (cloned): the clone going away between skb_cloned() and skb_release_data() stays one step (docs/model.md)', () => {
  it('the split\'s effect, our release being the last, is the one-step expand followed by the clone\'s free in the same context: the same pages, in the same order, with the same pp_recycle, the same new shinfo', () => {
    const { s, env } = setup('skb-clone-coalesce', {}, 'mainline', { cpus: 2 });
    const [p0, p1] = [slowAlloc(s, env, 0, 0, 0), slowAlloc(s, env, 0, 0, 0)];
    s.skbs[0] = { st: SKB_LIVE, sh: 0, ppr: true, cpu: 0, cloned: true, up: -1, ur: false };
    s.skbs[1] = { st: SKB_LIVE, sh: 0, ppr: true, cpu: 0, cloned: true, up: -1, ur: false };
    s.sh[0] = { dataref: 2, refs: [p0 * 2 + 1, p1 * 2 + 1], head: true };
    const ref1 = s.pages[p1].ref;
    const sirq = act(s, 0, SOFTIRQ);
    pskb_expand_head(s, { fn: 'pskb_expand_head', cpu: 0, ctx: SOFTIRQ, a: 0, b: -1 }, env, sirq);
    expect([s.sh[0].dataref, sirq.q]).toEqual([1, []]); // not the last: only our dataref went
    // the clone's holder frees it next, in the expander's own context: the last reference
    napi_consume_skb(s, { fn: 'napi_consume_skb', cpu: 0, ctx: SOFTIRQ, a: 1, b: -1 }, env, sirq);
    // what the kernel's expand does when the clone went away mid-call: frags, then the old head,
    // through napi_pp_put_page (pp_recycle, copied by skb_clone, is the same on both)
    expect(sirq.q).toEqual([p1 * 4 + 2 + 1, p0 * 4 + 2 + 1]);
    expect(s.pages[p1].ref).toBe(ref1 + 1);
    const x = s.skbs[0];
    expect([x.st, x.cloned, x.ppr, s.sh[x.sh]]).toEqual([SKB_LIVE, false, false, { dataref: 1, refs: [p1 * 2], head: false }]);
    // ... and the model offers that free there (any softirq of the skb CPUs frees a live skb)
    const again = setup('skb-clone-coalesce', {}, 'mainline', { cpus: 2 });
    again.s.skbs[1] = { st: SKB_LIVE, sh: 0, ppr: true, cpu: 0, cloned: true, up: -1, ur: false };
    again.s.sh[0] = { dataref: 1, refs: [], head: false };
    expect(buildModel({ variant: 'mainline', scenario: 'skb-clone-coalesce', bounds: { cpus: 2 } }).actions(again.s).some((a) => a.fn === 'napi_consume_skb' && a.cpu === 0 && a.ctx === SOFTIRQ && a.a === 1)).toBe(true);
  });
});

describe('D4: skb_try_coalesce() with skb_headlen(from) == 0: the frags move, from\'s head page is freed (the old model always stole the head)', () => {
  it('both layouts are offered for a non-cloned from with a head page; the headlen-0 one puts the head page through the pool', () => {
    const { s, env } = setup('skb-clone-coalesce');
    const [p0, p1, p2] = [slowAlloc(s, env, 0, 0, 0), slowAlloc(s, env, 0, 0, 0), slowAlloc(s, env, 0, 0, 0)];
    s.skbs[0] = { st: SKB_LIVE, sh: 0, ppr: true, cpu: 0, cloned: false, up: -1, ur: false };
    s.sh[0] = { dataref: 1, refs: [p0 * 2 + 1], head: true };
    s.skbs[1] = { st: SKB_LIVE, sh: 1, ppr: true, cpu: 0, cloned: false, up: -1, ur: false };
    s.sh[1] = { dataref: 1, refs: [p1 * 2 + 1, p2 * 2 + 1], head: true };
    const out: Action[] = [];
    stackCoalesces(s, env, 0, SOFTIRQ, out, 0);
    expect(out.map((x) => x.b)).toEqual([1, 1 + COALESCE_HEADLEN0]);
    expect(actionLabel(out[1] as PpAction)).toBe('cpu0 softirq skb_try_coalesce(to=skb0, from=skb1, headlen 0)');
    const sirq = act(s, 0, SOFTIRQ);
    skb_try_coalesce(s, out[1], env, sirq);
    expect(s.sh[0].refs).toEqual([p0 * 2 + 1, p2 * 2 + 1]); // the frag moved, the head did not
    expect(sirq.q).toEqual([p1 * 4 + 2 + 1]); // from's head page, through napi_pp_put_page
    expect(s.skbs[1].st).toBe(SKB_FREE);
  });
});

describe('D5 (the alloc-cache part): page_pool_empty_alloc_cache_once() drains one page per step, so a late push can interleave', () => {
  it('a push that read alloc.count before the drain and stores after the first pop makes the drain return a page twice (the old atomic drain could not)', () => {
    const { s, env } = setup('rx-recycle', {}, 'mainline', { cacheSize: 3 });
    const [p0, p1, x] = [slowAlloc(s, env, 0, 0, 0), slowAlloc(s, env, 0, 0, 0), slowAlloc(s, env, 0, 0, 0)];
    const P = s.pools[0];
    P.cache[0] = p0;
    P.cache[1] = p1;
    P.count = 2;
    // cpu1's softirq decided NAPI-local and read alloc.count = 2 (page_pool_recycle_in_cache)
    const push = act(s, 1, SOFTIRQ);
    Object.assign(push, { op: OP_PUSH_WRITE, pool: 0, page: x, c: 2 });
    const task = act(s, 0, TASK);
    page_pool_destroy(s, { fn: 'page_pool_destroy', cpu: 0, ctx: TASK, a: 0, b: -1 }, env, task);
    const scrub = { fn: 'page_pool_scrub', cpu: 0, ctx: TASK, a: 0, b: -1 } as const;
    page_pool_scrub(s, scrub, env, task); // pops p1: count 1
    expect(P.count).toBe(1);
    page_pool_recycle_in_cache_store(s, { fn: 'page_pool_recycle_in_cache:store', cpu: 1, ctx: SOFTIRQ, a: x, b: -1 }, env, push); // cache[2] = x, count 3
    expect(P.count).toBe(3);
    for (let i = 0; i < 3; i++) page_pool_scrub(s, scrub, env, task); // x, then p1 again, then p0
    expect(s.g.putFreed).toBe(p1); // put_page on a page already back in the allocator
    expect(noPageUseAfterFree.check(s)).not.toBeNull();
  });
});

describe('D5 (the ring part): page_pool_empty_ring() stays one step (docs/model.md: each interleaving is the walk before or after a publish)', () => {
  it('a page published while the walk runs is consumed by it (before) or, published after it read the ring empty, left for page_pool_release_retry (after), which returns it and frees the pool', () => {
    const { s, env } = setup('teardown', {}, 'mainline', { cpus: 2, pages: 3, ringSize: 2 });
    const [p0, late] = [slowAlloc(s, env, 0, 0, 0), slowAlloc(s, env, 0, 0, 0)];
    const P = s.pools[0];
    ringStoreForTest(s, 0, p0);
    const task = act(s, 0, TASK);
    page_pool_destroy(s, { fn: 'page_pool_destroy', cpu: 0, ctx: TASK, a: 0, b: -1 }, env, task);
    const scrub = { fn: 'page_pool_scrub', cpu: 0, ctx: TASK, a: 0, b: -1 } as const;
    page_pool_scrub(s, scrub, env, task); // the walk: p0 returned, the ring read empty
    expect([P.ring.length, s.pages[p0].pp]).toEqual([0, -1]);
    // cpu1's put of the late page publishes into the ring after the walk (producer lock, produce, unlock)
    const put = act(s, 1, SOFTIRQ);
    startPut(s, env, put, 1, SOFTIRQ, late, false);
    expect(put.op).toBe(OP_RING);
    const at1 = { fn: '', cpu: 1, ctx: SOFTIRQ, a: -1, b: -1 } as const;
    page_pool_recycle_in_ring(s, at1, env, put);
    page_pool_producer_unlock(s, at1, env, put);
    expect(P.ring).toEqual([late]);
    // page_pool_release(): inflight 1 (the late page), the retry is scheduled; the retry's walk returns it
    page_pool_release(s, { fn: 'page_pool_release', cpu: 0, ctx: TASK, a: 0, b: -1 }, env, task);
    expect([P.st, P.retry]).toEqual([POOL_DESTROYING, true]);
    page_pool_release_retry(s, { fn: 'page_pool_release_retry', cpu: 0, ctx: TASK, a: 0, b: -1 }, env, task);
    page_pool_scrub(s, scrub, env, task);
    page_pool_release(s, { fn: 'page_pool_release', cpu: 0, ctx: TASK, a: 0, b: -1 }, env, task);
    expect([P.ring.length, s.pages[late].pp, P.st]).toEqual([0, -1, POOL_FREED]);
    // without the walk (the liveness mutant scrubEmptiesRing: false) the late page would stay: pool-eventually-freed
  });
});
