// Loaded into Node's module-hooks thread before tsx's hooks (bin/ppcheck.mjs):
// tsx starts its WebAssembly module lexer in the background and parses in
// JavaScript without it; under `ulimit -v` V8 cannot reserve the lexer's
// memory, and that rejection (nobody awaits it) would end the process.
process.on('unhandledRejection', (e) => {
  if (e instanceof RangeError && /Wasm memory/.test(e.message)) return;
  throw e;
});
