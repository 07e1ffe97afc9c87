// Worker entry for parallel.ts: registers the tsx loader in this thread (a
// Worker's execArgv --import is not enough on Node 20), then runs the worker.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

// tsx starts its WebAssembly module lexer in the background and parses in JavaScript
// without it; under `ulimit -v` V8 cannot reserve the lexer's memory, and that
// rejection (nobody awaits it) would end the process: it is no error of ours
process.on('unhandledRejection', (e) => {
  if (e instanceof RangeError && /Wasm memory/.test(e.message)) return;
  throw e;
});
registerHooks(new URL('../../bin/wasm-guard.mjs', import.meta.url));
register();
await import('./parallel-worker.ts');
