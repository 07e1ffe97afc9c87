/**
 * page_pool under the liveness check and the deadlock check, at small bounds
 * (the default bounds run in `npm run check`): each liveness property kills
 * its mutant with a lasso that replays, the lost-release mutants end in
 * `deadlock`, the NUMA_NO_NODE bug breaks recycling-continues and its fix
 * does not, and mainline is clean.
 */
import { describe, expect, it } from 'vitest';
import { explore, exploreLiveness } from '../../src/engine/explore.ts';
import { lassoVerdict } from '../../src/engine/liveness.ts';
import { exploreRandom } from '../../src/random/index.ts';
import type { Model } from '../../src/engine/model.ts';
import type { ExploreResult } from '../../src/engine/result.ts';
import { buildModel } from '../../model/build.ts';
import type { PpAction } from '../../model/registry.ts';
import type { PagePoolState } from '../../model/state.ts';
import { VARIANTS } from '../../model/variants/index.ts';
import { LIVENESS_PROPERTIES } from '../../model/liveness-model.ts';

type M = Model<PagePoolState, PpAction>;
const build = (variant: string, scenario: string, bounds: Record<string, number> = {}): M => buildModel({ variant, scenario, bounds });

/** Safety first (as `check --liveness` does), then liveness on the whole graph. */
function checkBoth(m: M): ExploreResult<PagePoolState, PpAction> {
  const safety = explore(m);
  if (safety.kind !== 'ok') return safety;
  expect(safety.complete).toBe(true);
  return exploreLiveness(m);
}

function expectLasso(m: M, property: string): { steps: number; loopStart: number } {
  const r = checkBoth(m);
  expect(r.kind === 'violation' ? r.property : r.kind).toBe(property);
  if (r.kind !== 'violation' || !r.lasso) throw new Error('no lasso');
  // what `replay` checks: the cycle closes and shows the violation, under the model's fairness
  const states = r.trace.steps.map((s) => s.state);
  const actions = r.trace.steps.map((s) => s.action);
  expect(lassoVerdict(m, states, actions, r.lasso.loopStart, property)).toMatchObject({ violated: true });
  return { steps: r.trace.steps.length - 1, loopStart: r.lasso.loopStart };
}

describe('liveness mutants', () => {
  it('every liveness property has a mutant declared to violate it, and deadlock has two', () => {
    const declared = VARIANTS.filter((v) => v.kind === 'mutant' && v.expect.verdict === 'violation').map((v) => (v.expect.verdict === 'violation' ? v.expect.property : ''));
    for (const p of LIVENESS_PROPERTIES) expect(declared, p.id).toContain(p.id);
    expect(declared.filter((p) => p === 'deadlock').length).toBe(2);
  });
  it('page_pool_scrub never empties the ring: pool-eventually-freed, a lasso whose cycle is the release worker retrying', () => {
    const m = build('mutant-scrub-keeps-ring', 'teardown', { budget: 2, cpus: 1 });
    // the safety search completes (destroy_cnt saturates) and finds nothing: only liveness sees it
    expect(explore(m)).toMatchObject({ kind: 'ok', complete: true });
    const l = expectLasso(m, 'pool-eventually-freed');
    expect(l.steps - l.loopStart).toBe(3);
    const r = exploreLiveness(m);
    if (r.kind === 'violation') {
      const cycle = r.trace.steps.slice(r.lasso!.loopStart + 1).map((s) => s.action!.fn);
      expect([...cycle].sort()).toEqual(['page_pool_release', 'page_pool_release_retry', 'page_pool_scrub']);
    }
    // mainline at the same bounds: clean
    expect(checkBoth(build('mainline', 'teardown', { budget: 2, cpus: 1 }))).toMatchObject({ kind: 'ok', complete: true });
  });
  it('a full ring retried forever: put-eventually-settles, a self-loop', () => {
    const l = expectLasso(build('mutant-ring-full-spins', 'rx-recycle', { budget: 3, cpus: 1 }), 'put-eventually-settles');
    expect(l.steps - l.loopStart).toBe(1);
    expect(checkBoth(build('mainline', 'rx-recycle', { budget: 3, cpus: 1 }))).toMatchObject({ kind: 'ok', complete: true });
  });
  it('a poll that never completes: napi-progress (the run stops with the NAPI scheduled)', () => {
    const l = expectLasso(build('mutant-poll-never-completes', 'xdp', { budget: 2 }), 'napi-progress');
    expect(l.loopStart).toBe(l.steps);
    expect(checkBoth(build('mainline', 'xdp', { budget: 2 }))).toMatchObject({ kind: 'ok', complete: true });
  });
  it('napi-progress needs the fairness of the NAPI poll: without it the stack may clone and free skbs forever instead', () => {
    const m = build('mainline', 'frag', { budget: 2 });
    expect(exploreLiveness(m)).toMatchObject({ kind: 'ok', complete: true });
    const unfair = { ...m, fairness: (m.fairness ?? []).filter((f) => f.id !== 'napi poll') };
    expect(exploreLiveness(unfair)).toMatchObject({ kind: 'violation', property: 'napi-progress' });
  });
});

