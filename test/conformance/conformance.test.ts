/**
 * Conformance against the real net/core/page_pool.c (Debian linux-source-6.12).
 * Runs only when the package can be installed / the harness built; otherwise
 * says loudly why and skips.
 */
import { describe, expect, it } from 'vitest';
import { randomApiTrace } from './gen.ts';
import { alarmsOf, ensureHarness, handTraces, runTraces, type HStep } from './harness.ts';
import { EXCLUDED_SCENARIOS, mutantCheck, prepare, providerSelfTest, randomCases, runPrepared, statsMutantCheck, xdpDirectedCases, xdpSelfTest } from './model-compare.ts';
import { SCENARIOS } from '../../model/scenarios.ts';
import { corpusReplays } from './corpus.ts';

// no coverage read here: without the gcov builds; the plain harness now, each scaled build the
// comparisons use when they first run it (model-compare.ts runPrepared: 6 of the 13, not all)
const setup = ensureHarness({ gcov: false, builds: ['harness'] });
if (!setup.ok) {
  const bar = '!'.repeat(78);
  console.warn(`${bar}\nCONFORMANCE TESTS SKIPPED: ${setup.reason}\n` +
    `(the real page_pool.c could not be built; run test/conformance/setup.sh to see why)\n${bar}`);
}
const bin = setup.ok ? setup.harness : '';
const d = setup.ok ? describe : describe.skip;

const run1 = (lines: string[]): HStep[] => runTraces(bin, [lines])[0]!;
const last = (steps: HStep[]): HStep => steps[steps.length - 1]!;

