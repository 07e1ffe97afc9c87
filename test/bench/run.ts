/**
 * `npm run bench`: ppcheck against SPIN on the mainline page_pool model
 * (issue #21's rows and targets).
 *
 * Rows: the mainline `xdp` scenario at four bound sizes (SMALL … XL below)
 * and `rx-recycle`. For each: our BFS (page symmetry off, 1 worker):
 * distinct states, transitions, seconds, states/s, bytes per stored state,
 * peak heap; the same with page symmetry (reduction factor) and with page
 * and CPU symmetry; with `--workers 2` and `4` (speed-up, CPU efficiency =
 * CPU time of 1 worker / of N, the cores the run got, bytes per state of the
 * shared set and the workers' logs); then SPIN 6.5.2 on the Promela generated
 * for the same bounds (test/bench/promela.ts, written to test/bench/promela/)
 * with exhaustive search and no partial-order reduction. The distinct-state
 * counts must agree with symmetry off (MISMATCH, exit 1, otherwise).
 *
 * Then: "time to verdict" at xdp-large and xdp-xl: `ppcheck check` (the CLI,
 * a new process, default reductions: page and CPU symmetry) against SPIN's
 * whole pipeline (spin -a, cc, pan), wall clock; the engine alone on a small
 * model written for both tools (test/bench/toy/toy.ts: its TS twin and its
 * Promela, equal counts); random mode: steps per second.
 *
 * Prints the tables and the targets, and appends one line to the history in
 * test/bench/results.json (date, commit, load average, the figures) next to
 * the full latest run. Options:
 *   --quick       skip the rx-recycle and xdp-xl rows (the minute-long part)
 *   --rows a,b    run only these rows (e.g. --rows xdp-xl,toy; toy, verdict and random are rows too)
 *   --no-spin     skip SPIN
 * Timings are measurements on whatever machine runs this; nothing is asserted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileWhole } from '../../src/write-whole.ts';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
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
import { TOY_BENCH, toyModel, toyPromela } from './toy/toy.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const NO_SPIN = args.includes('--no-spin');
const ONLY = args.includes('--rows') ? new Set(args[args.indexOf('--rows') + 1].split(',')) : undefined;
const want = (id: string): boolean => (ONLY ? ONLY.has(id) : true);
const WORKERS = [2, 4];

const XDP_LARGE: Partial<Bounds> = { cpus: 3, pages: 4, budget: 6, descs: 3, cacheSize: 4, ringSize: 4, pressure: 1 };
const XDP_XL: Partial<Bounds> = { cpus: 4, pages: 5, budget: 8, descs: 4, cacheSize: 4, ringSize: 4, pressure: 1 };
const SIZES: { id: string; scenario: string; bounds: Partial<Bounds>; spin: boolean; long?: boolean }[] = [
  { id: 'xdp-small', scenario: 'xdp', bounds: {}, spin: true },
  { id: 'xdp-medium', scenario: 'xdp', bounds: { cpus: 3, budget: 6, descs: 3, cacheSize: 3, ringSize: 3 }, spin: true },
  { id: 'xdp-large', scenario: 'xdp', bounds: XDP_LARGE, spin: true },
  { id: 'xdp-xl', scenario: 'xdp', bounds: XDP_XL, spin: true, long: true },
  { id: 'rx-recycle', scenario: 'rx-recycle', bounds: {}, spin: false, long: true },
].filter((r) => want(r.id) && !(QUICK && r.long));
/** the rows whose time to verdict is measured */
const VERDICT = ['xdp-large', 'xdp-xl'].filter((id) => want(id) && !(QUICK && id === 'xdp-xl')).map((id) => ({ id, bounds: id === 'xdp-xl' ? XDP_XL : XDP_LARGE }));

