/**
 * Combining the JSON results of mix shards (`ppcheck mix ... --shard i/N
 * --json`, one per process or machine) into the result of one unsharded mix:
 * every run's counts are in `perRun`, and run r's seed depends only on the
 * seed and r, so the runs of all shards, in run order, are exactly the runs
 * of the unsharded mix, and summarizing them gives the same shares, intervals
 * and differences. Shards of different mixes, a shard given twice or a
 * missing shard are input errors (MixInputError).
 */
import { difference, type DiffEntry, type MixEntry, MixInputError, type MixResult, summarize } from './run.ts';
import type { RunTally } from './walk.ts';

/** The params of a result without its shard: equal for shards of one mix. */
function identity(r: MixResult): string {
  const { shard: _s, ...rest } = r.params;
  return JSON.stringify(rest);
}

function parseShardText(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m) throw new MixInputError(`bad shard "${s}"`);
  return { index: Number(m[1]) - 1, count: Number(m[2]) };
}

export function mergeMixes(results: { file: string; result: MixResult }[]): MixResult {
  if (results.length === 0) throw new MixInputError('nothing to merge');
  const first = results[0].result;
  const count = parseShardText(first.params.shard).count;
  const seen = new Map<number, string>();
  for (const { file, result } of results) {
    if (identity(result) !== identity(first)) throw new MixInputError(`${file} is a shard of another mix than ${results[0].file} (profile, variants, bounds, params, seed, runs or steps differ)`);
    const sh = parseShardText(result.params.shard);
    if (sh.count !== count) throw new MixInputError(`${file} is shard ${result.params.shard}, the others are of ${count}`);
    const other = seen.get(sh.index);
    if (other !== undefined) throw new MixInputError(`shard ${result.params.shard} given twice (${other}, ${file})`);
    seen.set(sh.index, file);
    if (result.mixes.length !== first.mixes.length) throw new MixInputError(`${file} has ${result.mixes.length} mixes, ${results[0].file} ${first.mixes.length}`);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new MixInputError(`shards ${missing.map((i) => `${i + 1}/${count}`).join(', ')} are missing`);
  const mixes: MixEntry[] = first.mixes.map((m0, k) => {
    const runs: { index: number; tally: RunTally }[] = [];
    for (const { result } of results) {
      const m = result.mixes[k];
      m.perRun.index.forEach((r, i) =>
        runs.push({
          index: r,
          tally: { counts: Float64Array.from(m.perRun.counts[i]), gaugeSums: Float64Array.from(m.perRun.gaugeSums[i]), steps: m.perRun.steps[i], stuck: m.perRun.stuck[i] },
        }),
      );
    }
    runs.sort((a, b) => a.index - b.index);
    const specs = { bounds: m0.bounds, groups: m0.groups.map((g) => ({ id: g.id, label: g.label, roads: g.roads.map((r) => ({ id: r.id, label: r.label })) })), gauges: m0.gauges.map((g) => ({ id: g.id, label: g.label })) };
    const e = summarize(specs, m0.variant, m0.point, runs.map((x) => x.index), runs.map((x) => x.tally), null);
    // the exact answer does not depend on the runs: every shard computed the same one
    if (m0.exact !== null) {
      e.exact = m0.exact;
      e.groups.forEach((g, gi) => g.roads.forEach((r, ri) => (r.exact = m0.groups[gi].roads[ri].exact)));
      e.gauges.forEach((g, gi) => (g.exact = m0.gauges[gi].exact));
    }
    return e;
  });
  const differences: DiffEntry[] = [];
  if (first.params.against !== null) for (let k = 0; k + 1 < mixes.length; k += 2) differences.push(difference(mixes[k], mixes[k + 1]));
  return { params: { ...first.params, shard: '1/1' }, mixes, differences };
}
