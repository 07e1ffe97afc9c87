/**
 * `npm run docs:update -- FILE.md ...`: after a model change, rewrite the
 * expected output of the literate blocks (format: test/cli/literate.ts) that
 * no longer match, keeping what still matches: `...` elisions, `{{...}}` and
 * `re:` lines that match stay as written; a literal line that changed is
 * replaced by the line it now aligns with; lines the output gained or lost are
 * added or dropped; the `[exit N]` follows. Blocks with `[json]` checks are
 * left for a hand edit. It prints each block it changed; read the diff
 * before committing (a count that changed is a claim to check, not noise).
 *
 * Without FILE arguments: README.md and docs/*.md (docs/reviewing-a-proposal.md
 * is run by test/proposals/doc.test.ts with its own file blocks and is not
 * updated here).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docSandbox, freshTmp, linesMatch, parseLiterate, REPO, runCommand, writeBlockFile, type LiterateCommand } from './literate.ts';
import { realign } from './realign.ts';

function outputLines(s: string): string[] {
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The block's lines in the file: [first expected stdout line, end (the `[exit N]` line)). */
function blockSpan(src: string[], cmd: LiterateCommand): { start: number; exitLine: number } {
  const start = cmd.line; // 0-based index of the line after `$ …`
  let i = start;
  while (i < src.length && !/^\[exit \d+\]\s*$/.test(src[i].trim())) i++;
  return { start, exitLine: i };
}

function updateFile(rel: string): number {
  const path = join(REPO, rel);
  const src = readFileSync(path, 'utf8').split('\n');
  const blocks = parseLiterate(src.join('\n'), rel);
  const sandbox = rel.startsWith('test/') ? REPO : docSandbox();
  const tmp = freshTmp();
  // edits applied bottom-up so earlier line numbers stay valid
  const edits: { start: number; end: number; lines: string[] }[] = [];
  for (const b of blocks) {
    if (b.kind === 'file') {
      writeBlockFile(b, tmp, sandbox);
      continue;
    }
    if (b.kind !== 'command') continue;
    const out = runCommand(b.command, tmp, 120_000, sandbox);
    const stdout = outputLines(out.stdout);
    const stderr = outputLines(out.stderr);
    const expErr = b.stderr ?? [];
    if (out.status === b.exit && (b.json.length > 0 || linesMatch(trim(b.stdout), stdout)) && linesMatch(trim(expErr), stderr)) continue;
    if (b.json.length > 0) {
      console.log(`${rel}:${b.line}: $ ${b.command}: has [json] checks; edit by hand`);
      continue;
    }
    const lines = [...realign(trim(b.stdout), stdout)];
    if (stderr.length > 0 || b.stderr !== null) lines.push('[stderr]', ...realign(trim(expErr), stderr));
    lines.push(`[exit ${out.status}]`);
    const { start, exitLine } = blockSpan(src, b);
    edits.push({ start, end: exitLine + 1, lines });
    console.log(`${rel}:${b.line}: $ ${b.command}: updated`);
  }
  for (const e of edits.reverse()) src.splice(e.start, e.end - e.start, ...e.lines);
  if (edits.length > 0) writeFileSync(path, src.join('\n'));
  return edits.length;
}

function trim(lines: readonly string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[out.length - 1].trim() === '') out.pop();
  return out;
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md') && f !== 'reviewing-a-proposal.md').sort().map((f) => `docs/${f}`)];
let n = 0;
for (const f of files) n += updateFile(f);
console.log(`${n} block(s) updated`);
