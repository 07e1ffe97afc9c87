/** Runs the literate CLI tests of the liveness check (test/liveness/*.md; format: test/cli/literate.ts). */
import { literateSuites } from '../cli/literate.ts';

await literateSuites('test/liveness');
