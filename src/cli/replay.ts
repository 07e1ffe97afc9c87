/**
 * `ppcheck replay FILE [--variant X] [--model file.ts] [--json]`
 *
 * Re-executes a recorded counterexample (an ITF file written by
 * `check --out`) from its initial state on the model named in the file
 * (family, variant, scenario and bounds from its #meta), or on another
 * variant of it. Exit codes:
 *   12  the violation is reproduced (or the other variant violates another
 *       property along the recorded steps)
 *    0  on another variant: a recorded step is no longer enabled, or the
 *       trace replays and no longer violates its property
 *    2  the file is malformed or foreign (another model), its bounds are
 *       outside the family's ranges, or it does not replay to its violation on
 *       its own variant of the same model version (the model changed, or the
 *       trace was cut short); a --model file's code threw or is not deterministic
 * A trace of another model version (an older file) replays by its actions,
 * as on another variant: 12 when it still violates its property, 0 when not.
 *  255  the shipped model threw while replaying
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { duringSearch } from '../engine/control.ts';
import type { Model } from '../engine/model.ts';
import type { ModelFamily } from '../family.ts';
import { checkModelName, readTraceFile, type Recorded } from '../trace/itf.ts';
import { TraceFileError } from '../trace/errors.ts';
import { toJsonText } from '../trace/json.ts';
import { printableFromTrace, withoutGhosts } from '../trace/printable.ts';
import { escapeJsonText, printableLines, printableText, sanitizeRecorded } from '../trace/sanitize.ts';
import { replayRecorded, type Divergence, type ReplayOutcome } from '../trace/replay.ts';
import { culpritLines, runLines, shellWord, stepLines, violationLine } from '../trace/text.ts';
import { EXIT, type ExitCode } from './exit.ts';
import { endingOfCode } from './endings.ts';
import { jsonEnvelope } from './print/json.ts';
import { loadFamily, type LoadedFamily } from './load-family.ts';

/** What the CLI's main may pass to the trace commands (all optional; duck-typed). */
export interface TraceCliContext {
  io?: { stdout(s: string): void; stderr?(s: string): void };
  /** set by the command */
  exitCode?: ExitCode;
  /** a family main.ts already loaded for this argv (`--model` pre-scan) */
  family?: { kind: string; loaded?: LoadedFamily };
}

export interface ReplayCliOptions {
  variant?: string;
  model?: string;
  json?: boolean;
}

export interface CommandResult {
  code: ExitCode;
  stdout: string;
}

/** The family to use: the one main.ts loaded for this argv, else load it (lazily). */
export async function familyFor(modelPath: string | undefined, ctx?: TraceCliContext): Promise<LoadedFamily> {
  const pre = ctx?.family;
  if (pre?.kind === 'loaded' && pre.loaded && pre.loaded.modelPath === modelPath) return pre.loaded;
  return loadFamily(modelPath);
}

/** Build the model a trace names (or another variant of it); bad requests are usage errors (exit 2). */
export function buildFor(family: ModelFamily<unknown, unknown>, rec: Recorded, variant: string): Model<unknown, unknown> {
  checkRecordedBounds(family, rec);
  if (!family.variants.some((v) => v.id === variant)) {
    throw new TraceFileError(
      `unknown variant '${variant}' of ${family.name} (known: ${family.variants.map((v) => v.id).join(', ')})`,
    );
  }
  if (!family.scenarios.some((s) => s.id === rec.meta.scenario)) {
    throw new TraceFileError(`the trace's scenario '${rec.meta.scenario}' is not a scenario of ${family.name}`);
  }
  return family.build({ variant, scenario: rec.meta.scenario, bounds: rec.meta.bounds });
}

