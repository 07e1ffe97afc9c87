/**
 * The 32-bit layouts against the real C (issue #16 item 3): the harness built with -m32
 * (test/conformance/setup-arch.sh) in two machine configurations, `32` (dma_addr_t 32-bit) and
 * `32-dma64` (dma_addr_t 64-bit on a 32-bit unsigned long, CONFIG_ARCH_DMA_ADDR_T_64BIT), and
 * the model under the matching `--arch`:
 *   - checkLayout: the build's widths and pp_magic constants (fn=layout) are the model's
 *     ARCH_LAYOUTS / PP_MAGIC_LAYOUTS;
 *   - archConformance: serialized random model traces under --arch replayed on the matching
 *     binary, compared after every kernel function with the stored words (page->dma_addr,
 *     pp_magic without the DMA index bits) besides the classifier and the DMA-index bit test;
 *   - dmaSplitCheck: page_pool_set_dma_addr_netmem() on addresses the model's function accepts or
 *     refuses (above 4 GiB, not page aligned, too high after the shift), the real code the same;
 *   - archMutantCheck: a model with a layout mutant of test/mutate/mutants.ts (a patched copy of
 *     the tree, in a child process) must mismatch.
 * Only `npm run conformance` runs these (npm test's conformance test stays on the x86_64 build).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ARCH_32, ARCH_32_DMA64, ARCH_LAYOUTS, ARCH_NAMES, PP_MAGIC_LAYOUTS } from '../../model/kernel/include/linux/mm.ts';
import { page_pool_set_dma_addr_netmem } from '../../model/kernel/net/core/page_pool_priv.ts';
import type { Page } from '../../model/state.ts';
import { BUILD_DIR, CONFORMANCE_DIR, alarmsOf, handTraces, runTraces, runTracesBatched } from './harness.ts';
import { randomApiTrace } from './gen.ts';
import { EXCLUDED_SCENARIOS, type Prepared, debianVariant, prepare, randomCases, runPrepared } from './model-compare.ts';
import { SCENARIOS } from '../../model/scenarios.ts';
import { MUTANTS } from '../mutate/mutants.ts';

const ROOT = resolve(CONFORMANCE_DIR, '../..');

/** The -m32 builds: their directory under build/ and the model's --arch value. */
export const ARCH_BUILDS: readonly { arch: number; name: string }[] = [
  { arch: ARCH_32, name: ARCH_NAMES[ARCH_32] },
  { arch: ARCH_32_DMA64, name: ARCH_NAMES[ARCH_32_DMA64] },
];

/** The binary of a 32-bit build: PP_ALLOC_CACHE_SIZE scaled to `cacheSize` (1..4), or the real 128. */
export const archBin = (name: string, cacheSize?: number): string =>
  join(BUILD_DIR, `arch-${name}`, cacheSize === undefined ? 'harness' : `harness-cache${cacheSize}`);

export type ArchSetup = { ok: true } | { ok: false; skipped: boolean; reason: string };

/** Build the 32-bit harnesses (setup-arch.sh: installs gcc-multilib when -m32 does not work). */
export function ensureArchHarness(): ArchSetup {
  const r = spawnSync('bash', [join(CONFORMANCE_DIR, 'setup-arch.sh')], { encoding: 'utf8' });
  if (r.error) return { ok: false, skipped: true, reason: `cannot run setup-arch.sh: ${r.error.message}` };
  const lines = (r.stderr ?? '').trim().split('\n');
  const tail = lines.slice(-2).join(' | ');
  // the SKIP line names the reason (apt-get's output comes before it)
  const skip = lines.filter((l) => /SKIP/.test(l)).pop()?.replace(/^\[conformance setup(-arch)?\] /, '');
  if (r.status === 3) return { ok: false, skipped: true, reason: skip ?? (tail || 'gcc -m32 unavailable') };
  if (r.status !== 0) return { ok: false, skipped: false, reason: `setup-arch.sh exit ${r.status}: ${tail}` };
  return { ok: true };
}

/** What the harness's fn=layout prints: the build's machine and page_pool constants. */
export interface CLayout {
  long_bits: number;
  dma_bits: number;
  signature: string;
  index_shift: number;
  index_bits: number;
  index_mask: string;
  magic_mask: string;
  /** PAGE_POOL_32BIT_ARCH_WITH_64BIT_DMA as compiled */
  split: boolean;
  off_pp_magic: number;
  off_pp: number;
  off_dma_addr: number;
  off_pp_ref_count: number;
}

export function readLayout(bin: string): CLayout {
  return runTraces(bin, [['fn=layout']])[0]![0]!.ret as CLayout;
}

/**
 * Differences between a build's layout and the model's for `arch` (empty when equal), and the
 * struct page offsets of the page_pool words (include/linux/mm_types.h: pp_magic, pp,
 * _pp_mapping_pad, dma_addr, pp_ref_count, one unsigned long each after `flags`).
 */
