/**
 * `npm run conformance`: replay traces through the real net/core/page_pool.c
 * (Debian linux-source-6.12, compiled into the C harness) and, when the model
 * is available, through the model too, comparing the observable state after
 * every step; then report gcov coverage of page_pool.c.
 *
 * Usage: node --import tsx test/conformance/run.ts [--random N] [--model-random N]
 *          [--seed S] [--reports N] [--variant ID] [--all-mutants] [--trace FILE.itf.json] [--no-coverage] [--no-arch] [--arch-random N] [--quiet]
 * Exit codes: 0 all conform, 1 mismatch / alarm / coverage below target,
 *             2 usage error, 3 skipped (kernel source cannot be installed), 255 internal error.
 */
import { GCOV_DIR, MODEL_GCOV_DIRS, collectCoverage, formatCoverage, recyclingLinePct, resetCoverage } from './coverage.ts';
import { randomApiTrace } from './gen.ts';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alarmsOf, ensureHarness, handTraces, runTracesBatched } from './harness.ts';
import { VARIANTS } from '../../model/variants/index.ts';
import { corpusReplays, serializeOn } from './corpus.ts';
import { buildModel } from '../../model/build.ts';
import type { PpAction } from '../../model/registry.ts';
import { TraceFileError } from '../../src/trace/errors.ts';
import { type Recorded, readTraceFile } from '../../src/trace/itf.ts';
import { runArchSection } from './arch.ts';
import { STATS_MUTANT, type TraceCase, debianVariant, mutantCheck, prepare, providerSelfTest, runModelConformance, runPrepared, statsMutantCheck, xdpSelfTest } from './model-compare.ts';

/** the mutant that must be caught: __page_pool_page_can_be_recycled() without the refcount check */
const MUTANT = 'mutant-no-refcnt-check';

interface Args {
  random: number;
  modelRandom: number;
  seed: number;
  coverage: boolean;
  quiet: boolean;
  reports: number;
  variant: string | undefined;
  allMutants: boolean;
  trace: string | undefined;
  /** the 32-bit builds (--no-arch: leave them out) and their model traces per build */
  arch: boolean;
  archRandom: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { random: 10000, modelRandom: 10000, seed: 1, coverage: true, quiet: false, reports: 3, variant: undefined, allMutants: false, trace: undefined, arch: true, archRandom: 2000 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) usage(`${k} needs a non-negative integer`);
      return v;
    };
    if (k === '--random') a.random = num();
    else if (k === '--model-random') a.modelRandom = num();
    else if (k === '--seed') a.seed = num();
    else if (k === '--no-coverage') a.coverage = false;
    else if (k === '--no-arch') a.arch = false;
    else if (k === '--arch-random') a.archRandom = num();
    else if (k === '--all-mutants') a.allMutants = true;
    else if (k === '--trace') {
      const v = argv[++i];
      if (!v) usage('--trace needs a trace file (ITF, as written by ppcheck check)');
      a.trace = v;
    }
    else if (k === '--reports') a.reports = num();
    else if (k === '--variant') {
      const v = argv[++i];
      if (!v) usage('--variant needs a variant id');
      a.variant = v;
    }
    else if (k === '--quiet') a.quiet = true;
    else if (k === '--help' || k === '-h') {
      console.log('usage: run.ts [--random N] [--model-random N] [--seed S] [--reports N] [--variant ID] [--all-mutants] [--trace FILE.itf.json] [--no-coverage] [--no-arch] [--arch-random N] [--quiet]');
      console.log('exit codes: 0 conform, 1 mismatch/alarm/coverage below target, 2 usage, 3 skipped (no kernel source), 255 internal');
      process.exit(0);
    }
    else usage(`unknown option ${k}`);
  }
  return a;
}

function usage(msg: string): never {
  console.error(`conformance: ${msg}`);
  console.error('usage: run.ts [--random N] [--model-random N] [--seed S] [--reports N] [--variant ID] [--all-mutants] [--trace FILE.itf.json] [--no-coverage] [--no-arch] [--arch-random N] [--quiet]');
  process.exit(2);
}

