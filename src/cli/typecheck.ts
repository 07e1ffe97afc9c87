/**
 * A model file given with `--model` is type-checked against the project
 * before anything runs (tsx, which loads it, only strips the types): the
 * project's tsconfig.json compiler options, the TypeScript compiler API, and
 * the first error as one line `FILE:LINE:COL: message` (the CLI prints it as
 * `ppcheck: …`, exit 2).
 *
 * Checked: the file and the files it imports that are not the project's own
 * engine/model sources (src/, model/, properties/, checked by `npx tsc
 * --noEmit`) or packages. Plain JavaScript files are not type-checked (the
 * model may guard their writes at run time instead).
 *
 * The compiler takes about a second; the answer is cached by the content hash
 * of every file the program read outside node_modules (the model file, what it
 * imports, the project sources its types come from) and the TypeScript and
 * compiler-option versions, in node_modules/.cache/ppcheck/ (or the system's
 * temporary directory). A cache that cannot be read or written is ignored.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where tsconfig.json and package.json are). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OWN = ['src', 'model', 'properties'].map((d) => join(ROOT, d) + '/');

export interface TypeProblem {
  /** "FILE:LINE:COL: message" (FILE as `shown` for the model file itself) */
  line: string;
  /** type errors in all */
  count: number;
}

interface CacheEntry {
  key: string;
  deps: [string, string][];
  problem: TypeProblem | null;
}

function sha(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function fileHash(f: string): string | null {
  try {
    return sha(readFileSync(f));
  } catch {
    return null;
  }
}

function typescriptVersion(): string {
  try {
    const req = createRequire(join(ROOT, 'package.json'));
    return (JSON.parse(readFileSync(req.resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'none';
  }
}

function cacheDir(): string {
  const nm = join(ROOT, 'node_modules');
  return existsSync(nm) ? join(nm, '.cache', 'ppcheck', 'typecheck') : join(tmpdir(), 'ppcheck-typecheck');
}

/** Is this a TypeScript file (type-checked) rather than JavaScript? */
export function isTypeScript(file: string): boolean {
  return /\.[cm]?ts$/.test(file) && !file.endsWith('.d.ts');
}

/**
 * The first type error of `file` (absolute path), or null. `shown` is how the
 * user wrote the path (used in the message for the file itself).
 */
export async function typeCheck(file: string, shown: string): Promise<TypeProblem | null> {
  if (!isTypeScript(file)) return null;
  const tsconfig = join(ROOT, 'tsconfig.json');
  const key = sha(JSON.stringify([typescriptVersion(), fileHash(tsconfig), file, 'v2']));
  const entryFile = join(cacheDir(), `${key.slice(0, 32)}.json`);
  const cached = readEntry(entryFile, key);
  if (cached) return rename(cached.problem, file, shown);
  const { problem, deps } = await compile(file, tsconfig);
  writeEntry(entryFile, { key, deps: deps.map((d) => [d, fileHash(d) ?? '']), problem });
  return rename(problem, file, shown);
}

function rename(p: TypeProblem | null, file: string, shown: string): TypeProblem | null {
  if (!p) return null;
  // cached messages name the file by its absolute path
  return { ...p, line: p.line.startsWith(file + ':') ? shown + p.line.slice(file.length) : p.line };
}

function readEntry(entryFile: string, key: string): CacheEntry | null {
  try {
    const e = JSON.parse(readFileSync(entryFile, 'utf8')) as CacheEntry;
    if (e.key !== key || !Array.isArray(e.deps)) return null;
    for (const [f, h] of e.deps) if (fileHash(f) !== h) return null;
    return e;
  } catch {
    return null;
  }
}

function writeEntry(entryFile: string, e: CacheEntry): void {
  try {
    mkdirSync(dirname(entryFile), { recursive: true });
    const tmp = `${entryFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(e));
    renameSync(tmp, entryFile);
  } catch {
    // no cache: type-checked again next time
  }
}

/**
 * A compiler host that keeps each parsed source file while its text is unchanged: a process
 * that checks several model files (the test suite runs the CLI in process) parses the
 * TypeScript libraries and the project's own files once. One `ppcheck` run checks one file,
 * so for it this changes nothing.
 */
const parsedFiles = new Map<string, { text: string; target: unknown; sf: import('typescript').SourceFile }>();
function cachingHost(ts: typeof import('typescript'), options: import('typescript').CompilerOptions): import('typescript').CompilerHost {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, target, onError, shouldCreate) => {
    const text = ts.sys.readFile(fileName);
    if (text === undefined) return parse(fileName, target, onError, shouldCreate);
    const key = typeof target === 'object' ? JSON.stringify(target) : target;
    const hit = parsedFiles.get(fileName);
    if (hit && hit.text === text && hit.target === key) return hit.sf;
    const sf = ts.createSourceFile(fileName, text, target);
    parsedFiles.set(fileName, { text, target: key, sf });
    return sf;
  };
  return host;
}

async function compile(file: string, tsconfig: string): Promise<{ problem: TypeProblem | null; deps: string[] }> {
  const ts = (await import('typescript')).default;
  const cfg = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(cfg.config ?? {}, ts.sys, ROOT);
  // verbatimModuleSyntax off: a model file outside this package (no "type": "module" above it) is
  // CommonJS to TypeScript, where verbatimModuleSyntax rejects `export const`; tsx loads it either way
  const options = { ...parsed.options, noEmit: true, verbatimModuleSyntax: false };
  const program = ts.createProgram([file], options, cachingHost(ts, options));
  const sources = program.getSourceFiles().filter((sf) => !sf.fileName.includes('/node_modules/'));
  const deps = sources.map((sf) => resolve(sf.fileName));
  if (!deps.includes(file)) deps.push(file);
  const user = sources.filter((sf) => !OWN.some((d) => resolve(sf.fileName).startsWith(d)));
  const diags = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...user.flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
  ].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (diags.length === 0) return { problem: null, deps };
  // the model file's own errors first, then by file and position
  diags.sort((a, b) => {
    const fa = a.file ? resolve(a.file.fileName) : '';
    const fb = b.file ? resolve(b.file.fileName) : '';
    if ((fa === file) !== (fb === file)) return fa === file ? -1 : 1;
    return fa === fb ? (a.start ?? 0) - (b.start ?? 0) : fa < fb ? -1 : 1;
  });
  const d = diags[0];
  const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
  let where = '';
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const f = resolve(d.file.fileName);
    where = `${f === file ? file : relativeOrAbsolute(f)}:${line + 1}:${character + 1}: `;
  }
  const more = diags.length > 1 ? ` (and ${diags.length - 1} more type error${diags.length > 2 ? 's' : ''})` : '';
  return { problem: { line: `${where}${msg}${more}`, count: diags.length }, deps };
}

function relativeOrAbsolute(f: string): string {
  const rel = relative(process.cwd(), f);
  return rel.startsWith('..') ? f : rel;
}
