/**
 * Runs test/proposals/*.md: `ppcheck diff` and proposal files through the real
 * CLI (format: test/cli/literate.ts).
 */
import { literateSuites } from '../cli/literate.ts';

await literateSuites('test/proposals');
