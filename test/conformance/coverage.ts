/**
 * gcov coverage of the real page_pool.c reached by the replayed traces.
 *
 * The gcov build of the harness (build/harness-gcov, objects in build/gcov)
 * writes build/gcov/page_pool.gcda; `gcov --json-format --branch-probabilities`
 * turns it into per-line counts with the function each line belongs to. This
 * module runs that and summarises per function.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BUILD_DIR, PAGE_POOL_C } from './harness.ts';

export const GCOV_DIR = join(BUILD_DIR, 'gcov');

/**
 * The recycling functions of the acceptance criterion (alloc, refill, put,
 * recycle in cache and ring, return, release, destroy, frag), with the
 * static/inline helpers they are made of.
 */
export const RECYCLING_FUNCTIONS: readonly string[] = [
  'page_pool_alloc_netmems',
  'page_pool_alloc_pages',
  '__page_pool_get_cached',
  'page_pool_refill_alloc_cache',
  '__page_pool_alloc_pages_slow',
  '__page_pool_alloc_page_order',
  'page_pool_dma_map',
  'page_pool_register_dma_index',
  'page_pool_set_pp_info',
  'page_pool_clear_pp_info',
  'page_pool_dma_sync_for_device',
  '__page_pool_dma_sync_for_device',
  'page_pool_put_unrefed_netmem',
  'page_pool_put_unrefed_page',
  'page_pool_put_page_bulk',
  '__page_pool_put_page',
  '__page_pool_page_can_be_recycled',
  'page_pool_napi_local',
  'page_pool_recycle_in_cache',
  'page_pool_recycle_in_ring',
  'page_pool_producer_lock',
  'page_pool_producer_unlock',
  'page_pool_return_page',
  '__page_pool_release_netmem_dma',
  '__page_pool_unmap_netmem_dma',
  'page_pool_inflight',
  'page_pool_release',
  'page_pool_release_retry',
  'page_pool_scrub',
  'page_pool_empty_ring',
  'page_pool_empty_alloc_cache_once',
  '__page_pool_destroy',
  'page_pool_destroy',
  'page_pool_disable_direct_recycling',
  'page_pool_drain_frag',
  'page_pool_free_frag',
  'page_pool_alloc_frag_netmem',
  'page_pool_alloc_frag',
  'page_pool_update_nid',
];

/**
 * Functions of page_pool.c that no trace reaches, and why that is out of scope.
 * Keep in sync with docs/conformance.md.
 */
export const OUT_OF_SCOPE: Readonly<Record<string, string>> = {
  page_pool_ethtool_stats_get_strings: 'ethtool reporting of the stats (names; the harness reads page_pool_get_stats() and the per-CPU structs)',
  page_pool_ethtool_stats_get_count: 'ethtool reporting of the stats (a constant; the harness reads page_pool_get_stats())',
  page_pool_ethtool_stats_get: 'ethtool reporting of the stats (a copy of page_pool_get_stats()\'s result into a u64 array)',
  page_pool_struct_check: 'compile-time layout assertions only (no code)',
};

export interface FnCoverage {
  name: string;
  lines: number;
  linesHit: number;
  branches: number;
  branchesTaken: number;
  calls: number; // execution count of the function entry
}

export interface CoverageReport {
  functions: FnCoverage[];
  /** functions whose every line is preprocessed out in the harness configuration */
  compiledOut: string[];
  total: { lines: number; linesHit: number; branches: number; branchesTaken: number };
  recycling: { lines: number; linesHit: number; missing: string[] };
  unreached: { name: string; reason: string | null }[];
}

interface GcovLine {
  line_number: number;
  count: number;
  function_name?: string;
  branches: { count: number }[];
}
interface GcovFunction {
  name: string;
  start_line: number;
  end_line: number;
  execution_count: number;
}

/** gcov object directories of the scaled-cache builds used by the model comparison (plain and CONFIG_PAGE_POOL_STATS). */
export const MODEL_GCOV_DIRS: readonly string[] = [1, 2, 3, 4].flatMap((n) => [join(BUILD_DIR, `gcov-${n}`), join(BUILD_DIR, `gcov-${n}-stats`)]);

