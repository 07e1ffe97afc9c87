/**
 * Structure of the eras and the corpus: an era is a set of ModelConfig
 * overrides of mainline (never a copy), eras only add guards going forward in
 * time, and a bug's `-fixed` variant differs from the bug variant exactly in
 * the fields of its fix. Plus: the corpus-only properties can fail and can hold.
 */
import { describe, expect, it } from 'vitest';
import { releaseWorkerStops } from '../../properties/release-worker-stops.ts';
import { mainlineConfig, type ModelConfig } from '../../model/config.ts';
import { CORPUS_IDS, CORPUS_PROPERTIES, corpus } from '../../model/variants/corpus.ts';
import { ERA_CONFIG, ERA_IDS, eras } from '../../model/variants/eras.ts';
import { findVariant } from '../../model/variants/index.ts';
import { buildModel } from '../../model/build.ts';
import { explore } from '../../src/engine/explore.ts';

const full = (over: Partial<ModelConfig>): ModelConfig => ({ ...mainlineConfig, ...over });
const keys = Object.keys(mainlineConfig) as (keyof ModelConfig)[];
const diff = (a: ModelConfig, b: ModelConfig) => keys.filter((k) => a[k] !== b[k]).sort();

describe('eras', () => {
  it('override only existing ModelConfig fields', () => {
    for (const id of ERA_IDS) for (const k of Object.keys(ERA_CONFIG[id])) expect(keys).toContain(k);
  });

  it('mainline is the empty override', () => {
    expect(ERA_CONFIG.mainline).toEqual({});
  });

  it('are ordered: every guard an era has is kept by the later eras (fields that only grow)', () => {
    const grows: (keyof ModelConfig)[] = ['skbRecycling', 'recycleChecksPfmemalloc', 'refillChecksNuma', 'napiLocalRecycling', 'disableDirectRecyclingOnDestroy', 'ringStatInsideLock', 'releaseTakesProducerLock', 'dmaUnmapOnScrub', 'retryStopsOnNegative', 'napiLocalRtGuard'];
    const cfgs = ERA_IDS.map((id) => full(ERA_CONFIG[id]));
    for (const f of grows)
      for (let i = 1; i < cfgs.length; i++) if (cfgs[i - 1][f] === true) expect(cfgs[i][f], `${ERA_IDS[i]}.${f}`).toBe(true);
  });

  it('differ from each other (each era is a real set of differences)', () => {
    for (let i = 1; i < ERA_IDS.length; i++) expect(diff(full(ERA_CONFIG[ERA_IDS[i - 1]]), full(ERA_CONFIG[ERA_IDS[i]])).length).toBeGreaterThan(0);
  });

  it('are variants of kind era (mainline is the mainline variant)', () => {
    expect(eras.map((v) => v.id)).toEqual(ERA_IDS.filter((x) => x !== 'mainline'));
    for (const v of eras) expect(v.kind).toBe('era');
    expect(findVariant('mainline')?.config).toEqual({});
  });
});

describe('corpus', () => {
  it('has a bug and a fixed variant for every id, registered in the family', () => {
    expect(corpus.length).toBe(2 * CORPUS_IDS.length);
    for (const id of CORPUS_IDS) {
      expect(findVariant(id)?.kind).toBe('bug');
      expect(findVariant(`${id}-fixed`)?.kind).toBe('fixed');
    }
  });

  it('a fixed variant differs from its bug variant only in fields its fix names, and in at least one', () => {
    for (const id of CORPUS_IDS) {
      const bug = findVariant(id)!;
      const fixed = findVariant(`${id}-fixed`)!;
      const d = diff(full(bug.config), full(fixed.config));
      expect(d.length, id).toBeGreaterThan(0);
      for (const k of d) expect(Object.keys(fixed.config), `${id}: ${k}`).toContain(k);
      expect(fixed.scenarios).toEqual(bug.scenarios);
      expect(fixed.patch === undefined).toBe(bug.patch === undefined);
    }
  });

  it('bug variants expect a violation with a trace bound, fixed variants expect ok', () => {
    for (const id of CORPUS_IDS) {
      const e = findVariant(id)!.expect;
      expect(e.verdict).toBe('violation');
      if (e.verdict === 'violation') expect(e.maxTraceLength).toBeGreaterThan(0);
      expect(findVariant(`${id}-fixed`)!.expect).toEqual({ verdict: 'ok' });
    }
  });
});

describe('corpus-only properties', () => {
  it('each is checked by some corpus variant, and is not a global property of mainline', () => {
    for (const p of CORPUS_PROPERTIES) {
      const users = CORPUS_IDS.filter((id) => {
        const v = findVariant(id)!;
        return v.expect.verdict === 'violation' && v.expect.property === p.id;
      });
      expect(users.length, p.id).toBeGreaterThan(0);
      const m = buildModel({ variant: 'mainline', scenario: 'xdp', bounds: {} });
      expect(m.invariants.map((i) => i.id)).not.toContain(p.id);
    }
  });

  it('numa-local-recycling: fails when a page frame is allocated twice, holds otherwise', () => {
    const numa = CORPUS_PROPERTIES.find((p) => p.id === 'numa-local-recycling')!;
    const m = buildModel({ variant: 'numa-no-node-starvation-fixed', scenario: 'numa-no-node', bounds: {} });
    const s0 = m.init()[0];
    expect(numa.check(s0)).toBeNull();
    const bad = { ...s0, pools: s0.pools.map((p) => ({ ...p, hold: s0.pages.length + 1 })) };
    expect(numa.check(bad)).toMatch(/released instead of recycled/);
  });

  it('release-worker-stops: fails only when the worker is re-armed at inflight <= 0', () => {
    const p = releaseWorkerStops;
    const s0 = buildModel({ variant: 'mainline', scenario: 'teardown', bounds: {} }).init()[0];
    const pool = (o: object) => ({ ...s0, pools: s0.pools.map((q) => ({ ...q, ...o })) });
    expect(p.check(pool({ st: 1, retry: true, hold: 2, seen: 1 }))).toBeNull();
    expect(p.check(pool({ st: 1, retry: false, hold: 1, seen: 2 }))).toBeNull();
    // page_pool_destroy()'s own page_pool_release() (destroy_cnt 1) schedules the work once for any
    // non-zero inflight, negative included; only a re-arm by the worker (destroy_cnt > 1) loops
    expect(p.check(pool({ st: 1, retry: true, hold: 1, seen: 2, destroyCnt: 1 }))).toBeNull();
    expect(p.check(pool({ st: 1, retry: true, hold: 1, seen: 2, destroyCnt: 2 }))).toMatch(/run forever/);
    expect(p.check(pool({ st: 1, retry: true, hold: 1, seen: 1, destroyCnt: 3 }))).toMatch(/inflight 0/);
  });

  it('the bug variant of each corpus-only property violates it and the fixed one explores every state without violation', () => {
    for (const id of ['numa-no-node-starvation', 'threaded-napi-softirq-check']) {
      const v = findVariant(id)!;
      const sc = v.scenarios[0];
      const bug = explore(buildModel({ variant: id, scenario: sc, bounds: {} }), { mode: 'bfs' });
      expect(bug.kind).toBe('violation');
      if (bug.kind === 'violation' && v.expect.verdict === 'violation') expect(bug.property).toBe(v.expect.property);
      const ok = explore(buildModel({ variant: `${id}-fixed`, scenario: sc, bounds: {} }), { mode: 'bfs' });
      expect(ok.kind).toBe('ok');
      if (ok.kind === 'ok') expect(ok.complete).toBe(true);
    }
  });
});
