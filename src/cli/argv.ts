/**
 * What the CLI needs to know of argv before parsing it (the command, --model,
 * a flag's value): light, so that the supervisor (supervise.ts) can decide
 * without loading the command line parser and the commands.
 */

/** The value following `--model` (or `--model=x`) in argv, if any. */
export function modelArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--model' && i + 1 < argv.length) return argv[i + 1];
    if (a.startsWith('--model=')) return a.slice('--model='.length);
  }
  return undefined;
}

/** The subcommand named in argv (the first word that is not an option), and whether help is asked for. */
export function commandOf(argv: readonly string[]): { command: string | undefined; help: boolean } {
  const words = argv.filter((a) => !a.startsWith('-'));
  let command = words[0];
  const help = argv.includes('--help') || argv.includes('-h') || command === 'help';
  if (command === 'help') command = words[1];
  return { command, help };
}

/** The value of `--flag v` / `--flag=v` in argv (before `--`). */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === flag && i + 1 < argv.length) return argv[i + 1];
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  }
  return undefined;
}
