/**
 * docs/reviewing-a-proposal.md runs: every code block of the doc is extracted
 * and run. A ```ts file=<path> block is written to a scratch directory (its
 * import of the project made absolute) in place of <path> (test/.dNN/<name>, a
 * path as long as proposals/<name>, so that wrapped output wraps the same); a ```console block
 * (`$ npx ppcheck …`, its output with `...` for elided lines, `[exit N]`,
 * test/cli/literate.ts's format) runs with <path> pointing at the scratch
 * file, the scratch path written back as <path> in the output. A ```c block
 * quotes the kernel patch: each of its +/- lines must be in the finished
 * proposal file. Any other block fails the test: the doc shows nothing that
 * is not run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutcome, explain, parseLiterate, REPO, splitWords, type LiterateCommand } from '../cli/literate.ts';

const DOC = 'docs/reviewing-a-proposal.md';
// 'test/.dNN/' has the length of 'proposals/': outputs wrapped at a width wrap the same
const SCRATCH = join(REPO, 'test', `.d${String(process.pid % 100).padStart(2, '0')}`);
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

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
  const files = new Map<string, string>(); // doc path -> scratch path (relative to the repository)
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
        mkdirSync(SCRATCH, { recursive: true });
        if (!b.path.startsWith('proposals/')) throw new Error(`${DOC}:${b.line}: a file block must write proposals/<name>`);
        const name = b.path.slice('proposals/'.length);
        const scratch = join(SCRATCH, name);
        writeFileSync(scratch, b.content.replaceAll("'../model/", `'${REPO}/model/`));
        files.set(b.path, scratch.slice(REPO.length + 1));
      });
      continue;
    }
    if (b.kind === 'skipped') {
      it.skip(`$ ${b.command} (line ${b.line}): ${b.reason}`, () => {});
      continue;
    }
    const cmd: LiterateCommand = b;
    it(`$ ${cmd.command} (line ${cmd.line})`, () => {
      let line = cmd.command.replace(/^npx ppcheck /, '');
      for (const [doc, scratch] of files) line = line.replaceAll(doc, scratch);
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'FORCE_COLOR' && k !== 'PPCHECK_DEBUG') env[k] = v;
      env.NO_COLOR = '1';
      const r = spawnSync(process.execPath, [join(REPO, 'bin/ppcheck.mjs'), ...splitWords(line)], { cwd: REPO, env, encoding: 'utf8', timeout: 120_000 });
      let stdout = r.stdout;
      let stderr = r.stderr;
      for (const [doc, scratch] of files) {
        stdout = stdout.replaceAll(scratch, doc);
        stderr = stderr.replaceAll(scratch, doc);
      }
      const out = { stdout, stderr, status: r.status };
      const problems = checkOutcome(cmd, out as Parameters<typeof checkOutcome>[1]);
      expect(problems, explain(cmd, out as Parameters<typeof explain>[1], problems, DOC)).toEqual([]);
    });
  }
});
