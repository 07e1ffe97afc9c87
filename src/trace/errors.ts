/**
 * A problem with a trace file (malformed, truncated, foreign, written by
 * another model version). The message is one line and names what is wrong
 * and where, e.g. `states[3].#meta.action: missing`. The CLI prints it and
 * exits 2.
 */
export class TraceFileError extends Error {
  override name = 'TraceFileError';
}
