/**
 * The commander program: `check`, `list`, `suite` (here), `replay`, `show`
 * (src/cli/replay.ts, src/cli/show.ts) and `merge` (src/cli/merge.ts),
 * registered when those files exist. Commander never exits or prints errors
 * itself: exitOverride + a silent outputError, so that src/cli/main.ts turns
 * every error into one line and exit 2.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { boundFlag, boundValue, integerAtLeast, parseMaxMemory, parseSeconds, parseSeed, parseWorkers } from './args.ts';
import { checkOutputTarget, writeFileWhole } from './files.ts';
import { setMaxMemory, stopRequested } from '../engine/control.ts';
import { type CheckArgs, type CheckPlan, type CheckReport, violationHeader } from './check.ts';
import { EXIT, UsageError, type ExitCode } from './exit.ts';
import { LIST_TOPICS, runList } from './list.ts';
import type { LoadedFamily } from './load-family.ts';
import type { CliContext, FamilyState, Io } from './context.ts';
import { progressObserver } from './print/progress.ts';
import { toolVersion } from '../trace/version.ts';
import type { Palette } from './print/text.ts';
import type { SuiteRow } from './suite.ts';

/** The commands defined in this file; the others are OPTIONAL_COMMANDS. */
export const BUILTIN_COMMANDS: readonly string[] = ['check', 'list', 'suite'];

/** Commands that need the model family (loaded before the program is built). */
export const FAMILY_COMMANDS: readonly string[] = ['check', 'list', 'suite', 'diff', 'mix'];

export type { CliContext, FamilyState };

export interface OptionalCommand {
  name: string;
  /** relative to this file */
  file: string;
  register: string;
}

/**
 * Commands owned by other modules: registered only when their file exists, as
 * `register(program, ctx)`; the command writes through `ctx.io` and sets
 * `ctx.exitCode` (and may reuse `ctx.family` when main.ts loaded one).
 */
export const OPTIONAL_COMMANDS: readonly OptionalCommand[] = [
  { name: 'replay', file: './replay.ts', register: 'registerReplay' },
  { name: 'show', file: './show.ts', register: 'registerShow' },
  { name: 'merge', file: './merge.ts', register: 'registerMerge' },
  { name: 'diff', file: './diff.ts', register: 'registerDiff' },
  { name: 'mix', file: './mix.ts', register: 'registerMix' },
];

/** Option names of `check` that a family's bound may not take. */
const CHECK_OPTIONS = ['variant', 'scenario', 'property', 'liveness', 'coverage', 'reads', 'ghosts', 'html', 'mode', 'max-depth', 'max-states', 'time-limit', 'max-memory', 'seed', 'runs', 'json', 'out', 'model', 'help', 'depth', 'path', 'shard', 'swarm', 'no-swarm'];

const EXIT_CODES_HELP = `
Exit codes (docs/exit-codes.md):
  0    verified: complete search, no violation (or: the suite matched every expectation)
  3    cut short: no violation found, but the search was not complete
       (--time-limit, --max-states, --max-depth, interrupt, --max-memory; random mode always)
  2    usage or input error, or a model file at fault (one line on stderr)
  12   a property was violated (or: the suite did not match)
  255  internal error (PPCHECK_DEBUG=1 prints the stack)`;

const maxMemoryOption = () =>
  new Option('--max-memory <MiB>', `stop the search (cut short: memory) when the process uses more than this much memory (default: half of this machine's memory)`).argParser(parseMaxMemory);

/**
 * Colours on stdout: never with NO_COLOR (non-empty, no-color.org) or
 * FORCE_COLOR=0/false; always with another FORCE_COLOR value; else only on a
 * terminal that is not `dumb`.
 */
export function colorsOn(io: Pick<Io, 'env' | 'stdoutIsTTY'>): boolean {
  const env = io.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return io.stdoutIsTTY && env.TERM !== 'dumb';
}