interface OursRow {
  distinctStates: number;
  transitions: number;
  seconds: number;
  cpuSeconds: number;
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
  /** pan's own elapsed time (the search) */
  seconds: number;
  statesPerSecond: number;
  stateVectorBytes: number;
  bytesPerState: number;
  totalMiB: number;
  /** wall clock of spin -a, of cc, of pan (the whole pipeline: their sum) */
  pipeline: { spin: number; cc: number; pan: number; total: number };
}
interface WorkersRow {
  workers: number;
  distinctStates: number;
  seconds: number;
  speedup: number;
  cpuSeconds: number;
  /** CPU time of 1 worker / of N (all threads, start-up included): 1 = no parallel overhead */
  cpuEfficiency: number;
  /** cores this process actually got during the run (the machine is shared) */
  coresUsed: number;
  /** the shared fingerprint table and the workers' trace logs, per distinct state */
  bytesPerState: number;
}
interface Row {
  id: string;
  scenario: string;
  bounds: Partial<Bounds>;
  loadavg: number[];
  ours: OursRow;
  symmetry: { distinctStates: number; seconds: number; reduction: number };
  /** page and CPU symmetry; reduction = page symmetry only / both (model/cpu-symmetry.ts) */
  cpuSymmetry: { distinctStates: number; seconds: number; reduction: number };
  workers: WorkersRow[];
  spin?: SpinRow | { skipped: string };
  countsAgree?: boolean;
  ratioToSpin?: number;
}
interface VerdictRow {
  id: string;
  bounds: Partial<Bounds>;
  /** `ppcheck check --scenario xdp <bounds> --json`: wall clock of the whole process, default reductions */
  oursSeconds: number;
  oursVerdict: string;
  oursStates: number;
  spinPipelineSeconds?: number;
  /** SPIN's pipeline time / ours: how many times faster the verdict is */
  speedup?: number;
}

