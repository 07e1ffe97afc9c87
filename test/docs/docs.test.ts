/**
 * Docs that cannot drift: every command README.md and docs/*.md show with
 * its output is a literate block (format: test/cli/literate.ts) and runs
 * here, in a scratch directory linked to the repository; its output, counts
 * included, must still be what the doc shows. A doc may show a command too
 * slow for the suite only marked `<!-- literate: not run: <reason> -->`.
 */
import { readdirSync } from 'node:fs';
import { literateFiles } from '../cli/literate.ts';

export const DOCS = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

await literateFiles(DOCS, { sandbox: true });
