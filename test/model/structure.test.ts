/**
 * model/ mirrors the kernel tree (issue #15): one exported function per kernel
 * function of the action table, named after it, in the file named after its
 * kernel source file; no function in model/ over 80 lines; no import circle in
 * model/; docs/model.md's action table is the one generated from the table.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { withActionTable } from '../../model/docs.ts';
import { FNS, KERNEL_FUNCTIONS, type KernelFunction, modelFileOf } from '../../model/registry.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const TABLE = KERNEL_FUNCTIONS as readonly KernelFunction[];

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(join(ROOT, p)).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
    });
}
const MODEL_FILES = tsFiles('model');
const SOURCES = new Map(MODEL_FILES.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

/** The files of `sources` with a line `export function <name>(` (or `<name><`). */
function definitionsOf(name: string, sources: ReadonlyMap<string, string>): string[] {
  const re = new RegExp(`^export function ${name.replace(/\$/g, '\\$')}[(<]`, 'm');
  return [...sources].filter(([, src]) => re.test(src)).map(([f]) => f);
}

/** Functions (declarations, expressions, arrows, methods) longer than `max` lines: "file:line name (n lines)". */
function longFunctions(file: string, text: string, max: number): string[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && (n as ts.FunctionLikeDeclaration).body !== undefined) {
      const first = src.getLineAndCharacterOfPosition(n.getStart(src)).line;
      const last = src.getLineAndCharacterOfPosition(n.getEnd()).line;
      const name = (n as ts.FunctionLikeDeclaration).name?.getText(src) ?? '<anonymous>';
      if (last - first + 1 > max) out.push(`${file}:${first + 1} ${name} (${last - first + 1} lines)`);
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

/** Import cycles among `files` (relative imports only), each as "a -> b -> a". */
function importCycles(sources: ReadonlyMap<string, string>): string[] {
  const deps = new Map<string, string[]>();
  for (const [f, src] of sources)
    deps.set(f, [...src.matchAll(/^(?:import|export)\b[^;]*?\bfrom '(\.[^']+)'/gms)].map((m) => normalize(join(dirname(f), m[1]))));
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const dfs = (n: string): void => {
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      if (state.get(d) === 1) cycles.push([...stack.slice(stack.indexOf(d)), d].join(' -> '));
      else if (state.get(d) === undefined && deps.has(d)) dfs(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of deps.keys()) if (state.get(n) === undefined) dfs(n);
  return cycles;
}

describe('model/ mirrors the kernel tree', () => {
  it('the action kinds are the table, each once', () => {
    expect(FNS).toEqual(TABLE.map((e) => e.fn));
    expect(new Set(FNS).size).toBe(FNS.length);
  });

  it.each(TABLE.map((e) => [e.fn, e] as const))('%s: one `export function` named after it, in the file of its kernel source', (fn, e) => {
    // a later line of a split function: `<function>:<line>` is modelled by `<function>_<line>`
    expect(e.step.name).toBe(fn.replace(':', '_'));
    expect(definitionsOf(e.step.name, SOURCES)).toEqual([modelFileOf(e)]);
  });

  it('the definition check bites: a second definition, or one in another file, is found', () => {
    const src = 'export function napi_pp_put_page(t) {}\n';
    expect(definitionsOf('napi_pp_put_page', new Map([['model/a.ts', src], ['model/b.ts', `// x\n${src}`]]))).toEqual(['model/a.ts', 'model/b.ts']);
    expect(definitionsOf('napi_pp_put_page', new Map([['model/a.ts', 'export function napi_pp_put_page_x() {}\n']]))).toEqual([]);
  });

  it('every model file of a kernel file names the kernel version it follows and what it leaves out', () => {
    const files = new Set(TABLE.map(modelFileOf));
    for (const f of MODEL_FILES) if (f.startsWith('model/kernel/') || f.startsWith('model/driver/')) files.add(f);
    for (const f of files) {
      const head = /^\/\*\*[\s\S]*?\*\//.exec(SOURCES.get(f) ?? '')?.[0] ?? '';
      expect(head, f).toMatch(/6\.12/);
      expect(head, f).toMatch(/leaves[\s*]+out/i);
    }
  });

  it('each start rule starts its own kind (the table gates rules by kind)', () => {
    for (const e of TABLE) for (const r of e.start ?? []) expect(r.rule.toString(), `${e.fn}: ${r.rule.name}`).toMatch(new RegExp(`['"]${e.fn.replace(/\$/g, '\\$')}['"]`));
  });

  it('each in-flight operation has one continuation', () => {
    const ops = TABLE.filter((e) => e.continues !== undefined).map((e) => e.continues);
    expect(new Set(ops).size).toBe(ops.length);
    expect(TABLE.filter((e) => e.loop === 'skb')).toHaveLength(1);
    expect(TABLE.filter((e) => e.loop === 'xdp')).toHaveLength(1);
  });
});

describe('model/ is small functions without import circles', () => {
  it('no function in model/ is longer than 80 lines', () => {
    expect(MODEL_FILES.flatMap((f) => longFunctions(f, SOURCES.get(f)!, 80))).toEqual([]);
  });

  it('the length check bites: an 81-line function is reported, an 80-line one is not', () => {
    const fn = (n: number) => `function f() {\n${'  x++;\n'.repeat(n - 2)}}\n`;
    expect(longFunctions('a.ts', fn(80), 80)).toEqual([]);
    expect(longFunctions('a.ts', fn(81), 80)).toEqual(['a.ts:1 f (81 lines)']);
    expect(longFunctions('a.ts', `const g = () => {\n${'  x++;\n'.repeat(79)}};\n`, 80)).toEqual(['a.ts:1 <anonymous> (81 lines)']);
  });

  it('no import circle in model/ (type-only imports count)', () => {
    expect(importCycles(SOURCES)).toEqual([]);
  });

  it('the circle check bites: a type-only import back is a circle', () => {
    const files = new Map([
      ['model/a.ts', "import type { B } from './b.ts';\n"],
      ['model/b.ts', "import type { A } from './a.ts';\n"],
    ]);
    expect(importCycles(files)).toEqual(['model/a.ts -> model/b.ts -> model/a.ts']);
  });
});

describe("docs/model.md's action table", () => {
  it('is the one generated from model/registry.ts (npm run docs:model)', () => {
    const doc = readFileSync(join(ROOT, 'docs/model.md'), 'utf8');
    expect(withActionTable(doc), 'docs/model.md is stale: run npm run docs:model').toBe(doc);
  });

  it('drift bites: a hand edit of a row is not the generated table', () => {
    const doc = readFileSync(join(ROOT, 'docs/model.md'), 'utf8');
    const edited = doc.replace('| `napi_pp_put_page` |', '| `napi_pp_put_page` (edited) |');
    expect(edited).not.toBe(doc);
    expect(withActionTable(edited)).not.toBe(edited);
  });
});

