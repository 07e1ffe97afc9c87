/**
 * `npm run docs:model`: regenerate docs/model.md's action table from
 * model/registry.ts (model/docs.ts). The file is written whole.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { withActionTable } from '../../model/docs.ts';

const path = new URL('../../docs/model.md', import.meta.url).pathname;
const before = readFileSync(path, 'utf8');
const after = withActionTable(before);
if (after === before) {
  console.log('docs/model.md: action table up to date');
} else {
  writeFileSync(`${path}.tmp`, after);
  renameSync(`${path}.tmp`, path);
  console.log('docs/model.md: action table regenerated');
}
