/**
 * The bound maxima (issue 6): random mode at 4 CPUs and 8 pages. The defaults
 * stay as they were; the larger maxima must build, walk and check cleanly,
 * and actually use the extra CPU and pages.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../../src/engine/prng.ts';
import { FamilyInputError } from '../../src/family.ts';
import { runRandom } from '../../src/random/run.ts';
import { pagePoolFamily } from '../../model/index.ts';
import { buildModel } from '../../model/build.ts';
import { defaultBounds } from '../../model/scenario.ts';
import { FINDING_SCENARIOS, SCENARIOS } from '../../model/scenarios.ts';
import { actorId, TASK, type PagePoolState } from '../../model/state.ts';
import { ppcheckInProcess } from '../cli/literate.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const spec = (name: string) => pagePoolFamily.bounds.find((b) => b.name === name)!;

describe('bound maxima', () => {
  it('cpus reach 4 and pages 8; one more is a usage error; the defaults are unchanged', () => {
    expect(spec('cpus').max).toBe(4);
    expect(spec('pages').max).toBe(8);
    expect(() => buildModel({ variant: 'mainline', scenario: 'rx-recycle', bounds: { cpus: 4, pages: 8 } })).not.toThrow();
    expect(() => buildModel({ variant: 'mainline', scenario: 'rx-recycle', bounds: { cpus: 5 } })).toThrow(FamilyInputError);
    expect(() => buildModel({ variant: 'mainline', scenario: 'rx-recycle', bounds: { pages: 9 } })).toThrow(/--pages must be an integer in 1\.\.8/);
    const d = defaultBounds({});
    expect([d.cpus, d.pages, d.skbs, d.descs, d.cacheSize, d.ringSize, d.budget]).toEqual([2, 2, 2, 1, 2, 2, 2]);
  });

  it('mainline random mode at cpus 4, pages 8 (and the other maxima) finds no violation in any scenario', () => {
    const big = { cpus: 4, pages: 8, skbs: spec('skbs').max, descs: spec('descs').max, ringSize: spec('ringSize').max, budget: spec('budget').max };
    // mainline's own scenarios (a finding scenario of FINDING_SCENARIOS is one where it violates a property)
    for (const sc of SCENARIOS.filter((x) => !FINDING_SCENARIOS.includes(x))) {
      // at most the scenario's own limits (destroy-live-napi: budget 1)
      const b: Record<string, number> = { ...big };
      for (const [k, max] of Object.entries(sc.maxBounds ?? {})) if (max !== undefined) b[k] = Math.min(b[k], max);
      const m = buildModel({ variant: 'mainline', scenario: sc.id, bounds: b });
      const r = runRandom(m, { seed: 3, runs: 15, depth: 80 });
      expect(r.kind, `${sc.id}: ${r.kind === 'violation' ? r.property : r.kind === 'error' ? r.message : ''}`).toBe('ok');
      if (r.kind === 'ok') expect(r.complete).toBe(false);
    }
  }, 60_000);

  it('walks at cpus 4, pages 8 use the fourth CPU and the pages beyond the fourth', () => {
    const m = buildModel({ variant: 'mainline', scenario: 'rx-recycle', bounds: { cpus: 4, pages: 8, budget: 12, descs: 4, ringSize: 8 } });
    const rng = createPrng(5);
    let cpu3 = false;
    let highPage = false;
    for (let walk = 0; walk < 60; walk++) {
      let s: PagePoolState = m.init()[0];
      for (let d = 0; d < 120; d++) {
        const acts = m.actions(s);
        if (acts.length === 0) break;
        const a = acts[rng.below(acts.length)];
        if (a.cpu === 3) cpu3 = true;
        s = m.step(s, a);
        for (const inv of m.invariants) expect(inv.check(s), inv.id).toBeNull();
        if (s.pages.some((p, i) => i >= 4 && p.ref > 0)) highPage = true;
      }
    }
    expect(s0Actors(m.init()[0])).toBe(12);
    expect(cpu3).toBe(true);
    expect(highPage).toBe(true);
  }, 60_000);

  // random mode is never complete: no violation found is 'cut short', exit 3 (src/cli/endings.ts)
  // the CLI's entry (runCli) in this process: its parsing, output and exit codes (test/cli/literate.ts)
  it('the CLI: check --variant mainline --mode random --cpus 4 --pages 8 --runs 200 exits 3 (no violation found)', async () => {
    const r = await ppcheckInProcess(['check', '--variant', 'mainline', '--mode', 'random', '--cpus', '4', '--pages', '8', '--runs', '200'], root);
    expect(r.stderr).not.toMatch(/Error|at .*\.ts:/);
    expect(r.stdout).toMatch(/no violation found in 19 scenarios|no violation/);
    expect(r.status).toBe(3);
    const bad = await ppcheckInProcess(['check', '--variant', 'mainline', '--mode', 'random', '--cpus', '5'], root);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it("a scenario's own limit (destroy-live-napi: budget at most 1) is an input error with --scenario, a cap for all scenarios", async () => {
    const sc = SCENARIOS.find((x) => x.id === 'destroy-live-napi')!;
    expect(sc.maxBounds).toEqual({ budget: 1 });
    expect(pagePoolFamily.scenarios.find((x) => x.id === sc.id)!.maxBounds).toEqual({ budget: 1 });
    expect(() => buildModel({ variant: 'napi-local-destroy-window-fixed', scenario: sc.id, bounds: { budget: 1 } })).not.toThrow();
    expect(() => buildModel({ variant: 'napi-local-destroy-window-fixed', scenario: sc.id, bounds: { budget: 2 } })).toThrow(
      /scenario 'destroy-live-napi' takes --budget at most 1, got 2: its driver destroys the pool under a running NAPI/,
    );
    const one = await ppcheckInProcess(['check', '--scenario', sc.id, '--budget', '12'], root);
    expect(one.status).toBe(2);
    expect(one.stdout).toBe('');
    expect(one.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ppcheck: mainline\/destroy-live-napi: scenario 'destroy-live-napi' takes --budget at most 1, got 12/)]);
    const all = await ppcheckInProcess(['check', '--budget', '3', '--max-states', '20', '--json'], root);
    const j = JSON.parse(all.stdout);
    expect(j.params.capped).toEqual({ 'destroy-live-napi': { budget: 1 } });
    expect(j.params.bounds['destroy-live-napi'].budget).toBe(1);
    expect(j.params.bounds['rx-recycle'].budget).toBe(3);
  }, 60_000);
});

function s0Actors(s: PagePoolState): number {
  expect(s.actors[actorId(3, TASK)]).toBeDefined();
  return s.actors.length;
}
