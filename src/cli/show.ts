/**
 * `ppcheck show FILE [--format text|mermaid|json|columns|html] [--step N]`
 *
 * Prints a counterexample file (ITF, written by `check --out`) as a kernel-style
 * text report, as a Mermaid sequence diagram (one lane per CPU and context, the
 * changes as notes), as plain JSON, as the race diagram of kernel commit
 * messages (one column per CPU), or as one self-contained HTML page to step
 * through; `--step N` prints the whole state after step N instead. The labels,
 * actors, changes, reads and culprits are recorded in the file; the model
 * family is loaded only to name the state's fields (--step, html), and a
 * trace it cannot read is shown as raw state. Exit 0, or 2 for a bad file,
 * format or step.
 */
import type { Command } from 'commander';
import type { ModelFamily } from '../family.ts';
import { readTraceFile, type Recorded } from '../trace/itf.ts';
import { traceToColumns } from '../trace/columns.ts';
import { toJsonText, traceToJsonData } from '../trace/json.ts';
import { traceToMermaid } from '../trace/mermaid.ts';
import { printableFromRecorded, withoutGhosts } from '../trace/printable.ts';
import { stateAtStep } from '../trace/state-text.ts';
import { replayCommand, shellWord, traceToText } from '../trace/text.ts';
import { EXIT, UsageError } from './exit.ts';
import { jsonEnvelope } from './print/json.ts';
import { loadFamily } from './load-family.ts';
import { htmlReport, stateViews } from './report-html.ts';
import { escapeJsonText, printableLines, sanitizeRecorded } from '../trace/sanitize.ts';
import type { CommandResult, TraceCliContext } from './replay.ts';

export const SHOW_FORMATS = ['text', 'mermaid', 'json', 'columns', 'html'] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];

export interface ShowCliOptions {
  format?: string;
  /** the model family file: repeated in the printed replay command, and names the state's fields */
  model?: string;
  /** print the state after this step */
  step?: string;
  /** text: print the fields each step read */
  reads?: boolean;
  /** show the model's ghost fields */
  ghosts?: boolean;
}

/** The family that wrote the trace, if it loads and is the one named in the file; else undefined. */
async function familyOf(rec: Recorded, modelPath: string | undefined): Promise<ModelFamily<unknown, unknown> | undefined> {
  try {
    const { family } = await loadFamily(modelPath);
    return family.name === rec.meta.model ? family : undefined;
  } catch {
    return undefined;
  }
}

export async function runShow(file: string, opts: ShowCliOptions): Promise<CommandResult> {
  const format = opts.format ?? 'text';
  if (!(SHOW_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${SHOW_FORMATS.join(', ')}, not '${format}'`);
  }
  let step: number | undefined;
  if (opts.step !== undefined) {
    if (!/^[0-9]+$/.test(opts.step)) throw new UsageError(`--step must be a step number (0, 1, …), not '${opts.step}'`);
    step = Number(opts.step);
  }
  // a trace is data, maybe crafted: every string it carries is printed through the one sanitizer
  const raw = readTraceFile(file);
  const rec = format === 'json' ? raw : sanitizeRecorded(raw);
  const all = printableFromRecorded(rec);
  const pt = opts.ghosts ? all : withoutGhosts(all);
  if (step !== undefined && step >= pt.steps.length) {
    throw new UsageError(`--step ${step}: the trace has steps 0..${pt.steps.length - 1}`);
  }
  const m = rec.meta;
  const header = {
    model: m.model,
    modelVersion: m.modelVersion,
    variant: m.variant,
    scenario: m.scenario,
    bounds: m.bounds,
    property: m.property,
    ...(m.propertyDescription !== undefined ? { propertyDescription: m.propertyDescription } : {}),
    reason: m.reason,
    terminal: m.terminal,
    // the recorded command is data, not a command line ppcheck vouches for: shown quoted
    command: m.command === undefined || format === 'json' ? m.command : JSON.stringify(m.command),
  };
  // the replay line names the model file the trace needs: --model, else the one the trace records
  const model = opts.model ?? rec.meta.modelPath ?? /(?:^| )--model (\S+)/.exec(m.command ?? '')?.[1];
  const replayArgs = model !== undefined ? { replayArgs: `--model ${shellWord(model)}` } : {};
  if (step !== undefined) {
    const views = stateViews(pt, await familyOf(rec, opts.model));
    return { code: EXIT.ok, stdout: printableLines(stateAtStep(pt, step, views?.[step], step > 0 ? views?.[step - 1] : undefined)) };
  }
  let stdout: string;
  switch (format as ShowFormat) {
    case 'text':
      stdout = traceToText(pt, header, { file, ...replayArgs, ...(opts.reads ? { reads: true } : {}) });
      break;
    case 'mermaid':
      stdout = traceToMermaid(pt, header);
      break;
    case 'columns':
      stdout = traceToColumns(pt, header, { changes: true });
      break;
    case 'html': {
      const family = await familyOf(rec, opts.model);
      stdout = htmlReport(all, header, {
        ...(family ? { family } : {}),
        ...(opts.ghosts ? { ghosts: true } : {}),
        replay: replayCommand(file, replayArgs),
      });
      break;
    }
    case 'json':
      // the trace's meta.toolVersion is the version that wrote the file; the envelope's, this one
      stdout = toJsonText({
        ...jsonEnvelope('show'),
        ...traceToJsonData(all, header, {
          toolVersion: m.toolVersion,
          initIndex: rec.initIndex,
          ...(m.mode !== undefined ? { mode: m.mode } : {}),
          ...(m.seed !== undefined ? { seed: m.seed } : {}),
        }),
      });
      break;
  }
  // the last pass: no control character but the newline reaches the terminal, whatever a printer did
  // (an HTML page is a document, its printer escapes what it shows)
  return { code: EXIT.ok, stdout: format === 'json' ? escapeJsonText(stdout) : format === 'html' ? stdout : printableLines(stdout) };
}

export function registerShow(program: Command, ctx?: TraceCliContext): Command {
  return program
    .command('show')
    .description(
      'Print a counterexample file (ITF) as text, a Mermaid sequence diagram, JSON, a race diagram with one column per CPU, or an HTML page to step through; or the whole state after one step',
    )
    .argument('<file>', 'trace file written by `check --out` (.itf.json)')
    .option('--format <format>', `output format: ${SHOW_FORMATS.join(', ')}`, 'text')
    .option('--step <n>', 'print the whole state after step n in kernel terms (pools, pages, skbs, per-CPU contexts)')
    .option('--reads', 'text: print the fields each step read')
    .option('--ghosts', "print the model's ghost fields (bookkeeping that properties read; hidden by default)")
    .option('--model <file.ts>', 'the model family file: repeated in the printed replay command, and loaded to name the state fields (--step, html)')
    .action(async (file: string, opts: ShowCliOptions) => {
      const r = await runShow(file, opts);
      (ctx?.io?.stdout ?? ((s: string) => void process.stdout.write(s)))(r.stdout);
      if (ctx) ctx.exitCode = r.code;
      else process.exitCode = r.code;
    });
}
