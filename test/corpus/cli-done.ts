/**
 * The "done when", run through the real CLI: for every corpus id,
 * `ppcheck check --variant <id> --json` reports a violation of the expected
 * property with a trace no longer than the manifest's maximum, and
 * `--variant <id>-fixed --json` reports no violation (complete) at the same
 * bounds. Slow (two processes per id), so a script rather than a vitest test:
 *
 *   node --import tsx test/corpus/cli-done.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CORPUS_IDS } from '../../model/variants/corpus.ts';
import { findVariant } from '../../model/variants/index.ts';

const bin = fileURLToPath(new URL('../../bin/ppcheck.mjs', import.meta.url));
let bad = 0;

function check(variant: string): { code: number | null; json: Record<string, unknown> | null; err: string } {
  const r = spawnSync(process.execPath, [bin, 'check', '--variant', variant, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(r.stdout) as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  return { code: r.status, json, err: r.stderr.trim().split('\n')[0] ?? '' };
}

for (const id of CORPUS_IDS) {
  const v = findVariant(id)!;
  const e = v.expect;
  const bug = check(id);
  const fixed = check(`${id}-fixed`);
  const bj = bug.json as { verdict?: string; property?: string; trace?: { length?: number }; params?: { bounds?: unknown } } | null;
  const fj = fixed.json as { verdict?: string; complete?: boolean; params?: { bounds?: unknown } } | null;
  const problems: string[] = [];
  if (!bj) problems.push(`${id}: no JSON (exit ${bug.code}) ${bug.err}`);
  if (!fj) problems.push(`${id}-fixed: no JSON (exit ${fixed.code}) ${fixed.err}`);
  if (bj && fj && e.verdict === 'violation') {
    if (bug.code !== 12 || bj.verdict !== 'violation') problems.push(`${id}: exit ${bug.code}, verdict ${bj.verdict}`);
    if (bj.property !== e.property) problems.push(`${id}: property ${bj.property}, expected ${e.property}`);
    const len = bj.trace?.length ?? Infinity;
    if (len > (e.maxTraceLength ?? Infinity)) problems.push(`${id}: trace of ${len} steps > ${e.maxTraceLength}`);
    if (fixed.code !== 0 || fj.verdict !== 'ok' || fj.complete !== true) problems.push(`${id}-fixed: exit ${fixed.code}, verdict ${fj.verdict}, complete ${fj.complete}`);
    if (JSON.stringify(bj.params?.bounds) !== JSON.stringify(fj.params?.bounds)) problems.push(`${id}: bug and fixed bounds differ`);
  }
  if (problems.length > 0) {
    bad++;
    for (const p of problems) console.log(`FAIL ${p}`);
  } else {
    console.log(`ok   ${id}: exit 12, ${bj!.property}, trace ${bj!.trace!.length} ≤ ${e.verdict === 'violation' ? e.maxTraceLength : '-'}; ${id}-fixed: exit 0, ok, complete`);
  }
}
console.log(bad === 0 ? `all ${CORPUS_IDS.length} corpus ids behave as the issue requires` : `${bad} corpus id(s) failed`);
process.exit(bad === 0 ? 0 : 1);
