import { defineConfig } from 'vitest/config';

// The default per-test timeout (5 s) is a hang guard, not an assertion. Tests
// that spawn the CLI as a child process (tsx start-up, model compilation) take
// 1-6 s and hit it when the 2-core machine is shared with other runs; 60 s
// still catches a hang. No test asserts a duration (docs/performance.md).
//
// isolate: false: the test files of one worker share its module graph (loaded and compiled
// once; npm test's CPU budget of 5 minutes: 239 s with it, 296 s without, cold caches). A test
// that changes process-wide state puts it back (the run control, process.env, the cwd: see
// test/faults/faults.test.ts and test/cli/literate.ts ppcheckInProcess).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    isolate: false,
  },
});
