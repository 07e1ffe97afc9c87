/**
 * The five findings of issue #22 (model/workloads/findings.ts), each on the
 * variants it is about and on a mutant of the mechanism it depends on, where
 * it must fail. Small runs (10 runs of 2,000 counted steps): the intervals
 * still separate, and each test takes well under a second or two.
 */
import { describe, expect, it } from 'vitest';
import { runMix, type MixOptions, type MixResult } from '../../src/mix/run.ts';
import { pagePoolWorkloads } from '../../model/workloads/index.ts';
import { type Finding, localAppFinding, numaFinding, remoteAppFinding, routerFinding, slowReaderFinding } from '../../model/workloads/findings.ts';

const SMALL = { seed: 1, runs: 10, warmup: 500, steps: 2000 };

function mix(o: Omit<MixOptions, 'seed' | 'runs' | 'warmup' | 'steps'>): MixResult {
  return runMix(pagePoolWorkloads, { ...SMALL, ...o });
}

/** The failed checks, for the assertion message. */
const why = (f: Finding): string => f.checks.map((c) => `${c.ok ? 'ok' : 'FAILED'}: ${c.text}`).join('\n');

describe('host-remote-app: NAPI-local caching moves skb frees from the ring to the cache', () => {
  it('holds for mainline against v5.14', () => {
    const f = remoteAppFinding(mix({ profile: 'host-remote-app', variant: 'mainline', against: 'v5.14' }), 'mainline', 'v5.14');
    expect(f.holds, why(f)).toBe(true);
  });
  it('fails when the NAPI-local decision is removed (napiLocalRecycling off in mainline)', () => {
    const r = mix({ profile: 'host-remote-app', variant: 'mainline', against: 'v5.14', config: { napiLocalRecycling: false } });
    const f = remoteAppFinding(r, 'mainline', 'v5.14');
    expect(f.holds, why(f)).toBe(false);
    expect(f.checks.filter((c) => !c.ok).map((c) => c.text).join('\n')).toMatch(/frees direct into the cache/);
  });
});

describe("host-local-app: on the NAPI's CPU, direct recycling only while the NAPI is listed (v6.10+ reader), else the ring", () => {
  const hold = 1;
  it('v5.14 and the pre-v6.10 reader use the ring; the v6.10+ reader is direct exactly while listed', () => {
    const old = mix({ profile: 'host-local-app', variant: 'v5.14' }).mixes[0];
    const pre610 = mix({ profile: 'host-local-app', variant: 'mainline', params: { hold: [hold], bh: [0] } }).mixes[0];
    const now = mix({ profile: 'host-local-app', variant: 'mainline', params: { hold: [hold], bh: [1] } }).mixes[0];
    const f = localAppFinding([old, pre610], now);
    expect(f.holds, why(f)).toBe(true);
  });
  it('fails when page_pool_napi_local() stops checking list_owner', () => {
    const now = mix({ profile: 'host-local-app', variant: 'mainline', config: { napiLocalChecksListOwner: false } }).mixes[0];
    const f = localAppFinding([], now);
    expect(f.holds, why(f)).toBe(false);
  });
  it('fails when v5.14 gains NAPI-local recycling for every put', () => {
    const old = mix({ profile: 'host-local-app', variant: 'v5.14', config: { napiLocalRecycling: true, directRecycleCheck: 'in_softirq' } }).mixes[0];
    const now = mix({ profile: 'host-local-app', variant: 'mainline' }).mixes[0];
    const f = localAppFinding([old], now);
    expect(f.holds, why(f)).toBe(false);
  });
});

describe('router: the alloc cache serves most allocations in every era', () => {
  it('holds for mainline, v6.4, v5.14 and v5.4', () => {
    const runs = ['mainline', 'v6.4', 'v5.14', 'v5.4'].map((v) => mix({ profile: 'router', variant: v }));
    const r = { ...runs[0], mixes: runs.flatMap((x) => x.mixes) };
    const f = routerFinding(r, ['mainline', 'v6.4', 'v5.14', 'v5.4']);
    expect(f.holds, why(f)).toBe(true);
  });
  it('under threaded NAPI it holds for mainline and fails when allow_direct needs in_serving_softirq() (threaded-napi-softirq-check)', () => {
    const ok = routerFinding(mix({ profile: 'router', variant: 'mainline', bounds: { threaded: 1 } }), ['mainline']);
    expect(ok.holds, why(ok)).toBe(true);
    const bad = routerFinding(mix({ profile: 'router', variant: 'mainline', bounds: { threaded: 1 }, config: { allowDirectContextCheck: 'in_serving_softirq' } }), ['mainline']);
    expect(bad.holds, why(bad)).toBe(false);
  });
});

describe("host-slow-reader: allocations fall through to the page allocator as the readers' hold grows", () => {
  const holds = [0.25, 1, 4];
  it('holds for mainline: the slow path grows with the hold and the pool never starves', () => {
    const f = slowReaderFinding(mix({ profile: 'host-slow-reader', variant: 'mainline', params: { hold: holds } }), 'mainline', holds);
    expect(f.holds, why(f)).toBe(true);
  });
  it('fails for a fixed pool (the page allocator holds only descs + cache + ring pages): it starves', () => {
    const f = slowReaderFinding(mix({ profile: 'host-slow-reader', variant: 'mainline', params: { hold: holds }, bounds: { pages: 3 } }), 'mainline', holds);
    expect(f.holds, why(f)).toBe(false);
    expect(f.checks.filter((c) => !c.ok).map((c) => c.text).join('\n')).toMatch(/starved/);
  });
});

describe('numa-remote: the NUMA_NO_NODE bug stops recycling, the fix recycles', () => {
  it('holds for numa-no-node-starvation-fixed against numa-no-node-starvation', () => {
    const r = mix({ profile: 'numa-remote', variant: 'numa-no-node-starvation-fixed', against: 'numa-no-node-starvation' });
    const f = numaFinding(r, 'numa-no-node-starvation-fixed', 'numa-no-node-starvation');
    expect(f.holds, why(f)).toBe(true);
  });
  it('fails when the fix is reverted (the put-side page_to_nid(page) == pool->p.nid test back)', () => {
    const r = mix({ profile: 'numa-remote', variant: 'numa-no-node-starvation-fixed', against: 'numa-no-node-starvation', config: { recycleChecksPoolNid: true } });
    const f = numaFinding(r, 'numa-no-node-starvation-fixed', 'numa-no-node-starvation');
    expect(f.holds, why(f)).toBe(false);
  });
});
