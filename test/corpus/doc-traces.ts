/**
 * Refreshes the counterexamples pasted in docs/bugs.md: every block
 *   <!-- trace:<variant> -->
 *   ```text
 *   ...
 *   ```
 * is replaced by the counterexample part of `ppcheck check --variant <variant>`.
 *
 *   node --import tsx test/corpus/doc-traces.ts [--check]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const doc = fileURLToPath(new URL('../../docs/bugs.md', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/ppcheck.mjs', import.meta.url));
const text = readFileSync(doc, 'utf8');
const re = /<!-- trace:([a-z0-9.-]+) -->\n```text\n[\s\S]*?```/g;
const out = text.replace(re, (_m, variant: string) => {
  const r = spawnSync(process.execPath, [bin, 'check', '--variant', variant], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const lines = r.stdout.split('\n');
  const from = lines.findIndex((l) => l.startsWith('counterexample'));
  const to = lines.findIndex((l) => l.startsWith('reproduce:'));
  const body = from >= 0 && to >= from ? lines.slice(from, to + 1).join('\n') : `(no counterexample: exit ${r.status})`;
  return `<!-- trace:${variant} -->\n\`\`\`text\n${body}\n\`\`\``;
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
