/**
 * The closed set of exit codes (after TLC and Apalache, so CI scripts carry
 * over); src/cli/endings.ts maps each way a run ends to one of them.
 */
export const EXIT = {
  /** no violation */
  ok: 0,
  /** a usage or input error: one line naming the problem, no stack trace */
  usage: 2,
  /** no violation found, but the search was cut short (a limit, an interrupt, the memory limit) */
  cutShort: 3,
  /** a property was violated */
  violation: 12,
  /** an internal error (a bug in ppcheck or in a model) */
  internal: 255,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A user error: the CLI prints `ppcheck: <message>` on one line and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
