/**
 * docs/reviewing-a-proposal.md runs: every code block of the doc is extracted
 * and run. A ```ts file=<path> block is written to a scratch directory (its
 * import of the project made absolute) in place of <path> (test/.dNN/<name>, or .eNN/ for its second version, a
 * path as long as proposals/<name>, so that wrapped output wraps the same); a ```console block
 * (`$ npx ppcheck …`, its output with `...` for elided lines, `[exit N]`,
 * test/cli/literate.ts's format) runs with <path> pointing at the scratch
 * file, the scratch path written back as <path> in the output. A ```c block
 * quotes the kernel patch: each of its +/- lines must be in the finished
 * proposal file. Any other block fails the test: the doc shows nothing that
 * is not run.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutcome, explain, parseLiterate, ppcheckInProcess, REPO, splitWords, type LiterateCommand } from '../cli/literate.ts';

const DOC = 'docs/reviewing-a-proposal.md';
// 'test/.dNN/' has the length of 'proposals/': outputs wrapped at a width wrap the same
const NN = String(process.pid % 100).padStart(2, '0');
// the commands run in this process (their modules cached by path): a second version of a file is
// written to a second directory of the same length (test/.eNN/, then .fNN/ ...)
const scratchDir = (version: number) => join(REPO, 'test', `.${String.fromCharCode(100 + version)}${NN}`);
const written: string[] = [];
afterAll(() => {
  for (const d of written) rmSync(d, { recursive: true, force: true });
});

const text = readFileSync(join(REPO, DOC), 'utf8');

/** Every fenced block: its info string and body. */
function fences(md: string): { line: number; info: string; body: string[] }[] {
  const out: { line: number; info: string; body: string[] }[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== open[1]; i++) body.push(lines[i]);
    out.push({ line: start + 1, info: open[2].trim(), body });
  }
  return out;
}

describe(`${DOC}: every code block runs`, () => {
  const files = new Map<string, string>(); // doc path -> its latest scratch path (relative to the repository)
  const every: [string, string][] = []; // every (doc path, scratch path) written
  const versions = new Map<string, number>();
  const blocks = parseLiterate(text, DOC);
  const all = fences(text);

  it('has no block that is not run (console, ts file=, or a quoted kernel patch)', () => {
    const finished = readFileSync(join(REPO, 'proposals/recycle-in-softirq.ts'), 'utf8');
    for (const f of all) {
      if (f.info === 'console' || /^ts\s+file=/.test(f.info)) continue;
      // inside a ````console block: the markdown reply's own fences
      if (f.info === '' && all.some((o) => o.info === 'console' && o.line < f.line && o.line + o.body.length > f.line)) continue;
      expect(f.info, `${DOC}:${f.line}: a code block that no test runs`).toBe('c');
      for (const l of f.body.filter((x) => /^[+-]\s/.test(x))) expect(finished, `${DOC}:${f.line}: ${l}`).toContain(l.slice(1).trim());
    }
  });

  for (const b of blocks) {
    if (b.kind === 'file') {
      it(`writes ${b.path} (line ${b.line})`, () => {
        if (!b.path.startsWith('proposals/')) throw new Error(`${DOC}:${b.line}: a file block must write proposals/<name>`);
        const name = b.path.slice('proposals/'.length);
        const version = (versions.get(b.path) ?? -1) + 1;
        versions.set(b.path, version);
        const dir = scratchDir(version);
        mkdirSync(dir, { recursive: true });
        if (!written.includes(dir)) written.push(dir);
        const scratch = join(dir, name);
        writeFileSync(scratch, b.content.replaceAll("'../model/", `'${REPO}/model/`));
        files.set(b.path, scratch.slice(REPO.length + 1));
        every.push([b.path, scratch.slice(REPO.length + 1)]);
      });
      continue;
    }
    if (b.kind === 'skipped') {
      it.skip(`$ ${b.command} (line ${b.line}): ${b.reason}`, () => {});
      continue;
    }
    const cmd: LiterateCommand = b;
    it(`$ ${cmd.command} (line ${cmd.line})`, async () => {
      let line = cmd.command.replace(/^npx ppcheck /, '');
      for (const [doc, scratch] of files) line = line.replaceAll(doc, scratch);
      const r = await ppcheckInProcess(splitWords(line), REPO);
      let stdout = r.stdout;
      let stderr = r.stderr;
      for (const [doc, scratch] of every) {
        stdout = stdout.replaceAll(scratch, doc);
        stderr = stderr.replaceAll(scratch, doc);
      }
      const out = { stdout, stderr, status: r.status };
      const problems = checkOutcome(cmd, out as Parameters<typeof checkOutcome>[1]);
      expect(problems, explain(cmd, out as Parameters<typeof explain>[1], problems, DOC)).toEqual([]);
    });
  }
});
