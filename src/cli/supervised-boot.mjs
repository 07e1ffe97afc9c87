// Worker entry of the CLI's supervisor (supervise.ts): registers tsx in this
// thread (resolved from this package, whatever the current directory), then
// runs the command (supervised-worker.ts).
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

// tsx starts its WebAssembly module lexer in the background and parses in JavaScript
// without it; under `ulimit -v` V8 cannot reserve the lexer's memory, and that
// rejection (nobody awaits it) would end the process: it is no error of ours
process.on('unhandledRejection', (e) => {
  if (e instanceof RangeError && /Wasm memory/.test(e.message)) return;
  throw e;
});
registerHooks(new URL('../../bin/wasm-guard.mjs', import.meta.url));
register();
// a --model file outside any "type": "module" package is loaded as CommonJS
registerCjs();
await import('./supervised-worker.ts');
