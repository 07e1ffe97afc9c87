/**
 * Literate CLI tests (in the style of quint's): markdown files whose
 * ```console blocks are commands with their expected output and exit code.
 *
 * ````md
 * ```console
 * $ ppcheck check --model test/cli/fixtures/toy.ts --variant racy
 * ppcheck check
 * ...
 * violated: no-lost-update: {{...}}
 * ...
 * [exit 12]
 * ```
 * ````
 *
 * - `$ <command>` on the first line. A leading `ppcheck` (or `npx ppcheck`) runs `node bin/ppcheck.mjs`
 *   (from the repository root, no shell: words split on blanks, '…' and "…" quote).
 * - The lines after it are the expected stdout; after a line `[stderr]`, the
 *   expected stderr. Without a `[stderr]` section stderr must be empty.
 * - `[exit N]`, the last line, is the expected exit code (required).
 * - In expected lines: a line `...` matches any number of lines (none too);
 *   `{{...}}` inside a line matches any text; a line `re: <regex>` matches a
 *   whole line by regular expression. Trailing blanks are ignored.
 * - `[json] <path>` / `[json] <path> = <JSON value>`: stdout must be exactly one
 *   JSON value on one line (nothing else), with that path present / equal.
 *   Paths are dotted (`stats.coverage.0.action`).
 * - stdout that is one ppcheck `--json` object (it has `format` and `command`)
 *   must validate against docs/schemas/<command>.schema.json.
 * - `$TMP` in a command is a fresh directory per markdown file; in output the
 *   directory is written back as `$TMP`.
 * - A console block right after a line `<!-- literate: not run: <reason> -->`
 *   is not run (a skipped test naming the reason): for docs that show a
 *   command too slow for the test suite or needing a setup (kernel source).
 * - A block fenced as ```` ```ts file=$TMP/name.ts ```` is written to that
 *   file before the commands after it run (e.g. a broken model module).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaForOutput, schemaProblems } from '../schemas/validate.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface LiterateCommand {
  kind: 'command';
  /** 1-based line of the `$` line in the markdown file */
  line: number;
  command: string;
  stdout: string[];
  /** null: stderr must be empty */
  stderr: string[] | null;
  json: { path: string; value?: string }[];
  exit: number;
}

/** A console block marked `<!-- literate: not run: <reason> -->` (shown in a doc, too slow or needing a setup to run in a test). */
export interface LiterateSkipped {
  kind: 'skipped';
  line: number;
  command: string;
  reason: string;
}

export interface LiterateFile {
  kind: 'file';
  line: number;
  path: string;
  content: string;
}

export type LiterateBlock = LiterateCommand | LiterateFile | LiterateSkipped;

export function parseLiterate(text: string, source = '<md>'): LiterateBlock[] {
  const lines = text.split('\n');
  const blocks: LiterateBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== fence; i++) body.push(lines[i]);
    if (i >= lines.length) throw new Error(`${source}:${start + 1}: unclosed code block`);
    const file = /(?:^|\s)file=(\S+)/.exec(open[3]);
    if (file) {
      blocks.push({ kind: 'file', line: start + 1, path: file[1], content: body.join('\n') + '\n' });
      continue;
    }
    if (open[2] !== 'console') continue;
    const marker = notRunMarker(lines, start);
    if (marker !== null) {
      if (marker === '') throw new Error(`${source}:${start}: "literate: not run" needs a reason after a colon`);
      blocks.push({ kind: 'skipped', line: start + 2, command: (body[0] ?? '').replace(/^\$ /, ''), reason: marker });
      continue;
    }
    blocks.push(parseCommand(body, start + 2, source));
  }
  return blocks;
}

/** The reason of a `<!-- literate: not run: … -->` comment on the line before a block (blank lines between allowed), or null. */
function notRunMarker(lines: string[], fenceIndex: number): string | null {
  let i = fenceIndex - 1;
  while (i >= 0 && lines[i].trim() === '') i--;
  const m = i >= 0 ? /^<!--\s*literate:\s*not run\s*(?::\s*(.*?))?\s*-->$/.exec(lines[i].trim()) : null;
  return m ? (m[1] ?? '') : null;
}

