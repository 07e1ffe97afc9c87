/**
 * How a run ends: the closed set of endings, the same for every command,
 * search mode and worker count (docs/exit-codes.md says how CI reads them).
 *
 *   ending           exit  meaning
 *   verified           0   the search was complete and found no violation
 *   violation         12   a property is violated (a counterexample is printed)
 *   cut-short          3   no violation found, but the search was not complete:
 *                          stoppedBy time-limit | max-states | max-depth |
 *                          interrupt | memory | runs (random mode's budget)
 *   input-error        2   bad usage or input, or a model file at fault (one line on stderr)
 *   internal-error   255   a bug in ppcheck or in the shipped model
 *
 * Why 3: 12 is TLC's and Apalache's "safety violation"; TLC uses 10-14 for
 * its other violations (13: liveness, which a liveness search here may
 * report), 75 and up for its errors; Node itself exits 1 (uncaught error),
 * 4-7, 9-14 for its own failures and 128+n for a signal; the shell 126/127.
 * 3 is none of those (Node lists it as unused), and is distinct from 0, so a
 * CI step that treats non-zero as failure cannot take a cut-short run for a
 * proof.
 *
 * Every `--json` object carries `ending`, `exitCode`, `complete` and
 * `stoppedBy` (endingFields); a run that must be stopped from outside (the
 * supervisor: a second interrupt, a model step that never returns) prints
 * the minimal object of stoppedJson.
 */
import type { IncompleteReason } from '../engine/result.ts';
import { EXIT, type ExitCode } from './exit.ts';

export type Ending = 'verified' | 'violation' | 'cut-short' | 'input-error' | 'internal-error';

/** What stopped an incomplete search; 'runs': random mode ran its budget of walks (it is never complete). */
export type StoppedBy = IncompleteReason | 'runs';

export const STOPPED_BY: readonly StoppedBy[] = ['time-limit', 'max-states', 'max-depth', 'interrupt', 'memory', 'runs'];

export const ENDINGS: readonly { ending: Ending; code: ExitCode; meaning: string }[] = [
  { ending: 'verified', code: EXIT.ok, meaning: 'complete search, no violation' },
  { ending: 'violation', code: EXIT.violation, meaning: 'a property is violated' },
  { ending: 'cut-short', code: EXIT.cutShort, meaning: 'no violation found, but the search was cut short (limit, interrupt, memory)' },
  { ending: 'input-error', code: EXIT.usage, meaning: 'usage or input error, or a model file at fault' },
  { ending: 'internal-error', code: EXIT.internal, meaning: 'internal error' },
];

export interface EndingInfo {
  ending: Ending;
  exitCode: ExitCode;
  complete: boolean;
  /** null when complete, or when the run ended with a violation or an error */
  stoppedBy: StoppedBy | null;
}

/** The ending of a search that produced a verdict. */
export function searchEnding(r: {
  verdict: 'ok' | 'violation' | 'deadlock' | 'error';
  complete: boolean;
  incompleteReason?: IncompleteReason | undefined;
  mode?: string;
  /** the run ends as an input error (exit 2): a --model file at fault, an output file not written */
  inputError?: boolean;
}): EndingInfo {
  if (r.inputError) return { ending: 'input-error', exitCode: EXIT.usage, complete: r.verdict !== 'ok' && r.verdict !== 'error' && r.complete, stoppedBy: null };
  // a deadlock (a terminal state where a context still waits) is a violation of its property
  if (r.verdict === 'violation' || r.verdict === 'deadlock') return { ending: 'violation', exitCode: EXIT.violation, complete: r.complete, stoppedBy: null };
  if (r.verdict === 'error') return { ending: 'internal-error', exitCode: EXIT.internal, complete: false, stoppedBy: null };
  if (r.complete) return { ending: 'verified', exitCode: EXIT.ok, complete: true, stoppedBy: null };
  const stoppedBy: StoppedBy = r.incompleteReason ?? (r.mode === 'random' ? 'runs' : 'max-depth');
  return { ending: 'cut-short', exitCode: EXIT.cutShort, complete: false, stoppedBy };
}

/** The ending of an exit code that is not a search verdict (an error before or during the run). */
export function endingOfCode(code: ExitCode): Ending {
  return ENDINGS.find((e) => e.code === code)?.ending ?? 'internal-error';
}

/** The fields every --json object carries. */
export function endingFields(e: EndingInfo): { ending: Ending; exitCode: ExitCode; complete: boolean; stoppedBy: StoppedBy | null } {
  return { ending: e.ending, exitCode: e.exitCode, complete: e.complete, stoppedBy: e.stoppedBy };
}

/** "no, stopped by interrupt" / "yes" (the text report's `complete` line). */
export function completeText(complete: boolean, stoppedBy: StoppedBy | null | undefined): string {
  return complete ? 'yes' : `no${stoppedBy ? `, stopped by ${stoppedBy}` : ''}`;
}

/**
 * The one JSON object of a run that could not report (--json): an input or
 * internal error before or during the run, or a run stopped from outside (a
 * second interrupt, a model step that never returns, the memory limit
 * reached inside a step): the ending and the one-line message, no statistics.
 */
export function stoppedJson(command: string | undefined, e: EndingInfo, message: string): string {
  return JSON.stringify({ command: command ?? null, verdict: e.ending === 'cut-short' ? 'ok' : 'error', ...endingFields(e), partial: false, message }) + '\n';
}

/** The exit code for an exception a model file's own code raised (its author's input: exit 2). */
export const MODEL_AT_FAULT: ExitCode = EXIT.usage;
