/**
 * No import circle through the CLI's entry and `diff` (issue #15 item 4:
 * src/cli main -> program -> diff -> program): static, type-only and dynamic
 * `import('./x.ts')` imports all count. The types every command shares live
 * in src/cli/context.ts, the proposal-error line in src/cli/proposal-error.ts.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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
