/**
 * `ppcheck show FILE [--format text|mermaid|json|columns]`
 *
 * Prints a counterexample file (ITF, written by `check --out`) as a kernel-style
 * text report, as a Mermaid sequence diagram (one lane per CPU and context, the
 * changes as notes), as plain JSON, or as the race diagram of kernel commit
 * messages (one column per CPU). Needs no model: the labels, actors and
 * changes are recorded in the file. Exit 0, or 2 for a bad file or format.
 */
import type { Command } from 'commander';
import { readTraceFile } from '../trace/itf.ts';
import { traceToColumns } from '../trace/columns.ts';
import { traceToJson } from '../trace/json.ts';
import { traceToMermaid } from '../trace/mermaid.ts';
import { printableFromRecorded } from '../trace/printable.ts';
import { shellWord, traceToText } from '../trace/text.ts';
import { EXIT, UsageError } from './exit.ts';
import type { CommandResult, TraceCliContext } from './replay.ts';

export const SHOW_FORMATS = ['text', 'mermaid', 'json', 'columns'] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];

export interface ShowCliOptions {
  format?: string;
  /** only repeated in the printed replay command */
  model?: string;
}

export function runShow(file: string, opts: ShowCliOptions): CommandResult {
  const format = opts.format ?? 'text';
  if (!(SHOW_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${SHOW_FORMATS.join(', ')}, not '${format}'`);
  }
  const rec = readTraceFile(file);
  const pt = printableFromRecorded(rec);
  const m = rec.meta;
  const header = {
    model: m.model,
    modelVersion: m.modelVersion,
    variant: m.variant,
    scenario: m.scenario,
    bounds: m.bounds,
    property: m.property,
    reason: m.reason,
    terminal: m.terminal,
    command: m.command,
  };
  let stdout: string;
  switch (format as ShowFormat) {
    case 'text':
      stdout = traceToText(pt, header, {
        file,
        ...(opts.model !== undefined ? { replayArgs: `--model ${shellWord(opts.model)}` } : {}),
      });
      break;
    case 'mermaid':
      stdout = traceToMermaid(pt, header);
      break;
    case 'columns':
      stdout = traceToColumns(pt, header, { changes: true });
      break;
    case 'json':
      stdout = traceToJson(pt, header, {
        toolVersion: m.toolVersion,
        initIndex: rec.initIndex,
        ...(m.mode !== undefined ? { mode: m.mode } : {}),
        ...(m.seed !== undefined ? { seed: m.seed } : {}),
      });
      break;
  }
  return { code: EXIT.ok, stdout };
}

export function registerShow(program: Command, ctx?: TraceCliContext): Command {
  return program
    .command('show')
    .description('Print a counterexample file (ITF) as text, a Mermaid sequence diagram, JSON, or a race diagram with one column per CPU')
    .argument('<file>', 'trace file written by `check --out` (.itf.json)')
    .option('--format <format>', `output format: ${SHOW_FORMATS.join(', ')}`, 'text')
    .option('--model <file.ts>', 'repeated in the printed replay command (the file is not loaded)')
    .action((file: string, opts: ShowCliOptions) => {
      const r = runShow(file, opts);
      (ctx?.io?.stdout ?? ((s: string) => void process.stdout.write(s)))(r.stdout);
      if (ctx) ctx.exitCode = r.code;
      else process.exitCode = r.code;
    });
}
