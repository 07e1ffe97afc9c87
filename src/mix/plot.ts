/**
 * The SVG plot of a mix: a vega-lite specification built from the result
 * (data only), compiled to a vega spec and rendered to SVG by vega's headless
 * View (renderer 'none', View.toSVG: no canvas, no fonts loaded, text widths
 * estimated, so the output is the same bytes on every machine).
 * - one mix point: bars per road (the share of allocations and of frees),
 *   one bar per variant, error bars from the confidence interval;
 * - a sweep of a parameter: each allocation and free road's share, and the
 *   share of steps starved or with the NAPI listed, against the parameter
 *   (log scale), one line per road (and variant), error bars at each point.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { MixResult } from './run.ts';

interface Row {
  group: string;
  road: string;
  variant: string;
  x: number;
  mean: number;
  lo: number;
  hi: number;
}

function rows(r: MixResult, groups: readonly string[]): Row[] {
  const out: Row[] = [];
  const sweep = Object.entries(r.params.params).find(([, v]) => v.length > 1)?.[0];
  for (const e of r.mixes) {
    for (const g of e.groups) {
      if (!groups.includes(g.id)) continue;
      for (const road of g.roads) {
        // a road no variant took carries no information: left out of the plot
        if (!r.mixes.some((m) => (m.groups.find((x) => x.id === g.id)?.roads.find((x) => x.id === road.id)?.count ?? 0) > 0)) continue;
        const f = road.fraction;
        out.push({
          group: g.label,
          road: road.label,
          variant: e.variant,
          x: sweep !== undefined ? e.point[sweep] : 0,
          mean: f.mean,
          lo: f.lo ?? f.mean,
          hi: f.hi ?? f.mean,
        });
      }
    }
  }
  return out;
}

/** The vega-lite specification of a mix's plot (pure). */
export function mixPlotSpec(r: MixResult): TopLevelSpec {
  const p = r.params;
  const sweep = Object.entries(p.params).find(([, v]) => v.length > 1)?.[0];
  const title = `${p.profile}: ${p.variant}${p.against !== null ? ` vs ${p.against}` : ''} (${Math.round(p.confidence * 100)}% intervals, ${p.runs} runs, seed ${p.seed})`;
  if (sweep !== undefined) {
    // the allocation and free roads, and two gauges that are shares of steps: starvation and the NAPI being listed
    const data = rows(r, ['alloc', 'free'])
      .map((d) => ({ ...d, kind: d.group.split(' ')[0], road: `${d.group.split(' ')[0]}: ${d.road}` }))
      .concat(
        r.mixes.flatMap((e) =>
          e.gauges
            .filter((g) => g.id === 'starved' || g.id === 'listed')
            .map((g) => ({ group: 'gauge', kind: 'steps', road: `steps: ${g.label}`, variant: e.variant, x: e.point[sweep], mean: g.value.mean, lo: g.value.lo ?? g.value.mean, hi: g.value.hi ?? g.value.mean })),
        ),
      );
    const values = data.map((d) => ({ ...d, series: r.params.against !== null ? `${d.road} (${d.variant})` : d.road }));
    // ticks at the swept values only
    const x = { field: 'x', type: 'quantitative' as const, title: sweep, scale: { type: 'log' as const, base: 2 }, axis: { values: p.params[sweep] } };
    // one panel per kind of share: in a steady state a free road and an allocation road can
    // coincide (every page freed into the pool is allocated from it), so they are not overlaid
    const panel = (kind: string, title: string) => ({
      title: { text: title, fontSize: 11, anchor: 'start' as const },
      transform: [{ filter: { field: 'kind', equal: kind } }],
      width: 420,
      height: 160,
      layer: [
        {
          mark: { type: 'line' as const, point: true },
          encoding: {
            x,
            y: { field: 'mean', type: 'quantitative' as const, title: 'share', scale: { domain: [0, 1] } },
            color: { field: 'series', type: 'nominal' as const, title: null, legend: { labelLimit: 400 } },
          },
        },
        {
          mark: { type: 'errorbar' as const, ticks: true },
          encoding: {
            x,
            y: { field: 'lo', type: 'quantitative' as const, title: 'share' },
            y2: { field: 'hi' },
            color: { field: 'series', type: 'nominal' as const },
          },
        },
      ],
    });
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title,
      data: { values },
      vconcat: [panel('allocations', 'allocations by road'), panel('frees', 'frees by road'), panel('steps', 'share of steps')],
      resolve: { scale: { color: 'independent' } },
    };
  }
  const data = rows(r, ['alloc', 'free']);
  const groups = r.mixes[0].groups.filter((g) => g.id === 'alloc' || g.id === 'free').map((g) => g.label);
  const share = "share of the group's events";
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: data },
    vconcat: groups.map((label) => ({
      title: { text: label, fontSize: 11, anchor: 'start' as const },
      transform: [{ filter: { field: 'group', equal: label } }],
      width: 360,
      height: { step: 14 },
      layer: [
        {
          mark: 'bar' as const,
          encoding: {
            y: { field: 'road', type: 'nominal' as const, title: null, sort: null, axis: { labelLimit: 320 } },
            yOffset: { field: 'variant', sort: null },
            x: { field: 'mean', type: 'quantitative' as const, title: share, scale: { domain: [0, 1] } },
            color: { field: 'variant', type: 'nominal' as const, sort: null, legend: { labelLimit: 400 } },
          },
        },
        {
          mark: { type: 'errorbar' as const, ticks: true },
          encoding: {
            y: { field: 'road', type: 'nominal' as const, sort: null },
            yOffset: { field: 'variant', sort: null },
            x: { field: 'lo', type: 'quantitative' as const, title: share },
            x2: { field: 'hi' },
          },
        },
      ],
    })),
  };
}

/** vega-lite's compile warnings are not for the user of a CLI: dropped. */
const silent = {
  level(): number {
    return 0;
  },
  error() {
    return silent;
  },
  warn() {
    return silent;
  },
  info() {
    return silent;
  },
  debug() {
    return silent;
  },
};

/** Render the plot to SVG text. */
export async function mixPlotSvg(r: MixResult): Promise<string> {
  const spec = compile(mixPlotSpec(r), { logger: silent as unknown as NonNullable<Parameters<typeof compile>[1]>['logger'] }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: vega.None });
  const svg = await view.toSVG();
  view.finalize();
  return svg.endsWith('\n') ? svg : svg + '\n';
}
