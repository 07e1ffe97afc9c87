/**
 * src/mix/plot.ts: the SVG of a mix (bars) and of a sweep (lines) has finite
 * dimensions and names what it plots: the roads some run took, the variants,
 * the swept values; roads no run took are left out.
 */
import { describe, expect, it } from 'vitest';
import { mixPlotSpec, mixPlotSvg } from '../../src/mix/plot.ts';
import { runMix } from '../../src/mix/run.ts';
import { pagePoolWorkloads } from '../../model/workloads/index.ts';

const SMALL = { seed: 1, runs: 3, warmup: 100, steps: 500 };

function size(svg: string): { w: number; h: number } {
  const m = /^<svg [^>]*width="([^"]+)" height="([^"]+)"/.exec(svg);
  expect(m).not.toBeNull();
  return { w: Number(m![1]), h: Number(m![2]) };
}

describe('mix plots', () => {
  it('bars: one panel per group, each taken road, both variants', async () => {
    const r = runMix(pagePoolWorkloads, { ...SMALL, profile: 'numa-remote', variant: 'numa-no-node-starvation-fixed', against: 'numa-no-node-starvation' });
    const svg = await mixPlotSvg(r);
    const { w, h } = size(svg);
    expect(w > 100 && w < 3000 && h > 100 && h < 3000, `${w}x${h}`).toBe(true);
    for (const t of ['alloc cache hit', 'slow path (page allocator)', 'to the page allocator: NUMA mismatch', 'numa-no-node-starvation-fixed']) expect(svg).toContain(`>${t}<`);
    // no run took these roads
    for (const t of ['to the page allocator: pfmemalloc', 'to the page allocator: pool gone']) expect(svg).not.toContain(t);
  });

  it('a sweep: lines against the swept values, a panel for the share gauges', async () => {
    const r = runMix(pagePoolWorkloads, { ...SMALL, profile: 'host-slow-reader', variant: 'mainline', params: { hold: [0.5, 2, 8] } });
    const spec = mixPlotSpec(r) as { vconcat: unknown[] };
    expect(spec.vconcat).toHaveLength(3);
    const svg = await mixPlotSvg(r);
    const { w, h } = size(svg);
    expect(w > 100 && w < 3000 && h > 100 && h < 3000, `${w}x${h}`).toBe(true);
    for (const t of ['hold', '0.5', '2', '8', 'share of steps', 'slow path (page allocator)', 'NAPI listed on a CPU (scheduled)']) expect(svg).toContain(`>${t}<`);
  });
});
