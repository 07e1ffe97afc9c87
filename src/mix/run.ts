/**
 * `ppcheck mix` as data: run a workload profile's variants (and a sweep of its
 * parameters) for many independent seeded walks, and summarize each road's
 * fraction with a batch-means interval, each gauge's mean, and the difference
 * of two variants with Welch's interval. Runs r with r mod N = i-1 form shard
 * i/N; run r's seed depends only on (seed, r), so shards together run exactly
 * the runs of one unsharded mix. Pure: no I/O; printers are in print.ts/plot.ts.
 */
import { batchMeans, CONFIDENCE, type Interval, welchDifference } from './stats.ts';
import { exactMix, type ExactResult } from './exact.ts';
import { runSeed, walkOnce, type RunTally } from './walk.ts';
import type { Workload, WorkloadFamily, WorkloadProfileInfo } from './workload.ts';

export interface MixShard {
  index: number;
  count: number;
}

export interface MixOptions {
  profile: string;
  /** the variant, and optionally the one it is compared against */
  variant: string;
  against?: string;
  /** parameter values; a list of several values is a sweep (one mix per value) */
  params?: Record<string, number[]>;
  bounds?: Record<string, number>;
  seed: number;
  runs: number;
  warmup: number;
  steps: number;
  shard?: MixShard;
  /** also compute the exact answer (power iteration), up to this many states */
  exactMaxStates?: number;
  /** model config overrides applied to every variant (tests: a mutated mechanism) */
  config?: Record<string, unknown>;
}

export interface RoadResult {
  id: string;
  label: string;
  /** events over all runs */
  count: number;
  /** per-run fraction of the group's events: batch means over runs */
  fraction: Interval;
  /** exact long-run fraction (power iteration), when asked for and small enough */
  exact: number | null;
}

export interface GroupResult {
  id: string;
  label: string;
  events: number;
  roads: RoadResult[];
}

export interface GaugeResult {
  id: string;
  label: string;
  value: Interval;
  exact: number | null;
}

export interface ExactSummary {
  states: number;
  transitions: number;
  iterations: number;
  residual: number;
  converged: boolean;
}

export interface PerRun {
  /** run indices (global, shards keep theirs) */
  index: number[];
  steps: number[];
  /** runs that ended early */
  stuck: boolean[];
  /** flat road counts per run */
  counts: number[][];
  gaugeSums: number[][];
}

export interface MixEntry {
  variant: string;
  /** the effective bounds of this variant's model (a variant may override some) */
  bounds: Record<string, number>;
  /** the parameter values of this mix */
  point: Record<string, number>;
  runs: number;
  steps: number;
  /** runs that ended early (no action with a positive rate) */
  stuck: number;
  groups: GroupResult[];
  gauges: GaugeResult[];
  exact: ExactSummary | null;
  perRun: PerRun;
}

export interface DiffRoad {
  group: string;
  road: string;
  label: string;
  difference: Interval;
}

export interface DiffEntry {
  point: Record<string, number>;
  variant: string;
  against: string;
  roads: DiffRoad[];
  gauges: { id: string; label: string; difference: Interval }[];
}

export interface MixResult {
  params: {
    profile: string;
    description: string;
    scenario: string;
    source: string;
    variant: string;
    against: string | null;
    bounds: Record<string, number>;
    rates: string[];
    params: Record<string, number[]>;
    seed: number;
    runs: number;
    shard: string;
    warmup: number;
    steps: number;
    confidence: number;
    interval: string;
    config: Record<string, unknown> | null;
    /** what the plot shows (the profile's choice) */
    plot: { groups: string[]; gauges: string[] };
  };
  mixes: MixEntry[];
  differences: DiffEntry[];
}

export const INTERVAL_METHOD =
  "batch means: each independent run is one batch; a road's fraction is the run's road events over its group's events; Student t interval of the mean over runs; differences: Welch t interval";

export class MixInputError extends Error {
  override name = 'MixInputError';
}

/** 6 significant decimals: stable output, no float noise. */
function r6(x: number): number {
  return Math.round(x * 1e6) / 1e6 + 0;
}
function ri(i: Interval): Interval {
  return { mean: r6(i.mean), lo: i.lo === null ? null : r6(i.lo), hi: i.hi === null ? null : r6(i.hi), n: i.n };
}

function sortedKeys(b: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(b).sort().map((k) => [k, b[k]]));
}

/** Every combination of the parameter lists, in the order given (first parameter slowest). */
export function sweepPoints(params: Record<string, number[]>): Record<string, number>[] {
  let points: Record<string, number>[] = [{}];
  for (const [k, vs] of Object.entries(params)) points = points.flatMap((p) => vs.map((v) => ({ ...p, [k]: v })));
  return points;
}

function runIndices(runs: number, shard: MixShard): number[] {
  const out: number[] = [];
  for (let r = shard.index; r < runs; r += shard.count) out.push(r);
  return out;
}

