/**
 * The extension API (model/proposal.ts) and `ppcheck diff` (src/diff, src/cli/diff.ts):
 * a proposal file loads and gets its verdict; added state, actions and
 * properties work; diff's JSON has its fields; a broken proposal file is a
 * usage error naming its file and line.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { compare, runDiff, runSide } from '../../src/diff/run.ts';
import { diffJsonData, formatDiffText } from '../../src/diff/print.ts';
import type { ModelFamily } from '../../src/family.ts';
import { defineProposal, ProposalSpecError } from '../../model/proposal.ts';
import { ppcheckInProcess, warmTypeCheck } from '../cli/literate.ts';
import { pagePoolFamily } from '../../model/index.ts';
import { family as softirq } from '../../proposals/recycle-in-softirq.ts';
import { family as fragDesign } from '../../proposals/split-page-frag.ts';
import { family as splitPage } from '../../proposals/split-page.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCRATCH = join(REPO, 'test/proposals', `.scratch-${process.pid}`);
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

const boundsOf = (scenario: string, over: Record<string, number> = {}) => ({
  ...pagePoolFamily.scenarios.find((s) => s.id === scenario)!.bounds,
  ...over,
});

/** `ppcheck ARGS`, spawned (a broken proposal's error is the one the real loader, tsx, reports); its type check warmed here (warmTypeCheck) */
async function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  await warmTypeCheck(args, REPO);
  const r = spawnSync(process.execPath, [join(REPO, 'bin/ppcheck.mjs'), ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scratchFile(name: string, text: string): string {
  mkdirSync(SCRATCH, { recursive: true });
  const f = join(SCRATCH, name);
  writeFileSync(f, text);
  return f.slice(REPO.length);
}

const IMPORT = `import { defineProposal } from '${join(REPO, 'model/proposal.ts')}';\n`;

describe('proposal files', () => {
  it('recycle-in-softirq: a family whose default variant is the proposal, violating napi-local-only', () => {
    expect(softirq.defaultVariant).toBe('recycle-in-softirq');
    expect(softirq.variants[0]).toMatchObject({ id: 'recycle-in-softirq', kind: 'proposal', scenarios: ['rx-recycle'] });
    expect(softirq.variants.some((v) => v.id === 'mainline')).toBe(true);
    const m = softirq.build({ variant: 'recycle-in-softirq', scenario: 'rx-recycle', bounds: boundsOf('rx-recycle') });
    const r = explore(m, { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('napi-local-only');
    // a non-owner CPU pushes into the cache
    expect(r.trace.steps.map((s) => s.label).join('\n')).toMatch(/cpu1 softirq page_pool_recycle_in_cache/);
  });

  it('the same family still builds mainline unchanged (no violation at small bounds)', () => {
    const m = softirq.build({ variant: 'mainline', scenario: 'rx-recycle', bounds: boundsOf('rx-recycle', { budget: 3 }) });
    expect(explore(m, { mode: 'bfs' }).kind).toBe('ok');
  });

  it('split-page-frag restates page_pool_alloc_frag: the same state space as mainline', () => {
    const b = boundsOf('frag', { budget: 3 });
    const a = explore(fragDesign.build({ variant: 'split-page-frag', scenario: 'frag', bounds: b }), { mode: 'bfs' });
    const m = explore(pagePoolFamily.build({ variant: 'mainline', scenario: 'frag', bounds: b }), { mode: 'bfs' });
    expect(a.kind).toBe('ok');
    expect(m.kind).toBe('ok');
    expect(a.stats.distinctStates).toBe(m.stats.distinctStates);
    expect(a.stats.transitions).toBe(m.stats.transitions);
  });

  it('split-page-bias keeps every property, its own included, at small bounds', () => {
    const m = splitPage.build({ variant: 'split-page-bias', scenario: 'frag', bounds: boundsOf('frag', { budget: 3 }) });
    expect(m.invariants.map((i) => i.id)).toEqual(expect.arrayContaining(['split-bias-accounting', 'driver-page-not-recycled', 'no-reuse-while-held']));
    expect(m.invariants.map((i) => i.id)).not.toContain('frag-accounting');
    expect(m.actionKinds).toContain('hns3_alloc_buffer');
    expect(m.actionKinds).not.toContain('page_pool_alloc_frag');
    const r = explore(m, { mode: 'bfs' });
    expect(r.kind).toBe('ok');
    expect(r.stats.neverFired).not.toContain('hns3_alloc_buffer');
  });

  it("split-page-bias on mainline's skb_pp_frag_ref coalescing: _refcount stops counting the stack (11 steps)", () => {
    const m = splitPage.build({ variant: 'split-page-bias-pp-coalesce', scenario: 'frag', bounds: boundsOf('frag') });
    const r = explore(m, { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('split-bias-accounting');
    expect(r.trace.steps.length - 1).toBe(11);
    expect(r.trace.steps[r.trace.steps.length - 1].label).toMatch(/skb_try_coalesce/);
  });

  it('added state, an added action and an added property: the property is checked on the new state', () => {
    const fam = defineProposal<{ n: number; seen: number[] }>({
      id: 'test-counter',
      description: 'an added action counts its firings in an added field',
      scenarios: ['rx-recycle'],
      state: { n: { init: 0 }, seen: { perPage: 0 } },
      add: [
        {
          fn: 'test_tick',
          enabled: (s) => (s.x.n < 3 ? [{ cpu: 0, ctx: 0 }] : []),
          step(t) {
            t.x.n++;
          },
        },
      ],
      properties: [{ id: 'test-n-below-2', description: 'n < 2', check: (s) => (s.x.n >= 2 ? `n is ${s.x.n}` : null) }],
    });
    const m = fam.build({ variant: 'test-counter', scenario: 'rx-recycle', bounds: boundsOf('rx-recycle', { budget: 1 }) });
    expect(m.actionKinds).toContain('test_tick');
    const r = explore(m, { mode: 'bfs' });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.property).toBe('test-n-below-2');
    expect(r.trace.steps.length - 1).toBe(2); // the shortest: two ticks
    expect(r.trace.steps.filter((s) => s.label.includes('test_tick'))).toHaveLength(2);
  });

  it('mistakes in the declaration are reported when the file loads', () => {
    expect(() => defineProposal({ id: 'x1', description: 'd', base: 'no-such-variant' })).toThrow(ProposalSpecError);
    expect(() => defineProposal({ id: 'x2', description: 'd', base: 'no-such-variant' })).toThrow(/unknown base 'no-such-variant'/);
    expect(() => defineProposal({ id: 'x3', description: 'd', replace: { no_such_fn: () => {} } as never })).toThrow(/unknown action kind 'no_such_fn'/);
    expect(() => defineProposal({ id: 'x4', description: 'd', config: { noSuchGuard: true } as never })).toThrow(/unknown config field 'noSuchGuard'/);
    expect(() => defineProposal({ id: 'mainline', description: 'd' })).toThrow(/already a shipped variant/);
  });
});

describe('ppcheck diff (data and printers)', () => {
  const small = { budget: 2 };
  it('per-property verdicts, a shortest counterexample for each newly failing property, sizes, actions, behaviours', async () => {
    const r = await runDiff({
      family: softirq as unknown as ModelFamily<unknown, unknown>,
      base: 'mainline',
      variant: 'recycle-in-softirq',
      scenarios: ['rx-recycle'],
      bounds: small,
    });
    expect(r.verdict).toBe('regression');
    expect(r.regressions).toContain('napi-local-only');
    const row = r.properties.find((p) => p.id === 'napi-local-only')!;
    expect(row).toMatchObject({ base: 'ok', variant: 'violation', change: 'newly-fails', variantViolatedIn: ['rx-recycle'] });
    expect(row.counterexample!.length).toBe(row.counterexample!.trace.steps.length - 1);
    expect(r.properties.find((p) => p.id === 'pool-lifetime')).toMatchObject({ base: 'ok', variant: 'ok', change: 'same' });
    expect(r.scenarios[0].base.distinctStates).toBeGreaterThan(0);
    expect(r.scenarios[0].variant.distinctStates).toBeGreaterThan(0);
    expect(r.complete).toBe(true);
    // a page is pushed into the alloc cache by a CPU that does not own the NAPI: never in mainline
    expect(r.behaviours.onlyInVariant.map((b) => b.behaviour).join('\n')).toMatch(/alloc cache \(other CPU\)/);
    const text = formatDiffText(r);
    expect(text).toMatch(/newly failing: napi-local-only/);
    expect(text).toMatch(/verdict: REGRESSION/);
    const json = diffJsonData(r) as Record<string, unknown>;
    for (const k of ['base', 'variant', 'verdict', 'regressions', 'complete', 'scenarios', 'properties', 'actions', 'behaviours']) expect(json).toHaveProperty(k);
  });

  it('behaviours (model/events.ts) of mainline xdp at budget 2: where pages go, by function and context', async () => {
    const r = await runSide({ family: pagePoolFamily as unknown as ModelFamily<unknown, unknown>, base: 'mainline', variant: 'mainline', scenarios: ['xdp'], bounds: { budget: 2 } }, 'mainline', 'xdp');
    expect(r.behaviours).toEqual([
      'page → RX descriptor via __page_pool_alloc_pages_slow [softirq]',
      'page → RX descriptor via __page_pool_get_cached [softirq]',
      'page → RX descriptor via page_pool_refill_alloc_cache [softirq]',
      'page → alloc cache (NAPI CPU) via page_pool_recycle_in_cache:store [softirq]',
      'page → ptr_ring via page_pool_recycle_in_ring [softirq]',
    ]);
    expect(r.runs).toBe(1);
    expect(r.complete).toBe(true);
  });

  it('compare(): added/removed action kinds and properties, fired-only sets', () => {
    const side = (over: Partial<Awaited<ReturnType<typeof runSide>>>) => ({
      scenario: 's',
      bounds: {},
      complete: true,
      distinctStates: 1,
      transitions: 0,
      maxDepth: 0,
      seconds: 0,
      runs: 1,
      properties: {},
      actionKinds: [],
      fired: [],
      coverage: [],
      behaviours: [],
      ...over,
    });
    const fam = { ...pagePoolFamily, properties: [] } as unknown as ModelFamily<unknown, unknown>;
    const r = compare(
      { family: fam, base: 'b', variant: 'v' },
      [side({ actionKinds: ['a', 'b'], fired: ['a', 'b'], properties: { p: null, q: null }, behaviours: ['x', 'y'] })],
      [side({ actionKinds: ['a', 'c'], fired: ['a', 'c'], properties: { p: null, r: null }, behaviours: ['y', 'z'] })],
    );
    expect(r.actions).toEqual({ added: ['c'], removed: ['b'], firedOnlyInVariant: ['c'], firedOnlyInBase: ['b'] });
    expect(r.properties.map((p) => [p.id, p.change])).toEqual([
      ['p', 'same'],
      ['q', 'removed'],
      ['r', 'added'],
    ]);
    expect(r.behaviours.onlyInVariant).toEqual([{ behaviour: 'z', scenarios: ['s'] }]);
    expect(r.behaviours.onlyInBase).toEqual([{ behaviour: 'x', scenarios: ['s'] }]);
    expect(r.verdict).toBe('no-regression');
  });
});

// the commands on committed files run in this process (test/cli/literate.ts); those on files this
// test writes are spawned: their errors are the real loader's (tsx), with its positions
describe('the CLI with proposal files', () => {
  it('check --model <proposal> checks the proposal by default: exit 12', async () => {
    const r = await ppcheckInProcess(['check', '--model', 'proposals/recycle-in-softirq.ts', '--budget', '2']);
    expect(r.stdout).toMatch(/variant +recycle-in-softirq/);
    expect(r.stdout).toMatch(/VIOLATION of napi-local-only/);
    expect(r.status).toBe(12);
  });

  it('diff --json: the fields, exit 12 on a regression', async () => {
    const dir = join(SCRATCH, 'traces');
    const r = await ppcheckInProcess(['diff', '--model', 'proposals/recycle-in-softirq.ts', '--budget', '2', '--json', '--out-dir', dir]);
    expect(r.status).toBe(12);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ command: 'diff', base: 'mainline', variant: 'recycle-in-softirq', verdict: 'regression', complete: true });
    const props = j.properties as { id: string; change: string; counterexample: { steps: unknown[] } | null }[];
    const nl = props.find((p) => p.id === 'napi-local-only')!;
    expect(nl.change).toBe('newly-fails');
    expect(nl.counterexample!.steps.length).toBeGreaterThan(1);
    expect(j).toHaveProperty('actions.added');
    expect(j).toHaveProperty('behaviours.onlyInVariant');
    expect((j.scenarios as { base: { distinctStates: number } }[])[0].base.distinctStates).toBeGreaterThan(0);
    // --out-dir: the counterexample as a trace file that replay reproduces
    const file = (j.traceFiles as Record<string, string>)['napi-local-only'];
    expect(file).toBe(join(dir, 'recycle-in-softirq.napi-local-only.itf.json'));
    const rp = await ppcheckInProcess(['replay', file, '--model', 'proposals/recycle-in-softirq.ts']);
    expect(rp.stdout).toMatch(/reproduced: napi-local-only is violated at step 7/);
  });

  it('diff of a variant that breaks nothing the base keeps: exit 0', async () => {
    const r = await ppcheckInProcess(['diff', '--base', 'mainline', '--variant', 'mutant-recycle-pfmemalloc', '--scenario', 'xdp', '--budget', '1']);
    expect(r.stdout).toMatch(/verdict: no regression/);
    expect(r.status).toBe(0);
  });

  it('a syntax error in a proposal file: one line with file:line:col, exit 2', async () => {
    const f = scratchFile('syntax.ts', `${IMPORT}export const family = defineProposal({\n  id: 'broken',\n  description: 'x' +,\n});\n`);
    const r = await cli(['check', '--model', f]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${f}:4:`);
  });

  it('a mistake in the declaration: file:line of the defineProposal call, exit 2', async () => {
    const f = scratchFile('base.ts', `${IMPORT}\n\nexport const family = defineProposal({ id: 'bad-base', description: 'x', base: 'v9.9' });\n`);
    const r = await cli(['check', '--model', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${f}:4:`);
    expect(r.stderr).toMatch(/unknown base 'v9\.9'/);
  });

  it("an exception in the proposal's own step code: diff names its line, exit 2", async () => {
    const f = scratchFile(
      'throws.ts',
      `${IMPORT}export const family = defineProposal({\n  id: 'throws',\n  description: 'x',\n  scenarios: ['xdp'],\n  replace: {\n    xdp_do_redirect(t) {\n      (t as any).nope.deref = 1;\n    },\n  },\n});\n`,
    );
    const r = await cli(['diff', '--model', f, '--budget', '2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${f.replace(/[.]/g, '\\.')}:8:\\d+: in replace\\.xdp_do_redirect: TypeError`));
  });
});