function oursRow(r: ExploreResult<unknown, unknown>, cpu: number): OursRow {
  const s = r.stats;
  return {
    distinctStates: s.distinctStates,
    transitions: s.transitions,
    seconds: s.seconds,
    cpuSeconds: cpu,
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

const SPIN_FLAGS = 'spin -o2 -a; cc -O2 -DNOREDUCE -DSAFETY -DMEMLIM=8192; pan -m1000000 -w22';

function runSpin(id: string, pml: string): SpinRow {
  const dir = mkdtempSync(join(tmpdir(), 'ppcheck-spin-'));
  const timed = <T>(f: () => T): [T, number] => {
    const t0 = performance.now();
    const v = f();
    return [v, (performance.now() - t0) / 1000];
  };
  try {
    writeFileSync(join(dir, 'model.pml'), pml);
    // -o2: keep write-only variables in the state vector (our state has them too)
    const [, tSpin] = timed(() => execFileSync('spin', ['-o2', '-a', 'model.pml'], { cwd: dir, stdio: 'pipe' }));
    const [, tCc] = timed(() =>
      execFileSync(haveCmd('gcc') ? 'gcc' : 'cc', ['-O2', '-DNOREDUCE', '-DSAFETY', '-DMEMLIM=8192', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'pipe' }),
    );
    const [out, tPan] = timed(() => execFileSync('./pan', ['-m1000000', '-w22'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24 }));
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
      pipeline: { spin: tSpin, cc: tCc, pan: tPan, total: tSpin + tCc + tPan },
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

function table(head: string[], body: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('\n' + line(head));
  for (const b of body) console.log(line(b));
}

const load = (): number[] => loadavg().map((x) => Math.round(x * 100) / 100);

function commit(): { commit: string; dirty: boolean } {
  try {
    const c = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit: c, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

/** `ppcheck check` as a user runs it (a new process, default reductions): wall clock to its verdict. */
function cliVerdict(bounds: Partial<Bounds>): { seconds: number; verdict: string; states: number } {
  const flag = (k: string) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  const argv = [join(ROOT, 'bin', 'ppcheck.mjs'), 'check', '--scenario', 'xdp', '--json'];
  for (const [k, v] of Object.entries(bounds)) argv.push(flag(k), String(v));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  let verdict = `exit ${r.status}`;
  let states = NaN;
  try {
    const j = JSON.parse(r.stdout) as { verdict?: string; stats?: { distinctStates?: number } };
    verdict = j.verdict ?? verdict;
    states = j.stats?.distinctStates ?? NaN;
  } catch {
    // not JSON: the exit status says what happened
  }
  return { seconds, verdict, states };
}

async function main(): Promise<number> {
  const spinSkip = ensureSpin();
  if (spinSkip) console.log(`SPIN columns skipped: ${spinSkip}`);
  const loadStart = load();
  console.log(`load average at start: ${loadStart.join(' ')} (${cpus().length} cores, shared)`);
  const rows: Row[] = [];
  let mismatch = false;
  mkdirSync(join(HERE, 'promela'), { recursive: true });
  for (const size of SIZES) {
    const req = { variant: 'mainline', scenario: size.scenario, bounds: size.bounds };
    const rowLoad = load();
    process.stdout.write(`${size.id}: ours (1 worker, symmetry off)…`);
    const c1 = process.cpuUsage();
    const r1 = explore(buildModel({ ...req, symmetry: false }), { mode: 'bfs' });
    const cpu1 = cpuSeconds(process.cpuUsage(c1));
    const ours = oursRow(r1, cpu1);
    process.stdout.write(` ${fmt(ours.distinctStates)} states in ${fmt(ours.seconds, 2)} s; symmetry on…`);
    const rs = explore(buildModel({ ...req, symmetry: true, cpuSymmetry: false }), { mode: 'bfs' });
    process.stdout.write(` ${fmt(rs.stats.distinctStates)}; page and CPU symmetry…`);
    const rc = explore(buildModel({ ...req, symmetry: true, cpuSymmetry: true }), { mode: 'bfs' });
    process.stdout.write(` ${fmt(rc.stats.distinctStates)}`);
    const workers: WorkersRow[] = [];
    for (const n of WORKERS) {
      process.stdout.write(`; ${n} workers…`);
      const c = process.cpuUsage();
      const r = await exploreParallel(
        { module: new URL('../../model/build.ts', import.meta.url).href, export: 'buildModel', args: [{ ...req, symmetry: false }] },
        { mode: 'bfs' },
        n,
      );
      const cpu = cpuSeconds(process.cpuUsage(c));
      process.stdout.write(` ${fmt(r.stats.distinctStates)} in ${fmt(r.stats.seconds, 2)} s`);
      workers.push({
        workers: n,
        distinctStates: r.stats.distinctStates,
        seconds: r.stats.seconds,
        speedup: ours.seconds / r.stats.seconds,
        cpuSeconds: cpu,
        cpuEfficiency: cpu1 / cpu,
        coresUsed: cpu / r.stats.seconds,
        bytesPerState: (r.stats.visitedBytes ?? NaN) / r.stats.distinctStates,
      });
      if (r.stats.distinctStates !== ours.distinctStates || r.stats.transitions !== ours.transitions) {
        mismatch = true;
        process.stdout.write(` MISMATCH (${n} workers)`);
      }
    }
    const row: Row = {
      id: size.id,
      scenario: size.scenario,
      bounds: size.bounds,
      loadavg: rowLoad,
      ours,
      symmetry: { distinctStates: rs.stats.distinctStates, seconds: rs.stats.seconds, reduction: ours.distinctStates / rs.stats.distinctStates },
      cpuSymmetry: { distinctStates: rc.stats.distinctStates, seconds: rc.stats.seconds, reduction: rs.stats.distinctStates / rc.stats.distinctStates },
      workers,
    };
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

  // ---- time to verdict: the CLI with default reductions against SPIN's whole pipeline ----
  const verdicts: VerdictRow[] = [];
  for (const v of VERDICT) {
    process.stdout.write(`time to verdict ${v.id}: ppcheck check (default reductions)…`);
    const o = cliVerdict(v.bounds);
    process.stdout.write(` ${o.verdict} in ${fmt(o.seconds, 2)} s`);
    const vr: VerdictRow = { id: v.id, bounds: v.bounds, oursSeconds: o.seconds, oursVerdict: o.verdict, oursStates: o.states };
    const sp = rows.find((r) => r.id === v.id)?.spin;
    let pipeline = sp && 'pipeline' in sp ? sp.pipeline.total : undefined;
    if (pipeline === undefined && !spinSkip) pipeline = runSpin(v.id, promelaFor('xdp', v.bounds).text).pipeline.total;
    if (pipeline !== undefined) {
      vr.spinPipelineSeconds = pipeline;
      vr.speedup = pipeline / o.seconds;
      process.stdout.write(`; SPIN's pipeline ${fmt(pipeline, 2)} s`);
    }
    process.stdout.write('\n');
    verdicts.push(vr);
  }

  // ---- the engine alone: the toy model written for both tools ----
  let toy: { bounds: typeof TOY_BENCH; ours: OursRow; spin?: SpinRow; countsAgree?: boolean; ratioToSpin?: number } | undefined;
  if (want('toy')) {
    process.stdout.write('toy (test/bench/toy): ours…');
    const c = process.cpuUsage();
    const r = explore(toyModel(TOY_BENCH), { mode: 'bfs' });
    toy = { bounds: TOY_BENCH, ours: oursRow(r, cpuSeconds(process.cpuUsage(c))) };
    process.stdout.write(` ${fmt(r.stats.distinctStates)} states in ${fmt(r.stats.seconds, 2)} s`);
    if (!spinSkip) {
      const sp = runSpin('toy', toyPromela(TOY_BENCH));
      toy.spin = sp;
      toy.countsAgree = sp.statesStored === r.stats.distinctStates;
      toy.ratioToSpin = toy.ours.statesPerSecond / sp.statesPerSecond;
      process.stdout.write(`; SPIN ${fmt(sp.statesStored)} in ${fmt(sp.seconds, 2)} s`);
      if (!toy.countsAgree) {
        mismatch = true;
        process.stdout.write(' MISMATCH (SPIN)');
      }
    }
    process.stdout.write('\n');
  }

  let rnd: Record<string, number> | undefined;
  if (want('random')) {
    process.stdout.write('random mode (xdp-large bounds, mainline, symmetry on)…\n');
    rnd = randomSteps('xdp', XDP_LARGE);
  }

  // ---- the tables ----
  const spinOf = (r: Row) => (r.spin && 'statesStored' in r.spin ? r.spin : undefined);
  const wk = (r: Row, n: number) => r.workers.find((w) => w.workers === n);
  if (rows.length > 0) {
    table(
      ['size', 'states', 'trans', 'sec', 'states/s', 'B/state', 'heap MiB', 'SPIN states', 'SPIN s', 'SPIN st/s', 'SPIN B/st', 'agree', 'ours/SPIN', 'sym ×', 'cpu sym ×', 'load'],
      rows.map((r) => {
        const sp = spinOf(r);
        return [
          r.id, fmt(r.ours.distinctStates), fmt(r.ours.transitions), fmt(r.ours.seconds, 2), fmt(r.ours.statesPerSecond), fmt(r.ours.bytesPerState, 1),
          fmt(r.ours.peakHeapMiB), sp ? fmt(sp.statesStored) : '-', sp ? fmt(sp.seconds, 2) : '-', sp ? fmt(sp.statesPerSecond) : '-',
          sp ? fmt(sp.bytesPerState, 0) : '-', r.countsAgree === undefined ? '-' : r.countsAgree ? 'yes' : 'NO', fmt(r.ratioToSpin, 2),
          fmt(r.symmetry.reduction, 2), fmt(r.cpuSymmetry.reduction, 2), fmt(r.loadavg[0], 1),
        ];
      }),
    );
    table(
      ['workers', ...WORKERS.flatMap((n) => [`${n}w sec`, `${n}w speed-up`, `${n}w cores`, `${n}w cpu eff`, `${n}w B/state`])],
      rows.map((r) => [r.id, ...WORKERS.flatMap((n) => {
        const w = wk(r, n);
        return w ? [fmt(w.seconds, 2), fmt(w.speedup, 2), fmt(w.coresUsed, 2), fmt(w.cpuEfficiency, 2), fmt(w.bytesPerState, 1)] : ['-', '-', '-', '-', '-'];
      })]),
    );
  }
  if (verdicts.length > 0) {
    table(
      ['time to verdict', 'ppcheck check s', 'verdict', 'states', "SPIN's pipeline s", 'SPIN / ours'],
      verdicts.map((v) => [v.id, fmt(v.oursSeconds, 2), v.oursVerdict, fmt(v.oursStates), fmt(v.spinPipelineSeconds, 2), fmt(v.speedup, 2)]),
    );
  }
  if (toy) {
    console.log(
      `\ntoy (${JSON.stringify(toy.bounds)}): ours ${fmt(toy.ours.distinctStates)} states, ${fmt(toy.ours.statesPerSecond)} states/s` +
        (toy.spin ? `; SPIN ${fmt(toy.spin.statesStored)} states, ${fmt(toy.spin.statesPerSecond)} states/s; ours/SPIN ${fmt(toy.ratioToSpin, 2)}` : ''),
    );
  }
  if (rnd) {
    console.log(
      `\nrandom mode, ${rnd.runs} walks × ${rnd.depth} steps: every property at every step ${fmt(rnd.plainStepsPerSecond)} steps/s;` +
        ` engine random mode (fingerprints, properties on new states) ${fmt(rnd.engineStepsPerSecond)} steps/s`,
    );
  }
  const loadEnd = load();
  console.log(`load average at the end: ${loadEnd.join(' ')} (${cpus().length} cores shared with other work: timings are noisy)`);

  // ---- the issue's targets (measured, reported, never asserted) ----
  type Target = { target: string; value: number; goal: number; unit: string; higher: boolean };
  const targets: Target[] = [];
  for (const id of ['xdp-large', 'xdp-xl']) {
    const r = rows.find((x) => x.id === id);
    if (r?.ratioToSpin !== undefined) targets.push({ target: `1 worker >= SPIN states/s, ${id} (symmetry off)`, value: r.ratioToSpin, goal: 1, unit: '× SPIN', higher: true });
  }
  if (toy?.ratioToSpin !== undefined) targets.push({ target: 'engine alone >= SPIN states/s (toy model for both)', value: toy.ratioToSpin, goal: 1, unit: '× SPIN', higher: true });
  const vxl = verdicts.find((v) => v.id === 'xdp-xl') ?? verdicts[verdicts.length - 1];
  if (vxl?.speedup !== undefined) targets.push({ target: `time to verdict >= 5x faster than SPIN's pipeline (${vxl.id})`, value: vxl.speedup, goal: 5, unit: '×', higher: true });
  const big = rows.reduce<Row | undefined>((a, b) => (!a || b.ours.distinctStates > a.ours.distinctStates ? b : a), undefined);
  if (big) {
    const w2 = wk(big, 2);
    if (w2) {
      targets.push({ target: `2 workers: CPU efficiency >= 0.85 (${big.id})`, value: w2.cpuEfficiency, goal: 0.85, unit: '', higher: true });
      targets.push({ target: `2 workers: speed-up >= 1.6 (${big.id}; got ${fmt(w2.coresUsed, 2)} cores)`, value: w2.speedup, goal: 1.6, unit: '×', higher: true });
      targets.push({ target: `<= 20 bytes per state at 2 workers (${big.id})`, value: w2.bytesPerState, goal: 20, unit: 'B/state', higher: false });
    }
    targets.push({ target: `<= 16 bytes per stored state at 1 worker (${big.id})`, value: big.ours.bytesPerState, goal: 16, unit: 'B/state', higher: false });
  }
  if (rnd) targets.push({ target: 'random mode >= 1,000,000 steps/s, every property at every step', value: rnd.plainStepsPerSecond, goal: 1e6, unit: 'steps/s', higher: true });
  console.log('\ntargets:');
  const targetRows = targets.map((t) => {
    const met = t.higher ? t.value >= t.goal : t.value <= t.goal;
    const by = t.higher ? t.goal / t.value : t.value / t.goal;
    console.log(`  ${met ? 'MET   ' : 'MISSED'} ${t.target}: ${fmt(t.value, t.value < 100 ? 2 : 0)} ${t.unit}${met ? '' : ` (${fmt(by, 2)}× short)`}`);
    return { ...t, met, factorShort: met ? 1 : by };
  });

  // ---- results.json: the latest run in full, and one history line per run ----
  const rev = commit();
  const date = new Date().toISOString();
  const latest = {
    date,
    ...rev,
    node: process.version,
    machine: { cpus: cpus().length, loadavgStart: loadStart, loadavgEnd: loadEnd },
    spin: spinSkip ? { skipped: spinSkip } : { version: execFileSync('spin', ['-V'], { encoding: 'utf8' }).trim(), flags: SPIN_FLAGS },
    args,
    rows,
    verdicts,
    toy,
    random: rnd,
    targets: targetRows,
  };
  const line = {
    date,
    ...rev,
    loadavg: loadStart,
    loadavgEnd: loadEnd,
    args: args.join(' '),
    rows: Object.fromEntries(
      rows.map((r) => [
        r.id,
        {
          states: r.ours.distinctStates,
          statesPerSecond: Math.round(r.ours.statesPerSecond),
          spinStatesPerSecond: spinOf(r) ? Math.round(spinOf(r)!.statesPerSecond) : null,
          oursToSpin: r.ratioToSpin ?? null,
          ...Object.fromEntries(r.workers.flatMap((w) => [[`cpuEff${w.workers}`, w.cpuEfficiency], [`speedup${w.workers}`, w.speedup]])),
        },
      ]),
    ),
    verdicts: Object.fromEntries(verdicts.map((v) => [v.id, { ours: v.oursSeconds, spinPipeline: v.spinPipelineSeconds ?? null }])),
    toyToSpin: toy?.ratioToSpin ?? null,
    randomStepsPerSecond: rnd ? Math.round(rnd.plainStepsPerSecond) : null,
  };
  const file = join(HERE, 'results.json');
  let history: unknown[] = [];
  let kept: unknown;
  if (existsSync(file)) {
    const old = JSON.parse(readFileSync(file, 'utf8')) as { history?: unknown[]; latest?: unknown; date?: string; rows?: { id: string; ours: { distinctStates: number; statesPerSecond: number }; ratioToSpin?: number }[]; machine?: { loadavg?: number[] } };
    kept = old.latest;
    if (Array.isArray(old.history)) history = old.history;
    else if (old.date && old.rows) {
      // the file before it kept history: its run becomes the first line
      history = [{ date: old.date, commit: 'unknown', loadavg: old.machine?.loadavg ?? null, rows: Object.fromEntries(old.rows.map((r) => [r.id, { states: r.ours.distinctStates, statesPerSecond: Math.round(r.ours.statesPerSecond), oursToSpin: r.ratioToSpin ?? null }])) }];
    }
  }
  history.push(line);
  const description =
    'npm run bench (test/bench/run.ts): `latest` is the last full run (every row) in full; `history` has one line per run, full or partial (--rows, --quick), oldest first (date, commit, load average, the figures).';
  // a partial run (--rows, --quick, --no-spin) adds its history line and keeps the last full run
  const full = !ONLY && !QUICK && !NO_SPIN;
  // whole or not at all (src/write-whole.ts): an interrupted bench leaves the old results
  writeFileWhole(file, JSON.stringify({ description, latest: full || kept === undefined ? latest : kept, history }, null, 2) + '\n');
  console.log(`written test/bench/results.json (${full ? 'latest run, ' : 'the last full run kept, '}history line appended)`);
  if (mismatch) {
    console.log('MISMATCH: distinct-state counts differ (see above)');
    return 1;
  }
  return 0;
}

process.exitCode = await main();
