/**
 * No import circle through the CLI's entry and `diff` (issue #15 item 4:
 * src/cli main -> program -> diff -> program): static, type-only and dynamic
 * `import('./x.ts')` imports all count. The types every command shares live
 * in src/cli/context.ts, the proposal-error line in src/cli/proposal-error.ts.
 * And none anywhere in src/, model/ and properties/ (cli suite/print/suite,
 * trace itf/printable were the last): the imports as TypeScript's
 * preprocessor reads them (comments and strings are no imports).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string, src: string): string[] {
  const re = /(?:\bfrom\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\))/g;
  return [...src.matchAll(re)].map((m) => normalize(join(dirname(file), m[1] ?? m[2])));
}

/** The import cycles that pass through one of `through`. */
function cyclesThrough(sources: ReadonlyMap<string, string>, through: readonly string[]): string[] {
  const deps = new Map<string, string[]>();
  for (const [f, src] of sources) deps.set(f, importsOf(f, src));
  const out: string[] = [];
  for (const start of through) {
    const seen = new Set<string>();
    const walk = (n: string, path: string[]): void => {
      for (const d of deps.get(n) ?? []) {
        if (d === start) out.push([...path, d].map((x) => relative(REPO, x)).join(' -> '));
        else if (!seen.has(d) && deps.has(d)) {
          seen.add(d);
          walk(d, [...path, d]);
        }
      }
    };
    walk(start, [start]);
  }
  return out;
}

describe('src/cli: no import circle through main, program and diff', () => {
  const files = [...tsFiles(join(REPO, 'src/cli')), ...tsFiles(join(REPO, 'src/diff'))];
  const sources = new Map(files.map((f) => [f, readFileSync(f, 'utf8')] as const));
  const entry = ['main.ts', 'program.ts', 'diff.ts'].map((f) => join(REPO, 'src/cli', f));

  it('none', () => {
    expect(cyclesThrough(sources, entry)).toEqual([]);
  });

  it('the check bites: a type-only import back, or a dynamic one, is a circle', () => {
    const a = join(REPO, 'src/cli/main.ts');
    const b = join(REPO, 'src/cli/program.ts');
    const c = join(REPO, 'src/cli/diff.ts');
    expect(cyclesThrough(new Map([[a, "import { x } from './program.ts';\n"], [b, "import type { Io } from './main.ts';\n"]]), [a])).toEqual(['src/cli/main.ts -> src/cli/program.ts -> src/cli/main.ts']);
    expect(cyclesThrough(new Map([[b, "const m = await import('./diff.ts');\n"], [c, "import type { CliContext } from './program.ts';\n"]]), [b])).toHaveLength(1);
  });
});

/** Relative imports of a file (static, type-only, re-exports, dynamic), as TypeScript's preprocessor finds them. */
function relativeImports(file: string, src: string): string[] {
  const info = ts.preProcessFile(src, true, true);
  return info.importedFiles.map((f) => f.fileName).filter((n) => n.startsWith('.')).map((n) => normalize(join(dirname(file), n)));
}

/** Every import circle among `sources` (one per strongly connected component of more than one file, or a file importing itself). */
function allCircles(sources: ReadonlyMap<string, string>): string[] {
  const deps = new Map<string, string[]>();
  for (const [f, src] of sources) deps.set(f, relativeImports(f, src).filter((d) => sources.has(d)));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of deps.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || deps.get(v)!.includes(v)) out.push(scc.map((x) => relative(REPO, x)).sort().join(' <-> '));
  };
  for (const f of [...sources.keys()].sort()) if (!index.has(f)) visit(f);
  return out;
}

describe('src/, model/, properties/: no import circle at all', () => {
  const files = ['src', 'model', 'properties'].flatMap((d) => tsFiles(join(REPO, d)));
  const sources = new Map(files.map((f) => [f, readFileSync(f, 'utf8')] as const));

  it('none', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(allCircles(sources)).toEqual([]);
  });

  it('the check bites: a type-only import back, a re-export back, a dynamic import back, a self import; an import in a comment is none', () => {
    const a = join(REPO, 'src/trace/itf.ts');
    const b = join(REPO, 'src/trace/printable.ts');
    const c = join(REPO, 'src/cli/suite.ts');
    const d = join(REPO, 'src/cli/print/suite.ts');
    expect(allCircles(new Map([[a, "import { p } from './printable.ts';\n"], [b, "import type { Recorded } from './itf.ts';\n"]]))).toEqual(['src/trace/itf.ts <-> src/trace/printable.ts']);
    expect(allCircles(new Map([[c, "export { formatSuiteRow } from './print/suite.ts';\n"], [d, "import type { SuiteRow } from '../suite.ts';\n"]]))).toHaveLength(1);
    expect(allCircles(new Map([[c, "const m = await import('./print/suite.ts');\n"], [d, "import type { SuiteRow } from '../suite.ts';\n"]]))).toHaveLength(1);
    expect(allCircles(new Map([[a, "import { x } from './itf.ts';\n"]]))).toEqual(['src/trace/itf.ts']);
    expect(allCircles(new Map([[a, "/**\n * import { p } from './printable.ts';\n */\n"], [b, "import type { Recorded } from './itf.ts';\n"]]))).toEqual([]);
  });
});