/** The trace's bounds must be the family's, each within its range (a bound of 5e7 would build a model of that size). */
export function checkRecordedBounds(family: ModelFamily<unknown, unknown>, rec: Recorded): void {
  const b = rec.meta.bounds;
  for (const name of Object.keys(b)) {
    if (!family.bounds.some((x) => x.name === name)) {
      throw new TraceFileError(`#meta.bounds.${name}: not a bound of ${family.name} (its bounds: ${family.bounds.map((x) => x.name).join(', ')})`);
    }
  }
  for (const spec of family.bounds) {
    if (b[spec.name] === undefined && spec.absentMeans !== undefined) b[spec.name] = spec.absentMeans; // recorded before the bound existed
    const v = b[spec.name];
    if (v === undefined) throw new TraceFileError(`#meta.bounds.${spec.name}: missing`);
    if (v < spec.min || v > spec.max) throw new TraceFileError(`#meta.bounds.${spec.name}: ${v} is out of range ${spec.min}..${spec.max}`);
  }
}

function divergenceLines(d: Divergence, variant: string): string[] {
  d = { ...d, label: printableText(d.label), details: d.details.map(printableText) };
  const what = d.how === 'not-enabled' ? `is not enabled on variant ${variant}` : `leads elsewhere on variant ${variant}`;
  const head = d.step === 0 ? `diverges at the initial state: ${what}` : `diverges at step ${d.step}: ${d.label} ${what}`;
  return [head, ...d.details.map((x) => `    ${x}`)];
}

function exitOf(o: ReplayOutcome<unknown, unknown>): ExitCode {
  switch (o.kind) {
    case 'reproduced':
    case 'violates-other':
      return EXIT.violation;
    case 'diverged':
    case 'no-longer-violates':
      return EXIT.ok;
    case 'state-mismatch':
    case 'unknown-property':
      return EXIT.usage;
    case 'model-error':
      return EXIT.internal;
  }
}

/**
 * The model file a trace needs: `--model` when given, else the one recorded
 * in the trace (`#meta.model-path`, or the `--model` of its recorded command),
 * which must still exist; undefined = the shipped model.
 */
export function recordedModel(file: string, rec: Recorded, given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  const recorded = rec.meta.modelPath ?? /(?:^| )--model (\S+)/.exec(rec.meta.command ?? '')?.[1]?.replace(/^'(.*)'$/, '$1');
  if (recorded === undefined) return undefined;
  if (!existsSync(recorded)) {
    throw new TraceFileError(`${file}: the trace was found with --model ${recorded}, which does not exist (from ${process.cwd()}); give --model <file>`);
  }
  return recorded;
}

/** The record fields (paths) one state has and the other has not, or null when both have the same layout. */
export function layoutDifference(recorded: unknown, current: unknown): string | null {
  const paths = (v: unknown, at: string, out: Set<string>): Set<string> => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) paths(x, at === '' ? k : `${at}.${k}`, out.add(at === '' ? k : `${at}.${k}`));
    else if (Array.isArray(v) && v.length > 0) paths(v[0], `${at}[]`, out);
    return out;
  };
  if (recorded === undefined || current === undefined) return null;
  const a = paths(recorded, '', new Set());
  const b = paths(current, '', new Set());
  const added = [...b].filter((x) => !a.has(x));
  const gone = [...a].filter((x) => !b.has(x));
  if (added.length === 0 && gone.length === 0) return null;
  return [added.length > 0 ? `fields added: ${added.slice(0, 4).join(', ')}` : '', gone.length > 0 ? `fields gone: ${gone.slice(0, 4).join(', ')}` : ''].filter((x) => x !== '').join('; ');
}

