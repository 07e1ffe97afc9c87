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
import { Command, Option } from 'commander';
import type { ExitCode } from './exit.ts';
import { EXIT, UsageError } from './exit.ts';
import { boundFlag, integerAtLeast, parseSeconds } from './args.ts';
import type { CliContext } from './context.ts';
import { proposalErrorLine } from './proposal-error.ts';

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
    if (p.change !== 'newly-fails' || !c) continue;
    const file = join(dir, `${variant}.${p.id}.itf.json`);
    const model = family.build({ variant, scenario: c.scenario, bounds: c.bounds });
    const cmd = ['npx', 'ppcheck', 'check'];
    if (modelPath !== undefined) cmd.push('--model', modelPath);
    cmd.push('--variant', variant, '--scenario', c.scenario, '--property', p.id);
    for (const b of family.bounds) if (c.bounds[b.name] !== undefined) cmd.push(boundFlag(b.name), String(c.bounds[b.name]));
    cmd.push('--mode', 'bfs');
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
          command: cmd.map(quote).join(' '),
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

export function registerDiff(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('diff')
    .description('compare a proposed variant with a base (mainline): per-property verdicts, new counterexamples, state spaces, actions and behaviours')
    .addOption(new Option('--base <id>', 'the variant to compare against').default('mainline'))
    .addOption(new Option('--variant <id>', "the proposed variant (default: the --model file's proposal)"))
    .addOption(new Option('--scenario <id>', "compare under this scenario (repeatable; default: the variant's scenarios)").argParser(collect))
    .addOption(new Option('--max-states <n>', 'stop each exploration after this many distinct states (then: complete no)').argParser(integerAtLeast(1)))
    .addOption(new Option('--time-limit <seconds>', 'stop each exploration after this many seconds (then: complete no)').argParser(parseSeconds))
    .addOption(new Option('--json', 'print one JSON object on stdout and nothing else'))
    .addOption(new Option('--out-dir <dir>', 'write the counterexample of each newly failing property to <dir>/<variant>.<property>.itf.json (for `ppcheck replay`/`show`)'))
    .addOption(new Option('--model <file.ts>', 'load the family from this file (a proposal file: its proposal is the default --variant)'));
  const boundAttrs: { name: string; attr: string }[] = [];
  if (ctx.family.kind === 'loaded') {
    for (const b of ctx.family.loaded.family.bounds) {
      const flag = boundFlag(b.name);
      if (['base', 'variant', 'scenario', 'json', 'model', 'max-states', 'time-limit', 'help'].includes(flag.slice(2))) continue;
      const opt = new Option(`${flag} <n>`, `${b.description} (${b.min}..${b.max}; default: the scenario's)`).argParser(integerAtLeast(Number.MIN_SAFE_INTEGER));
      cmd.addOption(opt);
      boundAttrs.push({ name: b.name, attr: opt.attributeName() });
    }
  }
  cmd.addHelpText(
    'after',
    `
Examples:
  npx ppcheck diff --model proposals/recycle-in-softirq.ts
  npx ppcheck diff --base mainline --variant mutant-napi-local-no-owner-check --scenario rx-recycle

Exit codes:
  0    the variant violates no property that the base keeps
  2    usage or input error (also: an exception in a proposal file's code)
  12   the variant violates a property that the base keeps
  255  internal error`,
  );

  cmd.action(async (opts: Record<string, unknown>) => {
    if (ctx.family.kind !== 'loaded') throw new Error('model family not loaded');
    const loaded = ctx.family.loaded;
    const family = loaded.family;
    const variant = (opts.variant as string | undefined) ?? family.defaultVariant;
    if (variant === undefined) throw new UsageError('diff: give --variant <id> or --model <proposal.ts>');
    const base = opts.base as string;
    if (base === variant) throw new UsageError(`diff: --base and --variant are both '${base}'`);
    const vInfo = family.variants.find((v) => v.id === variant);
    if (!vInfo) throw new UsageError(`unknown variant '${variant}' (known: ${family.variants.map((v) => v.id).join(', ')})`);
    if (!family.variants.some((v) => v.id === base)) throw new UsageError(`unknown base '${base}' (known: ${family.variants.map((v) => v.id).join(', ')})`);
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
    const { runDiff } = await import('../diff/run.ts');
    const { formatDiffJson, formatDiffText } = await import('../diff/print.ts');
    const { progressObserver } = await import('./print/progress.ts');
    const parts = ['npx', 'ppcheck', 'diff'];
    if (loaded.modelPath !== undefined) parts.push('--model', loaded.modelPath);
    parts.push('--base', base, '--variant', variant);
    for (const s of opts.scenario !== undefined ? scenarios : []) parts.push('--scenario', s);
    for (const spec of family.bounds) if (bounds[spec.name] !== undefined) parts.push(boundFlag(spec.name), String(bounds[spec.name]));
    if (opts.maxStates !== undefined) parts.push('--max-states', String(opts.maxStates));
    if (opts.timeLimit !== undefined) parts.push('--time-limit', String(opts.timeLimit));
    const command = parts.map(quote).join(' ');
    let observer: ReturnType<typeof progressObserver>;
    const report = runDiff({
      family,
      base,
      variant,
      scenarios,
      bounds,
      ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates as number } : {}),
      ...(opts.timeLimit !== undefined ? { timeLimit: opts.timeLimit as number } : {}),
      listener: (side, scenario) => {
        observer?.done();
        observer = progressObserver({ isTTY: ctx.io.stderrIsTTY, write: ctx.io.stderr }, () => `[diff ${side}/${scenario}]`);
        return observer?.listener(scenario);
      },
    });
    observer?.done();
    const o: { model: string; command: string; traceFiles?: Record<string, string> } = { model: loaded.source, command };
    if (opts.outDir !== undefined) o.traceFiles = await writeTraces(opts.outDir as string, report, family, loaded.modelPath, variant);
    ctx.io.stdout(opts.json === true ? formatDiffJson(report, o) : formatDiffText(report, o));
    let code: ExitCode = report.verdict === 'regression' ? EXIT.violation : report.verdict === 'error' ? EXIT.internal : EXIT.ok;
    for (const e of report.errors) {
      const line = proposalErrorLine(e.message);
      if (line) {
        ctx.io.stderr(`ppcheck: ${line}\n`);
        code = EXIT.usage;
      } else ctx.io.stderr(`ppcheck: internal error in the model (${e.side}/${e.scenario}): ${e.error}: ${e.message}\n`);
    }
    ctx.exitCode = code;
  });
}