export function checkLayout(c: CLayout, arch: number): string[] {
  const A = ARCH_LAYOUTS[arch]!;
  const L = PP_MAGIC_LAYOUTS[arch]!;
  const w = A.longBits / 8;
  const hx = (x: bigint): string => `0x${x.toString(16)}`;
  const want: Record<string, unknown> = {
    long_bits: A.longBits,
    dma_bits: A.dmaBits,
    signature: hx(L.signature),
    index_shift: L.indexShift,
    index_bits: L.indexBits,
    index_mask: hx(L.indexMask),
    magic_mask: hx(L.magicMask),
    split: A.dmaBits > A.longBits,
    off_pp_magic: w,
    off_pp: 2 * w,
    off_dma_addr: 4 * w,
    off_pp_ref_count: 5 * w,
  };
  return Object.entries(want)
    .filter(([k, v]) => (c as unknown as Record<string, unknown>)[k] !== v)
    .map(([k, v]) => `${k}: model ${JSON.stringify(v)}, C ${JSON.stringify((c as unknown as Record<string, unknown>)[k])}`);
}

/** Scenarios the 32-bit builds run: those of the x86_64 comparison except PREEMPT_RT (no -m32 RT build). */
export function archScenarios(): string[] {
  return SCENARIOS.filter((s) => !(s.id in EXCLUDED_SCENARIOS) && s.bounds.preemptRt !== 1).map((s) => s.id);
}

/**
 * Serialized random model traces under --arch, prepared for the matching 32-bit binaries with word
 * comparison; with --pool-stats off (the -m32 builds have no CONFIG_PAGE_POOL_STATS flavour: the
 * counters are compared on the x86_64 stats builds).
 */
export function archCases(variant: string, arch: number, count: number, seed: number, split: boolean): Prepared[] {
  const name = ARCH_NAMES[arch]!;
  return randomCases(variant, count, seed, 40, archScenarios(), { arch, poolStats: 0 }).map((c) => {
    const p = prepare(c);
    return { ...p, harness: archBin(name, p.cacheSize), words: { arch, split } };
  });
}

export interface ArchResult {
  name: string;
  traces: number;
  compared: number;
  mismatches: number;
  reports: string[];
}

/** Replay `count` model traces under --arch on the matching 32-bit build. */
export function archConformance(variant: string, arch: number, count: number, seed: number): ArchResult {
  const name = ARCH_NAMES[arch]!;
  const split = readLayout(archBin(name, 1)).split;
  const ps = archCases(variant, arch, count, seed, split);
  const { results } = runPrepared(ps);
  const bad = results.filter((r) => r.mismatch);
  return {
    name,
    traces: ps.length,
    compared: results.reduce((a, r) => a + r.compared, 0),
    mismatches: bad.length,
    reports: bad.map((r) => r.mismatch!.report),
  };
}

/** One case of page_pool_set_dma_addr_netmem() on a bus address: the model's verdict and the real code's. */
export interface SplitCase {
  name: string;
  arch: number;
  addr: number;
  /** the model refuses the address (page_pool_set_dma_addr_netmem returns true) */
  modelRefuses: boolean;
  /** the model's stored word when it accepts */
  modelWord: string;
  /** the real code: the allocation failed with the WARN and the unmap, or the page's stored word */
  kernelRefuses: boolean;
  kernelWord: string;
  kernelEvents: string[];
}

/**
 * page_pool_dma_map() on chosen bus addresses: the shim maps page 0 at `addr`
 * (fn=mm dma_base), one page_pool_alloc_pages() on an empty pool. The real code stores the
 * address (>> PAGE_SHIFT where it splits) or WARNs ("unexpected DMA address"), unmaps and
 * fails the allocation; the model's page_pool_set_dma_addr_netmem() must say the same.
 */