function parseCommand(body: string[], firstLine: number, source: string): LiterateCommand {
  const where = `${source}:${firstLine}`;
  if (!body[0]?.startsWith('$ ')) throw new Error(`${where}: a console block must start with "$ <command>"`);
  const lastNonBlank = [...body].reverse().find((l) => l.trim() !== '') ?? '';
  const exit = /^\[exit (\d+)\]$/.exec(lastNonBlank.trim());
  if (!exit) throw new Error(`${where}: a console block must end with "[exit N]"`);
  const cmd: LiterateCommand = { kind: 'command', line: firstLine, command: body[0].slice(2).trim(), stdout: [], stderr: null, json: [], exit: Number(exit[1]) };
  let target = cmd.stdout;
  const end = body.lastIndexOf(lastNonBlank);
  for (const l of body.slice(1, end)) {
    if (l.trim() === '[stderr]') {
      cmd.stderr = [];
      target = cmd.stderr;
      continue;
    }
    const j = /^\[json\]\s+(\S+)(?:\s*=\s*(.+))?$/.exec(l.trim());
    if (j) {
      cmd.json.push(j[2] !== undefined ? { path: j[1], value: j[2] } : { path: j[1] });
      continue;
    }
    target.push(l);
  }
  return cmd;
}

/** Split a command line into words (blanks separate; '…' and "…" quote). */
export function splitWords(s: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let cur: string | null = null;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const piece = m[1] ?? m[2] ?? m[3];
    if (cur !== null && m.index === last) cur += piece;
    else {
      if (cur !== null) words.push(cur);
      cur = piece;
    }
    last = m.index + m[0].length;
  }
  if (cur !== null) words.push(cur);
  return words;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function lineMatches(pattern: string, actual: string): boolean {
  const p = pattern.trimEnd();
  const a = actual.trimEnd();
  if (p.startsWith('re: ')) return new RegExp(`^(?:${p.slice(4)})$`).test(a);
  if (!p.includes('{{...}}')) return p === a;
  return new RegExp(`^${p.split('{{...}}').map(escapeRe).join('.*')}$`).test(a);
}

/** Does `actual` match the expected lines (with `...` eliding any run of lines)? */
export function linesMatch(expected: readonly string[], actual: readonly string[]): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === expected.length) r = j === actual.length;
    else if (expected[i].trim() === '...') r = go(i + 1, j) || (j < actual.length && go(i, j + 1));
    else r = j < actual.length && lineMatches(expected[i], actual[j]) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

function outputLines(s: string): string[] {
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Trailing blank lines of an expected block are not significant. */
function trimBlankTail(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[out.length - 1].trim() === '') out.pop();
  return out;
}

export function getPath(v: unknown, path: string): { found: boolean; value?: unknown } {
  let cur: unknown = v;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(k in (cur as object))) return { found: false };
    cur = (cur as Record<string, unknown>)[k];
  }
  return { found: true, value: cur };
}

