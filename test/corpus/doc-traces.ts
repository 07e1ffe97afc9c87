/**
 * Refreshes the counterexamples shown in docs/bugs.md: every block
 *   <!-- trace:<variant> -->
 *   ```console
 *   $ npx ppcheck check --variant <variant>
 *   ...
 *   ```
 * is replaced by the real output of that command (the counterexample, the
 * result and the state count; the header and the timings elided with `...`).
 * The blocks are literate: test/docs/docs.test.ts runs each and fails when
 * the output differs, so after a model change run
 *
 *   node --import tsx test/corpus/doc-traces.ts [--check]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const doc = fileURLToPath(new URL('../../docs/bugs.md', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/ppcheck.mjs', import.meta.url));
const text = readFileSync(doc, 'utf8');
const re = /<!-- trace:([a-z0-9.-]+) -->\n```(?:text|console)\n[\s\S]*?\n```/g;
const out = text.replace(re, (_m, variant: string) => {
  const r = spawnSync(process.execPath, [bin, 'check', '--variant', variant], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const lines = r.stdout.split('\n');
  const from = lines.findIndex((l) => l.startsWith('counterexample'));
  const to = lines.findIndex((l) => l.startsWith('  states '));
  const body = from >= 0 && to >= from ? lines.slice(from, to + 1) : [`(no counterexample)`];
  return ['<!-- trace:' + variant + ' -->', '```console', `$ npx ppcheck check --variant ${variant}`, '...', ...body, '...', `[exit ${r.status}]`, '```'].join('\n');
});
if (process.argv.includes('--check')) {
  if (out !== text) {
    console.error('docs/bugs.md counterexamples are stale: run node --import tsx test/corpus/doc-traces.ts');
    process.exit(1);
  }
  console.log('docs/bugs.md counterexamples are current');
} else {
  writeFileSync(doc, out);
  console.log('docs/bugs.md counterexamples refreshed');
}