export function dmaSplitCheck(): SplitCase[] {
  const cases: { name: string; arch: number; addr: number }[] = [
    { name: 'above 4 GiB, page aligned', arch: ARCH_32_DMA64, addr: 0x123456000 },
    { name: 'highest page that fits (2^44 - 4 KiB)', arch: ARCH_32_DMA64, addr: 2 ** 44 - 0x1000 },
    { name: 'not page aligned', arch: ARCH_32_DMA64, addr: 0x123456800 },
    { name: 'too high after the shift (2^44)', arch: ARCH_32_DMA64, addr: 2 ** 44 },
    { name: 'below 4 GiB', arch: ARCH_32, addr: 0x34567000 },
    { name: 'below 4 GiB, not page aligned', arch: ARCH_32, addr: 0x34567800 },
  ];
  return cases.map(({ name, arch, addr }) => {
    const page = { dmaAddr: 0 } as Page;
    const modelRefuses = page_pool_set_dma_addr_netmem(page, addr, arch);
    const steps = runTraces(archBin(ARCH_NAMES[arch]!), [[
      `fn=mm avail=1 dma_base=0x${addr.toString(16)}`,
      'fn=page_pool_create pool=0 flags=dma_map pool_size=4',
      'cpu=0 ctx=softirq fn=page_pool_alloc_pages pool=0 as=a',
    ]])[0]!;
    const s = steps[2]!;
    const pg = typeof s.ret === 'number' ? s.pages[String(s.ret)] : undefined;
    return {
      name,
      arch,
      addr,
      modelRefuses,
      modelWord: `0x${page.dmaAddr.toString(16)}`,
      kernelRefuses: s.ret === null && s.events.some((e) => e.startsWith('warn:page_pool.c:')) && s.events.some((e) => e.startsWith('dma_unmap:')),
      kernelWord: pg?.dma_addr_word ?? 'none',
      kernelEvents: s.events,
    };
  });
}

/** A split case agrees: both refuse, or both store the same word. */
export const splitAgrees = (c: SplitCase): boolean =>
  c.modelRefuses ? c.kernelRefuses : !c.kernelRefuses && c.kernelWord === c.modelWord;

/** The layout mutants the self-test runs (test/mutate/mutants.ts ids) and the build each runs on. */
export const ARCH_MUTANTS: readonly { id: string; arch: number }[] = [
  { id: 'set-dma-addr-no-shift', arch: ARCH_32_DMA64 },
  { id: 'set-dma-addr-no-split', arch: ARCH_32_DMA64 },
  { id: 'get-dma-addr-no-shift', arch: ARCH_32_DMA64 },
  { id: 'pp-magic-get-keeps-index', arch: ARCH_32 },
  { id: 'magic-mask-keeps-pfmemalloc-bit', arch: ARCH_32 },
];

/**
 * A deliberately wrong model: the mutant's patch applied to a copy of model/ (and what the
 * comparison imports), archConformance run there in a child process on the real 32-bit build.
 * Returns its result (a mutant the comparison sees has mismatches > 0).
 */
