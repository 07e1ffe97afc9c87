/**
 * Runs every test/cli/*.md literate CLI test (format: test/cli/literate.ts).
 * Another folder reuses it with `await literateSuites('test/<folder>')`.
 */
import { literateSuites } from './literate.ts';

await literateSuites('test/cli');
