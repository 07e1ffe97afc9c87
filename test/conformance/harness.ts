/**
 * Node side of the C conformance harness (test/conformance/harness/driver.c):
 * builds it (setup.sh) and runs traces through it.
 *
 * A trace is a list of harness lines (`cpu=0 ctx=softirq fn=page_pool_alloc_pages pool=0 as=a`);
 * the harness prints one JSON line of observable state per step. Many traces
 * run in one process, separated by `fn=reset`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFORMANCE_DIR = dirname(fileURLToPath(import.meta.url));
export const BUILD_DIR = join(CONFORMANCE_DIR, 'build');
export const KERNEL_DIR = join(BUILD_DIR, 'kernel');
export const PAGE_POOL_C = join(KERNEL_DIR, 'net/core/page_pool.c');

/** Observable state of one page, as printed by the harness. */
export interface HPage {
  ref: number;
  /** pp_ref_count; near BIAS_MAX printed symbolically as "BIAS_MAX-k". */
  pp_ref: number | string;
  /** index of the pool in page->pp, or null */
  pp: number | null;
  pp_magic: boolean;
  /** live DMA mappings of the page (DMA API bookkeeping, not page->dma_addr) */
  dma: number;
  dma_index: number;
  /** page->dma_addr as stored (page_pool_set_dma_addr_netmem) */
  dma_addr?: number;
  nid: number;
  pfmemalloc: boolean;
  /** page->pp_magic and page->dma_addr as stored, hex */
  pp_magic_word?: string;
  dma_addr_word?: string;
  /** the bus address the shim's DMA API handed out for the page's last mapping, hex */
  dma_map_addr?: string;
  /** a net_iov of the devmem binding (number HP_NIOV_BASE + its index), not a struct page */
  niov?: boolean;
}

/** The devmem dma-buf binding (net/core/devmem.c): its refcount, whether an RX queue still has it */
export interface HBinding {
  freed: boolean;
  ref: number;
  bound: boolean;
}

export interface HPool {
  id: number;
  freed: boolean;
  hold: number;
  release: number;
  destroy_cnt: number;
  user_cnt: number;
  napi_owner: number;
  work_pending: boolean;
  /** absent once the pool is freed */
  cache?: number[];
  ring?: number[];
  ring_size?: number;
  frag_page?: number | null;
  frag_users?: number;
  frag_offset?: number;
  cpuid?: number;
  napi?: boolean;
  dma_sync?: boolean;
  nid?: number;
  detached?: boolean;
  /** pool->mp_ops is set (a memory provider's pool) */
  mp?: boolean;
  xa?: Record<string, number>;
  /** CONFIG_PAGE_POOL_STATS builds: page_pool_get_stats()'s alloc_stats [fast, slow, slow_high_order, empty, refill, waive] */
  alloc_stats?: number[];
  /** ... its recycle_stats summed over the CPUs [cached, cache_full, ring, ring_full, released_refcnt] */
  recycle_stats?: number[];
  /** ... and per_cpu_ptr(pool->recycle_stats, cpu) for every CPU (NR_CPUS) */
  recycle_percpu?: number[][];
}

export interface HSkb {
  id: number;
  buf: number;
  pp_recycle: number;
  cloned: number;
  /** skb->unreadable */
  unreadable?: number;
  dataref: number;
  head: number | null;
  frags: number[];
}

export interface HStep {
  step: number;
  fn: string;
  cpu: number;
  ctx: number;
  ret: unknown;
  events: string[];
  pages: Record<string, HPage>;
  /** null until a devmem_bind step */
  binding?: HBinding | null;
  /** the static key page_pool_mem_providers (pools with mp_ops between page_pool_init and page_pool_uninit) */
  mem_providers?: number;
  pools: HPool[];
  skbs: HSkb[];
}

export type SetupResult =
  | { ok: true; harness: string; gcovHarness: string; version: string }
  | { ok: false; skipped: boolean; reason: string };

/**
 * Build the harness (installs linux-source-6.12 and extracts the files when missing);
 * `gcov: false` leaves out the coverage builds (a test that reads no coverage); `builds`: only
 * these binaries of build/ (the others are built on first use: ensureBuilt).
 */
