/**
 * The SVG plot of a mix: a vega-lite specification built from the result
 * (data only), compiled to a vega spec and rendered to SVG by vega's headless
 * View (renderer 'none', View.toSVG: no canvas, no fonts loaded, text widths
 * estimated, so the output is the same bytes on every machine).
 * What is plotted is the workload's choice (WorkloadProfileInfo.plot, copied
 * to the result's params.plot): some groups of roads, some gauges that are
 * shares of steps.
 * - one mix point: a panel per group, bars per road, one bar per variant,
 *   error bars from the confidence interval;
 * - a sweep of a parameter: a panel per group and one for the gauges, each
 *   road's share against the parameter (log scale), one line per road (and
 *   variant), error bars at each point.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { MixResult } from './run.ts';

interface Row {
  /** the group's id, or GAUGES for a gauge */
  panel: string;
  road: string;
  variant: string;
  x: number;
  mean: number;
  lo: number;
  hi: number;
}

/** The panel of the gauges (not a group id: those are words). */
const GAUGES = '#gauges';

/** The swept parameter (the one with several values), if any. */
function sweptParam(r: MixResult): string | undefined {
  return Object.entries(r.params.params).find(([, v]) => v.length > 1)?.[0];
}

/** The roads of the plotted groups that some mix took (a road none took carries no information). */
function roadRows(r: MixResult, sweep: string | undefined): Row[] {
  const out: Row[] = [];
  const taken = new Set<string>();
  for (const e of r.mixes) for (const g of e.groups) for (const road of g.roads) if (road.count > 0) taken.add(`${g.id}.${road.id}`);
  for (const e of r.mixes) {
    for (const g of e.groups) {
      if (!r.params.plot.groups.includes(g.id)) continue;
      for (const road of g.roads) {
        if (!taken.has(`${g.id}.${road.id}`)) continue;
        const f = road.fraction;
        out.push({ panel: g.id, road: road.label, variant: e.variant, x: sweep !== undefined ? e.point[sweep] : 0, mean: f.mean, lo: f.lo ?? f.mean, hi: f.hi ?? f.mean });
      }
    }
  }
  return out;
}

/** The gauges the workload marks as shares of steps, against the swept parameter. */
function gaugeRows(r: MixResult, sweep: string): Row[] {
  return r.mixes.flatMap((e) =>
    e.gauges
      .filter((g) => r.params.plot.gauges.includes(g.id))
      .map((g) => ({ panel: GAUGES, road: g.label, variant: e.variant, x: e.point[sweep], mean: g.value.mean, lo: g.value.lo ?? g.value.mean, hi: g.value.hi ?? g.value.mean })),
  );
}

/** A sweep: one panel per plotted group, and one for the share gauges; lines against the parameter. */
function sweepSpec(r: MixResult, sweep: string, title: string): TopLevelSpec {
  const values = [...roadRows(r, sweep), ...gaugeRows(r, sweep)].map((d) => ({ ...d, series: r.params.against !== null ? `${d.road} (${d.variant})` : d.road }));
  // ticks at the swept values only
  const x = { field: 'x', type: 'quantitative' as const, title: sweep, scale: { type: 'log' as const, base: 2 }, axis: { values: r.params.params[sweep] } };
  // one panel per group: in a steady state a free road and an allocation road can coincide
  // (every page freed into the pool is allocated from it), so they are not overlaid
  const panel = (id: string, text: string) => ({
    title: { text, fontSize: 11, anchor: 'start' as const },
    transform: [{ filter: { field: 'panel', equal: id } }],
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
        encoding: { x, y: { field: 'lo', type: 'quantitative' as const, title: 'share' }, y2: { field: 'hi' }, color: { field: 'series', type: 'nominal' as const } },
      },
    ],
  });
  const groups = r.mixes[0].groups.filter((g) => r.params.plot.groups.includes(g.id));
  const panels = groups.map((g) => panel(g.id, g.label));
  if (r.params.plot.gauges.length > 0) panels.push(panel(GAUGES, 'share of steps'));
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, data: { values }, vconcat: panels, resolve: { scale: { color: 'independent' } } };
}

/** One point: one panel per plotted group, a bar per road and variant with its error bar. */
function barSpec(r: MixResult, title: string): TopLevelSpec {
  const share = "share of the group's events";
  const groups = r.mixes[0].groups.filter((g) => r.params.plot.groups.includes(g.id));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: roadRows(r, undefined) },
    vconcat: groups.map((g) => ({
      title: { text: g.label, fontSize: 11, anchor: 'start' as const },
      transform: [{ filter: { field: 'panel', equal: g.id } }],
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

/** The vega-lite specification of a mix's plot (pure): what is plotted is the workload's choice (params.plot). */
export function mixPlotSpec(r: MixResult): TopLevelSpec {
  const p = r.params;
  const title = `${p.profile}: ${p.variant}${p.against !== null ? ` vs ${p.against}` : ''} (${Math.round(p.confidence * 100)}% intervals, ${p.runs} runs, seed ${p.seed})`;
  const sweep = sweptParam(r);
  return sweep !== undefined ? sweepSpec(r, sweep, title) : barSpec(r, title);
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