/**
 * `--trace FILE`: a trace written by `ppcheck check` (ITF), serialized and
 * replayed on the 6.12 model (or --variant) side by side with the real code.
 */
function replayTraceFile(file: string, variant: string | undefined): number {
  let rec: Recorded;
  try {
    rec = readTraceFile(file);
  } catch (e) {
    if (e instanceof TraceFileError) usage(e.message);
    throw e;
  }
  const target = variant ?? debianVariant();
  const actions = rec.steps.filter((st) => st.action !== null).map((st) => st.action as unknown as PpAction);
  let model;
  try {
    model = buildModel({ variant: target, scenario: rec.meta.scenario, bounds: rec.meta.bounds });
  } catch (e) {
    usage(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const ser = serializeOn(model, actions);
  console.log(
    `${file}: ${actions.length} steps recorded on ${rec.meta.variant}/${rec.meta.scenario}; ` +
      `${ser.actions.length} replayed (serialized) on ${target}${ser.reason ? `, stopped: ${ser.reason}` : ''}`,
  );
  const c: TraceCase = { label: `${file} on ${target}`, variant: target, scenario: rec.meta.scenario, bounds: rec.meta.bounds, actions: ser.actions };
  const { results } = runPrepared([prepare(c)]);
  const r = results[0]!;
  if (r.mismatch) {
    console.log(r.mismatch.report);
    console.log(`conformance: MISMATCH after ${r.compared} matching states`);
    return 1;
  }
  console.log(`conformance: OK (${r.compared} states compared at kernel-function boundaries)`);
  return 0;
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  if (args.variant !== undefined && !VARIANTS.some((v) => v.id === args.variant)) {
    usage(`unknown variant '${args.variant}' (known: ${VARIANTS.map((v) => v.id).join(', ')})`);
  }
  const log = (s: string): void => {
    if (!args.quiet) console.log(s);
  };
  const setup = ensureHarness();
  if (!setup.ok) {
    const banner = '!'.repeat(78);
    console.error(banner);
    console.error(`CONFORMANCE ${setup.skipped ? 'SKIPPED' : 'FAILED'}: ${setup.reason}`);
    console.error('The real page_pool.c could not be built: nothing was compared.');
    console.error(banner);
    return setup.skipped ? 3 : 255;
  }
  log(`harness: real net/core/page_pool.c and devmem.c, and the XDP frame returns of net/core/xdp.c, from linux-source-6.12 ${setup.version}`);
  if (args.trace !== undefined) return replayTraceFile(args.trace, args.variant);
  const bin = args.coverage ? setup.gcovHarness : setup.harness;
  if (args.coverage) resetCoverage();
  const why: string[] = [];
  let failed = false;

  // (1) hand-written traces of the API
  const hand = handTraces();
  const handRes = runTracesBatched(bin, hand.map((t) => t.lines));
  hand.forEach((t, i) => {
    const al = alarmsOf(handRes[i]!);
    const ok = t.expectAlarms ? al.length > 0 : al.length === 0;
    if (!ok) {
      failed = true;
      why.push(`hand trace ${t.name}`);
      console.log(`FAIL hand trace ${t.name}: ${t.expectAlarms ? 'expected alarms, got none' : al.slice(0, 5).join('; ')}`);
    }
  });
  log(`hand-written API traces: ${hand.length} replayed (${handRes.reduce((a, r) => a + r.length, 0)} steps)`);

  // (1b) the sanitizers bite: page_pool.c without its alloc-cache bound aborts on cache-full.trace
  const san = spawnSync('bash', [join(dirname(fileURLToPath(import.meta.url)), 'sanitizer-bites.sh')], { encoding: 'utf8' });
  if (san.status !== 0) {
    failed = true;
    why.push('sanitizer-bites');
    console.log(`FAIL sanitizer-bites: ${(san.stderr || san.stdout).trim()}`);
  } else log(`sanitizers: ${san.stdout.trim().split('\n').join('; ')}`);

  // (2) seeded random traces of valid API usage: the real code must never raise an alarm
  const t0 = Date.now();
  const rnd = Array.from({ length: args.random }, (_, i) => randomApiTrace(args.seed + i));
  const rndRes = runTracesBatched(bin, rnd);
  let rndAlarms = 0;
  rndRes.forEach((r, i) => {
    const al = alarmsOf(r);
    if (al.length) {
      rndAlarms++;
      if (rndAlarms <= 5) console.log(`FAIL random API trace seed=${args.seed + i}: ${al.slice(0, 3).join('; ')}`);
    }
  });
  if (rndAlarms) {
    failed = true;
    why.push(`${rndAlarms} random API traces with alarms`);
  }
  log(
    `random API traces: ${args.random} replayed (${rndRes.reduce((a, r) => a + r.length, 0)} steps, ` +
      `${Date.now() - t0} ms), ${rndAlarms} with alarms`,
  );

  // (3) the model against the harness (serialized random model traces, compared at function boundaries)
  const m = runModelConformance({
    harness: bin,
    random: args.modelRandom,
    seed: args.seed,
    log: console.log,
    maxReports: args.reports,
    gcov: args.coverage,
    variant: args.variant,
  });
  if (m.status === 'unavailable') {
    console.log('!'.repeat(78));
    console.log(`MODEL COMPARISON NOT RUN: ${m.reason}`);
    console.log('!'.repeat(78));
    failed = true;
    why.push('model comparison not run');
  } else if (m.status === 'mismatch') {
    failed = true;
    why.push(`model: ${m.mismatches}/${m.traces} traces mismatch`);
  }
  // (3a) corpus counterexamples that apply to 6.12, serialized, on the 6.12 model and 6.12-fixed twins
  if (m.status !== 'unavailable') {
    const reps = corpusReplays(log, args.coverage);
    let bad = 0;
    for (const r of reps) {
      log(
        `corpus ${r.bug} on ${r.target}/${r.scenario}: counterexample ${r.counterexample} steps, ` +
          `${r.replayed} replayed${r.note ? ` (${r.note})` : ''}, ${r.compared} states compared: ${r.mismatch ? 'MISMATCH' : 'ok'}`,
      );
      if (r.mismatch) {
        bad++;
        if (bad <= args.reports) console.log(r.mismatch);
      }
    }
    log(`corpus counterexamples: ${reps.length} replays, ${bad} mismatching`);
    if (!reps.length) {
      console.log('!'.repeat(78));
      console.log('NO CORPUS COUNTEREXAMPLE REPLAYED: the model has no bug variant with a -fixed twin');
      console.log('!'.repeat(78));
    }
    if (bad) {
      failed = true;
      why.push(`corpus: ${bad}/${reps.length} replays mismatch`);
    }
  }
  // (3b) the comparison can fail: a mutant without the refcount check before recycling must mismatch
  if (m.status !== 'unavailable') {
    const mc = mutantCheck(MUTANT, 300, args.seed);
    if (mc.report) {
      log(`mutant ${MUTANT}: mismatch found as expected (${mc.traces} traces); first report:`);
      log(mc.report.split('\n').filter((l) => !l.includes(' | ') && !l.includes(' ≠ ')).join('\n'));
    } else {
      failed = true;
      why.push(`mutant ${MUTANT} not caught`);
      console.log(`FAIL mutant ${MUTANT}: ${mc.traces} traces and no mismatch: the comparison cannot see a dropped guard`);
    }
    // ... and so must the statistics comparison: a deliberately wrong model counter
    const sc = statsMutantCheck(100, args.seed);
    if (sc.report) {
      log(`stats mutant (${STATS_MUTANT.label}): mismatch found as expected (${sc.traces} traces); first report:`);
      log(sc.report.split('\n').filter((l) => !l.includes(' | ') && !l.includes(' ≠ ')).join('\n'));
    } else {
      failed = true;
      why.push('stats mutant not caught');
      console.log(`FAIL stats mutant (${STATS_MUTANT.label}): ${sc.traces} traces and no mismatch: the stats comparison cannot see a wrong counter`);
    }
  }

  // (3b') the comparison sees the memory provider's state: each deliberately wrong provider or unreadable-netmem step
  // (net_iov not given back, release returning true, a binding reference missing) must mismatch
  if (m.status !== 'unavailable') {
    for (const r of providerSelfTest(100, args.seed)) {
      if (r.report) log(`wrong provider or unreadable-netmem step ${r.id}: mismatch found as expected (${r.traces} traces): ${r.report.split('\n').find((l) => /: model .*, kernel /.test(l))?.trim() ?? ''}`);
      else {
        failed = true;
        why.push(`wrong provider or unreadable-netmem step ${r.id} not caught`);
        console.log(`FAIL wrong provider or unreadable-netmem step ${r.id} (${r.what}): ${r.traces} traces and no mismatch`);
      }
    }
  }

  // (3b'') the comparison sees the real XDP frame returns (net/core/xdp.c): each wrong emission
  // (the real functions called wrongly) or wrong model of the bulk loop must mismatch
  if (m.status !== 'unavailable') {
    for (const r of xdpSelfTest(100, args.seed)) {
      if (r.report) log(`wrong XDP return ${r.id}: mismatch found as expected (${r.traces} traces): ${r.report.split('\n').find((l) => /: model .*, kernel /.test(l))?.trim() ?? ''}`);
      else {
        failed = true;
        why.push(`wrong XDP return ${r.id} not caught`);
        console.log(`FAIL wrong XDP return ${r.id} (${r.what}): ${r.traces} traces and no mismatch`);
      }
    }
  }

  // (3c) information: which of the model's mutants the comparison with the real code sees
  if (args.allMutants && m.status !== 'unavailable') {
    for (const v of VARIANTS.filter((x) => x.kind === 'mutant')) {
      const r = mutantCheck(v.id, 300, args.seed);
      console.log(`mutant ${v.id}: ${r.report ? r.report.split('\n')[0]!.replace(/^MISMATCH in /, 'mismatch in ') : 'no mismatch in ' + r.traces + ' traces'}`);
    }
  }
  // (3d) the 32-bit builds (-m32: --arch 32 and 32-dma64), test/conformance/arch.ts
  let archSkipped = false;
  if (args.arch && m.status !== 'unavailable') {
    const a = runArchSection({ log, random: args.archRandom, apiRandom: Math.min(args.random, 1000), seed: args.seed, reports: args.reports, mutantTraces: 300 });
    if (a.skipped) {
      archSkipped = true;
      console.log('!'.repeat(78));
      console.log(`32-BIT BUILDS SKIPPED: ${a.skipped} (the 64-bit part ran)`);
      console.log('!'.repeat(78));
    }
    for (const f of a.failed) console.log(`FAIL ${f}`);
    if (a.failed.length) {
      failed = true;
      why.push(...a.failed);
    }
  }
  // (4) coverage
  if (args.coverage) {
    // what the model's own traces reach of the real code (information), then everything replayed (the target)
    if (m.status !== 'unavailable') {
      const mc = collectCoverage(MODEL_GCOV_DIRS);
      log(`model traces reach ${mc.total.linesHit}/${mc.total.lines} lines of page_pool.c; ` +
        `recycling functions ${mc.recycling.linesHit}/${mc.recycling.lines} (${recyclingLinePct(mc).toFixed(1)}%); ` +
        `functions the model never reaches: ${mc.unreached.map((u) => u.name).join(', ') || 'none'}`);
    }
    const c = collectCoverage([GCOV_DIR, ...MODEL_GCOV_DIRS]);
    log(formatCoverage(c, 'all replayed traces (hand-written, random API, model, corpus)'));
    const pct = recyclingLinePct(c);
    if (pct < 90) {
      failed = true;
      why.push('coverage below 90%');
      console.log(`FAIL coverage of the recycling functions ${pct.toFixed(1)}% < 90%`);
    }
    const undocumented = c.unreached.filter((u) => !u.reason);
    if (undocumented.length) {
      failed = true;
      why.push('undocumented unreached functions');
      console.log(`FAIL unreached functions neither modelled nor documented: ${undocumented.map((u) => u.name).join(', ')}`);
    }
  }
  console.log(failed ? `conformance: FAILED (${why.join('; ')})` : `conformance: OK${archSkipped ? ' (32-bit builds SKIPPED)' : ''}`);
  return failed ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`conformance: internal error: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 255;
}
