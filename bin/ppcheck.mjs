#!/usr/bin/env node
// The `ppcheck` command: registers tsx so the TypeScript sources run as they
// are (no build step), then hands argv to the supervisor (src/cli/supervise.ts),
// which runs the command in a worker thread and handles SIGINT/SIGTERM and the
// memory limit here. This file spawns no child process: there is no child to
// forward signals to (under `npx`, npm's own process is the parent). The exit
// code is set, not forced, so piped stdout is flushed before the process ends.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

// `ppcheck … | head`: a closed pipe ends the run quietly, not with an EPIPE stack trace
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// tsx starts its WebAssembly module lexer in the background and parses in JavaScript
// without it; under `ulimit -v` V8 cannot reserve the lexer's memory, and that
// rejection (nobody awaits it) would end the process: it is no error of ours
process.on('unhandledRejection', (e) => {
  if (e instanceof RangeError && /Wasm memory/.test(e.message)) return;
  throw e;
});
// the same guard in the module-hooks thread, before tsx's hooks load there
registerHooks(new URL('./wasm-guard.mjs', import.meta.url));
register();
// a --model file outside any "type": "module" package is loaded as CommonJS
registerCjs();
try {
  const { runCliSupervised } = await import('../src/cli/supervise.ts');
  process.exitCode = await runCliSupervised(process.argv.slice(2));
} catch (e) {
  // runCli maps every error to an exit code; reaching this means it could not even load.
  process.stderr.write(`ppcheck: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  if (process.env.PPCHECK_DEBUG === '1' && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 255;
}
