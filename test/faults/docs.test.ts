/** docs/exit-codes.md is a literate test: its commands run with their printed output and exit codes. */
import { literateSuites } from '../cli/literate.ts';

await literateSuites('docs', ['exit-codes.md']);
