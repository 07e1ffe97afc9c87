/**
 * Regenerates test/corpus/manifest.json: runs BFS on every era and corpus
 * variant under each of its scenarios at the scenario's default bounds, and
 * records what it finds. Refuses (exit 1) when a result disagrees with the
 * variant's declared expectation, so a wrong verdict is never recorded.
 *
 *   node --import tsx test/corpus/regen.ts [--check]
 *
 * --check: do not write; exit 1 if the manifest differs from a fresh run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { explore } from '../../src/engine/explore.ts';
import { pagePoolFamily } from '../../model/index.ts';
import { CORPUS_IDS } from '../../model/variants/corpus.ts';
import { ERA_IDS } from '../../model/variants/eras.ts';
import { CORPUS_SCENARIOS } from '../../model/variants/corpus-scenarios.ts';
import { findings } from '../../model/variants/findings.ts';
import { MANIFEST_PATH, type Manifest, type ManifestRow } from './manifest.ts';

const family = pagePoolFamily;
// mainline's findings (model/variants/findings.ts): mainline as it is under a finding scenario (its violation recorded), and the fix
const ids = [...ERA_IDS, ...CORPUS_IDS.flatMap((id) => [id, `${id}-fixed`]), ...findings.map((v) => v.id)];

/**
 * Era findings: older eras under scenarios outside their defaults, where the
 * checker finds the bugs that were fixed later (recorded with their own
 * expectation, since the variant's `expect` is about its default scenarios).
 */
const ERA_FINDINGS: { variant: string; scenario: string; property: string }[] = [
  { variant: 'v5.14', scenario: 'teardown', property: 'dma-unmap-before-free' }, // ee62ce7a1d90 (2025)
  { variant: 'v6.4', scenario: 'teardown', property: 'dma-unmap-before-free' },
  { variant: 'v6.4', scenario: 'destroy-swap', property: 'pool-lifetime' }, // 271683bb2cf3 (2025)
];
/**
 * Mainline's golden counts under scenarios of a mechanism whose mutants and start rules live
 * outside the corpus (issue #16 item 8: frag_list, skb_segment, skb_split, skb_shift): a change
 * of their state counts is a change of the mechanism, to be explained in its own commit.
 */
const MAINLINE_GOLDEN: string[] = ['gro-fraglist', 'skb-split-shift', 'devmem-unreadable', 'percpu-stats', 'xdp-multi-buffer', 'xdp-bulk-multi-buffer', 'xdp-cpumap'];
const rows: ManifestRow[] = [];
let bad = 0;
for (const id of ids) {
  const v = family.variants.find((x) => x.id === id);
  if (!v) {
    console.error(`missing variant ${id}`);
    bad++;
    continue;
  }
  // mainline's own scenarios are the model's tests (test/model); the manifest records mainline under the corpus scenarios
  const scenarios = id === 'mainline' ? v.scenarios.filter((x) => CORPUS_SCENARIOS.some((c) => c.id === x) || MAINLINE_GOLDEN.includes(x)) : v.scenarios;
  for (const scenario of scenarios) {
    const sc = family.scenarios.find((s) => s.id === scenario)!;
    const t0 = Date.now();
    const res = explore(family.build({ variant: id, scenario, bounds: sc.bounds }), { mode: 'bfs', timeLimit: 120 });
    const secs = ((Date.now() - t0) / 1000).toFixed(2);
    if (res.kind === 'error') {
      console.error(`${id}/${scenario}: error ${res.error}: ${res.message}`);
      bad++;
      continue;
    }
    const row: ManifestRow = {
      variant: id,
      scenario,
      bounds: sc.bounds,
      mode: 'bfs',
      expect: res.kind,
      distinctStates: res.stats.distinctStates,
      complete: res.complete,
    };
    if (res.kind === 'violation') {
      row.property = res.property;
      row.traceLength = res.trace.steps.length - 1;
    }
    const e = v.expect;
    const agrees =
      e.verdict === res.kind &&
      (res.kind === 'ok' ? res.complete : e.verdict === 'violation' && e.property === res.property && (e.maxTraceLength === undefined || row.traceLength! <= e.maxTraceLength));
    console.log(`${agrees ? 'ok ' : 'BAD'} ${id}/${scenario}: ${res.kind}${row.property ? ` ${row.property} len=${row.traceLength}` : ''} states=${row.distinctStates} complete=${row.complete} ${secs}s` + (res.kind === 'violation' ? `  (${res.reason})` : ''));
    if (!agrees) bad++;
    rows.push(row);
  }
}
for (const f of ERA_FINDINGS) {
  const sc = family.scenarios.find((s) => s.id === f.scenario)!;
  const res = explore(family.build({ variant: f.variant, scenario: f.scenario, bounds: sc.bounds }), { mode: 'bfs', timeLimit: 120 });
  const agrees = res.kind === 'violation' && res.property === f.property;
  console.log(`${agrees ? 'ok ' : 'BAD'} ${f.variant}/${f.scenario} (era finding): ${res.kind}${res.kind === 'violation' ? ` ${res.property} len=${res.trace.steps.length - 1}` : ''} states=${res.stats.distinctStates}`);
  if (!agrees || res.kind !== 'violation') {
    bad++;
    continue;
  }
  rows.push({
    variant: f.variant,
    scenario: f.scenario,
    bounds: sc.bounds,
    mode: 'bfs',
    expect: 'violation',
    property: res.property,
    traceLength: res.trace.steps.length - 1,
    distinctStates: res.stats.distinctStates,
    complete: res.complete,
  });
}
const manifest: Manifest = {
  description:
    'ppcheck regression corpus: expected verdict, violated property, shortest counterexample length (BFS steps) and distinct states for every era and corpus variant at its default scenario bounds. Regenerate with `node --import tsx test/corpus/regen.ts`; checked by test/corpus/manifest.test.ts.',
  model: family.name,
  modelVersion: family.version,
  rows,
};
const text = JSON.stringify(manifest, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const old = readFileSync(MANIFEST_PATH, 'utf8');
  if (old !== text) {
    console.error('manifest differs from a fresh run');
    process.exit(1);
  }
} else if (bad === 0) {
  writeFileSync(MANIFEST_PATH, text);
  console.log(`wrote ${rows.length} rows to ${MANIFEST_PATH}`);
} else {
  console.error(`${bad} problem(s): manifest not written`);
}
process.exit(bad === 0 ? 0 : 1);