export function paletteFor(io: Io): Palette {
  return pc.createColors(colorsOn(io));
}

/** --junit FILE: the suite as JUnit XML, written whole (src/write-whole.ts). */
function writeJunit(file: string, xml: string): void {
  try {
    writeFileWhole(file, xml, 'JUnit file');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write JUnit file ${file}: ${code ?? 'error'}`);
  }
}

function requireFamily(ctx: CliContext): LoadedFamily {
  if (ctx.family.kind === 'loaded') return ctx.family.loaded;
  // runCli loads the family before parsing for every command in FAMILY_COMMANDS
  throw new Error('model family not loaded');
}

/** Ids for the help text: all of them when few, else the count and where to see them. */
function idList(ids: string[], topic: string): string {
  return ids.length <= 10 ? ids.join(', ') : `${ids.length}, see \`ppcheck list ${topic}\``;
}

/** argParser of a repeatable option: the values in order. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const modelOption = () =>
  new Option('--model <file.ts>', 'load the model family from this TypeScript module (its export `family`) instead of the page_pool model');

export async function buildProgram(ctx: CliContext, optional: readonly OptionalCommand[]): Promise<Command> {
  const io = ctx.io;
  const program = new Command();
  program
    .name('ppcheck')
    .description("A model checker for the recycling invariants of the Linux kernel's page_pool.")
    .version(toolVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // errors are printed by runCli as one line
      outputError: () => {},
    })
    .showHelpAfterError(false)
    .addHelpText('after', EXIT_CODES_HELP);

  addCheck(program, ctx);
  addList(program, ctx);
  addSuite(program, ctx);
  for (const o of optional) await registerOptional(program, o, ctx);
  return program;
}

function addCheck(program: Command, ctx: CliContext): void {
  const io = ctx.io;
  const cmd = program
    .command('check')
    .description('explore a variant of the model under one or all of its scenarios and check every property')
    .addOption(new Option('--variant <id>', "the variant to check (see `ppcheck list variants`; default: mainline, or the proposal of a --model proposal file)"))
    .addOption(new Option('--scenario <id>', "check only this scenario (default: each of the variant's scenarios in turn, results combined)"))
    .addOption(new Option('--property <id>', 'check only this property (repeat for several; default: every property; see `ppcheck list properties`)').argParser(collect))
    .addOption(new Option('--mode <mode>', 'search: bfs (exhaustive, shortest traces), dfs (depth-bounded), random (seeded walks)').choices(['bfs', 'dfs', 'random']))
    .addOption(new Option('--max-depth <n>', 'stop exploring below this depth (default: unbounded for bfs, 100 for dfs/random)').argParser(integerAtLeast(0)))
    .addOption(new Option('--max-states <n>', 'stop after this many distinct states per scenario (default: unbounded)').argParser(integerAtLeast(1)))
    .addOption(new Option('--time-limit <seconds>', 'stop after this many seconds, shared by all scenarios (default: unbounded)').argParser(parseSeconds))
    .addOption(new Option('--seed <n>', 'seed of the random mode (0..2^32-1, default 0)').argParser(parseSeed))
    .addOption(new Option('--runs <n>', 'number of random walks (random mode, default 30000): the seed space, shared by all shards').argParser(integerAtLeast(1)))
    .addOption(new Option('--depth <n>', 'random mode: steps per walk (the same as --max-depth)').argParser(integerAtLeast(0)))
    .addOption(new Option('--path <path>', 'random mode: replay the run at this fast-check path (printed by a failing run, e.g. 17:3:0) with the same --seed'))
    .addOption(new Option('--shard <i/N>', 'random mode: run only shard i of N (1-based; runs r with r mod N = i-1, each with its own action weightings); combine shard results with `ppcheck merge`'))
    .addOption(new Option('--no-swarm', 'random mode: pick among enabled actions uniformly (no per-run swarm weighting or delay of action kinds, no PCT scheduling of CPUs)'))
    .addOption(new Option('--liveness', 'bfs: after the safety search, check the liveness properties under the fairness assumptions on the whole state graph (a violation is a lasso)'))
    .addOption(new Option('--json', 'print one JSON object on stdout (params, verdict, stats, trace) and nothing else'))
    .addOption(new Option('--coverage', 'text output: print how often each action fired and found new states (--json always has it)'))
    .addOption(new Option('--out <file>', 'write the counterexample, if any, to this ITF trace file (for `ppcheck replay`)'))
    .addOption(new Option('--html <file>', 'write the counterexample, if any, as a self-contained HTML page to step through'))
    .addOption(new Option('--reads', 'text output: under each step of a counterexample, the fields it read'))
    .addOption(new Option('--ghosts', "text output: show the model's ghost fields in a counterexample (hidden by default)"))
    .addOption(maxMemoryOption())
    .addOption(modelOption());

  const boundAttrs: { name: string; attr: string }[] = [];
  if (ctx.family.kind === 'loaded') {
    const family = ctx.family.loaded.family;
    for (const b of family.bounds) {
      const flag = boundFlag(b.name);
      if (CHECK_OPTIONS.includes(flag.slice(2)) || !/^--[a-z][a-z0-9-]*$/.test(flag)) {
        const msg = `model family ${family.name}: bound '${b.name}' cannot be a flag of check (${flag} is ${CHECK_OPTIONS.includes(flag.slice(2)) ? 'an option of check' : 'not a valid flag'}); rename the bound`;
        // a model file's own mistake is its author's input error (exit 2); the shipped model's is a bug
        if (ctx.family.loaded.modelPath !== undefined) throw new UsageError(`${ctx.family.loaded.modelPath}: ${msg}`);
        throw new Error(msg);
      }
      const range = b.names ? b.names.join('|') : `${b.min}..${b.max}`;
      const opt = new Option(`${flag} <n>`, `${b.description} (${range}; default: the scenario's)`).argParser(boundValue(b));
      cmd.addOption(opt);
      boundAttrs.push({ name: b.name, attr: opt.attributeName() });
    }
    const fam = ctx.family.loaded;
    cmd.addHelpText(
      'after',
      `\nModel: ${family.name} v${family.version} (${fam.source})\n` +
        `  variants:  ${idList(family.variants.map((v) => v.id), 'variants')}\n` +
        `  scenarios: ${idList(family.scenarios.map((s) => s.id), 'scenarios')}\n` +
        EXIT_CODES_HELP,
    );
  }
  // --workers (parallel bfs), unless the model family has a bound of that name (its flag wins)
  const engineWorkers = !boundAttrs.some((b) => b.attr === 'workers');
  if (engineWorkers) {
    cmd.addOption(new Option('--workers <n>', 'bfs: explore with n worker threads sharing one fingerprint set (same states and verdicts; default 1; at most the CPUs available)').argParser(parseWorkers));
  }
  if (ctx.family.kind === 'failed') {
    cmd.addHelpText('after', `\nOne flag per bound of the model (e.g. --cpus) is added when the model loads; it did not: ${ctx.family.message}\n${EXIT_CODES_HELP}`);
  }

  cmd.action(async (opts: Record<string, unknown>) => {
    const loaded = requireFamily(ctx);
    const bounds: Record<string, number> = {};
    for (const b of boundAttrs) if (opts[b.attr] !== undefined) bounds[b.name] = opts[b.attr] as number;
    const variant = (opts.variant as string | undefined) ?? loaded.family.defaultVariant ?? 'mainline';
    const args: CheckArgs = { variant, bounds, json: opts.json === true };
    if (opts.scenario !== undefined) args.scenario = opts.scenario as string;
    if (opts.property !== undefined) args.properties = opts.property as string[];
    if (opts.mode !== undefined) args.mode = opts.mode as CheckArgs['mode'];
    if (opts.maxDepth !== undefined) args.maxDepth = opts.maxDepth as number;
    if (opts.maxStates !== undefined) args.maxStates = opts.maxStates as number;
    if (opts.timeLimit !== undefined) args.timeLimit = opts.timeLimit as number;
    if (opts.seed !== undefined) args.seed = opts.seed as number;
    if (opts.runs !== undefined) args.runs = opts.runs as number;
    if (opts.out !== undefined) args.out = opts.out as string;
    if (opts.depth !== undefined) {
      if (args.maxDepth !== undefined && args.maxDepth !== opts.depth) throw new UsageError('--depth and --max-depth disagree (they are the same bound)');
      args.maxDepth = opts.depth as number;
    }
    if (opts.path !== undefined) args.path = opts.path as string;
    if (opts.shard !== undefined) args.shard = opts.shard as string;
    if (opts.swarm === false) args.swarm = false;
    if (opts.liveness === true) args.liveness = true;

    // the engine, printers and trace writer load only when a check runs (fast --help, list)
    const { exitCodeOf, paramsOf, planCheck, runPlan } = await import('./check.ts');
    const { formatCheckReport, formatParams } = await import('./print/text.ts');
    const { formatCheckJson } = await import('./print/json.ts');
    const { replayCommand, shellWord } = await import('../trace/text.ts');
    if (opts.maxMemory !== undefined) setMaxMemory((opts.maxMemory as number) * 2 ** 20);
    const plan = planCheck(loaded, args);
    // an output file that cannot be written, or that is an input, is an input error found before, not after, a long search
    const inputs = loaded.modelPath !== undefined ? [loaded.modelPath] : [];
    if (plan.out !== undefined) checkOutputTarget(plan.out, 'trace file', inputs);
    const html = opts.html as string | undefined;
    if (html !== undefined) checkOutputTarget(html, 'HTML file', plan.out !== undefined ? [...inputs, plan.out] : inputs);
    const c = paletteFor(io);
    if (!args.json) io.stdout(formatParams(paramsOf(plan), c));
    const observer = progressObserver({ isTTY: io.stderrIsTTY, write: io.stderr }, (s) => `[${plan.variant.id}/${s}]`);
    if (engineWorkers && opts.workers !== undefined && (opts.workers as number) > 1) {
      const { precomputeWithWorkers } = await import('./check-workers.ts');
      await precomputeWithWorkers(plan, opts.workers as number);
    }
    const report = runPlan(plan, observer);
    const same = (await import('./same-as-base.ts')).sameAsBaseWarning(plan, report);
    const unrun = report.violation || report.error ? null : (await import('../diff/unexercised.ts')).unexercisedWarning(plan.variant.id, plan.variant.changes ?? [], report.scenarios.map((s) => s.scenario), report.scenarios.map((s) => s.stats.coverage.filter((c) => c.fired > 0).map((c) => c.action)));
    const warnings = [same, unrun].filter((w): w is string => w !== null);
    if (warnings.length > 0) report.warnings = warnings;
    let writeProblem: string | undefined;
    if (plan.out !== undefined && report.violation) {
      try {
        await writeTrace(plan.out, loaded, report, plan);
        report.outFile = plan.out;
        if (loaded.modelPath !== undefined) report.replayArgs = `--model ${shellWord(loaded.modelPath)}`;
        report.replay = replayCommand(plan.out, report.replayArgs ? { replayArgs: report.replayArgs } : {});
      } catch (e) {
        // still print the counterexample: it is the result of the search
        if (!(e instanceof UsageError)) throw e;
        writeProblem = e.message;
        report.outNotWritten = plan.out;
      }
    }
    if (plan.out !== undefined && !report.violation) report.outNotWritten = plan.out;
    if (html !== undefined && !report.violation) report.htmlNotWritten = html;
    if (html !== undefined && report.violation && writeProblem === undefined) {
      try {
        await writeHtml(html, loaded, report);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        writeProblem = e.message;
      }
    }
    const proposalError = report.error ? (await import('./proposal-error.ts')).proposalErrorLine(report.error.message) ?? modelFileError(loaded, report.error) : null;
    // the model file is at fault, or the trace file could not be written: an input error (exit 2), and the JSON says so
    if (proposalError || writeProblem !== undefined) report.inputError = true;
    io.stdout(
      args.json
        ? formatCheckJson(report)
        : formatCheckReport(report, c, { coverage: opts.coverage === true, reads: opts.reads === true, ghosts: opts.ghosts === true }),
    );
    // an exception thrown by a proposal file's own code is the user's input error: file:line, exit 2
    if (proposalError) io.stderr(`ppcheck: ${proposalError}\n`);
    else if (report.error) io.stderr(`ppcheck: internal error in the model (${plan.variant.id}/${report.error.scenario}): ${report.error.error}: ${report.error.message}\n`);
    if (writeProblem !== undefined) io.stderr(`ppcheck: ${writeProblem}\n`);
    ctx.exitCode = exitCodeOf(report);
  });
}

/** --html FILE: the counterexample as one HTML page (src/cli/report-html.ts), written whole. */
async function writeHtml(file: string, loaded: LoadedFamily, report: CheckReport): Promise<void> {
  const { htmlReport } = await import('./report-html.ts');
  const v = report.violation!;
  const page = htmlReport(
    v.trace,
    violationHeader(report),
    { family: loaded.family, file, ...(report.replay ? { replay: report.replay } : {}) },
  );
  // written whole: a reader never sees half a page (src/write-whole.ts)
  try {
    writeFileWhole(file, page);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code === 'string') throw new UsageError(`cannot write HTML file ${file}: ${err.code}`);
    throw e;
  }
}

