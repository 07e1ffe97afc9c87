/**
 * Run from a patched temporary copy of the tree (test/mutate/run.ts): hunt the
 * mutant there and print its HuntResult as one JSON line on stdout.
 * argv: <expected killer scenario or ''>
 */
import { hunt } from './hunt.ts';

process.stdout.write(JSON.stringify(hunt({}, process.argv[2] || undefined)) + '\n');