d('C harness on the real page_pool.c', () => {
  it('hand-written traces raise alarms exactly when they say they misuse the API', () => {
    const hand = handTraces();
    expect(hand.length).toBeGreaterThanOrEqual(8);
    const res = runTraces(bin, hand.map((t) => t.lines));
    for (const [i, t] of hand.entries()) {
      const alarms = alarmsOf(res[i]!);
      if (t.expectAlarms) expect(alarms.length, t.name).toBeGreaterThan(0);
      else expect(alarms, t.name).toEqual([]);
    }
  }, 60_000);

  it('300 seeded random traces of valid API usage never raise an alarm', () => {
    const traces = Array.from({ length: 300 }, (_, i) => randomApiTrace(1000 + i));
    const res = runTraces(bin, traces);
    const bad = res.map((r, i) => ({ seed: 1000 + i, alarms: alarmsOf(r) })).filter((x) => x.alarms.length);
    expect(bad).toEqual([]);
  }, 60_000);

  it('direct recycle goes to the alloc cache, a remote put to the ring, refill takes the ring', () => {
    const s = run1([
      'fn=mm avail=2',
      'fn=page_pool_create pool=0 pool_size=4',
      'fn=napi_enable pool=0',
      'cpu=0 ctx=process fn=napi_schedule pool=0',
      'cpu=0 ctx=softirq fn=page_pool_alloc_pages pool=0 as=a',
      'cpu=0 ctx=softirq fn=page_pool_alloc_pages pool=0 as=b',
      'cpu=0 ctx=softirq fn=page_pool_put_full_page pool=0 page=a',
      'cpu=1 ctx=softirq fn=page_pool_put_full_page pool=0 page=b',
      'cpu=0 ctx=softirq fn=page_pool_alloc_pages pool=0 as=c',
      'cpu=0 ctx=softirq fn=page_pool_alloc_pages pool=0 as=d',
    ]);
    const a = s[4]!.ret as number;
    const b = s[5]!.ret as number;
    expect(a).not.toBe(b);
    expect(s[6]!.pools[0]!.cache).toEqual([a]); // page_pool_napi_local: in_softirq && napi owner == cpu
    expect(s[7]!.pools[0]!.ring).toEqual([b]); // remote CPU: ptr_ring
    expect(s[8]!.ret).toBe(a); // cache first
    expect(s[9]!.ret).toBe(b); // then refill from the ring
    expect(s[9]!.pools[0]!.hold).toBe(2);
    expect(s[9]!.pages[String(b)]!.dma).toBe(1);
  });

  it('a page with an extra reference leaves the pool on put: unmapped, pp cleared, release counted', () => {
    const s = run1([
      'fn=mm avail=1',
      'fn=page_pool_create pool=0 pool_size=4',
      'cpu=0 ctx=softirq fn=page_pool_alloc_pages pool=0 as=a',
      'cpu=0 ctx=softirq fn=get_page page=a',
      'cpu=1 ctx=softirq fn=page_pool_put_full_page pool=0 page=a',
    ]);
    const p = String(s[2]!.ret);
    const after = last(s);
    expect(after.pages[p]).toMatchObject({ ref: 1, pp: null, pp_magic: false, dma: 0 });
    expect(after.pools[0]).toMatchObject({ hold: 1, release: 1, ring: [], cache: [] });
    expect(after.events).toContain(`dma_unmap:p${p}`);
  });

  it('destroy with a page in flight defers; the last put plus the worker free the pool', () => {
    const s = run1([
      'fn=mm avail=1',
      'fn=page_pool_create pool=0 pool_size=4',
      'cpu=0 ctx=softirq fn=page_pool_alloc_pages pool=0 as=a',
      'fn=napi_disable pool=0',
      'fn=page_pool_destroy pool=0',
      'cpu=1 ctx=softirq fn=page_pool_put_full_page pool=0 page=a',
      'fn=page_pool_release_retry pool=0',
    ]);
    expect(s[4]!.pools[0]).toMatchObject({ freed: false, work_pending: true, destroy_cnt: 1 });
    // scrub unmapped the in-flight page without holding a reference (ee62ce7a1d90 in 6.12.y)
    expect(s[4]!.pages[String(s[2]!.ret)]!.dma).toBe(0);
    // a late put still recycles into the ring of the dying pool; the worker empties it
    expect(s[5]!.pools[0]).toMatchObject({ ring: [s[2]!.ret], release: 0 });
    expect(last(s).pools[0]).toMatchObject({ freed: true, release: 1 });
    expect(last(s).pages).toEqual({});
  });

  it('a double put is caught by the real code: pr_crit in empty_ring and a negative inflight WARN', () => {
    const s = run1([
      'fn=mm avail=1',
      'fn=page_pool_create pool=0 pool_size=4',
      'cpu=0 ctx=softirq fn=page_pool_alloc_pages pool=0 as=a',
      'cpu=1 ctx=softirq fn=page_pool_put_full_page pool=0 page=a',
      'cpu=1 ctx=softirq fn=page_pool_put_full_page pool=0 page=a',
      'fn=page_pool_destroy pool=0',
    ]);
    const ev = last(s).events.join(' ');
    expect(ev).toMatch(/pr_crit:page_pool_empty_ring/);
    expect(ev).toMatch(/inflight < 0/);
  });

  it('devmem: the real devmem.c provider takes a binding reference per pool, keeps its net_iovs, and the last put frees the binding', () => {
    const s = run1([
      'fn=devmem_bind niovs=2',
      'fn=page_pool_create pool=0 flags=dma_map|dma_sync pool_size=1 provider=1',
      'cpu=0 ctx=softirq fn=page_pool_alloc_netmems pool=0 as=a',
      'cpu=0 ctx=process fn=net_devmem_unbind_dmabuf',
      'cpu=0 ctx=process fn=page_pool_put_full_page pool=0 page=a direct=0',
      'cpu=0 ctx=process fn=page_pool_destroy pool=0',
    ]);
    expect(s[0]!.binding).toEqual({ freed: false, ref: 1, bound: true });
    // page_pool_init() -> mp_dmabuf_devmem_init(): the pool's reference; dma_sync forced off
    expect(s[1]!.binding!.ref).toBe(2);
    expect(s[1]!.mem_providers).toBe(1);
    expect(s[1]!.pools[0]).toMatchObject({ mp: true, dma_sync: false });
    // mp_dmabuf_devmem_alloc_netmems(): a net_iov (number 1000 + index), pp info set, hold counted
    expect(s[2]!.ret).toBe(1000);
    expect(s[2]!.pages['1000']).toMatchObject({ niov: true, ref: 1, pp_ref: 1, pp: 0, pp_magic: true, dma: 0 });
    expect(s[2]!.pools[0]!.hold).toBe(1);
    expect(s[3]!.binding).toEqual({ freed: false, ref: 1, bound: false });
    // a net_iov is always recyclable (__page_pool_page_can_be_recycled: netmem_is_net_iov): into the ring
    expect(s[4]!.pools[0]!.ring).toEqual([1000]);
    // page_pool_destroy() -> page_pool_empty_ring() -> page_pool_return_page() -> mp_dmabuf_devmem_release_page():
    // back to the genpool, returns false (no put_page, no WARN); inflight 0: __page_pool_destroy() ->
    // page_pool_uninit() -> mp_dmabuf_devmem_destroy(): the last reference, the binding is freed
    expect(s[5]!.pages).toEqual({});
    expect(s[5]!.pools[0]).toMatchObject({ freed: true, release: 1 });
    expect(alarmsOf(s)).toEqual([]);
    expect(s[5]!.events).toContain('binding_freed');
    expect(s[5]!.binding).toMatchObject({ freed: true });
    expect(s[5]!.mem_providers).toBe(0);
  });

  it('unreadable netmem: a net_iov frag makes the skb unreadable; coalescing refuses to mix; recvmsg takes the dma-buf path', () => {
    const s = run1([
      'fn=devmem_bind niovs=1',
      'fn=page_pool_create pool=0 flags=dma_map|dma_sync pool_size=1 provider=1',
      'cpu=0 ctx=softirq fn=page_pool_alloc_netmems pool=0 as=a',
      'cpu=0 ctx=softirq fn=alloc_skb skb=0 recycle=1',
      'cpu=0 ctx=softirq fn=skb_add_rx_frag_netmem skb=0 page=a',
      'cpu=0 ctx=softirq fn=alloc_skb skb=1 recycle=1',
      'cpu=0 ctx=softirq fn=skb_try_coalesce to=1 from=0 headlen=0',
      'cpu=0 ctx=process fn=tcp_recvmsg skb=0',
    ]);
    expect(s[4]!.skbs[0]).toMatchObject({ unreadable: 1, frags: [1000] });
    expect(s[5]!.skbs[1]).toMatchObject({ unreadable: 0, frags: [] });
    expect(s[6]!.ret).toBe(false); // skb_frags_readable(from) != skb_frags_readable(to)
    expect(s[7]!.ret).toBe('dmabuf');
    expect(alarmsOf(s)).toEqual([]);
  });

  it('a bad trace line is a one-line error with exit code 2', () => {
    expect(() => runTraces(bin, [['fn=no_such_function']])).toThrow(/exit 2: harness: line 1: unknown fn=no_such_function/);
  });
});