export function ensureHarness(o: { gcov?: boolean; builds?: string[] } = {}): SetupResult {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (o.gcov === false) env.PPCHECK_CONFORMANCE_GCOV = '0';
  if (o.builds !== undefined) env.PPCHECK_CONFORMANCE_BUILDS = o.builds.join(' ');
  const r = spawnSync('bash', [join(CONFORMANCE_DIR, 'setup.sh')], { encoding: 'utf8', env });
  if (r.error) return { ok: false, skipped: true, reason: `cannot run setup.sh: ${r.error.message}` };
  const tail = (r.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
  if (r.status === 3) return { ok: false, skipped: true, reason: tail || 'linux-source-6.12 unavailable' };
  if (r.status !== 0) return { ok: false, skipped: false, reason: `setup.sh exit ${r.status}: ${tail}` };
  let version = 'unknown';
  const v = spawnSync('cat', [join(KERNEL_DIR, 'VERSION')], { encoding: 'utf8' });
  if (v.status === 0) version = v.stdout.trim();
  return {
    ok: true,
    harness: join(BUILD_DIR, 'harness'),
    gcovHarness: join(BUILD_DIR, 'harness-gcov'),
    version,
  };
}

export class HarnessError extends Error {}

/**
 * A binary of build/ (harness-cache2-rt …) built if it is not there yet (setup.sh builds only it):
 * a test run builds the scaled builds its traces use, not all of them.
 */
export function ensureBuilt(bin: string): void {
  if (existsSync(bin) || dirname(bin) !== BUILD_DIR) return;
  const r = spawnSync('bash', [join(CONFORMANCE_DIR, 'setup.sh')], { encoding: 'utf8', env: { ...process.env, PPCHECK_CONFORMANCE_BUILDS: basename(bin) } });
  if (r.status !== 0 || !existsSync(bin)) {
    throw new HarnessError(`setup.sh could not build ${basename(bin)} (exit ${r.status ?? r.error?.message}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  }
}

/**
 * Run traces through one harness process. Returns, per trace, the state after
 * each of its steps (comment and blank lines produce no state).
 */
export function runTraces(bin: string, traces: readonly (readonly string[])[]): HStep[][] {
  const input = traces.map((t) => t.join('\n')).join('\nfn=reset\n') + '\n';
  const r = spawnSync(bin, [], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  const err = (r.stderr ?? '').trim();
  if (r.status !== 0 && r.status !== null) throw new HarnessError(`harness exit ${r.status}: ${err}`);
  if (r.error) throw new HarnessError(`harness failed to run: ${r.error.message}${err ? `: ${err}` : ''}`);
  const out: HStep[][] = [[]];
  for (const line of r.stdout.split('\n')) {
    if (!line) continue;
    const j = JSON.parse(line) as HStep | { reset: true };
    if ('reset' in j) out.push([]);
    else out[out.length - 1]!.push(j);
  }
  if (out.length !== traces.length) {
    throw new HarnessError(`harness returned ${out.length} traces for ${traces.length}`);
  }
  return out;
}

/** Run many traces in batches of `batch` per process. */
export function runTracesBatched(
  bin: string,
  traces: readonly (readonly string[])[],
  batch = 400,
): HStep[][] {
  const all: HStep[][] = [];
  for (let i = 0; i < traces.length; i += batch) all.push(...runTraces(bin, traces.slice(i, i + batch)));
  return all;
}

/**
 * Like runTracesBatched, but a trace the harness rejects (exit 2 on a line it
 * cannot execute) does not sink its batch: the batch is rerun trace by trace
 * and the rejected one reported as an error string.
 */
/** One trace; on a harness error, the states it printed before failing and the error. */
export function runTracePartial(bin: string, trace: readonly string[]): { steps: HStep[]; error?: string } {
  const r = spawnSync(bin, [], { input: trace.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 30 });
  const steps: HStep[] = [];
  for (const line of (r.stdout ?? '').split('\n')) {
    if (!line) continue;
    try {
      const j = JSON.parse(line) as HStep | { reset: true };
      if (!('reset' in j)) steps.push(j);
    } catch {
      break;
    }
  }
  if (r.status === 0 && !r.error) return { steps };
  return { steps, error: `harness exit ${r.status}: ${(r.stderr ?? '').trim() || r.error?.message || ''}` };
}

export function runTracesTolerant(
  bin: string,
  traces: readonly (readonly string[])[],
  batch = 400,
): (HStep[] | { error: string; partial: HStep[] })[] {
  const all: (HStep[] | { error: string; partial: HStep[] })[] = [];
  for (let i = 0; i < traces.length; i += batch) {
    const part = traces.slice(i, i + batch);
    try {
      all.push(...runTraces(bin, part));
    } catch {
      for (const t of part) {
        const r = runTracePartial(bin, t);
        all.push(r.error ? { error: r.error, partial: r.steps } : r.steps);
      }
    }
  }
  return all;
}

/** Events that a trace of valid API usage must never produce. */
export function isAlarm(ev: string): boolean {
  return /^(warn:|bad_page|uaf:|pr_crit|deadlock|bug:|use_of_free_page)/.test(ev);
}

export const TRACES_DIR = join(CONFORMANCE_DIR, 'traces');

export interface HandTrace {
  name: string;
  lines: string[];
  expectAlarms: boolean;
}

export function handTraces(): HandTrace[] {
  return readdirSync(TRACES_DIR)
    .filter((f) => f.endsWith('.trace'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(TRACES_DIR, f), 'utf8');
      return { name: f, lines: text.split('\n'), expectAlarms: /^# expect: alarms/m.test(text) };
    });
}

/** Alarms of one harness run, as "step N fn: event" strings. */
export function alarmsOf(steps: HStep[]): string[] {
  const out: string[] = [];
  for (const s of steps) for (const e of s.events) if (isAlarm(e)) out.push(`step ${s.step} ${s.fn}: ${e}`);
  return out;
}

