/**
 * An exception raised by a model file's own code (a proposal's step or
 * property) is the user's input error: its one-line message names the file's
 * line, "<file>:<line>:<col>: in replace.<fn>: <error>" (model/proposal.ts
 * writes it). `check` and `diff` print that line and exit 2.
 */
const PROPOSAL_FRAME = /([^\s:()]+\.[cm]?[tj]s:\d+:\d+: in .*)$/;

/**
 * The one-line message of a model exception raised by a proposal file's own
 * code, or null when the exception is not located in a proposal file (then it
 * is an internal error).
 */
export function proposalErrorLine(message: string): string | null {
  const m = PROPOSAL_FRAME.exec(message);
  return m ? m[1] : null;
}
