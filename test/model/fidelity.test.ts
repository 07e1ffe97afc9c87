/**
 * Directed checks of the three conformance fixes (docs/conformance.md, Findings 1, 2, 5),
 * independent of the C harness (test/conformance skips without it):
 * 1. skb_release_data() queues the frags first and the head page last;
 * 2. after pskb_expand_head() the shinfo has no head page (kmalloc head): a second
 *    expand takes a reference on every page;
 * 3. page_pool_destroy() schedules the release work for any non-zero inflight,
 *    negative included; only page_pool_release_retry() stops at inflight <= 0.
 */
import { describe, expect, it } from 'vitest';
import { releaseWorkerStops } from '../../properties/release-worker-stops.ts';
import { buildModel } from '../../model/build.ts';
import type { PpAction } from '../../model/registry.ts';
import { KIND_PAGE, KIND_PP, POOL_DESTROYING, SKB_LIVE, SOFTIRQ, TASK, type PagePoolState, actorId, cloneState } from '../../model/state.ts';

const act = (fn: PpAction['fn'], cpu: number, ctx: 0 | 1 | 2, a = -1, b = -1): PpAction => ({ fn, cpu, ctx, a, b });

/** pages 0..n-1 handed out by pool0 (as after the slow path), hold_cnt n */
function withPoolPages(s0: PagePoolState, n: number): PagePoolState {
  const s = cloneState(s0);
  for (let i = 0; i < n; i++) Object.assign(s.pages[i], { ref: 1, ppRef: 1, pp: 0, magic: true, dma: true });
  s.pools[0].hold = n;
  return s;
}

describe('skb_release_data order (frags first, head last)', () => {
  const m = buildModel({ variant: 'mainline', scenario: 'skb-clone-coalesce', bounds: { pages: 3 } });

  it('a napi_build_skb head page is queued after the frags', () => {
    const s = withPoolPages(m.init()[0], 3);
    s.skbs[0] = { st: SKB_LIVE, sh: 0, ppr: true, cpu: 0, cloned: false, up: -1, ur: false };
    s.sh[0] = { dataref: 1, refs: [0 * 2 + KIND_PP, 1 * 2 + KIND_PP, 2 * 2 + KIND_PP], head: true };
    const t = m.step(s, act('napi_consume_skb', 0, SOFTIRQ, 0));
    expect(t.actors[actorId(0, SOFTIRQ)].q.map((e) => e >> 2)).toEqual([1, 2, 0]);
  });

  it('an expanded shinfo (kmalloc head) releases its refs in frag order, none treated as a head', () => {
    const s = withPoolPages(m.init()[0], 2);
    for (const p of s.pages.slice(0, 2)) p.ref = 2; // the expand's page references
    s.skbs[0] = { st: SKB_LIVE, sh: 0, ppr: false, cpu: 0, cloned: false, up: -1, ur: false };
    s.sh[0] = { dataref: 1, refs: [0 * 2 + KIND_PAGE, 1 * 2 + KIND_PAGE], head: false };
    const t = m.step(s, act('kfree_skb', 0, TASK, 0, 0));
    expect(t.pages.slice(0, 2).map((p) => p.ref)).toEqual([1, 1]);
    expect(t.sh[0]).toEqual({ dataref: 0, refs: [], head: false });
  });
});

describe('pskb_expand_head of an already expanded skb', () => {
  const m = buildModel({ variant: 'mainline', scenario: 'skb-clone-coalesce', bounds: { pages: 2, skbs: 3 } });

  it('takes a page reference on every frag (the first one included) and the new shinfo has no head page', () => {
    const s = withPoolPages(m.init()[0], 2);
    for (const p of s.pages.slice(0, 2)) p.ref = 2; // pp ref owner elsewhere + this shinfo's page refs
    s.sh[0] = { dataref: 2, refs: [0 * 2 + KIND_PAGE, 1 * 2 + KIND_PAGE], head: false };
    s.skbs[0] = { st: SKB_LIVE, sh: 0, ppr: false, cpu: 0, cloned: true, up: -1, ur: false };
    s.skbs[1] = { st: SKB_LIVE, sh: 0, ppr: false, cpu: 0, cloned: true, up: -1, ur: false };
    const a = m.actions(s).find((x) => x.fn === 'pskb_expand_head' && x.a === 1);
    expect(a).toBeDefined();
    const t = m.step(s, a!);
    const sh = t.sh[t.skbs[1].sh];
    expect(sh.head).toBe(false);
    expect(sh.refs.map((r) => r >> 1).sort()).toEqual([0, 1]);
    expect(t.pages.slice(0, 2).map((p) => p.ref)).toEqual([3, 3]);
  });

  it('a clone of a napi_build_skb skb with only a head page has nothing to expand; one with a frag has', () => {
    const s = withPoolPages(m.init()[0], 2);
    s.sh[0] = { dataref: 2, refs: [0 * 2 + KIND_PP], head: true };
    s.skbs[0] = { st: SKB_LIVE, sh: 0, ppr: true, cpu: 0, cloned: true, up: -1, ur: false };
    s.skbs[1] = { st: SKB_LIVE, sh: 0, ppr: true, cpu: 0, cloned: true, up: -1, ur: false };
    expect(m.actions(s).some((x) => x.fn === 'pskb_expand_head')).toBe(false);
    s.sh[0].head = false; // the same single reference as a frag of a kmalloc head
    expect(m.actions(s).some((x) => x.fn === 'pskb_expand_head')).toBe(true);
  });
});

