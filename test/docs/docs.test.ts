/**
 * Docs that cannot drift: every command README.md and docs/*.md show with
 * its output is a literate block (format: test/cli/literate.ts) and runs
 * here, in a scratch directory linked to the repository; its output, counts
 * included, must still be what the doc shows. A doc may show a command too
 * slow for the suite only marked `<!-- literate: not run: <reason> -->`.
 */
import { readdirSync } from 'node:fs';
import { literateFiles } from '../cli/literate.ts';

/**
 * docs/reviewing-a-proposal.md writes its proposal files as it goes: test/proposals/doc.test.ts runs it;
 * docs/workloads.md's commands (and its plots) are run by test/workloads/docs.test.ts, in process with
 * the same check (checkOutcome), once: not here a second time
 */
const RUN_ELSEWHERE = ['reviewing-a-proposal.md', 'workloads.md'];
export const DOCS = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md') && !RUN_ELSEWHERE.includes(f)).sort().map((f) => `docs/${f}`)];

await literateFiles(DOCS, { sandbox: true });
