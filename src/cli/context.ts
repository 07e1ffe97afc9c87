/**
 * What every command of the CLI is given: the terminal (Io), the model family
 * main.ts loaded for this argv, and the exit code the command sets. Types only,
 * in their own module so that main.ts, program.ts and the commands import them
 * without importing each other (no import circle main → program → diff → program).
 */
import type { ExitCode } from './exit.ts';
import type { LoadedFamily } from './load-family.ts';

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  /** progress lines and colours are only for terminals */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
}

export type FamilyState =
  | { kind: 'not-needed' }
  | { kind: 'loaded'; loaded: LoadedFamily }
  /** only while showing help */
  | { kind: 'failed'; message: string };

export interface CliContext {
  io: Io;
  family: FamilyState;
  exitCode: ExitCode;
}
