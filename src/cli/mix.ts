/**
 * `ppcheck mix`: which road each page takes under a workload profile. Runs
 * long seeded weighted random walks of a variant (and, with --against, of a
 * second one) and prints, per allocation and per free, the share of each road
 * with its confidence interval, the gauges, and the difference of the two
 * variants (src/mix/ does the work; this file parses, prints and writes).
 * Exit codes: 0 done, 2 bad input (one line), 255 internal error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ModelFamily } from '../family.ts';
import { ExactTooLarge } from '../mix/exact.ts';
import { mergeMixes } from '../mix/merge.ts';
import { mixPlotSvg } from '../mix/plot.ts';
import { formatMix } from '../mix/print.ts';
import { MixInputError, type MixOptions, type MixResult, runMix } from '../mix/run.ts';
import type { WorkloadFamily } from '../mix/workload.ts';
import { parseShard } from '../random/index.ts';
import { boundFlag, integerAtLeast, parseSeed } from './args.ts';
import { EXIT, UsageError, type ExitCode } from './exit.ts';
import type { LoadedFamily } from './load-family.ts';
import { toolVersion } from '../trace/version.ts';
import { formatTable } from './print/table.ts';

export interface MixCliContext {
  io?: { stdout(s: string): void; stderr?(s: string): void };
  family?: { kind: string; loaded?: LoadedFamily };
  exitCode?: ExitCode;
}

export const MIX_DEFAULTS = { seed: 1, runs: 30, warmup: 1000, steps: 4000, exactMaxStates: 100_000 };

/** `name=v1,v2,...` → [name, [v1, v2, ...]] (repeatable flag). */
function parseParam(value: string, previous: Record<string, number[]> | undefined): Record<string, number[]> {
  const m = /^([A-Za-z][\w-]*)=(.+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected name=value or name=v1,v2,...');
  const vs = m[2].split(',').map((x) => x.trim());
  if (vs.some((x) => !/^\d+(\.\d+)?$/.test(x))) throw new InvalidArgumentError(`expected non-negative decimal numbers, got "${m[2]}"`);
  return { ...(previous ?? {}), [m[1]]: vs.map(Number) };
}

function workloadsOf(ctx: MixCliContext | undefined): { family: ModelFamily<unknown, unknown>; workloads: WorkloadFamily<unknown, unknown> } {
  const loaded = ctx?.family?.kind === 'loaded' ? ctx.family.loaded : undefined;
  if (!loaded) throw new Error('model family not loaded');
  const w = loaded.family.workloads;
  if (!w) throw new UsageError(`model family ${loaded.family.name} has no workload profiles`);
  return { family: loaded.family, workloads: w };
}

export function formatProfiles(w: WorkloadFamily<unknown, unknown>): string {
  return formatTable(
    ['PROFILE', 'SCENARIO', 'VARIANTS', 'PARAMS', 'DESCRIPTION'],
    w.profiles.map((p) => [
      p.id,
      p.scenario,
      p.defaultAgainst !== undefined ? `${p.defaultVariant} vs ${p.defaultAgainst}` : p.defaultVariant,
      p.params.map((x) => `${x.name}=${x.default}`).join(' ') || '-',
      p.description,
    ]),
  );
}

export interface MixCliOptions {
  profile?: string;
  list?: boolean;
  variant?: string;
  against?: string;
  param?: Record<string, number[]>;
  seed?: number;
  runs?: number;
  warmup?: number;
  steps?: number;
  shard?: string;
  exact?: boolean;
  exactMaxStates?: number;
  json?: boolean;
  svg?: string;
  merge?: string[];
  [bound: string]: unknown;
}

/** Read `ppcheck mix --shard i/N --json` files and combine them (input errors as UsageError). */
export function mergeFiles(files: readonly string[]): MixResult {
  const results = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file}: malformed JSON (${(e as Error).message.split('\n')[0]})`);
    }
    const o = v as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || o.command !== 'mix' || o.format !== MIX_JSON_FORMAT || !Array.isArray(o.mixes) || typeof o.params !== 'object')
      throw new UsageError(`${file} is not the JSON of ppcheck mix (format ${MIX_JSON_FORMAT})`);
    const { format: _f, command: _c, toolVersion: _t, ...result } = o;
    return { file, result: result as unknown as MixResult };
  });
  try {
    return mergeMixes(results);
  } catch (e) {
    if (e instanceof MixInputError) throw new UsageError(e.message);
    throw e;
  }
}

/** Parse the flags into MixOptions (input errors as UsageError). */
export function mixOptions(family: ModelFamily<unknown, unknown>, w: WorkloadFamily<unknown, unknown>, o: MixCliOptions): MixOptions {
  if (o.profile === undefined) throw new UsageError(`mix needs --profile <id> (one of: ${w.profiles.map((p) => p.id).join(', ')}; --list describes them)`);
  const info = w.profiles.find((p) => p.id === o.profile);
  if (!info) throw new UsageError(`unknown profile '${o.profile}' (known: ${w.profiles.map((p) => p.id).join(', ')})`);
  const bounds: Record<string, number> = {};
  for (const b of family.bounds) if (o[b.name] !== undefined) bounds[b.name] = o[b.name] as number;
  let shard;
  try {
    shard = o.shard !== undefined ? parseShard(o.shard) : undefined;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (o.param) {
    const swept = Object.entries(o.param).filter(([, v]) => v.length > 1);
    if (swept.length > 1) throw new UsageError(`sweep one parameter at a time (got lists for ${swept.map(([k]) => k).join(', ')})`);
  }
  const variant = o.variant ?? info.defaultVariant;
  // --against only when asked: a plain run shows one variant
  if (o.against !== undefined && o.against === variant) throw new UsageError(`--against ${o.against} is the variant itself`);
  return {
    profile: info.id,
    variant,
    ...(o.against !== undefined ? { against: o.against } : {}),
    ...(o.param ? { params: o.param } : {}),
    ...(Object.keys(bounds).length > 0 ? { bounds } : {}),
    seed: o.seed ?? MIX_DEFAULTS.seed,
    runs: o.runs ?? MIX_DEFAULTS.runs,
    warmup: o.warmup ?? MIX_DEFAULTS.warmup,
    steps: o.steps ?? MIX_DEFAULTS.steps,
    ...(shard ? { shard } : {}),
    ...(o.exact ? { exactMaxStates: o.exactMaxStates ?? MIX_DEFAULTS.exactMaxStates } : {}),
  };
}

/** Run a mix from parsed options: the result, or a UsageError for bad input. */
export function runMixChecked(w: WorkloadFamily<unknown, unknown>, opts: MixOptions): MixResult {
  try {
    return runMix(w, opts);
  } catch (e) {
    if (e instanceof MixInputError) throw new UsageError(e.message);
    if (e instanceof ExactTooLarge) throw new UsageError(`--exact: the state space has ${e.message} (raise --exact-max-states or lower the bounds)`);
    throw e;
  }
}

/** Version of the JSON output contract (docs/schemas/mix.schema.json). */
export const MIX_JSON_FORMAT = 1;

/** The --json object: the result with the envelope every ppcheck --json object starts with. */
export function mixJson(r: MixResult): Record<string, unknown> {
  return { format: MIX_JSON_FORMAT, command: 'mix', toolVersion: toolVersion(), ...r };
}

export function registerMix(program: Command, ctx?: MixCliContext): Command {
  const cmd = program
    .command('mix')
    .description(
      'which road each page takes under a workload profile: long seeded random walks weighted by the profile\'s rates; the share of each allocation road (cache, ring refill, slow path) and free road (cache, ring, back to the page allocator and why), with 95% intervals, and the difference of two variants (--against)',
    )
    .addOption(new Option('--profile <id>', 'the workload profile (see --list)'))
    .addOption(new Option('--list', 'list the workload profiles and exit'))
    .addOption(new Option('--variant <id>', "the variant to run (default: the profile's)"))
    .addOption(new Option('--against <id>', 'a second variant: both mixes and their difference with its interval'))
    .addOption(new Option('--param <name=v[,v...]>', 'a profile parameter (e.g. hold=4); several values sweep it (one mix per value); repeatable').argParser(parseParam))
    .addOption(new Option('--seed <n>', `seed of the runs (default ${MIX_DEFAULTS.seed}); run r's seed depends only on the seed and r`).argParser(parseSeed))
    .addOption(new Option('--runs <n>', `independent runs per variant (default ${MIX_DEFAULTS.runs}): the batches of the intervals`).argParser(integerAtLeast(2)))
    .addOption(new Option('--warmup <n>', `steps of each run before counting (default ${MIX_DEFAULTS.warmup})`).argParser(integerAtLeast(0)))
    .addOption(new Option('--steps <n>', `counted steps of each run (default ${MIX_DEFAULTS.steps})`).argParser(integerAtLeast(1)))
    .addOption(new Option('--shard <i/N>', 'run only shard i of N (runs r with r mod N = i-1); the JSON keeps each run\'s counts'))
    .addOption(new Option('--exact', 'also compute the exact long-run shares: power iteration of the Markov chain over every reachable state (small bounds only)'))
    .addOption(new Option('--exact-max-states <n>', `give up --exact beyond this many states (default ${MIX_DEFAULTS.exactMaxStates})`).argParser(integerAtLeast(1)))
    .addOption(new Option('--json', 'print one JSON object (docs/schemas/mix.schema.json) and nothing else'))
    .addOption(new Option('--svg <file>', 'write the plot (vega-lite, rendered to SVG) to this file'))
    .addOption(new Option('--merge <files...>', 'combine the --json results of all shards of one mix (--shard i/N) into the unsharded result, then print it (text, --json, --svg)'));
  const loaded = ctx?.family?.kind === 'loaded' ? ctx.family.loaded : undefined;
  for (const b of loaded?.family.bounds ?? [])
    cmd.addOption(new Option(`${boundFlag(b.name)} <n>`, `${b.description} (${b.min}..${b.max}; default: the profile's)`).argParser(integerAtLeast(0)));
  return cmd.action(async (o: MixCliOptions) => {
    const { family, workloads } = workloadsOf(ctx);
    const out = ctx?.io?.stdout ?? ((s: string) => void process.stdout.write(s));
    if (o.list) {
      out(o.json ? JSON.stringify({ profiles: workloads.profiles }) + '\n' : formatProfiles(workloads) + '\n');
      return;
    }
    let result: MixResult;
    if (o.merge !== undefined) {
      const given = ['profile', 'variant', 'against', 'param', 'seed', 'runs', 'warmup', 'steps', 'shard', 'exact', ...family.bounds.map((b) => b.name)].filter((k) => o[k] !== undefined);
      if (given.length > 0) throw new UsageError(`--merge takes the mix from its files; drop ${given.map((k) => `--${k}`).join(', ')}`);
      result = mergeFiles(o.merge);
    } else result = runMixChecked(workloads, mixOptions(family, workloads, o));
    // the plot first: a file that cannot be written is an input error before anything is printed
    if (o.svg !== undefined) {
      const svg = await mixPlotSvg(result);
      try {
        writeFileSync(o.svg, svg);
      } catch (e) {
        throw new UsageError(`cannot write ${o.svg}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    }
    out(o.json ? JSON.stringify(mixJson(result)) + '\n' : formatMix(result) + (o.svg !== undefined ? `plot written to ${o.svg}\n` : ''));
    if (ctx) ctx.exitCode = EXIT.ok;
  });
}

