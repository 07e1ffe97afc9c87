/**
 * `ppcheck diff --base <id> --variant <id>` (or `--model proposal.ts`):
 * both variants under the same scenarios and bounds, per property both
 * verdicts, the shortest counterexample of each property that newly fails,
 * both state-space sizes, action kinds added/removed/fired, and behaviours
 * reachable in one and not the other. Text or --json.
 * Exit 12 when the variant violates a property the base keeps, else 0; 2 for
 * bad input (also an exception thrown by a proposal file's own code); 255 for
 * an internal error.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, Option } from 'commander';
import type { ExitCode } from './exit.ts';
import { UsageError } from './exit.ts';
import { boundFlag, boundValue, integerAtLeast, parseSeconds } from './args.ts';
import type { CliContext } from './context.ts';
import type { ModelFamily } from '../family.ts';
import type { Counterexample, DiffReport } from '../diff/run.ts';
import { DIFF_DEFAULT_LIMITS } from '../diff/limits.ts';
import type { DiffTextOptions } from '../diff/print.ts';
import { loadFamily, type LoadedFamily } from './load-family.ts';
import { proposalErrorLine } from './proposal-error.ts';
import { searchEnding, type EndingInfo } from './endings.ts';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function quote(s: string): string {
  return /^[A-Za-z0-9_\-./=:,@+]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export { proposalErrorLine };

/** Write each newly failing property's counterexample as an ITF file; property → file. */
async function writeTraces(
  dir: string,
  report: import('../diff/run.ts').DiffReport,
  family: import('../family.ts').ModelFamily<unknown, unknown>,
  modelPath: string | undefined,
  variant: string,
): Promise<Record<string, string>> {
  const { mkdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { writeTraceFile } = await import('../trace/itf.ts');
  const out: Record<string, string> = {};
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create --out-dir ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  for (const p of report.properties) {
    const c = p.counterexample;
    if (!(p.change === 'newly-fails' || (p.change === 'added' && p.variant === 'violation')) || !c) continue;
    const file = join(dir, `${variant}.${p.id}.itf.json`);
    const model = family.build({ variant, scenario: c.scenario, bounds: c.bounds });
    try {
      writeTraceFile(
        file,
        c.raw,
        {
          model: family.name,
          modelVersion: family.version,
          variant,
          scenario: c.scenario,
          bounds: c.bounds,
          mode: 'bfs',
          property: p.id,
          reason: c.reason,
          terminal: c.terminal,
          command: checkCommandOf(family, modelPath, variant, c),
          ...(modelPath !== undefined ? { modelPath } : {}),
        },
        model,
      );
    } catch (e) {
      throw new UsageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    out[p.id] = file;
  }
  return out;
}

/** Where a worker thread loads a family from: the --model file's `family`, or the shipped model's `pagePoolFamily`. */
function familyModule(l: LoadedFamily): { module: string; export: string } {
  return l.modelPath === undefined
    ? { module: new URL('../../model/index.ts', import.meta.url).href, export: 'pagePoolFamily' }
    : { module: pathToFileURL(resolve(process.cwd(), l.modelPath)).href, export: 'family' };
}

/** The `check` command that finds a diff counterexample again (BFS, only its property, every bound spelled out). */
export function checkCommandOf(family: ModelFamily<unknown, unknown>, modelPath: string | undefined, variant: string, c: Counterexample): string {
  const cmd = ['npx', 'ppcheck', 'check'];
  if (modelPath !== undefined) cmd.push('--model', modelPath);
  cmd.push('--variant', variant, '--scenario', c.scenario);
  for (const b of family.bounds) if (c.bounds[b.name] !== undefined) cmd.push(boundFlag(b.name), String(c.bounds[b.name]));
  cmd.push('--mode', 'bfs', '--property', c.property);
  return cmd.map(quote).join(' ');
}

/**
 * The ending of a diff, in main's closed set (src/cli/endings.ts): violation (12) a property fails,
 * input-error (2) the proposal's code threw, internal-error (255) the model did, cut-short (3) no
 * violation but an exploration was cut (by diff's default limits or a flag), else verified (0).
 */
export function diffEnding(report: Pick<DiffReport, 'verdict' | 'errors' | 'complete' | 'incompleteReason'>): EndingInfo {
  return searchEnding({
    verdict: report.verdict === 'regression' ? 'violation' : report.verdict === 'error' ? 'error' : 'ok',
    complete: report.complete,
    incompleteReason: report.incompleteReason,
    inputError: report.errors.some((e) => proposalErrorLine(e.message)),
  });
}

/** The exit code of a diff (every ending explicit): diffEnding's. */
export function diffExitCode(report: Pick<DiffReport, 'verdict' | 'errors' | 'complete' | 'incompleteReason'>): ExitCode {
  return diffEnding(report).exitCode;
}

const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;

export function registerDiff(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('diff')
    .description('compare a proposed variant with a base (mainline): per-property verdicts, new counterexamples, state spaces, actions and behaviours')
    .addOption(new Option('--base <id>', "the variant to compare against (default: mainline, or the --base-model file's proposal)"))
    .addOption(new Option('--base-model <file.ts>', 'take the base from this model file (e.g. the fixed version of a proposal in another file)'))
    .addOption(new Option('--variant <id>', "the proposed variant (default: the --model file's proposal)"))
    .addOption(new Option('--scenario <id>', "compare under this scenario (repeatable; default: the variant's scenarios)").argParser(collect))
    .addOption(new Option('--property <id>', 'compare only this property (repeatable; default: every property of either side)').argParser(collect))
    .addOption(new Option('--max-states <n>', `stop each exploration after this many distinct states (default ${DIFF_DEFAULT_LIMITS.maxStates}; then: complete no)`).argParser(integerAtLeast(1)))
    .addOption(new Option('--time-limit <seconds>', `stop each exploration after this many seconds (default ${DIFF_DEFAULT_LIMITS.timeLimit}; then: complete no)`).argParser(parseSeconds))
    .addOption(new Option('--max-depth <n>', `explore each side to this BFS depth (default ${DIFF_DEFAULT_LIMITS.maxDepth}; then: complete no)`).argParser(integerAtLeast(0)))
    .addOption(new Option('--workers <n>', 'explore with n worker threads sharing one fingerprint set (same states and verdicts; behaviours are not recorded; default 1)').argParser(integerAtLeast(1)))
    .addOption(new Option('--coverage', 'text output: print how often each action fired on each side (--json always has it)'))
    .addOption(new Option('--format <format>', 'text (default), markdown (a reply for the mailing list, under 80 columns), json').choices([...DIFF_FORMATS]))
    .addOption(new Option('--brief', 'the markdown reply as plain text: table, new behaviours, the shortest counterexample, commands'))
    .addOption(new Option('--json', 'print one JSON object on stdout and nothing else (--format json)'))
    .addOption(new Option('--out-dir <dir>', 'write the counterexample of each newly failing property to <dir>/<variant>.<property>.itf.json (for `ppcheck replay`/`show`)'))
    .addOption(new Option('--model <file.ts>', 'load the family from this file (a proposal file: its proposal is the default --variant)'));
  const boundAttrs: { name: string; attr: string }[] = [];
  if (ctx.family.kind === 'loaded') {
    for (const b of ctx.family.loaded.family.bounds) {
      const flag = boundFlag(b.name);
      if (['base', 'variant', 'scenario', 'json', 'model', 'max-states', 'time-limit', 'max-depth', 'property', 'coverage', 'format', 'brief', 'workers', 'help'].includes(flag.slice(2))) continue;
      const range = b.names ? b.names.join('|') : `${b.min}..${b.max}`;
      const opt = new Option(`${flag} <n>`, `${b.description} (${range}; default: the variant's, else the scenario's)`).argParser(boundValue(b));
      cmd.addOption(opt);
      boundAttrs.push({ name: b.name, attr: opt.attributeName() });
    }
  }
  cmd.addHelpText(
    'after',
    `
Bounds: both sides run under the same bounds, in this order: a bound flag, else
the proposed variant's (a proposal's \`bounds\`), else the scenario's default.

Examples:
  npx ppcheck diff --model proposals/recycle-in-softirq.ts
  npx ppcheck diff --model proposals/recycle-in-softirq.ts --format markdown
  npx ppcheck diff --model bug.ts --base-model fix.ts
  npx ppcheck diff --base mainline --variant mutant-napi-local-no-owner-check --scenario rx-recycle

Exit codes:
  0    the variant violates no property that the base keeps, nor one of its own
  2    usage or input error (also: an exception or type error in a proposal file)
  12   the variant violates a property that the base keeps, or one of its own
  255  internal error`,
  );

  cmd.action(async (opts: Record<string, unknown>) => {
    if (ctx.family.kind !== 'loaded') throw new Error('model family not loaded');
    const loaded = ctx.family.loaded;
    const family = loaded.family;
    const variant = (opts.variant as string | undefined) ?? family.defaultVariant;
    if (variant === undefined) throw new UsageError('diff: give --variant <id> or --model <proposal.ts>');
    let baseLoaded: LoadedFamily = loaded;
    if (opts.baseModel !== undefined) baseLoaded = await loadFamily(opts.baseModel as string);
    const baseFamily = baseLoaded.family;
    const base = (opts.base as string | undefined) ?? (opts.baseModel !== undefined ? (baseFamily.defaultVariant ?? 'mainline') : 'mainline');
    if (base === variant && baseLoaded === loaded) throw new UsageError(`diff: --base and --variant are both '${base}'`);
    const vInfo = family.variants.find((v) => v.id === variant);
    if (!vInfo) throw new UsageError(`unknown variant '${variant}' (known: ${family.variants.map((v) => v.id).join(', ')})`);
    if (!baseFamily.variants.some((v) => v.id === base)) throw new UsageError(`unknown base '${base}' (known: ${baseFamily.variants.map((v) => v.id).join(', ')})`);
    const scenarios = (opts.scenario as string[] | undefined) ?? vInfo.scenarios;
    for (const s of scenarios) {
      if (!family.scenarios.some((x) => x.id === s)) throw new UsageError(`unknown scenario '${s}' (known: ${family.scenarios.map((x) => x.id).join(', ')})`);
    }
    const bounds: Record<string, number> = {};
    for (const b of boundAttrs) if (opts[b.attr] !== undefined) bounds[b.name] = opts[b.attr] as number;
    for (const spec of family.bounds) {
      const v = bounds[spec.name];
      if (v !== undefined && (v < spec.min || v > spec.max)) throw new UsageError(`${boundFlag(spec.name)} ${v} is out of range: ${spec.name} must be in ${spec.min}..${spec.max}`);
    }
    const format = opts.json === true ? 'json' : ((opts.format as string | undefined) ?? 'text');
    if (opts.brief === true && format !== 'text') throw new UsageError('--brief is a text format; it does not go with --format markdown or --json');
    const { runDiff } = await import('../diff/run.ts');
    const { formatDiffJson, formatDiffText } = await import('../diff/print.ts');
    const { formatDiffBrief, formatDiffMarkdown } = await import('../diff/reply.ts');
    const { progressObserver } = await import('./print/progress.ts');
    const parts = ['npx', 'ppcheck', 'diff'];
    if (loaded.modelPath !== undefined) parts.push('--model', loaded.modelPath);
    if (baseLoaded.modelPath !== undefined && baseLoaded !== loaded) parts.push('--base-model', baseLoaded.modelPath);
    parts.push('--base', base, '--variant', variant);
    for (const s of opts.scenario !== undefined ? scenarios : []) parts.push('--scenario', s);
    for (const p of (opts.property as string[] | undefined) ?? []) parts.push('--property', p);
    for (const spec of family.bounds) if (bounds[spec.name] !== undefined) parts.push(boundFlag(spec.name), String(bounds[spec.name]));
    if (opts.maxStates !== undefined) parts.push('--max-states', String(opts.maxStates));
    if (opts.timeLimit !== undefined) parts.push('--time-limit', String(opts.timeLimit));
    if (opts.maxDepth !== undefined) parts.push('--max-depth', String(opts.maxDepth));
    const command = parts.map(quote).join(' ');
    let observer: ReturnType<typeof progressObserver>;
    const workers = opts.workers as number | undefined;
    const report = await runDiff({
      ...(workers !== undefined && workers > 1 ? { workers: { count: workers, variant: familyModule(loaded), base: familyModule(baseLoaded) } } : {}),
      family,
      baseFamily,
      base,
      variant,
      scenarios,
      bounds,
      limits: {
        ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates as number } : {}),
        ...(opts.timeLimit !== undefined ? { timeLimit: opts.timeLimit as number } : {}),
        ...(opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth as number } : {}),
      },
      ...(opts.property !== undefined ? { properties: opts.property as string[] } : {}),
      // progress on a terminal only: "[diff exploration k of n: side/scenario]"
      listener: (side, scenario, k, n) => {
        observer?.done();
        observer = progressObserver({ isTTY: ctx.io.stderrIsTTY, write: ctx.io.stderr }, () => `[diff exploration ${k} of ${n}: ${side}/${scenario}]`);
        return observer?.listener(scenario);
      },
    });
    observer?.done();
    const checkCommand = (c: Counterexample) => checkCommandOf(family, loaded.modelPath, variant, c);
    const o = {
      model: loaded.source,
      ...(baseLoaded !== loaded ? { baseModel: baseLoaded.source } : {}),
      command,
      checkCommand,
      coverage: opts.coverage === true,
    } as DiffTextOptions & { traceFiles?: Record<string, string> };
    if (opts.outDir !== undefined) o.traceFiles = await writeTraces(opts.outDir as string, report, family, loaded.modelPath, variant);
    const ending = diffEnding(report);
    o.ending = { ending: ending.ending, exitCode: ending.exitCode, stoppedBy: ending.stoppedBy };
    const out =
      format === 'json' ? formatDiffJson(report, o) : format === 'markdown' ? formatDiffMarkdown(report, o) : opts.brief === true ? formatDiffBrief(report, o) : formatDiffText(report, o);
    ctx.io.stdout(out);
    for (const e of report.errors) {
      const line = proposalErrorLine(e.message);
      if (line) ctx.io.stderr(`ppcheck: ${line}\n`);
      else ctx.io.stderr(`ppcheck: internal error in the model (${e.side}/${e.scenario}): ${e.error}: ${e.message}\n`);
    }
    ctx.exitCode = ending.exitCode;
  });
}
