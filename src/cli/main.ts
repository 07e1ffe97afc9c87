/**
 * The ppcheck command line. One exit point: `runCli` maps every outcome to an
 * exit code of src/cli/exit.ts (0 ok, 2 usage/input, 12 violation, 255
 * internal), writing errors as one line `ppcheck: <problem>` on stderr (the
 * stack only with PPCHECK_DEBUG=1).
 *
 * Stages: argv → (pre-scan for the command and --model) → family loaded
 * lazily, only for the commands that need it → commander program (bound flags
 * generated from the family) → a command's typed stages → exit code.
 */
import { CommanderError } from 'commander';
import { EXIT, UsageError, type ExitCode } from './exit.ts';
import { endingOfCode, stoppedJson } from './endings.ts';
import { FamilyLoadError, loadFamily, type LoadedFamily } from './load-family.ts';
import type { FamilyState, Io } from './context.ts';
import { buildProgram, BUILTIN_COMMANDS, FAMILY_COMMANDS, OPTIONAL_COMMANDS } from './program.ts';

export type { Io };

export function processIo(): Io {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}

export { commandOf, modelArg } from './argv.ts';
import { commandOf, modelArg } from './argv.ts';

export async function runCli(argv: string[], outerIo: Io = processIo()): Promise<ExitCode> {
  const debug = outerIo.env.PPCHECK_DEBUG === '1';
  // what was printed: under --json an error must still leave exactly one JSON object on stdout
  let printed = false;
  let lastError = '';
  const io: Io = {
    ...outerIo,
    stdout: (s) => {
      printed = true;
      outerIo.stdout(s);
    },
    stderr: (s) => {
      lastError = s;
      outerIo.stderr(s);
    },
  };
  try {
    const { command, help } = commandOf(argv);
    let family: FamilyState = { kind: 'not-needed' };
    if (command !== undefined && FAMILY_COMMANDS.includes(command)) {
      try {
        family = { kind: 'loaded', loaded: await loadFamily(modelArg(argv)) };
      } catch (e) {
        // help must work without a loadable family; a run must not
        if (!help) throw e;
        family = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
      }
    }
    // the other modules' commands load only when one of them (or the command list) may be needed
    const loadOptional = command === undefined || !BUILTIN_COMMANDS.includes(command);
    const ctx = { io, family, exitCode: EXIT.ok as ExitCode };
    const program = await buildProgram(ctx, loadOptional ? OPTIONAL_COMMANDS : []);
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    const code = reportError(e, io, debug);
    if (!printed && code !== EXIT.ok && wantsJson(argv)) {
      const message = lastError.replace(/^ppcheck: /, '').split('\n')[0];
      io.stdout(stoppedJson(commandOf(argv).command, { ending: endingOfCode(code), exitCode: code, complete: false, stoppedBy: null }, message));
    }
    return code;
  }
}

/** --json given (before `--`): every ending, errors too, prints one JSON object. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

function oneLine(s: string): string {
  return s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}

export function reportError(e: unknown, io: Io, debug: boolean): ExitCode {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
    // no command given: commander has printed the help on stderr
    if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.stderr(`ppcheck: ${oneLine(e.message.replace(/^error: /, ''))}\n`);
    return EXIT.usage;
  }
  if (e instanceof UsageError || isNamed(e, 'UsageError') || isNamed(e, 'FamilyInputError') || isNamed(e, 'OptionsError') || isNamed(e, 'TraceFileError')) {
    io.stderr(`ppcheck: ${oneLine((e as Error).message)}\n`);
    if (debug) io.stderr(`${(e as Error).stack}\n`);
    return EXIT.usage;
  }
  const msg = e instanceof Error ? e.message : String(e);
  const hint = e instanceof FamilyLoadError || debug ? '' : ' (PPCHECK_DEBUG=1 shows the stack)';
  io.stderr(`ppcheck: ${e instanceof FamilyLoadError ? '' : 'internal error: '}${oneLine(msg)}${hint}\n`);
  if (debug && e instanceof Error) io.stderr(`${e.stack}\n`);
  return EXIT.internal;
}

function isNamed(e: unknown, name: string): boolean {
  return e instanceof Error && e.name === name;
}

export type { LoadedFamily };