const have = (ids: string[]): string[] => ids.filter((id) => SCENARIOS.some((x) => x.id === id) && !(id in EXCLUDED_SCENARIOS));

d('the model against the real page_pool.c', () => {
  // every scenario with skbs included: skb_release_data's order (frags first, head last) and the
  // kmalloc head of an expanded skb are modelled as the kernel has them (docs/conformance.md, Findings)
  const conforming = have(['rx-recycle', 'destroy-swap', 'swap-live-napi', 'teardown', 'xdp', 'napi-move', 'threaded-napi', 'percpu-pool', 'preempt-rt', 'numa-no-node', 'skb-clone-coalesce', 'skb-clone-expand', 'frag', 'gro-fraglist', 'skb-split-shift', 'devmem', 'devmem-unreadable', 'xdp-multi-buffer', 'xdp-bulk-multi-buffer', 'xdp-cpumap', 'xdp-bulk', 'xdp-bulk-mixed', 'xdp-bulk-frag']);

  it('serialized random model traces of mainline match the real code after every kernel function', () => {
    const cases = randomCases('mainline', 300, 11, 40, conforming);
    const { results } = runPrepared(cases.map(prepare));
    const compared = results.reduce((a, r) => a + r.compared, 0);
    expect(compared).toBeGreaterThan(1000);
    const bad = results.filter((r) => r.mismatch).map((r) => r.mismatch!.report.split('\n').slice(0, 4).join('\n'));
    expect(bad).toEqual([]);
  }, 60_000);

  it('a wrong memory-provider step (net_iov kept, release true, binding reference missing) mismatches the real devmem.c', () => {
    const rs = providerSelfTest(40, 5);
    expect(rs.map((r) => r.id)).toEqual(['mp-release-returns-true', 'mp-release-no-free-dmabuf', 'mp-unbind-no-put', 'mp-init-no-binding-get', 'fill-netmem-no-unreadable']);
    for (const r of rs) expect(r.report, r.id).toMatch(/^MISMATCH in v6\.12-debian\/devmem(-unreadable)? walk #\d+ \(seed 5\) \[wrong: /);
    expect(rs[4]!.report!).toMatch(/skbs\.skb\d\.unreadable: model false, kernel true/);
    expect(rs[0]!.report!).toMatch(/niov_as_page: model true, kernel false/);
    expect(rs[2]!.report!).toMatch(/binding\.ref: model 2, kernel 1/);
  }, 60_000);

  it('XDP frame returns run the real net/core/xdp.c: directed bulks and multi-buffer returns match, a wrong emission or bulk loop mismatches', () => {
    // the directed traces: frames of pool0 and pool1 in one bulk, a single- then a multi-buffer
    // frame in one bulk, and each one-at-a-time return of a multi-buffer frame or buff
    const directed = xdpDirectedCases();
    expect(directed.map((c) => c.scenario)).toEqual(have(['xdp-bulk-mixed', 'xdp-bulk-multi-buffer', 'xdp-multi-buffer', 'xdp-multi-buffer', 'xdp-multi-buffer']));
    const ps = directed.map(prepare);
    expect(ps.map((p) => p.tr.steps.flatMap((s) => s.lines).filter((l) => l.includes('fn=xdp_return')))).toEqual([
      ['cpu=0 ctx=softirq fn=xdp_return_frame_bulk frames=0:m0,1:m1'],
      ['cpu=0 ctx=softirq fn=xdp_return_frame_bulk frames=0:m0,0:m1+m2'],
      ['cpu=0 ctx=softirq fn=xdp_return_frame pool=0 page=m0 frags=m1 direct=0'],
      ['cpu=0 ctx=softirq fn=xdp_return_frame pool=0 page=m0 frags=m1 direct=1'],
      ['cpu=0 ctx=softirq fn=xdp_return_buff pool=0 page=m0 frags=m1'],
    ]);
    const { results } = runPrepared(ps);
    expect(results.map((r) => r.mismatch?.report.split('\n').slice(0, 4).join('\n'))).toEqual(directed.map(() => undefined));
    for (const r of results) expect(r.compared).toBeGreaterThan(3);
    const rs = xdpSelfTest(20, 5);
    expect(rs.map((r) => r.id)).toEqual(['bulk-one-mem-id', 'frame-rx-napi', 'frame-frag-not-returned', 'buff-frag-not-returned', 'bulk-frag-not-queued', 'model-bulk-no-mem-id-flush']);
    for (const r of rs) expect(r.report, r.id).toMatch(/^MISMATCH in v6\.12-debian\/xdp(-bulk-mixed|-multi-buffer|-bulk-multi-buffer)? (walk #\d+ \(seed 5\)|directed: .*) \[wrong: /);
    const report = (id: string): string => rs.find((r) => r.id === id)!.report!;
    // the first frame's pool given to both: pool0's page_pool_put_page_bulk() releases pool1's page
    expect(report('bulk-one-mem-id')).toMatch(/pools\[1\]\.cache: model \["page1"\], kernel \[\]/);
    // xdp_return_frame_rx_napi() from a CPU that does not own the NAPI: the alloc cache, not the ring
    expect(report('frame-rx-napi')).toMatch(/pools\[0\]\.cache: model \[\], kernel \["page\d"\]/);
    // a frag not returned: the model recycles it, the real code never sees it
    expect(report('frame-frag-not-returned')).toMatch(/pools\[0\]\.cache: model \["page1"\], kernel \["page0"\]/);
    expect(report('buff-frag-not-returned')).toMatch(/pools\[0\]\.cache: model \["page1"\], kernel \["page0"\]/);
    expect(report('bulk-frag-not-queued')).toMatch(/pools\[0\]\.ring: model \["page2"\], kernel \["page1"\]/);
    expect(report('model-bulk-no-mem-id-flush')).toMatch(/pools\[1\]\.cache: model \[\], kernel \["page1"\]/);
  }, 60_000);

  it('a mutant without the refcount check before recycling produces a mismatch naming the step', () => {
    const r = mutantCheck('mutant-no-refcnt-check', 200, 3);
    expect(r.report).not.toBeNull();
    expect(r.report!).toMatch(/^MISMATCH in mutant-no-refcnt-check\/rx-recycle walk #\d+ \(seed 3\) at step \d+: /);
    expect(r.report!).toMatch(/pages\.page\d\.ref: model 2, kernel 1/);
  }, 60_000);

  it('CONFIG_PAGE_POOL_STATS: the counters match the real ones on stats traces, and a wrong model counter is a mismatch', () => {
    const cases = randomCases('mainline', 60, 5, 40, have(['xdp-bulk', 'rx-recycle', 'percpu-stats']), { poolStats: 1 });
    const { results } = runPrepared(cases.map(prepare));
    expect(results.filter((r) => r.mismatch).map((r) => r.mismatch!.report.split('\n').slice(0, 4).join('\n'))).toEqual([]);
    expect(results.reduce((a, r) => a + r.compared, 0)).toBeGreaterThan(200);
    const r = statsMutantCheck(60, 5);
    expect(r.report).not.toBeNull();
    expect(r.report!).toMatch(/pools\[0\]\.recycle_percpu\[\d\]: model \[/);
  }, 60_000);
});

d('corpus counterexamples on the 6.12 model and the real page_pool.c', () => {
  it('replay (serialized) and conform', () => {
    const reps = corpusReplays(() => {});
    expect(reps.length).toBeGreaterThanOrEqual(10);
    expect(reps.reduce((a, r) => a + r.compared, 0)).toBeGreaterThan(50);
    // page_pool_destroy() with inflight < 0 schedules the release work once in the model too
    // (only page_pool_release_retry stops on inflight <= 0), so every replay conforms
    const bad = reps.filter((r) => r.mismatch).map((r) => `${r.bug} on ${r.target}`);
    expect(bad).toEqual([]);
  }, 60_000);
});
