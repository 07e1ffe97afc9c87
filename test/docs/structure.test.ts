/**
 * What the docs may not do: show a command's output in a block that no test
 * runs (a `$ ` prompt line outside a literate console block), link outside
 * the repository (../shared/… is not in a clone) or to a file that is not
 * there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../cli/literate.ts';

const DOCS = ['README.md', ...readdirSync(resolve(REPO, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

interface Fence {
  line: number;
  lang: string;
  body: string[];
}

export function fences(text: string): Fence[] {
  const lines = text.split('\n');
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== open[1]; i++) body.push(lines[i]);
    out.push({ line: start + 1, lang: open[2], body });
  }
  return out;
}

/** Lines of `$ command` shown outside a console block (their output cannot be checked). */
export function unrunPrompts(text: string): number[] {
  return fences(text)
    .filter((f) => f.lang !== 'console' && f.body.some((l) => /^\$ \S/.test(l)))
    .map((f) => f.line);
}

/** Lines of non-console blocks that start like ppcheck's output (a counterexample, a report header): output no test runs. */
export function unrunOutputs(text: string): number[] {
  return fences(text)
    .filter((f) => f.lang !== 'console' && /^(counterexample: \d+ steps|ppcheck (check|diff|suite)\b)/.test(f.body[0] ?? ''))
    .map((f) => f.line);
}

/** Markdown link targets and the text outside code, with their lines. */
export function links(text: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  const lines = text.split('\n');
  let inFence = false;
  lines.forEach((l, i) => {
    if (/^`{3,}/.test(l)) inFence = !inFence;
    if (inFence) return;
    for (const m of l.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ line: i + 1, target: m[1] });
    for (const m of l.matchAll(/href="([^"]+)"/g)) out.push({ line: i + 1, target: m[1] });
  });
  return out;
}

/** What is wrong with a link of `doc` (empty: fine). */
export function linkProblem(doc: string, target: string): string | null {
  if (/^(https?|mailto):/.test(target)) return null;
  if (target.startsWith('#')) return null;
  const path = target.split('#')[0];
  const abs = resolve(REPO, dirname(doc), path);
  const rel = relative(REPO, abs);
  if (rel.startsWith('..') || path.startsWith('/')) return `${target} points outside the repository`;
  if (!existsSync(abs)) return `${target}: no such file in the repository`;
  return null;
}

describe('docs structure', () => {
  for (const doc of DOCS) {
    const text = readFileSync(resolve(REPO, doc), 'utf8');
    it(`${doc}: every command shown with a prompt is in a literate console block`, () => {
      expect(unrunPrompts(text).map((l) => `${doc}:${l}`)).toEqual([]);
    });
    it(`${doc}: no ppcheck output outside a literate console block`, () => {
      expect(unrunOutputs(text).map((l) => `${doc}:${l}`)).toEqual([]);
    });
    it(`${doc}: links point at files inside the repository`, () => {
      const bad = links(text)
        .map((x) => ({ ...x, problem: linkProblem(doc, x.target) }))
        .filter((x) => x.problem !== null)
        .map((x) => `${doc}:${x.line}: ${x.problem}`);
      expect(bad).toEqual([]);
    });
    it(`${doc}: names no path outside the repository (../shared, /work/…)`, () => {
      const bad = text
        .split('\n')
        .map((l, i) => ({ l, i }))
        .filter(({ l }) => /(^|[\s(`'"])(\.\.\/)+shared\/|\/work\//.test(l))
        .map(({ l, i }) => `${doc}:${i + 1}: ${l.trim()}`);
      expect(bad).toEqual([]);
    });
  }

  it('docs/conformance.md names the Debian kernel version that test/conformance/setup.sh builds', (ctx) => {
    const built = resolve(REPO, 'test/conformance/build/kernel/VERSION');
    let version = existsSync(built) ? readFileSync(built, 'utf8').trim() : '';
    if (version === '' || version === 'unknown') {
      const q = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'linux-source-6.12'], { encoding: 'utf8' });
      version = q.status === 0 ? q.stdout.trim() : '';
    }
    if (version === '') {
      console.log('SKIP: no linux-source-6.12 built or installed here (test/conformance/setup.sh installs it); the version named in docs/conformance.md is not compared');
      ctx.skip();
      return;
    }
    expect(readFileSync(resolve(REPO, 'docs/conformance.md'), 'utf8')).toContain(version);
  });

  it('the checks bite: a prompt in a plain block, a link out of the tree, a missing file', () => {
    expect(unrunPrompts('```\n$ npx ppcheck check\nok\n```\n')).toEqual([1]);
    expect(unrunPrompts('```console\n$ npx ppcheck check\n[exit 0]\n```\n')).toEqual([]);
    expect(unrunOutputs('```text\ncounterexample: 5 steps to pp-ownership\n```\n')).toEqual([1]);
    expect(unrunOutputs('```console\n$ npx ppcheck check\ncounterexample: 5 steps to pp-ownership\n[exit 12]\n```\n')).toEqual([]);
    expect(linkProblem('docs/x.md', '../../shared/kernel/bugs.md')).toMatch(/outside/);
    expect(linkProblem('docs/x.md', '/etc/passwd')).toMatch(/outside/);
    expect(linkProblem('docs/x.md', 'no-such.md')).toMatch(/no such file/);
    expect(linkProblem('docs/x.md', 'model.md#actions')).toBeNull();
    expect(linkProblem('docs/x.md', 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/net/core/page_pool.c')).toBeNull();
    expect(links('see [the model](model.md) and [out](../../x)\n```\n[not](a link)\n```\n').map((l) => l.target)).toEqual(['model.md', '../../x']);
  });
});