export interface RunOutcome {
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * Run one command: `ppcheck` and `npx ppcheck` are `node bin/ppcheck.mjs`.
 * `cwd` is the repository, or (docs) a scratch directory that links to
 * every top-level entry of the repository, so that a doc's
 * `--out race.itf.json` writes there and `--model proposals/x.ts` still reads.
 */
export function runCommand(command: string, tmp: string, timeoutMs = 60_000, cwd = REPO): RunOutcome {
  const words = splitWords(command.replaceAll('$TMP', tmp));
  if (words[0] === 'npx' && words[1] === 'ppcheck') words.splice(0, 1);
  if (words[0] === 'ppcheck') words.splice(0, 1, process.execPath, join(REPO, 'bin/ppcheck.mjs'));
  else if (words[0] === 'node') words[0] = process.execPath;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env.FORCE_COLOR;
  delete env.PPCHECK_DEBUG;
  env.NO_COLOR = '1';
  const r = spawnSync(words[0], words.slice(1), { cwd, env, encoding: 'utf8', timeout: timeoutMs });
  if (r.error) throw r.error;
  const untmp = (s: string) => s.replaceAll(tmp, '$TMP');
  return { stdout: untmp(r.stdout), stderr: untmp(r.stderr), status: r.status };
}

/**
 * The same as runCommand, but a `ppcheck` command runs in this process, through
 * the CLI's own entry point (runCli, as bin/ppcheck.mjs's worker runs it) with
 * the output captured: the test suite pays node's and the module graph's
 * start-up once per test file instead of once per command (npm test's CPU
 * budget). The supervisor around it (signals, memory, step timeouts) is
 * tested by test/faults' spawned cases and by any block run with
 * PPCHECK_LITERATE_SPAWN=1, which spawns every command as before. A
 * command that is not `ppcheck` (node, a shell tool), or one whose --model is
 * a file under $TMP, is spawned.
 */
export async function runCommandInProcess(command: string, tmp: string, timeoutMs = 60_000, cwd = REPO): Promise<RunOutcome> {
  const words = splitWords(command.replaceAll('$TMP', tmp));
  if (words[0] === 'npx' && words[1] === 'ppcheck') words.splice(0, 1);
  // a model file the test wrote is often broken on purpose: its error (parser, position) is the one
  // the real command's loader (tsx) reports, not vitest's, so such a command is spawned
  const ownModel = words.some((w, i) => words[i - 1] === '--model' && w.startsWith(tmp));
  if (words[0] !== 'ppcheck' || ownModel || process.env.PPCHECK_LITERATE_SPAWN === '1') {
    if (ownModel) await warmTypeCheck(words.slice(1), cwd);
    return runCommand(command, tmp, timeoutMs, cwd);
  }
  const { stdout, stderr, status } = await ppcheckInProcess(words.slice(1), cwd);
  const untmp = (x: string) => x.replaceAll(tmp, '$TMP');
  return { stdout: untmp(stdout), stderr: untmp(stderr), status };
}

/**
 * The type check of the `--model` file of `args` (ppcheck's arguments), done in this process before a
 * test spawns that command: the CLI type-checks a model file before it runs it (src/cli/typecheck.ts),
 * and a spawned `ppcheck` then finds the answer in the type-check cache instead of starting the
 * TypeScript compiler (2.3-3.4 s of CPU for a file not checked before; 0.1-0.3 s here, where the
 * compiler host has the libraries and the project parsed already). The spawned command's output is
 * the same: the cache holds the compiler's answer, keyed by the content of every file it read, and
 * the check runs from the command's directory (where a problem in an imported file is named
 * relative to). A file that does not load (a syntax error) is type-checked for nothing: the CLI
 * stops at its import.
 */
export async function warmTypeCheck(args: readonly string[], cwd = REPO): Promise<void> {
  const i = args.indexOf('--model');
  if (i < 0 || i + 1 >= args.length) return;
  const shown = args[i + 1];
  const file = resolve(cwd, shown);
  if (!existsSync(file)) return;
  const { typeCheck } = await import('../../src/cli/typecheck.ts');
  const here = process.cwd();
  try {
    process.chdir(cwd);
    await typeCheck(file, shown);
  } catch {
    // the spawned command says what is wrong
  } finally {
    process.chdir(here);
  }
}

/**
 * `ppcheck ARGS` run in this process (runCli, output captured, NO_COLOR, no
 * TTY, `cwd` as its working directory): for tests that run many small
 * commands, without a node start-up per command. `extraEnv` is set in the
 * CLI's env and in process.env for the run (code that reads process.env
 * itself, as the fault injection of src/cli/files.ts does, sees it), and
 * restored after.
 */
export async function ppcheckInProcess(args: string[], cwd = REPO, extraEnv: Record<string, string> = {}): Promise<RunOutcome & { status: number }> {
  const { runCli } = await import('../../src/cli/main.ts');
  const { clearStop, setMaxMemory } = await import('../../src/engine/control.ts');
  let stdout = '';
  let stderr = '';
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.PPCHECK_DEBUG;
  Object.assign(env, extraEnv);
  const io = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env };
  const here = process.cwd();
  const saved = Object.keys(extraEnv).map((k) => [k, process.env[k]] as const);
  // each command starts with a clean run control (an earlier one may have set a limit or a stop)
  clearStop();
  setMaxMemory(Infinity);
  process.chdir(cwd);
  Object.assign(process.env, extraEnv);
  try {
    const status = await runCli(args, io);
    return { stdout, stderr, status };
  } finally {
    process.chdir(here);
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The problems of one command's run against its expectation (empty: it passed). */
export function checkOutcome(cmd: LiterateCommand, out: RunOutcome): string[] {
  const problems: string[] = [];
  if (out.status !== cmd.exit) problems.push(`exit code ${out.status}, expected ${cmd.exit}`);
  if (cmd.json.length > 0) {
    const lines = outputLines(out.stdout);
    let parsed: unknown;
    if (lines.length !== 1) problems.push(`stdout has ${lines.length} lines, expected exactly one JSON line`);
    try {
      parsed = JSON.parse(out.stdout);
    } catch (e) {
      problems.push(`stdout is not JSON: ${(e as Error).message}`);
    }
    if (parsed !== undefined) {
      for (const j of cmd.json) {
        const got = getPath(parsed, j.path);
        if (!got.found) problems.push(`JSON has no ${j.path}`);
        else if (j.value !== undefined && JSON.stringify(got.value) !== JSON.stringify(JSON.parse(j.value))) {
          problems.push(`JSON ${j.path} is ${JSON.stringify(got.value)}, expected ${j.value}`);
        }
      }
    }
  }
  // every ppcheck --json object a doc or test shows must also keep its contract (docs/schemas/)
  const single = outputLines(out.stdout);
  if (single.length === 1 && single[0].startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(single[0]);
    } catch {
      parsed = undefined;
    }
    const schema = schemaForOutput(parsed);
    if (schema !== null) problems.push(...schemaProblems(schema, parsed));
  }
  if (cmd.json.length === 0 || trimBlankTail(cmd.stdout).length > 0) {
    if (!linesMatch(trimBlankTail(cmd.stdout), outputLines(out.stdout))) problems.push('stdout differs');
  }
  const expErr = cmd.stderr === null ? [] : trimBlankTail(cmd.stderr);
  if (!linesMatch(expErr, outputLines(out.stderr))) problems.push(cmd.stderr === null ? 'stderr is not empty' : 'stderr differs');
  return problems;
}

/** A fresh directory for a markdown file's `$TMP`. */
export function freshTmp(): string {
  return mkdtempSync(join(tmpdir(), 'ppcheck-literate-'));
}

/**
 * A scratch working directory for a doc's commands: the repository's
 * top-level files linked, its top-level folders made anew with their entries
 * linked, so that a file a doc writes (`--out race.itf.json`, a block
 * `file=proposals/mine.ts`) lands in the scratch directory, not in the tree.
 */
export function docSandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ppcheck-doc-'));
  for (const e of readdirSync(REPO, { withFileTypes: true })) {
    if (e.name === '.git') continue;
    if (e.isDirectory() && e.name !== 'node_modules') {
      mkdirSync(join(dir, e.name));
      for (const c of readdirSync(join(REPO, e.name))) symlinkSync(join(REPO, e.name, c), join(dir, e.name, c));
    } else {
      symlinkSync(join(REPO, e.name), join(dir, e.name));
    }
  }
  return dir;
}

