/**
 * `npm run bench`: ppcheck against SPIN on the mainline page_pool model.
 *
 * For the mainline `xdp` scenario at three bound sizes (SMALL, MEDIUM, LARGE
 * below) it measures our BFS (page symmetry off, 1 worker): distinct states,
 * transitions, seconds, states/s, transitions/s, bytes per stored state (the
 * visited set's typed arrays / distinct states), peak heap; then the same
 * with page symmetry on (reduction factor), with page and CPU symmetry
 * (CPU symmetry's further reduction factor) and with `--workers 2`
 * (speed-up); then SPIN 6.5.2 on the Promela generated for the same bounds
 * (test/bench/promela.ts, written to test/bench/promela/) with exhaustive
 * search and no partial-order reduction. The distinct-state counts must agree
 * with symmetry off (the bench says MISMATCH otherwise and exits 1). Then the
 * mainline `rx-recycle` scenario (no Promela transcription: ours only), the
 * long run, and random mode: steps per second.
 *
 * Prints a table and writes test/bench/results.json. Options:
 *   --quick       skip the rx-recycle rows (the minute-long part)
 *   --no-spin     skip SPIN
 * Timings are measurements on whatever machine runs this; nothing is asserted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileWhole } from '../../src/write-whole.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel } from '../../model/build.ts';
import type { Bounds } from '../../src/family.ts';
import { explore } from '../../src/engine/explore.ts';
import { exploreParallel } from '../../src/engine/parallel.ts';
import { OwnCopies } from '../../src/engine/in-place.ts';
import { createPrng } from '../../src/engine/prng.ts';
import type { ExploreResult } from '../../src/engine/result.ts';
import { DEFAULT_RANDOM_RUNS } from '../../src/random/run.ts';
import { promelaFor } from './promela.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const NO_SPIN = args.includes('--no-spin');

const SIZES: { id: string; scenario: string; bounds: Partial<Bounds>; spin: boolean }[] = [
  { id: 'xdp-small', scenario: 'xdp', bounds: {}, spin: true },
  { id: 'xdp-medium', scenario: 'xdp', bounds: { cpus: 3, budget: 6, descs: 3, cacheSize: 3, ringSize: 3 }, spin: true },
  { id: 'xdp-large', scenario: 'xdp', bounds: { cpus: 3, pages: 4, budget: 6, descs: 3, cacheSize: 4, ringSize: 4, pressure: 1 }, spin: true },
];
if (!QUICK) SIZES.push({ id: 'rx-recycle', scenario: 'rx-recycle', bounds: {}, spin: false });

interface OursRow {
  distinctStates: number;
  transitions: number;
  seconds: number;
  statesPerSecond: number;
  transitionsPerSecond: number;
  bytesPerState: number;
  peakHeapMiB: number;
  complete: boolean;
  verdict: string;
}
interface SpinRow {
  statesStored: number;
  transitions: number;
  seconds: number;
  statesPerSecond: number;
  stateVectorBytes: number;
  bytesPerState: number;
  totalMiB: number;
}
interface Row {
  id: string;
  scenario: string;
  bounds: Partial<Bounds>;
  ours: OursRow;
  symmetry: { distinctStates: number; seconds: number; reduction: number };
  /** page and CPU symmetry; reduction = page symmetry only / both (model/cpu-symmetry.ts) */
  cpuSymmetry: { distinctStates: number; seconds: number; reduction: number };
  workers2?: { distinctStates: number; seconds: number; speedup: number; cpuSeconds: number; oneWorkerCpuSeconds: number; cpuEfficiency: number; coresUsed: number };
  spin?: SpinRow | { skipped: string };
  countsAgree?: boolean;
  ratioToSpin?: number;
  ratio2WorkersToSpin?: number;
}

function oursRow(r: ExploreResult<unknown, unknown>): OursRow {
  const s = r.stats;
  return {
    distinctStates: s.distinctStates,
    transitions: s.transitions,
    seconds: s.seconds,
    statesPerSecond: s.distinctStates / s.seconds,
    transitionsPerSecond: s.transitions / s.seconds,
    bytesPerState: (s.visitedBytes ?? NaN) / s.distinctStates,
    peakHeapMiB: s.peakHeapBytes / 2 ** 20,
    complete: r.kind !== 'error' && r.complete,
    verdict: r.kind,
  };
}

