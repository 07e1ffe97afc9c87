import { defineConfig } from 'vitest/config';

// The default per-test timeout (5 s) is a hang guard, not an assertion. Tests
// that spawn the CLI as a child process (tsx start-up, model compilation) take
// 1-6 s and hit it when the 2-core machine is shared with other runs; 60 s
// still catches a hang. No test asserts a duration (docs/performance.md).
//
// isolate: false: the test files of one worker share its module graph (loaded and compiled
// once; npm test's CPU budget of 5 minutes: when measured, 239 s with it, 296 s without, cold
// caches; the whole of npm test was 262-273 s cold on 6 December 2026, load 2.4-4). A test
// that changes process-wide state puts it back (the run control, process.env, the cwd: see
// test/faults/faults.test.ts and test/cli/literate.ts ppcheckInProcess).
//
// execArgv --max-semi-space-size=64: the workers' young generation may grow to 64 MiB per
// semi-space (V8's default tops out at 16 MiB on 64-bit): the searches allocate many short-lived
// states, and fewer scavenges cost less CPU (bench+pack test files: 27.6 and 26.2 s of CPU
// without, 24.9 and 24.2 s with, measured alternately at load 3.7-4.5). It changes no result:
// the searches are deterministic and no test reads the heap's size.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    isolate: false,
    execArgv: ['--max-semi-space-size=64'],
  },
});
