/**
 * src/mix/print.ts: the header prints the effective bounds; a variant whose
 * model has other bounds (VariantDef.bounds) says so under its mix.
 */
import { describe, expect, it } from 'vitest';
import { formatMix } from '../../src/mix/print.ts';
import { runMix } from '../../src/mix/run.ts';
import { pagePoolWorkloads } from '../../model/workloads/index.ts';

describe('mix text', () => {
  const r = runMix(pagePoolWorkloads, { profile: 'router', variant: 'mainline', against: 'v5.14', seed: 1, runs: 2, warmup: 0, steps: 200 });
  it('prints every effective bound in the header, and no per-variant bounds when they agree', () => {
    const t = formatMix(r);
    expect(t).toMatch(/^ {2}bounds: arch=0 budget=1 cacheSize=4 clones=0 cpus=1 descs=2 nodes=1 pages=6 poolStats=0 pools=1 preemptRt=0 pressure=0 ringSize=4 skbs=1 threaded=0$/m);
    expect(t).not.toMatch(/the variant overrides some/);
  });
  it('a mix with other bounds than the header says so', () => {
    const other = { ...r, mixes: [r.mixes[0], { ...r.mixes[1], bounds: { ...r.mixes[1].bounds, pages: 8 } }] };
    expect(formatMix(other)).toMatch(/^v5\.14: 2 runs, \d+ steps\n {2}bounds \(the variant overrides some\): .*pages=8 /m);
  });
});