/** Delete the counters so that the next gcov-harness runs start from zero. */
export function resetCoverage(dirs: readonly string[] = [GCOV_DIR, ...MODEL_GCOV_DIRS]): void {
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) if (f.endsWith('.gcda')) rmSync(join(d, f));
  }
}

function readGcov(dir: string): { lines: GcovLine[]; functions: GcovFunction[] } | null {
  if (!existsSync(join(dir, 'page_pool.gcda'))) return null; // nothing ran on this build
  const tmp = mkdtempSync(join(tmpdir(), 'ppcheck-gcov-'));
  try {
    const r = spawnSync('gcov', ['--json-format', '--branch-probabilities', '-o', dir, PAGE_POOL_C], {
      cwd: tmp,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`gcov failed: ${(r.stderr ?? '').trim()}`);
    const gz = readdirSync(tmp).find((f) => f.endsWith('.gcov.json.gz'));
    if (!gz) throw new Error('gcov produced no JSON');
    const j = JSON.parse(gunzipSync(readFileSync(join(tmp, gz))).toString('utf8')) as {
      files: { file: string; lines: GcovLine[]; functions: GcovFunction[] }[];
    };
    const file = j.files.find((f) => f.file.endsWith('net/core/page_pool.c'));
    if (!file) throw new Error('gcov JSON has no page_pool.c');
    return file;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Coverage of page_pool.c summed over the given gcov object directories (the
 * builds differ only in PP_ALLOC_CACHE_SIZE and CONFIG_PAGE_POOL_STATS, so their line
 * numbers agree; the stats lines exist only in the stats builds' data).
 */
export function collectCoverage(dirs: readonly string[] = [GCOV_DIR]): CoverageReport {
  const lines = new Map<number, GcovLine>();
  const fns = new Map<string, GcovFunction>();
  let any = false;
  for (const d of dirs) {
    const f = readGcov(d);
    if (!f) continue;
    any = true;
    for (const l of f.lines) {
      const cur = lines.get(l.line_number);
      if (!cur) lines.set(l.line_number, { ...l, branches: l.branches.map((b) => ({ count: b.count })) });
      else {
        cur.count += l.count;
        l.branches.forEach((b, i) => {
          if (cur.branches[i]) cur.branches[i]!.count += b.count;
          else cur.branches.push({ count: b.count });
        });
      }
    }
    for (const g of f.functions) {
      const cur = fns.get(g.name);
      if (!cur) fns.set(g.name, { ...g });
      else cur.execution_count += g.execution_count;
    }
  }
  if (!any) throw new Error(`no coverage data in ${dirs.join(', ')}`);
  const all = [...lines.values()].sort((a, b) => a.line_number - b.line_number);
  return summarise(all, sourceFunctions(readFileSync(PAGE_POOL_C, 'utf8'), [...fns.values()]));
}

/**
 * Function ranges from the source itself (kernel style: the definition starts at
 * column 0, its body opens with "{" and closes with "}" at column 0), so that
 * __always_inline functions, which gcov does not list, are reported too.
 * Execution counts come from gcov where it lists the function.
 */
export function sourceFunctions(src: string, gcovFns: readonly GcovFunction[]): GcovFunction[] {
  const lines = src.split('\n');
  const out: GcovFunction[] = [];
  let header: { name: string; start: number } | null = null;
  let sig = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '{' && sig) {
      const m = /([A-Za-z_]\w*)\s*\(/.exec(sig); // the first call-like name is the function's
      if (m) header = { name: m[1]!, start: i + 1 - sig.split('\n').length + 1 };
      sig = '';
      continue;
    }
    if (l === '}' && header) {
      const g = gcovFns.find((f) => f.name === header!.name);
      out.push({ name: header.name, start_line: header.start, end_line: i + 1, execution_count: g?.execution_count ?? 0 });
      header = null;
      continue;
    }
    if (header) continue;
    if (/^[A-Za-z_]/.test(l) && !l.endsWith(';') && !l.startsWith('#')) sig = l;
    else if (sig && /^\s/.test(l) && !l.trim().startsWith('*')) sig += '\n' + l;
    else sig = '';
  }
  return out;
}

function summarise(lines: GcovLine[], fns: GcovFunction[]): CoverageReport {
  const byName = new Map<string, FnCoverage>();
  for (const f of fns) {
    byName.set(f.name, { name: f.name, lines: 0, linesHit: 0, branches: 0, branchesTaken: 0, calls: f.execution_count });
  }
  const total = { lines: 0, linesHit: 0, branches: 0, branchesTaken: 0 };
  for (const l of lines) {
    // gcc 12 names the function of each line; fall back to the function ranges
    const name =
      fns.find((f) => f.start_line <= l.line_number && l.line_number <= f.end_line)?.name ?? l.function_name ?? '?';
    let fc = byName.get(name);
    if (!fc) {
      fc = { name, lines: 0, linesHit: 0, branches: 0, branchesTaken: 0, calls: 0 };
      byName.set(name, fc);
    }
    fc.lines++;
    total.lines++;
    if (l.count > 0) {
      fc.linesHit++;
      total.linesHit++;
    }
    for (const b of l.branches) {
      fc.branches++;
      total.branches++;
      if (b.count > 0) {
        fc.branchesTaken++;
        total.branchesTaken++;
      }
    }
  }
  const all = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  const functions = all.filter((f) => f.lines > 0);
  const compiledOut = all.filter((f) => f.lines === 0).map((f) => f.name);
  const rec = { lines: 0, linesHit: 0, missing: [] as string[] };
  for (const n of RECYCLING_FUNCTIONS) {
    const f = byName.get(n);
    if (!f) {
      rec.missing.push(n); // inlined away or renamed: reported, not silently skipped
      continue;
    }
    rec.lines += f.lines;
    rec.linesHit += f.linesHit;
  }
  const unreached = functions
    .filter((f) => f.lines > 0 && f.linesHit === 0)
    .map((f) => ({ name: f.name, reason: OUT_OF_SCOPE[f.name] ?? null }));
  return { functions, compiledOut, total, recycling: rec, unreached };
}

const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(1) : '100.0') + '%';

/** Plain-text report (pure). */
export function formatCoverage(c: CoverageReport, title = 'all replayed traces'): string {
  const out: string[] = [];
  out.push(`gcov coverage of net/core/page_pool.c (Debian linux-source-6.12) by ${title}`);
  out.push(`  ${'function'.padEnd(36)} ${'lines'.padStart(9)} ${'line%'.padStart(7)} ${'branches'.padStart(9)} ${'br%'.padStart(7)} ${'calls'.padStart(8)}`);
  for (const f of c.functions) {
    const mark = RECYCLING_FUNCTIONS.includes(f.name) ? '*' : ' ';
    out.push(
      `${mark} ${f.name.padEnd(36)} ${`${f.linesHit}/${f.lines}`.padStart(9)} ${pct(f.linesHit, f.lines).padStart(7)} ` +
        `${`${f.branchesTaken}/${f.branches}`.padStart(9)} ${pct(f.branchesTaken, f.branches).padStart(7)} ${String(f.calls).padStart(8)}`,
    );
  }
  out.push(`  total: lines ${c.total.linesHit}/${c.total.lines} (${pct(c.total.linesHit, c.total.lines)}), ` +
    `branches taken ${c.total.branchesTaken}/${c.total.branches} (${pct(c.total.branchesTaken, c.total.branches)})`);
  out.push(`  recycling functions (*): lines ${c.recycling.linesHit}/${c.recycling.lines} (${pct(c.recycling.linesHit, c.recycling.lines)})` +
    (c.recycling.missing.length ? `; not in gcov output (inlined): ${c.recycling.missing.join(', ')}` : ''));
  if (c.compiledOut.length) {
    out.push('  compiled out in the harness (no lines):');
    for (const n of c.compiledOut) out.push(`    ${n}: ${OUT_OF_SCOPE[n] ?? 'preprocessed out'}`);
  }
  if (c.unreached.length) {
    out.push('  functions no trace reaches:');
    for (const u of c.unreached) out.push(`    ${u.name}: ${u.reason ?? 'NOT MODELLED AND NOT DOCUMENTED AS OUT OF SCOPE'}`);
  } else {
    out.push('  every function is reached');
  }
  return out.join('\n');
}

export function recyclingLinePct(c: CoverageReport): number {
  return c.recycling.lines ? (100 * c.recycling.linesHit) / c.recycling.lines : 100;
}
