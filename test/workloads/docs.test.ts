/**
 * docs/workloads.md: every ```console block is run (in-process, through
 * runCli, with the literate format of test/cli/literate.ts: real output,
 * `...` for skipped lines, $TMP a fresh directory), every plot it shows is a
 * committed file that test/workloads/plots.ts writes, and one of them
 * (host-remote-app) is byte-identical to what the script writes now.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type Io } from '../../src/cli/main.ts';
import { checkOutcome, explain, readLiterate, splitWords } from '../cli/literate.ts';
import { PLOTS, REPO, plotSvg } from './plots.ts';

const DOC = join(REPO, 'docs/workloads.md');

async function inProcess(command: string, tmp: string): Promise<{ stdout: string; stderr: string; status: number }> {
  const words = splitWords(command.replaceAll('$TMP', tmp));
  expect(words[0]).toBe('ppcheck');
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: { NO_COLOR: '1' } };
  const status = await runCli(words.slice(1), io);
  const untmp = (s: string) => s.replaceAll(tmp, '$TMP');
  return { stdout: untmp(stdout), stderr: untmp(stderr), status };
}

describe('docs/workloads.md', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ppcheck-workloads-doc-'));
  // test/docs/docs.test.ts leaves this doc to this file: a block of another kind (a file written,
  // a command not run) would be run by no test
  it('has only ppcheck command blocks (each run below)', () => {
    const blocks = readLiterate(DOC);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.filter((b) => b.kind !== 'command').map((b) => `line ${b.line}: ${b.kind}`)).toEqual([]);
  });
  for (const block of readLiterate(DOC)) {
    if (block.kind !== 'command') continue;
    it(`$ ${block.command} (line ${block.line})`, async () => {
      const out = await inProcess(block.command, tmp);
      const problems = checkOutcome(block, out);
      expect(problems, explain(block, out, problems, 'docs/workloads.md')).toEqual([]);
    });
  }

  it('shows every plot of npm run plots, each committed', () => {
    const doc = readFileSync(DOC, 'utf8');
    for (const p of PLOTS) {
      expect(doc).toContain(`](${p.file.replace(/^docs\//, '')})`);
      expect(existsSync(join(REPO, p.file)), p.file).toBe(true);
    }
  });

  it('docs/workloads/host-remote-app.svg is what npm run plots writes', async () => {
    const p = PLOTS.find((x) => x.file.endsWith('host-remote-app.svg'))!;
    expect(await plotSvg(p)).toBe(readFileSync(join(REPO, p.file), 'utf8'));
  });
});