/**
 * An exception (or nondeterminism) of a --model file's code: its author's
 * input error (exit 2), one line naming the file, the action and, for an
 * Error, the line; null for the shipped model (an internal error).
 */
function modelFileError(loaded: LoadedFamily, e: NonNullable<CheckReport['error']>): string | null {
  if (loaded.modelPath === undefined) return null;
  return `${loaded.modelPath}: ${e.error === 'nondeterminism' ? '' : 'model code failed: '}${e.message.split('\n')[0]} (${e.scenario})`;
}

async function writeTrace(file: string, loaded: LoadedFamily, report: CheckReport, plan: CheckPlan): Promise<void> {
  const { itfToText, traceToItf } = await import('../trace/itf.ts');
  const v = report.violation!;
  const run = plan.runs.find((r) => r.scenario.id === v.scenario)!;
  const trace = v.raw;
  try {
    writeFileWhole(
      file,
      itfToText(traceToItf(
      trace,
      {
        ...violationHeader(report),
        mode: plan.options.mode,
        seed: plan.options.seed,
        ...(v.lasso ? { loopStart: v.lasso.loopStart } : {}),
        ...(loaded.modelPath !== undefined ? { modelPath: loaded.modelPath } : {}),
      },
      run.model,
    )),
      'trace file',
    );
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code === 'string') throw new UsageError(`cannot write trace file ${file}: ${err.code}`);
    throw e;
  }
}