/** Replay a trace file; returns the exit code and what to print (errors are thrown). */
export async function runReplay(file: string, opts: ReplayCliOptions, ctx?: TraceCliContext): Promise<CommandResult> {
  const rec = readTraceFile(file);
  const modelPath = recordedModel(file, rec, opts.model);
  const loaded = await familyFor(modelPath, ctx);
  const family = loaded.family;
  try {
    checkModelName(rec.meta, family);
  } catch (e) {
    if (e instanceof TraceFileError) throw new TraceFileError(`${file}: ${e.message}`);
    throw e;
  }
  const recordedVariant = rec.meta.variant;
  const variant = opts.variant ?? recordedVariant;
  let model: Model<unknown, unknown>;
  try {
    model = buildFor(family, rec, variant);
  } catch (e) {
    if (e instanceof TraceFileError && e.message.startsWith('#meta')) throw new TraceFileError(`${file}: ${e.message}`);
    throw e;
  }
  // a trace of another model version replays by its actions (its states may have another layout);
  // so does one whose states have another layout than this model's under the same version number
  // (a field added without a version bump): the layout, not the version string, decides
  const layout = layoutDifference(rec.steps[0]?.state, model.init()[rec.initIndex]);
  const otherVersion = rec.meta.modelVersion !== family.version || layout !== null;
  const sameVariant = variant === recordedVariant && !otherVersion;
  // counted as a search: the supervisor's step watchdog watches a replay too
  const o = duringSearch(() => replayRecorded(model, rec, { sameVariant, otherVersion }));
  const code = exitOf(o);

  if (o.kind === 'state-mismatch') {
    throw new TraceFileError(
      `${file}: does not replay on variant ${variant} at ${o.step === 0 ? 'the initial state' : `step ${o.step} (${o.label})`}: ${o.details[0] ?? 'different state'}; the trace was written by a different ${family.name} model (same version ${family.version}?)`,
    );
  }
  if (o.kind === 'unknown-property') {
    throw new TraceFileError(
      `${file}: property '${o.property}' is not checked by ${family.name} variant ${variant} (it checks: ${o.known.join(', ')})`,
    );
  }
  if (o.kind === 'model-error') {
    // a --model file's code is its author's input (exit 2); the shipped model's failure is a bug (255)
    if (opts.model !== undefined) throw new TraceFileError(`${opts.model}: model code failed while replaying ${file} at step ${o.step}: ${o.message}`);
    throw new Error(`the model threw while replaying ${file} at step ${o.step}: ${o.message}`);
  }
  if (o.kind === 'no-longer-violates' && sameVariant) {
    // "no longer violates" is the answer for a fix on another variant; on its own variant the trace must reproduce
    throw new TraceFileError(
      `${file}: does not reproduce on its own variant ${variant}: its ${rec.steps.length - 1} step${rec.steps.length === 2 ? '' : 's'} replay without violating ${rec.meta.property} (the trace is cut short, or the model changed)`,
    );
  }

  const modelArgs = modelPath !== undefined ? ` --model ${shellWord(modelPath)}` : '';
  if (opts.json) {
    const pt = printableFromTrace(model, o.trace);
    // the same keys for every outcome (docs/schemas/replay.schema.json): null where an outcome has none
    const data = {
      ...jsonEnvelope('replay'),
      file,
      recordedVariant,
      variant,
      recordedModelVersion: rec.meta.modelVersion,
      modelVersion: family.version,
      outcome: o.kind,
      property: rec.meta.property,
      // the ending (src/cli/endings.ts): a replay is a complete check of one path
      ending: endingOfCode(code),
      exitCode: code,
      violation: o.kind === 'reproduced' || o.kind === 'violates-other' ? { property: o.property, reason: o.reason, step: o.step, terminal: o.terminal } : null,
      divergence: 'divergence' in o && o.divergence ? o.divergence : null,
      stop: o.kind === 'diverged' ? o.stop : null,
      note: o.kind === 'no-longer-violates' && o.note ? o.note : null,
      // a lasso (liveness counterexample): the state the last one returns to
      loopStart: rec.loopStart ?? null,
      steps: pt.steps.map((s) => ({ index: s.index, label: s.label, changes: s.changes })),
    };
    return { code, stdout: escapeJsonText(toJsonText(data)) };
  }

  const lines: string[] = [];
  const n = rec.steps.length - 1;
  const on = variant === recordedVariant ? `variant ${variant}` : `variant ${variant} (recorded on variant ${recordedVariant})`;
  lines.push(`replaying ${file}: ${n} step${n === 1 ? '' : 's'} to ${rec.meta.property}, on ${on}`);
  for (const l of runLines({ ...sanitizeRecorded(rec).meta, variant: undefined })) lines.push(`  ${l}`);
  if (otherVersion) {
    const how = layout !== null && rec.meta.modelVersion === family.version ? ` (same version number, another state layout: ${layout})` : '';
    lines.push(`  recorded by ${family.name} model version ${rec.meta.modelVersion}, replayed on version ${family.version}${how}: actions matched by value or label, states not compared`);
  }
  lines.push('');
  // culprits only where the recorded violation is reproduced; ghost fields are model bookkeeping
  const shown = withoutGhosts(printableFromTrace(model, o.trace, o.kind === 'reproduced' ? o.property : undefined));
  // a lasso replayed as recorded: mark its loop (the cycle was checked to close)
  if (o.kind === 'reproduced' && rec.loopStart !== undefined && o.step === n) shown.loopStart = rec.loopStart;
  lines.push(...stepLines(shown));
  lines.push('');
  if ('divergence' in o && o.divergence) lines.push(...divergenceLines(o.divergence, variant));
  switch (o.kind) {
    case 'reproduced': {
      const when = o.step === n ? 'as recorded' : `earlier than recorded (step ${n})`;
      lines.push(violationLine(o));
      lines.push(...culpritLines(shown));
      lines.push(`reproduced: ${o.property} is violated at step ${o.step}, ${when}`);
      break;
    }
    case 'violates-other':
      lines.push(violationLine(o));
      lines.push(
        `variant ${variant} violates ${o.property} at step ${o.step}, before the recorded violation of ${o.recordedProperty}`,
      );
      break;
    case 'diverged':
      if (o.stop !== o.divergence) lines.push(...divergenceLines(o.stop, variant).map((l, i) => (i === 0 ? `then ${l.replace(/^diverges /, 'stops ')}` : l)));
      lines.push(
        `no property is violated along the ${o.trace.steps.length - 1} step${o.trace.steps.length === 2 ? '' : 's'} that replay; the recorded run cannot continue on variant ${variant}`,
      );
      lines.push(`no longer violates ${o.property} along this trace`);
      break;
    case 'no-longer-violates':
      if (o.note) lines.push(`note: ${o.note}`);
      lines.push(`no longer violates ${o.property}`);
      break;
  }
  if (variant !== recordedVariant && (o.kind === 'reproduced' || o.kind === 'violates-other')) {
    lines.push(`replay: npx ppcheck replay ${shellWord(file)} --variant ${shellWord(variant)}${modelArgs}`);
  }
  // the trace's strings (labels, recorded states in divergences) are data: no control character reaches the terminal
  return { code, stdout: printableLines(lines.join('\n')) + '\n' };
}

export function registerReplay(program: Command, ctx?: TraceCliContext): Command {
  return program
    .command('replay')
    .description(
      'Re-execute a counterexample file (ITF) step by step and check it still violates its property; with --variant, replay it on another variant (e.g. the fixed one) and say where behaviour diverges',
    )
    .argument('<file>', 'trace file written by `check --out` (.itf.json)')
    .option('--variant <id>', 'replay on this variant instead of the recorded one')
    .option('--model <file.ts>', "a module exporting `family` (default: the one the trace records, else the page_pool model)")
    .option('--json', 'print the outcome as JSON (one line)')
    .addHelpText(
      'after',
      `
Exit codes:
  12   the violation is reproduced (or the other variant violates another property on the way)
  0    on another variant: the recorded run no longer violates its property
       (a recorded step is not enabled, or every step replays and the property holds)
  2    bad or foreign file, another model version, or the trace does not replay on its own variant
  255  the model threw while replaying`,
    )
    .action(async (file: string, opts: ReplayCliOptions) => {
      const r = await runReplay(file, opts, ctx);
      (ctx?.io?.stdout ?? ((s: string) => void process.stdout.write(s)))(r.stdout);
      if (ctx) ctx.exitCode = r.code;
      else process.exitCode = r.code;
    });
}