export function writeBlockFile(block: LiterateFile, tmp: string, cwd = REPO): void {
  const path = resolve(cwd, block.path.replaceAll('$TMP', tmp));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, block.content);
}

export function readLiterate(mdPath: string): LiterateBlock[] {
  return parseLiterate(readFileSync(mdPath, 'utf8'), mdPath);
}

/** A failure message showing what was expected and what came. */
export function explain(cmd: LiterateCommand, out: RunOutcome, problems: string[], source: string): string {
  return [
    `${source}:${cmd.line}: $ ${cmd.command}`,
    ...problems.map((p) => `  - ${p}`),
    '--- actual stdout ---',
    out.stdout,
    '--- actual stderr ---',
    out.stderr,
    '--- expected stdout ---',
    cmd.stdout.join('\n'),
    ...(cmd.stderr ? ['--- expected stderr ---', cmd.stderr.join('\n')] : []),
  ].join('\n');
}

/**
 * Registers one vitest `describe` per markdown file of `dir` (relative to the
 * repository), one `it` per block, run in order with a fresh `$TMP` per file.
 */
export async function literateSuites(dir: string, only?: readonly string[]): Promise<void> {
  const { readdirSync: list } = await import('node:fs');
  const abs = resolve(REPO, dir);
  await literateFiles(
    list(abs)
      .filter((x) => x.endsWith('.md') && (only === undefined || only.includes(x)))
      .sort()
      .map((f) => join(dir, f)),
  );
}

/**
 * One vitest `describe` per markdown file (paths relative to the repository).
 * With `sandbox`, commands run in a scratch directory (docSandbox) instead of
 * the repository, so that files a doc's commands write stay out of the tree.
 * A block marked not run is a skipped test named with its reason.
 */
export async function literateFiles(files: readonly string[], opts: { sandbox?: boolean } = {}): Promise<void> {
  const { describe, expect, it } = await import('vitest');
  for (const source of files) {
    const md = resolve(REPO, source);
    const blocks = readLiterate(md);
    // a doc without literate blocks has nothing to run (vitest fails an empty describe)
    if (blocks.length === 0) continue;
    describe(source, () => {
      const tmp = freshTmp();
      let cwd: string | undefined;
      for (const block of blocks) {
        if (block.kind === 'file') {
          it(`writes ${block.path}`, () => {
            if (opts.sandbox) cwd ??= docSandbox();
            writeBlockFile(block, tmp, cwd ?? REPO);
          });
          continue;
        }
        if (block.kind === 'skipped') {
          it.skip(`$ ${block.command} (line ${block.line}; not run: ${block.reason})`, () => {});
          continue;
        }
        it(`$ ${block.command} (line ${block.line})`, { timeout: 60_000 }, async () => {
          if (opts.sandbox) cwd ??= docSandbox();
          const out = await runCommandInProcess(block.command, tmp, 60_000, cwd ?? REPO);
          const problems = checkOutcome(block, out);
          expect(problems, explain(block, out, problems, source)).toEqual([]);
        });
      }
    });
  }
}