function addList(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list what the model offers: variants (with kind and expectation), properties, scenarios, bounds')
    .argument('<what>', LIST_TOPICS.join(' | '))
    .addOption(new Option('--json', 'print a JSON list of objects (id, description, …) and nothing else'))
    .addOption(modelOption())
    .action((what: string, opts: { json?: boolean }) => {
      ctx.io.stdout(runList(requireFamily(ctx).family, what, opts.json === true));
      ctx.exitCode = EXIT.ok;
    });
}

function addSuite(program: Command, ctx: CliContext): void {
  const io = ctx.io;
  program
    .command('suite')
    .description(
      "the regression suite (`npm run check`): every scenario of mainline exhaustively at its default bounds, then every other variant under its scenarios, each compared with its expected verdict; mainline must fire every action",
    )
    .addOption(new Option('--variant <id>', 'run only this variant (repeat for several)').argParser(collect))
    .addOption(new Option('--kind <kind>', 'run only the variants of this kind: mainline, era, bug, fixed, mutant, proposal (repeatable)').argParser(collect))
    .addOption(new Option('--json', 'print one JSON object (rows, verdict) on stdout and nothing else'))
    .addOption(maxMemoryOption())
    .addOption(new Option('--junit <file>', 'also write the results as JUnit XML (one testcase per variant; for CI test reports)'))
    .addOption(new Option('--github', 'also print a GitHub Actions annotation (::error) for each variant not as expected'))
    .addOption(modelOption())
    .action(async (opts: { variant?: string[]; kind?: string[]; json?: boolean; maxMemory?: number; junit?: string; github?: boolean }) => {
      const loaded = requireFamily(ctx);
      if (opts.maxMemory !== undefined) setMaxMemory(opts.maxMemory * 2 ** 20);
      if (opts.github && opts.json) throw new UsageError('--github prints annotations on stdout, --json only one JSON object: use one of them');
      if (opts.junit !== undefined) checkOutputTarget(opts.junit, 'JUnit file', []);
      const { finishSuite, runVariant, suiteVariants } = await import('./suite.ts');
      const { formatSuiteFooter, formatSuiteHeader, formatSuiteRow, suiteJson, suiteLayout } = await import('./print/suite.ts');
      const variants = suiteVariants(loaded.family, opts.variant, opts.kind);
      const c = paletteFor(io);
      const layout = suiteLayout(loaded.family, variants);
      if (!opts.json) io.stdout(formatSuiteHeader(loaded, variants, layout, c));
      const rows: SuiteRow[] = [];
      for (const v of variants) {
        const observer = progressObserver({ isTTY: io.stderrIsTTY, write: io.stderr }, (s) => `[${v.id}/${s}]`);
        const row = runVariant(loaded, v, observer);
        rows.push(row);
        if (!opts.json) io.stdout(formatSuiteRow(row, layout, c));
        // interrupted or out of memory: the variants not run are not reported as run
        if (stopRequested() !== undefined) break;
      }
      const stop = stopRequested();
      const report = finishSuite(loaded, rows, stop === 'interrupt' || stop === 'memory' ? stop : undefined);
      io.stdout(opts.json ? suiteJson(report) : formatSuiteFooter(report, c));
      if (opts.github) io.stdout((await import('./print/ci.ts')).githubAnnotations(report));
      if (opts.junit !== undefined) writeJunit(opts.junit, (await import('./print/ci.ts')).junitXml(report, new Date()));
      for (const r of rows.filter((x) => x.verdict === 'error')) io.stderr(`ppcheck: internal error in variant ${r.variant}: ${r.problems.join('; ')}\n`);
      ctx.exitCode = report.exitCode;
    });
}

async function registerOptional(program: Command, o: OptionalCommand, ctx: CliContext): Promise<void> {
  const url = new URL(o.file, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return;
  let problem: string;
  try {
    const mod = (await import(url.href)) as Record<string, unknown>;
    const register = mod[o.register];
    if (typeof register === 'function') {
      // the command sets ctx.exitCode and writes through ctx.io
      register(program, ctx);
      return;
    }
    problem = `it does not export ${o.register}`;
  } catch (e) {
    problem = e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
  // present but broken (work in progress): say so when the command is used, never pretend
  program
    .command(o.name)
    .description(`(unavailable: src/cli/${o.file.slice(2)} failed to load)`)
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .action(() => {
      throw new Error(`the ${o.name} command is unavailable: src/cli/${o.file.slice(2)}: ${problem}`);
    });
}
