/**
 * Runs the literate CLI tests of the trace commands (test/trace/*.md) with the
 * CLI engineer's harness (test/cli/literate.ts): command, expected output, exit code.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutcome, explain, freshTmp, readLiterate, REPO, runCommand, writeBlockFile } from '../cli/literate.ts';

const dir = join(REPO, 'test/trace');
for (const f of readdirSync(dir).filter((x) => x.endsWith('.md')).sort()) {
  const md = join(dir, f);
  const source = relative(REPO, md);
  describe(source, () => {
    const tmp = freshTmp();
    for (const block of readLiterate(md)) {
      if (block.kind === 'file') {
        it(`writes ${block.path}`, () => writeBlockFile(block, tmp));
        continue;
      }
      it(`$ ${block.command} (line ${block.line})`, { timeout: 60_000 }, () => {
        const out = runCommand(block.command, tmp);
        const problems = checkOutcome(block, out);
        expect(problems, explain(block, out, problems, source)).toEqual([]);
      });
    }
  });
}
