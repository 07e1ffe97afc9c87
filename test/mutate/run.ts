/**
 * `npm run mutate [-- --shard i/n] [--only id,id] [--json]`: the mutation run.
 * Every mutant of test/mutate/mutants.ts (or the shard's share, every n-th
 * from i) is applied — a config override in process, or a source patch to a
 * temporary copy of model/, properties/, src/ run in a child process — and
 * hunted (test/mutate/hunt.ts): mainline's scenarios at their default bounds,
 * BFS, the expected killer's scenario first. Prints one line per mutant and
 * killed/non-equivalent; exit 0 when every mutant ran (survivors are a result,
 * not a failure), 2 on bad arguments, 255 when a patch no longer applies.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HuntResult, hunt } from './hunt.ts';
import { MUTANTS, type Mutant } from './mutants.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface MutantResult extends HuntResult {
  id: string;
  fn: string;
  equivalent?: string;
  expected?: string;
  gap?: string;
}

/** Apply the patch to a copy of the tree and hunt there (child process). */
function huntPatched(m: Mutant): HuntResult {
  const p = m.patch!;
  const src = readFileSync(join(ROOT, p.file), 'utf8');
  const n = src.split(p.find).length - 1;
  if (n !== 1) throw new Error(`mutant ${m.id}: the patch's text occurs ${n} times in ${p.file} (must be once)`);
  const dir = mkdtempSync(join(tmpdir(), 'ppcheck-mutant-'));
  try {
    for (const d of ['model', 'properties', 'src', 'test/mutate']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
    for (const f of ['package.json', 'tsconfig.json']) cpSync(join(ROOT, f), join(dir, f));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, p.file), src.replace(p.find, p.replace));
    const first = 'scenario' in m.expect ? m.expect.scenario : '';
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'test/mutate/worker.ts'), first], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24 });
    return JSON.parse(out.trim().split('\n').pop() as string) as HuntResult;
  } catch (e) {
    // the worker's own failure (a patch that no longer compiles, a throw at load) names the cause on stderr
    const lines = String((e as { stderr?: unknown }).stderr ?? '').split('\n');
    const cause = lines.find((l) => /: ERROR: /.test(l)) ?? lines.find((l) => /Error\b/.test(l));
    return { outcome: 'error', message: `${(e as Error).message.split('\n')[0]}${cause ? `: ${cause.trim()}` : ''}`, states: 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runMutant(m: Mutant): MutantResult {
  const r = m.patch ? huntPatched(m) : hunt(m.config ?? {}, 'scenario' in m.expect ? m.expect.scenario : undefined);
  const base = { id: m.id, fn: m.fn, ...r, ...(m.gap ? { gap: m.gap } : {}) };
  return 'equivalent' in m.expect ? { ...base, equivalent: m.expect.equivalent } : { ...base, expected: `${m.expect.property} (${m.expect.scenario})` };
}

/** killed / non-equivalent, and the survivors (non-equivalent mutants not killed). */
export function tally(rs: MutantResult[]): { killed: number; nonEquivalent: number; survivors: MutantResult[] } {
  const ne = rs.filter((r) => !r.equivalent);
  return { killed: ne.filter((r) => r.outcome === 'killed').length, nonEquivalent: ne.length, survivors: ne.filter((r) => r.outcome !== 'killed') };
}

function fail(msg: string): never {
  process.stderr.write(`ppcheck mutate: ${msg}\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  let shard = [1, 1];
  let only: string[] | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--shard') {
      const m = /^(\d+)\/(\d+)$/.exec(argv[++i] ?? '');
      if (!m || +m[1] < 1 || +m[1] > +m[2]) fail(`--shard takes i/n with 1 <= i <= n, got '${argv[i] ?? ''}'`);
      shard = [+m[1], +m[2]];
    } else if (a === '--only') {
      only = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = only.filter((id) => !MUTANTS.some((m) => m.id === id));
      if (unknown.length) fail(`unknown mutant(s): ${unknown.join(', ')}`);
    } else if (a === '--json') json = true;
    else fail(`unknown argument '${a}'`);
  }
  const chosen = MUTANTS.filter((m, i) => (only ? only.includes(m.id) : i % shard[1] === shard[0] - 1));
  const results: MutantResult[] = [];
  for (const m of chosen) {
    const r = runMutant(m);
    results.push(r);
    if (!json) {
      const what = r.outcome === 'killed' ? `killed by ${r.property} in ${r.scenario} (${r.steps} steps)` : r.outcome === 'error' ? `ERROR ${r.scenario ?? ''}: ${r.message}` : 'SURVIVED';
      process.stdout.write(`${r.equivalent ? 'equiv ' : '      '}${m.id.padEnd(36)} ${what}${r.equivalent ? '' : r.outcome === 'killed' && r.expected !== `${r.property} (${r.scenario})` ? `  [expected ${r.expected}]` : ''}\n`);
    }
  }
  const t = tally(results);
  if (json) process.stdout.write(JSON.stringify({ shard: `${shard[0]}/${shard[1]}`, mutants: results.length, killed: t.killed, nonEquivalent: t.nonEquivalent, results }) + '\n');
  else {
    process.stdout.write(`\n${t.killed}/${t.nonEquivalent} non-equivalent mutants killed (${((100 * t.killed) / Math.max(1, t.nonEquivalent)).toFixed(0)}%), ${results.length - t.nonEquivalent} equivalent\n`);
    for (const s of t.survivors) process.stdout.write(`survivor: ${s.id} (${s.fn}): ${s.outcome}${s.message ? ` ${s.message}` : ''}; expected ${s.expected}${s.gap ? `; gap: ${s.gap}` : ''}\n`);
  }
  if (results.some((r) => r.outcome === 'error' && /patch's text/.test(r.message ?? ''))) process.exit(255);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