/** Summarize the tallies of one (variant, point). */
export function summarize(w: Pick<Workload<unknown, unknown>, 'groups' | 'gauges' | 'bounds'>, variant: string, point: Record<string, number>, idx: number[], tallies: RunTally[], exact: ExactResult | null): MixEntry {
  const groups: GroupResult[] = [];
  let flat = 0;
  for (const g of w.groups) {
    const base = flat;
    const k = g.roads.length;
    // runs with no event of the group have no fraction: they are left out of its batches
    const totals = tallies.map((t) => {
      let s = 0;
      for (let j = 0; j < k; j++) s += t.counts[base + j];
      return s;
    });
    const exactTotal = exact ? exact.roadRates.slice(base, base + k).reduce((x, y) => x + y, 0) : 0;
    const roads: RoadResult[] = g.roads.map((r, j) => {
      const xs: number[] = [];
      let count = 0;
      tallies.forEach((t, i) => {
        count += t.counts[base + j];
        if (totals[i] > 0) xs.push(t.counts[base + j] / totals[i]);
      });
      return {
        id: r.id,
        label: r.label,
        count,
        fraction: ri(batchMeans(xs)),
        exact: exact && exactTotal > 0 ? r6(exact.roadRates[base + j] / exactTotal) : null,
      };
    });
    groups.push({ id: g.id, label: g.label, events: totals.reduce((x, y) => x + y, 0), roads });
    flat += k;
  }
  const gauges: GaugeResult[] = w.gauges.map((g, k) => ({
    id: g.id,
    label: g.label,
    value: ri(batchMeans(tallies.filter((t) => t.steps > 0).map((t) => t.gaugeSums[k] / t.steps))),
    exact: exact ? r6(exact.gauges[k]) : null,
  }));
  return {
    variant,
    bounds: sortedKeys(w.bounds),
    point,
    runs: tallies.length,
    steps: tallies.reduce((x, t) => x + t.steps, 0),
    stuck: tallies.filter((t) => t.stuck).length,
    groups,
    gauges,
    exact: exact ? { states: exact.states, transitions: exact.transitions, iterations: exact.iterations, residual: exact.residual, converged: exact.converged } : null,
    perRun: {
      index: idx,
      steps: tallies.map((t) => t.steps),
      stuck: tallies.map((t) => t.stuck),
      counts: tallies.map((t) => Array.from(t.counts)),
      gaugeSums: tallies.map((t) => Array.from(t.gaugeSums, r6)),
    },
  };
}

/** Per-run fractions of road `road` of group `group` (runs without an event of the group left out), as summarize() computes them. */
export function roadFractions(e: MixEntry, group: string, road: string): number[] {
  let base = 0;
  for (const g of e.groups) {
    const k = g.roads.length;
    if (g.id === group) {
      const j = g.roads.findIndex((r) => r.id === road);
      if (j < 0) break;
      const xs: number[] = [];
      for (const c of e.perRun.counts) {
        let tot = 0;
        for (let i = 0; i < k; i++) tot += c[base + i];
        if (tot > 0) xs.push(c[base + j] / tot);
      }
      return xs;
    }
    base += k;
  }
  throw new Error(`no road ${group}.${road}`);
}

export function difference(a: MixEntry, b: MixEntry): DiffEntry {
  const roads: DiffRoad[] = [];
  for (const g of a.groups)
    for (const r of g.roads)
      roads.push({ group: g.id, road: r.id, label: r.label, difference: ri(welchDifference(roadFractions(a, g.id, r.id), roadFractions(b, g.id, r.id))) });
  const gauges = a.gauges.map((g, k) => ({
    id: g.id,
    label: g.label,
    difference: ri(
      welchDifference(
        a.perRun.gaugeSums.map((s, i) => s[k] / Math.max(1, a.perRun.steps[i])),
        b.perRun.gaugeSums.map((s, i) => s[k] / Math.max(1, b.perRun.steps[i])),
      ),
    ),
  }));
  return { point: a.point, variant: a.variant, against: b.variant, roads, gauges };
}

export function runMix<S, A>(family: WorkloadFamily<S, A>, o: MixOptions): MixResult {
  const info: WorkloadProfileInfo | undefined = family.profiles.find((p) => p.id === o.profile);
  if (!info) throw new MixInputError(`unknown profile '${o.profile}' (known: ${family.profiles.map((p) => p.id).join(', ')})`);
  const params: Record<string, number[]> = {};
  for (const spec of info.params) params[spec.name] = o.params?.[spec.name] ?? [spec.default];
  for (const k of Object.keys(o.params ?? {}))
    if (!info.params.some((p) => p.name === k))
      throw new MixInputError(`profile '${info.id}' has no parameter '${k}' (it has: ${info.params.map((p) => p.name).join(', ') || 'none'})`);
  const shard = o.shard ?? { index: 0, count: 1 };
  const idx = runIndices(o.runs, shard);
  const variants = o.against !== undefined ? [o.variant, o.against] : [o.variant];
  const mixes: MixEntry[] = [];
  const differences: DiffEntry[] = [];
  for (const point of sweepPoints(params)) {
    const pair: MixEntry[] = [];
    for (const v of variants) {
      const w = family.build({ profile: info.id, variant: v, bounds: o.bounds, params: point, config: o.config });
      const tallies = idx.map((r) => walkOnce(w, runSeed(o.seed, r), o.warmup, o.steps));
      const exact = o.exactMaxStates !== undefined ? exactMix(w, { maxStates: o.exactMaxStates }) : null;
      const e = summarize(w, v, point, idx, tallies, exact);
      pair.push(e);
      mixes.push(e);
    }
    if (pair.length === 2) differences.push(difference(pair[0], pair[1]));
  }
  // the header's bounds: the first variant's effective ones (a mix whose bounds differ says so)
  const bounds = mixes[0].bounds;
  return {
    params: {
      profile: info.id,
      description: info.description,
      scenario: info.scenario,
      source: info.source,
      variant: o.variant,
      against: o.against ?? null,
      bounds,
      rates: info.rates,
      params,
      seed: o.seed,
      runs: o.runs,
      shard: `${shard.index + 1}/${shard.count}`,
      warmup: o.warmup,
      steps: o.steps,
      confidence: CONFIDENCE,
      interval: INTERVAL_METHOD,
      config: o.config ?? null,
      plot: info.plot,
    },
    mixes,
    differences,
  };
}
