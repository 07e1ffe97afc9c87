#!/usr/bin/env node
// The `ppcheck` command: registers tsx so the TypeScript sources run as they
// are (no build step), then hands argv to src/cli/main.ts. The exit code is
// set, not forced, so piped stdout is flushed before the process ends.
import { register } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

// `ppcheck … | head`: a closed pipe ends the run quietly, not with an EPIPE stack trace
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

register();
// a --model file outside any "type": "module" package is loaded as CommonJS
registerCjs();
try {
  const { runCli } = await import('../src/cli/main.ts');
  process.exitCode = await runCli(process.argv.slice(2));
} catch (e) {
  // runCli maps every error to an exit code; reaching this means it could not even load.
  process.stderr.write(`ppcheck: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  if (process.env.PPCHECK_DEBUG === '1' && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 255;
}