// ---- SPIN ----
function haveCmd(c: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${c}`]).status === 0;
}
function ensureSpin(): string | null {
  if (NO_SPIN) return 'disabled (--no-spin)';
  if (!haveCmd('cc') && !haveCmd('gcc')) return 'no C compiler';
  if (haveCmd('spin')) return null;
  if (process.getuid?.() !== 0) return 'spin not installed and not root (apt-get install spin)';
  console.log('installing SPIN: apt-get install -y spin (Debian package)…');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', 'spin'], { stdio: 'ignore' });
  if (r.status !== 0 || !haveCmd('spin')) return 'apt-get install spin failed';
  console.log('SPIN installed.');
  return null;
}

function runSpin(id: string, pml: string): SpinRow {
  const dir = mkdtempSync(join(tmpdir(), 'ppcheck-spin-'));
  try {
    writeFileSync(join(dir, 'model.pml'), pml);
    // -o2: keep write-only variables in the state vector (our state has them too)
    execFileSync('spin', ['-o2', '-a', 'model.pml'], { cwd: dir, stdio: 'pipe' });
    execFileSync(haveCmd('gcc') ? 'gcc' : 'cc', ['-O2', '-DNOREDUCE', '-DSAFETY', '-DMEMLIM=8192', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'pipe' });
    const out = execFileSync('./pan', ['-m1000000', '-w22'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24 });
    const num = (re: RegExp): number => {
      const m = re.exec(out);
      if (!m) throw new Error(`spin ${id}: cannot parse ${re} in pan output:\n${out}`);
      return Number(m[1]);
    };
    if (!/errors: 0/.test(out)) throw new Error(`spin ${id}: pan reported errors:\n${out}`);
    const stored = num(/(\d+) states, stored/);
    const seconds = num(/pan: elapsed time ([\d.e+-]+) seconds/);
    const equiv = num(/([\d.]+)\s+equivalent memory usage for states/);
    return {
      statesStored: stored,
      transitions: num(/(\d+) transitions \(= stored\+matched\)/),
      seconds,
      statesPerSecond: seconds > 0 ? stored / seconds : NaN,
      stateVectorBytes: num(/State-vector (\d+) byte/),
      bytesPerState: (equiv * 2 ** 20) / stored,
      totalMiB: num(/([\d.]+)\s+total actual memory usage/),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- random mode: steps per second ----
function randomSteps(scenario: string, bounds: Partial<Bounds>): Record<string, number> {
  const m = buildModel({ variant: 'mainline', scenario, bounds });
  // (a) a plain seeded walk that checks every property at every step (no visited set)
  const prng = createPrng(1);
  const inv = m.invariants;
  const term = m.terminalInvariants ?? [];
  const init = m.init()[0];
  // as random mode does (src/random/walk.ts): each walk steps its own copy of the initial state in place
  const own = OwnCopies.of(m);
  let mine: typeof init | undefined;
  let steps = 0;
  let violations = 0;
  const t0 = performance.now();
  // random mode's default budget (30,000 walks): a shorter loop (4,000 walks, ~0.5 s) measured mostly the JIT warming up
  const runs = DEFAULT_RANDOM_RUNS;
  const depth = 100;
  for (let r = 0; r < runs; r++) {
    let s = own ? (mine = own.copy(init, mine)) : init;
    for (let d = 0; d < depth; d++) {
      const acts = m.actions(s);
      if (acts.length === 0) {
        for (let i = 0; i < term.length; i++) if (term[i].check(s) !== null) violations++;
        break;
      }
      const a = acts[prng.below(acts.length)];
      if (own) m.stepInPlace!(s, a);
      else s = m.step(s, a);
      steps++;
      for (let i = 0; i < inv.length; i++) if (inv[i].check(s) !== null) violations++;
    }
  }
  const plain = (performance.now() - t0) / 1000;
  // (b) the engine's random mode (fingerprints every state; invariants on states not seen before)
  const e = explore(m, { mode: 'random', runs, maxDepth: depth, seed: 1 });
  return {
    runs,
    depth,
    plainSteps: steps,
    plainSeconds: plain,
    plainStepsPerSecond: steps / plain,
    plainViolations: violations,
    engineSteps: e.stats.steps ?? 0,
    engineSeconds: e.stats.seconds,
    engineStepsPerSecond: (e.stats.steps ?? 0) / e.stats.seconds,
    engineDistinctStates: e.stats.distinctStates,
  };
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

function fmt(n: number | undefined, d = 0): string {
  if (n === undefined || Number.isNaN(n)) return '-';
  return n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

async function main(): Promise<number> {
  const spinSkip = ensureSpin();
  if (spinSkip) console.log(`SPIN columns skipped: ${spinSkip}`);
  const rows: Row[] = [];
  let mismatch = false;
  mkdirSync(join(HERE, 'promela'), { recursive: true });
  for (const size of SIZES) {
    const req = { variant: 'mainline', scenario: size.scenario, bounds: size.bounds };
    process.stdout.write(`${size.id}: ours (1 worker, symmetry off)…`);
    const c1 = process.cpuUsage();
    const r1 = explore(buildModel({ ...req, symmetry: false }), { mode: 'bfs' });
    const cpu1 = cpuSeconds(process.cpuUsage(c1));
    const ours = oursRow(r1);
    process.stdout.write(` ${fmt(ours.distinctStates)} states in ${fmt(ours.seconds, 2)} s; symmetry on…`);
    const rs = explore(buildModel({ ...req, symmetry: true, cpuSymmetry: false }), { mode: 'bfs' });
    process.stdout.write(` ${fmt(rs.stats.distinctStates)}; page and CPU symmetry…`);
    const rc = explore(buildModel({ ...req, symmetry: true, cpuSymmetry: true }), { mode: 'bfs' });
    process.stdout.write(` ${fmt(rc.stats.distinctStates)}; 2 workers…`);
    const c2 = process.cpuUsage();
    const r2 = await exploreParallel(
      { module: new URL('../../model/build.ts', import.meta.url).href, export: 'buildModel', args: [{ ...req, symmetry: false }] },
      { mode: 'bfs' },
      2,
    );
    const cpu2 = cpuSeconds(process.cpuUsage(c2));
    process.stdout.write(` ${fmt(r2.stats.distinctStates)} in ${fmt(r2.stats.seconds, 2)} s`);
    const row: Row = {
      id: size.id,
      scenario: size.scenario,
      bounds: size.bounds,
      ours,
      symmetry: {
        distinctStates: rs.stats.distinctStates,
        seconds: rs.stats.seconds,
        reduction: ours.distinctStates / rs.stats.distinctStates,
      },
      cpuSymmetry: {
        distinctStates: rc.stats.distinctStates,
        seconds: rc.stats.seconds,
        reduction: rs.stats.distinctStates / rc.stats.distinctStates,
      },
      workers2: {
        distinctStates: r2.stats.distinctStates,
        seconds: r2.stats.seconds,
        speedup: ours.seconds / r2.stats.seconds,
        cpuSeconds: cpu2,
        oneWorkerCpuSeconds: cpu1,
        // CPU time of one worker / of two (all threads, worker start-up included): 1 = no parallel overhead
        cpuEfficiency: cpu1 / cpu2,
        // cores this process actually got during the 2-worker run (the machine is shared)
        coresUsed: cpu2 / r2.stats.seconds,
      },
    };
    if (r2.stats.distinctStates !== ours.distinctStates) {
      mismatch = true;
      process.stdout.write(` MISMATCH (workers)`);
    }
    if (size.spin) {
      const p = promelaFor(size.scenario, size.bounds);
      writeFileSync(join(HERE, 'promela', `${size.id}.pml`), p.text);
      if (spinSkip) row.spin = { skipped: spinSkip };
      else {
        process.stdout.write('; SPIN…');
        const sp = runSpin(size.id, p.text);
        row.spin = sp;
        row.countsAgree = sp.statesStored === ours.distinctStates + p.extraInitState;
        row.ratioToSpin = ours.statesPerSecond / sp.statesPerSecond;
        row.ratio2WorkersToSpin = ours.distinctStates / r2.stats.seconds / sp.statesPerSecond;
        process.stdout.write(` ${fmt(sp.statesStored)} states in ${fmt(sp.seconds, 2)} s`);
        if (!row.countsAgree) {
          mismatch = true;
          process.stdout.write(' MISMATCH (SPIN)');
        }
      }
    }
    process.stdout.write('\n');
    rows.push(row);
  }
  process.stdout.write('random mode (xdp-large bounds, mainline, symmetry on)…\n');
  const rnd = randomSteps('xdp', SIZES[2].bounds);

  // ---- the table ----
  const head = ['size', 'states', 'trans', 'sec', 'states/s', 'trans/s', 'B/state', 'heap MiB', 'SPIN states', 'SPIN s', 'SPIN st/s', 'SPIN B/st', 'agree', 'ours/SPIN', '2w/SPIN', 'sym ×', 'cpu sym ×', '2w speed-up', '2w cores', '2w cpu eff'];
  const body = rows.map((r) => {
    const sp = r.spin && 'statesStored' in r.spin ? r.spin : undefined;
    return [
      r.id,
      fmt(r.ours.distinctStates),
      fmt(r.ours.transitions),
      fmt(r.ours.seconds, 2),
      fmt(r.ours.statesPerSecond),
      fmt(r.ours.transitionsPerSecond),
      fmt(r.ours.bytesPerState, 1),
      fmt(r.ours.peakHeapMiB),
      sp ? fmt(sp.statesStored) : '-',
      sp ? fmt(sp.seconds, 2) : '-',
      sp ? fmt(sp.statesPerSecond) : '-',
      sp ? fmt(sp.bytesPerState, 0) : '-',
      r.countsAgree === undefined ? '-' : r.countsAgree ? 'yes' : 'NO',
      fmt(r.ratioToSpin, 2),
      fmt(r.ratio2WorkersToSpin, 2),
      fmt(r.symmetry.reduction, 2),
      fmt(r.cpuSymmetry.reduction, 2),
      r.workers2 ? fmt(r.workers2.speedup, 2) : '-',
      r.workers2 ? fmt(r.workers2.coresUsed, 2) : '-',
      r.workers2 ? fmt(r.workers2.cpuEfficiency, 2) : '-',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('\n' + line(head));
  for (const b of body) console.log(line(b));
  console.log(
    `\nrandom mode, ${rnd.runs} walks × ${rnd.depth} steps: every property at every step ${fmt(rnd.plainStepsPerSecond)} steps/s;` +
      ` engine random mode (fingerprints, properties on new states) ${fmt(rnd.engineStepsPerSecond)} steps/s`,
  );
  for (const r of rows) {
    const w = r.workers2;
    if (!w) continue;
    console.log(
      `${r.id}: the 2-worker run got ${fmt(w.coresUsed, 2)} cores of this machine; CPU efficiency ${fmt(w.cpuEfficiency, 2)}` +
        ` (CPU time of 1 worker / of 2, start-up included): on 2 free cores about ${fmt(2 * w.cpuEfficiency, 1)}× (estimate, not measured)`,
    );
  }
  // ---- the issue's targets (measured, reported, never asserted) ----
  const spinRows = rows.filter((r) => r.ratioToSpin !== undefined);
  const largestSpin = spinRows[spinRows.length - 1];
  const largest = rows.reduce((a, b) => (b.ours.distinctStates > a.ours.distinctStates ? b : a));
  const targets = [
    largestSpin && { target: '1 worker >= SPIN states/s (largest SPIN bound)', value: largestSpin.ratioToSpin!, goal: 1, unit: '× SPIN', higher: true },
    largestSpin && { target: '2 workers >= 1.6 × SPIN states/s', value: largestSpin.ratio2WorkersToSpin!, goal: 1.6, unit: '× SPIN', higher: true },
    { target: `<= 16 bytes per stored state (${largest.id})`, value: largest.ours.bytesPerState, goal: 16, unit: 'B/state', higher: false },
    { target: 'random mode >= 1,000,000 steps/s, every property at every step', value: rnd.plainStepsPerSecond, goal: 1e6, unit: 'steps/s', higher: true },
  ].filter((t): t is { target: string; value: number; goal: number; unit: string; higher: boolean } => Boolean(t));
  console.log('\ntargets:');
  const targetRows = targets.map((t) => {
    const met = t.higher ? t.value >= t.goal : t.value <= t.goal;
    const by = t.higher ? t.goal / t.value : t.value / t.goal;
    console.log(`  ${met ? 'MET   ' : 'MISSED'} ${t.target}: ${fmt(t.value, t.value < 100 ? 2 : 0)} ${t.unit}${met ? '' : ` (${fmt(by, 1)}× short)`}`);
    return { ...t, met, factorShort: met ? 1 : by };
  });
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: (await import('node:os')).cpus().length, loadavg: (await import('node:os')).loadavg() },
    spin: spinSkip ? { skipped: spinSkip } : { version: execFileSync('spin', ['-V'], { encoding: 'utf8' }).trim(), flags: 'spin -o2 -a; cc -O2 -DNOREDUCE -DSAFETY; pan -m1000000 -w22' },
    rows,
    random: rnd,
    targets: targetRows,
  };
  // whole or not at all (src/write-whole.ts): an interrupted bench leaves the old results
  writeFileWhole(join(HERE, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('written test/bench/results.json');
  if (mismatch) {
    console.log('MISMATCH: distinct-state counts differ (see above)');
    return 1;
  }
  return 0;
}

process.exitCode = await main();