export function archMutantCheck(id: string, arch: number, count: number, seed: number): ArchResult & { error?: string } {
  const m = MUTANTS.find((x) => x.id === id);
  if (!m?.patch) throw new Error(`no patch mutant ${id} in test/mutate/mutants.ts`);
  const src = readFileSync(join(ROOT, m.patch.file), 'utf8');
  if (src.split(m.patch.find).length !== 2) throw new Error(`mutant ${id}: its patch does not apply once to ${m.patch.file}`);
  const dir = mkdtempSync(join(tmpdir(), 'ppcheck-arch-mutant-'));
  try {
    for (const d of ['model', 'properties', 'src', 'test/mutate']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
    cpSync(CONFORMANCE_DIR, join(dir, 'test/conformance'), { recursive: true, filter: (f) => !f.startsWith(BUILD_DIR) });
    symlinkSync(BUILD_DIR, join(dir, 'test/conformance/build'), 'dir');
    for (const f of ['package.json', 'tsconfig.json']) cpSync(join(ROOT, f), join(dir, f));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, m.patch.file), src.replace(m.patch.find, m.patch.replace));
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(dir, 'test/conformance/arch-worker.ts'), debianVariant(), String(arch), String(count), String(seed)],
      { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as ArchResult;
  } catch (e) {
    return { name: ARCH_NAMES[arch]!, traces: 0, compared: 0, mismatches: 0, reports: [], error: (e as Error).message.split('\n')[0]! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first line of a mismatch report and its first difference, for one-line summaries. */
export const firstDiff = (report: string): string => {
  const lines = report.split('\n');
  const d = lines.find((l) => /^ {2}\S.*: model /.test(l) || /^ {2}allocation: /.test(l));
  return `${lines[0]!.replace(/^MISMATCH in /, '')}${d ? ` -- ${d.trim()}` : ''}`;
};

export interface ArchSectionOptions {
  log: (s: string) => void;
  /** model traces per build */
  random: number;
  /** random API traces per build (alarms only) */
  apiRandom: number;
  seed: number;
  reports: number;
  /** traces per mutant in the self-test */
  mutantTraces: number;
}

/**
 * `npm run conformance`'s 32-bit part: per build, the layout, the hand-written and random API
 * traces (no alarm under ASan/UBSan), the model comparison under --arch, the DMA split cases;
 * then the layout mutants must each mismatch. Returns why it failed (empty: OK), or the reason
 * it was skipped (gcc -m32 unavailable: the 64-bit part has run regardless).
 */
export function runArchSection(o: ArchSectionOptions): { failed: string[]; skipped?: string } {
  const setup = ensureArchHarness();
  if (!setup.ok) {
    if (setup.skipped) return { failed: [], skipped: setup.reason };
    return { failed: [`32-bit builds: ${setup.reason}`] };
  }
  const failed: string[] = [];
  const variant = debianVariant();
  for (const b of ARCH_BUILDS) {
    const lay = readLayout(archBin(b.name));
    const ld = checkLayout(lay, b.arch);
    if (ld.length) failed.push(`arch ${b.name}: layout differs from the model's (${ld.join('; ')})`);
    o.log(
      `arch ${b.name} (gcc -m32${b.arch === ARCH_32_DMA64 ? ' -DCONFIG_PHYS_ADDR_T_64BIT' : ''}, ASan/UBSan): unsigned long ${lay.long_bits} bits, dma_addr_t ${lay.dma_bits} bits` +
        `${lay.split ? ' (page->dma_addr holds addr >> PAGE_SHIFT)' : ''}, PP_SIGNATURE ${lay.signature}, DMA index bits ${lay.index_shift}..${lay.index_shift + lay.index_bits - 1}, ` +
        `PP_MAGIC_MASK ${lay.magic_mask}: ${ld.length ? `DIFFERS from the model: ${ld.join('; ')}` : "the model's layout"}`,
    );
    // the API traces of the x86_64 part: no WARN, sanitizer finding or bad page on this build either
    const hand = handTraces();
    const hr = runTracesBatched(archBin(b.name), hand.map((t) => t.lines));
    const badHand = hand.filter((t, i) => (alarmsOf(hr[i]!).length > 0) !== t.expectAlarms).map((t) => t.name);
    const rnd = Array.from({ length: o.apiRandom }, (_, i) => randomApiTrace(o.seed + i));
    const rr = runTracesBatched(archBin(b.name), rnd);
    const badRnd = rr.filter((r) => alarmsOf(r).length > 0).length;
    if (badHand.length) failed.push(`arch ${b.name}: hand traces ${badHand.join(', ')}`);
    if (badRnd) failed.push(`arch ${b.name}: ${badRnd} random API traces with alarms`);
    o.log(`arch ${b.name}: hand-written API traces ${hand.length} replayed${badHand.length ? ` (FAIL: ${badHand.join(', ')})` : ''}; random API traces ${o.apiRandom} replayed, ${badRnd} with alarms`);
    const t0 = Date.now();
    const r = archConformance(variant, b.arch, o.random, o.seed);
    o.log(
      `arch ${b.name}: model ${variant} --arch ${b.name} vs real page_pool.c: ${r.traces} serialized random traces, ${r.compared} states compared ` +
        `(page->dma_addr and pp_magic words, classifier, DMA index, wrong DMA addresses), ${r.mismatches} mismatching (${Date.now() - t0} ms)`,
    );
    for (const rep of r.reports.slice(0, o.reports)) o.log(rep);
    if (r.mismatches) failed.push(`arch ${b.name}: ${r.mismatches}/${r.traces} model traces mismatch`);
  }
  const split = dmaSplitCheck();
  const disagree = split.filter((c) => !splitAgrees(c));
  for (const c of split) {
    o.log(
      `arch ${ARCH_NAMES[c.arch]}: dma_map_page_attrs() -> 0x${c.addr.toString(16)} (${c.name}): model ${c.modelRefuses ? 'refuses' : `stores ${c.modelWord}`}, ` +
        `real code ${c.kernelRefuses ? 'WARNs, unmaps, allocation fails' : `stores ${c.kernelWord}`}${splitAgrees(c) ? '' : ' DIFFER'}`,
    );
  }
  if (disagree.length) failed.push(`page_pool_set_dma_addr_netmem: ${disagree.map((c) => c.name).join(', ')} differ`);
  // the comparison can fail: a model with a layout mutant must mismatch on the real 32-bit build
  let seen = 0;
  for (const m of ARCH_MUTANTS) {
    const r = archMutantCheck(m.id, m.arch, o.mutantTraces, o.seed);
    if (r.mismatches > 0) seen++;
    else failed.push(`layout mutant ${m.id} not seen${r.error ? ` (${r.error})` : ''}`);
    o.log(
      `arch ${ARCH_NAMES[m.arch]} mutant ${m.id}: ${r.error ? `ERROR ${r.error}` : r.mismatches ? `${r.mismatches}/${r.traces} traces mismatch, first: ${firstDiff(r.reports[0]!)}` : `NOT SEEN in ${r.traces} traces`}`,
    );
  }
  o.log(`32-bit builds: ${ARCH_BUILDS.length} configurations, layout mutants seen ${seen}/${ARCH_MUTANTS.length}: ${failed.length ? 'FAILED' : 'OK'}`);
  return { failed };
}
