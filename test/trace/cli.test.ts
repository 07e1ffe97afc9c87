/**
 * Runs the literate CLI tests of the trace commands (test/trace/*.md) with the
 * CLI engineer's harness (test/cli/literate.ts): command, expected output, exit code.
 */
import { literateSuites } from '../cli/literate.ts';

await literateSuites('test/trace');
