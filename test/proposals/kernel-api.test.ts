/**
 * The proposal API a step and a property see (model/proposal.ts): k.mainline()
 * is an independent state, properties receive the run's bounds, a write to a
 * field the state does not have fails at the writing line, and the constants a
 * step needs are exported.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { pagePoolFamily } from '../../model/index.ts';
import * as P from '../../model/proposal.ts';
import { mainlineConfig } from '../../model/config.ts';
import type { PagePoolState, PpAction } from '../../model/proposal.ts';
import type { Model } from '../../src/engine/model.ts';

const bounds = (over: Record<string, number> = {}): Record<string, number> => ({ ...pagePoolFamily.scenarios.find((s) => s.id === 'rx-recycle')!.bounds, budget: 1, ...over });

function firstStep<S>(m: Model<S, PpAction>, fn: string): { before: S; after: S } {
  const before = m.init()[0];
  const a = m.actions(before).find((x) => x.fn === fn);
  if (!a) throw new Error(`${fn} not enabled`);
  return { before, after: m.step(before, a) };
}

describe('the proposal API', () => {
  it('k.mainline() returns a state independent of k.before (also its x fields)', () => {
    const fam = P.defineProposal<{ log: number[] }>({
      id: 'mainline-independent',
      description: 'napi_schedule() as mainline, then a note in x.log of the copy',
      scenarios: ['rx-recycle'],
      state: { log: { init: [] } },
      replace: {
        napi_schedule(_t, _a, k) {
          const m = k.mainline();
          m.x.log.push(1);
          m.napi.irq = 1;
          return m;
        },
      },
    });
    const m = fam.build({ variant: 'mainline-independent', scenario: 'rx-recycle', bounds: bounds() });
    const { before, after } = firstStep(m, 'napi_schedule');
    expect(after.x.log).toEqual([1]);
    expect(before.x.log).toEqual([]);
    expect(before.napi.irq).toBe(0);
    expect(after.napi.sched).toBe(true);
  });

  it("a proposal's property receives the run's bounds", () => {
    const seen: number[] = [];
    const fam = P.defineProposal({
      id: 'property-bounds',
      description: 'mainline with a property that reads the bounds',
      scenarios: ['rx-recycle'],
      properties: [
        {
          id: 'pages-within-bounds',
          description: 'the state has as many page frames as the bounds say',
          check(s, b) {
            seen.push(b.pages);
            return s.pages.length === b.pages ? null : `${s.pages.length} pages, bounds say ${b.pages}`;
          },
        },
      ],
    });
    const r = explore(fam.build({ variant: 'property-bounds', scenario: 'rx-recycle', bounds: bounds({ pages: 3 }) }), { mode: 'bfs', maxStates: 50 });
    expect(r.kind).toBe('ok');
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([3]));
  });

  it('writing a field the state does not have throws at the writing line (plain JavaScript too)', () => {
    const fam = P.defineProposal({
      id: 'typo',
      description: 'napi_schedule() writes napi.sheduled',
      scenarios: ['rx-recycle'],
      replace: {
        napi_schedule(t) {
          (t.napi as unknown as Record<string, unknown>).sheduled = true;
        },
      },
    });
    const m = fam.build({ variant: 'typo', scenario: 'rx-recycle', bounds: bounds() });
    expect(() => firstStep(m, 'napi_schedule')).toThrow(/kernel-api\.test\.ts:\d+:\d+: in replace\.napi_schedule: TypeError: state\.napi has no field 'sheduled'/);
    // the proposal's own x fields: only declared ones
    const fam2 = P.defineProposal<{ n: number }>({
      id: 'typo-x',
      description: 'writes x.m instead of x.n',
      scenarios: ['rx-recycle'],
      state: { n: { init: 0 } },
      replace: {
        napi_schedule(t) {
          (t.x as unknown as Record<string, number>).m = 1;
        },
      },
    });
    const m2 = fam2.build({ variant: 'typo-x', scenario: 'rx-recycle', bounds: bounds() });
    expect(() => firstStep(m2, 'napi_schedule')).toThrow(/x has no field 'm'/);
  });

  it('exports every constant a step needs', () => {
    const s: PagePoolState = pagePoolFamily.build({ variant: 'mainline', scenario: 'rx-recycle', bounds: bounds() }).init()[0] as PagePoolState;
    expect(s.actors.length).toBe(P.actorId(bounds().cpus - 1, P.HARDIRQ) + 1);
    expect([P.TASK, P.SOFTIRQ, P.HARDIRQ]).toEqual([0, 1, 2]);
    expect(P.CTX_NAMES[P.SOFTIRQ]).toBe('softirq');
    expect(P.OP_NAMES[P.OP_NONE]).toBeDefined();
    for (const c of [P.POOL_ALIVE, P.POOL_DESTROYING, P.POOL_FREED, P.SKB_FREE, P.SKB_LIVE, P.KIND_PAGE, P.KIND_PP, P.OP_PUSH_READ, P.OP_RING, P.OP_RELEASE_SCRUB])
      expect(Number.isInteger(c)).toBe(true);
    expect(s.pools[0].st).toBe(P.POOL_ALIVE);
  });
});

describe('proposals can do what drivers do', () => {
  /** every value a replaced or added step saw for k.inSoftirq(), by a label */
  function recordInSoftirq(spec: Parameters<typeof P.defineProposal>[0], over: Record<string, number>, scenario = 'rx-recycle'): Map<string, Set<boolean>> {
    const seen = new Map<string, Set<boolean>>();
    (globalThis as Record<string, unknown>).__seen = seen;
    const fam = P.defineProposal(spec);
    const r = explore(fam.build({ variant: spec.id, scenario, bounds: { ...bounds(over) } }), { mode: 'bfs', maxStates: 20_000 });
    expect(r.kind).not.toBe('error');
    return seen;
  }
  const note = (label: string, v: boolean) => {
    const seen = (globalThis as Record<string, unknown>).__seen as Map<string, Set<boolean>>;
    if (!seen.has(label)) seen.set(label, new Set());
    seen.get(label)!.add(v);
  };

  it("k.inSoftirq() is in_softirq(): true in a threaded NAPI's replaced poll step (the kthread runs the poll with BH disabled)", () => {
    const seen = recordInSoftirq(
      {
        id: 'threaded-poll',
        description: '__page_pool_alloc_pages_slow() as mainline, noting in_softirq()',
        scenarios: ['rx-recycle'],
        replace: {
          __page_pool_alloc_pages_slow(_t, a, k) {
            note(`${P.CTX_NAMES[a.ctx]}`, k.inSoftirq());
            return k.mainline();
          },
        },
      },
      { threaded: 1, budget: 2 },
    );
    expect(seen.get('task')).toEqual(new Set([true]));
  });

  it('k.inSoftirq() is true in a task holding the producer lock (spin_lock_bh), false in a plain task free', () => {
    const seen = recordInSoftirq(
      {
        id: 'bh-lock',
        description: 'notes in_softirq() at the producer unlock and at a task free',
        scenarios: ['rx-recycle'],
        replace: {
          page_pool_producer_unlock(_t, a, k) {
            note(`unlock ${P.CTX_NAMES[a.ctx]}`, k.inSoftirq());
            return k.mainline();
          },
          kfree_skb(_t, a, k) {
            note(`kfree_skb ${P.CTX_NAMES[a.ctx]} bh=${a.b}`, k.inSoftirq());
            return k.mainline();
          },
        },
      },
      { budget: 2 },
    );
    expect(seen.get('unlock task')).toEqual(new Set([true]));
    expect(seen.get('kfree_skb task bh=0')).toEqual(new Set([false]));
  });

  it('k.inSoftirq() in a hard IRQ (xdp: no task context runs): true when it interrupted the softirq, else false; k.inHardirq()', () => {
    const seen = recordInSoftirq(
      {
        id: 'irq-ctx',
        description: 'notes in_softirq() in napi_schedule (hard IRQ)',
        scenarios: ['xdp'],
        replace: {
          napi_schedule(t, a, k) {
            const sirqBusy = t.actors[P.actorId(a.cpu, P.SOFTIRQ)].op !== P.OP_NONE || t.actors[P.actorId(a.cpu, P.SOFTIRQ)].q.length > 0;
            note(`hardirq softirq-busy=${sirqBusy}`, k.inSoftirq());
            note('in_hardirq', k.inHardirq());
            return k.mainline();
          },
        },
      },
      { budget: 3 },
      'xdp',
    );
    expect(seen.get('hardirq softirq-busy=false')).toEqual(new Set([false]));
    expect(seen.get('hardirq softirq-busy=true')).toEqual(new Set([true]));
    expect(seen.get('in_hardirq')).toEqual(new Set([true]));
  });

  it('enable: an existing kind starts where mainline does not (page_pool_destroy in a scenario whose script lacks it)', () => {
    const fam = P.defineProposal({
      id: 'destroy-at-end',
      description: 'the driver destroys its pool once the device went quiet',
      scenarios: ['xdp'],
      enable: {
        page_pool_destroy: (s) => (s.budget === 0 && s.pools[0].st === P.POOL_ALIVE && s.drv === 0 ? [{ cpu: 0, ctx: P.TASK, a: 0 }] : []),
      },
    });
    const m = fam.build({ variant: 'destroy-at-end', scenario: 'xdp', bounds: { ...pagePoolFamily.scenarios.find((s) => s.id === 'xdp')!.bounds, budget: 1 } });
    expect(m.actionKinds).toContain('page_pool_destroy');
    expect(m.actionKinds).toContain('page_pool_release');
    const r = explore(m, { mode: 'bfs' });
    expect(r.stats.coverage.find((c) => c.action === 'page_pool_destroy')?.fired).toBeGreaterThan(0);
    expect(r.stats.coverage.find((c) => c.action === 'page_pool_scrub')?.fired).toBeGreaterThan(0);
  });

  it('memory providers and unreadable netmem through the helpers: a fill that forgets skb->unreadable is caught by net-iov-not-page', () => {
    const seen: boolean[] = [];
    const fam = P.defineProposal({
      id: 'forgets-unreadable',
      description: '__skb_fill_netmem_desc() without skb->unreadable = true',
      scenarios: ['devmem-unreadable'],
      replace: {
        skb_add_rx_frag_netmem(t, a, k) {
          const pg = t.rx.shift()!;
          seen.push(k.hasProvider(0), k.isNetIov(pg));
          k.fillNetmemDesc(a.a, pg);
          seen.push(k.skbFragsReadable(a.a));
          t.skbs[a.a].ur = false;
        },
      },
    });
    const sc = P.scenarioOf('devmem-unreadable');
    const r = explore(fam.build({ variant: 'forgets-unreadable', scenario: sc.id, bounds: sc.bounds }), { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    expect(r.kind === 'violation' && r.property).toBe('net-iov-not-page');
    expect(new Set(seen)).toEqual(new Set([true, false])); // provider pool and net_iov true; unreadable after the fill
    const mine = explore(pagePoolFamily.build({ variant: 'mainline', scenario: sc.id, bounds: sc.bounds }), { mode: 'bfs' });
    expect(mine.kind).toBe('ok');
  });

  it('scenarios: a new one from the building blocks runs the proposal and mainline; k helpers call the model (one implementation)', () => {
    const scen: P.Scenario = {
      ...P.scenarioOf('rx-recycle'),
      id: 'one-cpu-irq-free',
      description: 'one CPU; the hard IRQ frees skbs',
      bounds: P.defaultBounds({ cpus: 1, pages: 2, skbs: 2, descs: 1, budget: 1, cacheSize: 1, ringSize: 1 }),
      kinds: [...P.NAPI, ...P.RX],
    };
    const fam = P.defineProposal({
      id: 'irq-free',
      description: 'kfree_skb from a hard IRQ, by k.call',
      scenarios: [scen],
      add: [
        {
          fn: 'drv_irq_free',
          enabled: (s) => s.skbs.flatMap((x, j) => (x.st === P.SKB_LIVE ? [{ cpu: 0, ctx: P.HARDIRQ, a: j }] : [])),
          step(_t, a, k) {
            k.call('kfree_skb', a.a, 0);
          },
        },
      ],
    });
    expect(fam.scenarios.map((s) => s.id)).toContain('one-cpu-irq-free');
    expect(fam.variants[0].scenarios).toEqual(['one-cpu-irq-free']);
    const mine = explore(fam.build({ variant: 'irq-free', scenario: 'one-cpu-irq-free', bounds: scen.bounds }), { mode: 'bfs' });
    const base = explore(fam.build({ variant: 'mainline', scenario: 'one-cpu-irq-free', bounds: scen.bounds }), { mode: 'bfs' });
    expect(mine.kind).not.toBe('error');
    expect(base.kind).toBe('ok');
    // the hard IRQ's free runs the model's kfree_skb and its release loop in the hard IRQ
    expect(mine.stats.coverage.find((c) => c.action === 'napi_pp_put_page')?.fired).toBeGreaterThan(0);
    expect(base.stats.coverage.find((c) => c.action === 'napi_pp_put_page')?.fired ?? 0).toBe(0);
  });

  it('sized allocation and a frag-counting driver from a proposal: k.allocSized (a whole page), k.fragmentPage / k.unref / k.putUnrefedPage; a release without the last-user test is caught', () => {
    expect([P.fragsPerPage(0), P.fragsPerPage(1), P.SIZED_LARGE, P.MLX5E_PAGECNT_BIAS_MAX]).toEqual([2, 4, 2, P.BIAS]);
    const scen = P.scenarioOf('driver-frags');
    const fam = P.defineProposal({
      id: 'release-always-puts',
      description: 'a driver that puts its fragmented page whatever page_pool_unref_page() returned',
      scenarios: ['driver-frags'],
      replace: {
        mlx5e_page_alloc_fragmented(t, a, k) {
          t.budget--;
          const pg = k.allocSized(a.a, true, a.b === 1);
          if (pg < 0) return;
          k.fragmentPage(pg, P.MLX5E_PAGECNT_BIAS_MAX);
          t.drvFrag = pg;
          t.drvFrags = 0;
        },
        mlx5e_page_release_fragmented(t, _a, k) {
          const pg = t.drvFrag;
          k.unref(pg, P.MLX5E_PAGECNT_BIAS_MAX - t.drvFrags);
          t.drvFrag = -1;
          t.drvFrags = 0;
          k.putUnrefedPage(pg, true); // the bug: no `== 0` test
        },
      },
    });
    const r = explore(fam.build({ variant: 'release-always-puts', scenario: 'driver-frags', bounds: scen.bounds }), { mode: 'bfs' });
    expect(r.kind === 'violation' ? r.property : r.kind).toBe('no-double-recycle');
    // the same steps with the test are mainline's: clean
    const ok = P.defineProposal({
      id: 'release-tests',
      description: 'mlx5e_page_release_fragmented through the k helpers',
      scenarios: ['driver-frags'],
      replace: {
        mlx5e_page_release_fragmented(t, _a, k) {
          const pg = t.drvFrag;
          const left = k.unref(pg, P.MLX5E_PAGECNT_BIAS_MAX - t.drvFrags);
          t.drvFrag = -1;
          t.drvFrags = 0;
          if (left === 0) k.putUnrefedPage(pg, true);
        },
      },
    });
    expect(explore(ok.build({ variant: 'release-tests', scenario: 'driver-frags', bounds: scen.bounds }), { mode: 'bfs' }).kind).toBe('ok');
  });

  it('the bulk put, the unrefed put and page allocator pages are usable from a step (k.putPageBulk, k.putUnrefedPage, k.allocOrdinaryPage)', () => {
    const xdp = { ...pagePoolFamily.scenarios.find((s) => s.id === 'xdp')!.bounds, budget: 3 };
    // xdp_return_frame() as a one-frame bulk: mainline's bulk steps follow, and the run is clean
    const bulk = P.defineProposal({
      id: 'xdp-return-as-bulk',
      description: 'xdp_return_frame() through xdp_flush_frame_bulk() -> page_pool_put_page_bulk()',
      scenarios: ['xdp'],
      replace: {
        xdp_return_frame(t, a, k) {
          const pg = t.xdp.splice(a.a, 1)[0];
          t.xdpFrag.splice(a.a, 1);
          k.putPageBulk(t.pages[pg].pp, [pg]);
        },
      },
    });
    const m = bulk.build({ variant: 'xdp-return-as-bulk', scenario: 'xdp', bounds: xdp });
    const r = explore(m, { mode: 'bfs', maxStates: 200_000 });
    expect(r.kind).toBe('ok');
    const kinds = new Set<string>();
    explore({ ...m, invariants: [{ id: 'kinds', description: 'records the in-flight ops', check: (s) => (s.actors.forEach((x) => kinds.add(P.OP_NAMES[x.op])), null) }] }, { mode: 'bfs', maxStates: 200_000 });
    expect([...kinds].filter((x) => x.startsWith('bulk_')).sort()).toEqual(['bulk_put', 'bulk_return', 'bulk_ring', 'bulk_unlock']);
    // the same with allow_direct forced (no page_pool_napi_local()): a TX completion on cpu1 writes the cache
    const direct = P.defineProposal({
      id: 'xdp-bulk-always-direct',
      description: 'page_pool_put_page_bulk() with allow_direct = true',
      scenarios: ['xdp'],
      replace: {
        xdp_return_frame(t, a, k) {
          const pg = t.xdp.splice(a.a, 1)[0];
          t.xdpFrag.splice(a.a, 1);
          k.putPageBulk(t.pages[pg].pp, [pg]);
          k.act.c = 1;
        },
      },
    });
    const v = explore(direct.build({ variant: 'xdp-bulk-always-direct', scenario: 'xdp', bounds: xdp }), { mode: 'bfs', maxStates: 200_000 });
    expect(v.kind === 'violation' && v.property).toBe('napi-local-only');
    // XDP_DROP of a page the driver counted itself: k.putUnrefedPage after its own unref
    const unrefed = P.defineProposal({
      id: 'drop-unrefed',
      description: 'XDP_DROP as mlx5e: page_pool_unref_page(page, 1) == 0 -> page_pool_put_unrefed_page(.., true)',
      scenarios: ['xdp'],
      replace: {
        page_pool_recycle_direct(t, _a, k) {
          const pg = t.rx.shift()!;
          if (k.unref(pg, 1) === 0) k.putUnrefedPage(pg, true);
        },
      },
    });
    expect(explore(unrefed.build({ variant: 'drop-unrefed', scenario: 'xdp', bounds: xdp }), { mode: 'bfs', maxStates: 200_000 }).kind).toBe('ok');
    // a page from the page allocator put through the pool: pool-owns-its-pages
    const foreign = P.defineProposal({
      id: 'drop-foreign',
      description: 'XDP_DROP that also puts an alloc_page() page through page_pool_put_unrefed_page()',
      scenarios: ['xdp'],
      replace: {
        page_pool_recycle_direct(t, a, k) {
          const pg = k.allocOrdinaryPage();
          if (pg >= 0) k.putUnrefedPage(pg, true);
          else k.call('page_pool_recycle_direct', a.a, a.b);
        },
      },
    });
    // (page->pp of a page allocator page is NULL in the model: pool-lifetime sees the dereference first)
    const fm = foreign.build({ variant: 'drop-foreign', scenario: 'xdp', bounds: xdp });
    expect((({ kind, property }) => [kind, property])(explore(fm, { mode: 'bfs', maxStates: 200_000 }) as { kind: string; property?: string })).toEqual(['violation', 'pool-lifetime']);
    const f = explore({ ...fm, invariants: fm.invariants.filter((x) => x.id !== 'pool-lifetime') }, { mode: 'bfs', maxStates: 200_000 });
    expect(f.kind === 'violation' && f.property).toBe('pool-owns-its-pages');
    expect([P.XDP_BULK_QUEUE_SIZE, P.STAT_NAMES[P.STAT_RING_FULL], P.OP_NAMES[P.OP_BULK_RETURN]]).toEqual([2, 'ring_full', 'bulk_return']);
  });

  it('CONFIG_PAGE_POOL_STATS from a step (k.recycleStat on this CPU, k.allocStat, k.poolStats) and a mixed-pool completion (xdpFrameBulks)', () => {
    const seen: (P.PoolStatsView | null)[] = [];
    const fam = P.defineProposal({
      id: 'stats-from-a-step',
      description: 'XDP_DROP that counts a cached recycle and an alloc fast on this CPU, then reads page_pool_get_stats()',
      scenarios: ['xdp'],
      replace: {
        page_pool_recycle_direct(_t, a, k) {
          k.recycleStat(0, P.STAT_CACHED);
          k.allocStat(0, P.ALLOC_FAST);
          seen.push(k.poolStats(0));
          k.call('page_pool_recycle_direct', a.a, a.b);
        },
      },
    });
    const xdp = (over: Record<string, number>) => ({ ...pagePoolFamily.scenarios.find((s) => s.id === 'xdp')!.bounds, budget: 2, ...over });
    const on = fam.build({ variant: 'stats-from-a-step', scenario: 'xdp', bounds: xdp({ poolStats: 1 }) });
    expect(explore(on, { mode: 'bfs', maxStates: 100_000 }).kind).toBe('ok');
    const first = seen.find((x) => x !== null)!;
    expect(first.recycle.cached).toBeGreaterThanOrEqual(1);
    expect(first.alloc.fast).toBeGreaterThanOrEqual(1);
    seen.length = 0;
    explore(fam.build({ variant: 'stats-from-a-step', scenario: 'xdp', bounds: xdp({ poolStats: 0 }) }), { mode: 'bfs', maxStates: 100_000 });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((x) => x === null)).toBe(true); // without the bound page_pool_get_stats() does not exist
    expect(P.recycleStatIndex(1, P.STAT_RING)).toBe(P.ALLOC_STAT_NAMES.length + P.STAT_NAMES.length + P.STAT_RING);
    // frames of pool0, pool1: two flushes (the mem id changed); without the flush, one bulk of pool0
    const s = on.init()[0];
    s.pages[0].pp = 0;
    s.pages[1].pp = 1;
    expect(P.xdpFrameBulks(s, mainlineConfig, [0, 1])).toEqual([{ pool: 0, pages: [0] }, { pool: 1, pages: [1] }]);
    expect(P.xdpFrameBulks(s, { ...mainlineConfig, xdpBulkFlushesOnMemIdChange: false }, [0, 1])).toEqual([{ pool: 0, pages: [0, 1] }]);
  });

  it('multi-buffer XDP frames from a proposal: s.xdpFrag, framePages, k.xdpReturnPages; a return that forgets the frag is caught; xdpFrameBulks flushes inside the frag loop', () => {
    const mb = pagePoolFamily.scenarios.find((x) => x.id === 'xdp-multi-buffer')!.bounds;
    const returning = (id: string, pages: (head: number, frag: number) => number[]) =>
      P.defineProposal({
        id,
        description: 'xdp_return_frame() written with the helpers',
        scenarios: ['xdp-multi-buffer'],
        replace: {
          xdp_return_frame(t, a, k) {
            const head = t.xdp.splice(a.a, 1)[0];
            const frag = t.xdpFrag.splice(a.a, 1)[0];
            k.xdpReturnPages(pages(head, frag), false);
          },
        },
      });
    const same = explore(returning('as-mainline', P.framePages).build({ variant: 'as-mainline', scenario: 'xdp-multi-buffer', bounds: mb }), { mode: 'bfs' });
    const main = explore(pagePoolFamily.build({ variant: 'mainline', scenario: 'xdp-multi-buffer', bounds: mb }), { mode: 'bfs' });
    expect(same.kind).toBe('ok');
    expect(same.kind === 'ok' && same.stats.distinctStates).toBe(main.kind === 'ok' && main.stats.distinctStates);
    const lost = explore(returning('head-only', (head) => [head]).build({ variant: 'head-only', scenario: 'xdp-multi-buffer', bounds: mb }), { mode: 'bfs' });
    expect(lost.kind).toBe('violation');
    expect(lost.kind === 'violation' && lost.property).toBe('frag-accounting');
    // a step that takes a frame from s.xdp alone is stopped with the fix named
    const half = P.defineProposal({
      id: 'xdp-only',
      description: 'forgets s.xdpFrag',
      scenarios: ['xdp-multi-buffer'],
      replace: { xdp_return_frame: (t, a, k) => void k.xdpReturnPages([t.xdp.splice(a.a, 1)[0]], false) },
    });
    const stopped = explore(half.build({ variant: 'xdp-only', scenario: 'xdp-multi-buffer', bounds: mb }), { mode: 'bfs' });
    expect(stopped.kind).toBe('error');
    expect(stopped.kind === 'error' && stopped.message).toMatch(/in xdp_return_frame: s\.xdp has \d+ frames but s\.xdpFrag \d+ .*t\.xdpFrag\.splice\(a\.a, 1\)/);
    // xdp_return_frame_bulk() over a single-buffer frame then a multi-buffer one: the frag fills bq->q[], flushed inside the loop
    const s = pagePoolFamily.build({ variant: 'mainline', scenario: 'xdp-multi-buffer', bounds: mb }).init()[0] as PagePoolState;
    for (const p of s.pages) p.pp = 0;
    expect(P.xdpFrameBulks(s, mainlineConfig, [0, 1], [-1, 2])).toEqual([{ pool: 0, pages: [0, 2] }, { pool: 0, pages: [1] }]);
    expect(P.framePages(1, 2)).toEqual([2, 1]);
    expect(P.REDIRECT_MULTI_BUFFER).toBe(1);
  });
});