describe('page_pool_destroy with inflight < 0', () => {
  /** teardown at the page_pool_destroy step with hold 1, release 2 (a page returned twice) */
  function atDestroy(variant: string) {
    const m = buildModel({ variant, scenario: 'teardown', bounds: {} });
    const s = cloneState(m.init()[0]);
    s.pools[0].hold = 1;
    s.pools[0].release = 2;
    s.napi.disabled = true;
    s.drv = 2; // after napi_disable and page_pool_put_full_page
    return { m, s };
  }
  const run = (m: ReturnType<typeof buildModel>, s: PagePoolState, fns: PpAction['fn'][]) => {
    for (const fn of fns) {
      const a = m.actions(s).find((x) => x.fn === fn);
      expect(a, fn).toBeDefined();
      s = m.step(s, a!);
    }
    return s;
  };
  const stops = releaseWorkerStops;

  it('destroy schedules the work once; the worker runs, sees inflight -1 again and stops (mainline)', () => {
    const { m, s } = atDestroy('mainline');
    const d = run(m, s, ['page_pool_destroy', 'page_pool_scrub', 'page_pool_release']);
    expect(d.pools[0].st).toBe(POOL_DESTROYING);
    expect(d.pools[0].retry).toBe(true); // kernel: work_pending after destroy
    expect(d.pools[0].destroyCnt).toBe(1);
    expect(stops.check(d)).toBeNull();
    const w = run(m, d, ['page_pool_release_retry', 'page_pool_scrub', 'page_pool_release']);
    expect(w.pools[0].retry).toBe(false);
    expect(w.pools[0].destroyCnt).toBe(2);
    expect(m.actions(w).some((x) => x.fn === 'page_pool_release_retry')).toBe(false);
  });

  it('before 43130d02baa1 the worker re-arms at inflight -1, which release-worker-stops reports', () => {
    const { m, s } = atDestroy('negative-inflight-release-loop');
    const d = run(m, s, ['page_pool_destroy', 'page_pool_scrub', 'page_pool_release']);
    expect(d.pools[0].retry).toBe(true);
    expect(stops.check(d)).toBeNull();
    const w = run(m, d, ['page_pool_release_retry', 'page_pool_scrub', 'page_pool_release']);
    expect(w.pools[0].retry).toBe(true);
    expect(stops.check(w)).toMatch(/inflight -1.*run forever/);
  });
});

describe('coalesce-frag-uaf-fixed with two CPUs (docs/findings.md, finding 4)', () => {
  it("violates pool-lifetime through the v5.14 era's missing 271683bb2cf3, and not with that fix's two guards", async () => {
    const { explore } = await import('../../src/engine/explore.ts');
    // the corpus pair carries 271683bb2cf3 backported; the era as it was has neither guard
    const era = { releaseTakesProducerLock: false, ringStatInsideLock: false };
    const build = (config = {}) => buildModel({ variant: 'coalesce-frag-uaf-fixed', scenario: 'frag', bounds: { cpus: 2 }, config });
    const bug = explore(build(era), { mode: 'bfs' });
    expect(bug.kind).toBe('violation');
    if (bug.kind !== 'violation') return;
    expect(bug.property).toBe('pool-lifetime');
    expect(bug.reason).toMatch(/producer lock/);
    expect(bug.trace.steps.length - 1).toBe(13);
    // with page_pool_release()'s producer-lock barrier and the ring stat inside the lock, nothing up to depth 15
    const fixed = explore(build({ releaseTakesProducerLock: true, ringStatInsideLock: true }), { mode: 'bfs', maxDepth: 15 });
    expect(fixed.kind).toBe('ok');
    // and the corpus variant as declared is the guarded one
    const declared = explore(build(), { mode: 'bfs', maxDepth: 15 });
    expect(declared.kind).toBe('ok');
  }, 30_000);
});