describe('recycling-continues (numa-steady: packets never run out)', () => {
  it('the NUMA_NO_NODE bug (d5394610b1ba) stops recycling: a 4-step cycle that allocates and releases', () => {
    const l = expectLasso(build('numa-no-node-starvation', 'numa-steady'), 'recycling-continues');
    expect(l).toEqual({ steps: 4, loopStart: 0 });
  });
  it('mainline with the put-side NUMA test restored (mutant-put-checks-pool-nid) stops recycling too', () => {
    expect(expectLasso(build('mutant-put-checks-pool-nid', 'numa-steady'), 'recycling-continues').steps).toBe(4);
  });
  it('its fix (44768decb7c0) and mainline keep recycling', () => {
    expect(checkBoth(build('numa-no-node-starvation-fixed', 'numa-steady'))).toMatchObject({ kind: 'ok', complete: true });
    expect(checkBoth(build('mainline', 'numa-steady'))).toMatchObject({ kind: 'ok', complete: true });
  });
});

describe('random mode (walks that revisit a state)', () => {
  it('finds the NUMA_NO_NODE lasso, and none in the fix', () => {
    const bug = exploreRandom(build('numa-no-node-starvation', 'numa-steady'), { seed: 0, runs: 200, maxDepth: 40 }, { liveness: true });
    expect(bug).toMatchObject({ kind: 'violation', property: 'recycling-continues', complete: false });
    if (bug.kind === 'violation') expect(bug.lasso?.loopStart).toBeGreaterThanOrEqual(0);
    const fixed = exploreRandom(build('numa-no-node-starvation-fixed', 'numa-steady'), { seed: 0, runs: 200, maxDepth: 40 }, { liveness: true });
    expect(fixed).toMatchObject({ kind: 'ok', complete: false });
    // without --liveness random mode does not look
    expect(exploreRandom(build('numa-no-node-starvation', 'numa-steady'), { seed: 0, runs: 200, maxDepth: 40 })).toMatchObject({ kind: 'ok' });
  });
});

describe('deadlock', () => {
  for (const [variant, waits] of [
    ['mutant-lost-unlock', /waits for pool0 ring\.producer_lock held by .*never released/],
    ['mutant-softirq-over-bh-disabled', /cpu(\d) softirq waits for pool0 ring\.producer_lock held by cpu\1 task/],
  ] as const) {
    it(`${variant}: a terminal state with a waiting context is a deadlock, not a leak`, () => {
      const m = build(variant, 'rx-recycle', { budget: 3 });
      const r = explore(m);
      expect(r).toMatchObject({ kind: 'violation', property: 'deadlock', terminal: true });
      if (r.kind !== 'violation') return;
      expect(r.deadlock?.waiting.some((w) => waits.test(w))).toBe(true);
      const last = r.trace.steps[r.trace.steps.length - 1].state;
      expect(m.actions(last)).toEqual([]);
      // without the deadlock hook the same bug is only a stranded page (no-leak-at-quiescence) or worse
      const noHook: M = { ...m, blocked: undefined };
      const r2 = explore(noHook);
      expect(r2.kind === 'violation' ? r2.property : r2.kind).not.toBe('deadlock');
    });
  }
  it('random mode reports it as a deadlock too, with the waiting contexts', () => {
    const r = exploreRandom(build('mutant-softirq-over-bh-disabled', 'rx-recycle', { budget: 3 }), { seed: 0, runs: 3000, maxDepth: 60 });
    expect(r).toMatchObject({ kind: 'violation', property: 'deadlock' });
    if (r.kind === 'violation') expect(r.deadlock?.waiting.length).toBeGreaterThan(0);
  });
  it('mainline has no deadlock at these bounds', () => {
    expect(explore(build('mainline', 'rx-recycle', { budget: 3 }))).toMatchObject({ kind: 'ok', complete: true });
  });
});
