/**
 * A workload: a model plus rates for its scheduler and an observer that
 * classifies each transition into roads (counted events) and measures states
 * (gauges). `ppcheck mix` runs long weighted random walks of a workload and
 * reports, per group of roads, the fraction each road takes. Generic: the
 * model family (model/workloads/ for page_pool) says what the roads are.
 */
import type { Model } from '../engine/model.ts';

export interface RoadSpec {
  /** stable id, e.g. "cache" */
  id: string;
  /** a short human label, e.g. "alloc cache hit" */
  label: string;
}

/** A set of mutually exclusive roads whose counts add up to the group's events (e.g. every allocation). */
export interface GroupSpec {
  id: string;
  label: string;
  roads: RoadSpec[];
}

/** A number measured on every state of a walk after the warm-up, averaged over its steps. */
export interface GaugeSpec {
  id: string;
  label: string;
}

export interface Workload<S, A> {
  model: Model<S, A>;
  /** the model's effective bounds (scenario, variant, profile and user overrides together) */
  bounds: Record<string, number>;
  /**
   * The rate of action `a` in state `s` (≥ 0, finite). A walk takes action a
   * with probability rate(s, a) / Σ rates: the embedded jump chain of the
   * continuous-time Markov chain these rates define.
   */
  rate(s: S, a: A): number;
  groups: readonly GroupSpec[];
  gauges: readonly GaugeSpec[];
  /**
   * Count the roads the transition prev --a--> next takes: `counts[i] += 1`
   * where i indexes the roads of every group in order (roadIndex()).
   * Must read only prev, a and next.
   */
  observe(prev: S, a: A, next: S, counts: Float64Array): void;
  /** Write the gauges of `s` into `out` (one per gauge, in order). */
  measure(s: S, out: Float64Array): void;
}

/** The flat index of road `road` of group `group` (the order of `groups` then `roads`). */
export function roadIndex(groups: readonly GroupSpec[], group: string, road: string): number {
  let i = 0;
  for (const g of groups) {
    for (const r of g.roads) {
      if (g.id === group && r.id === road) return i;
      i++;
    }
  }
  throw new Error(`no road ${group}.${road}`);
}

export function roadCount(groups: readonly GroupSpec[]): number {
  return groups.reduce((n, g) => n + g.roads.length, 0);
}

/** A parameter of a workload profile that a user may set or sweep (e.g. how long readers hold pages). */
export interface WorkloadParamSpec {
  name: string;
  description: string;
  default: number;
  min: number;
  max: number;
  /** only whole numbers (a choice, not a quantity) */
  integer?: boolean;
}

/** What the CLI shows of a profile. */
export interface WorkloadProfileInfo {
  id: string;
  description: string;
  /** the scenario the profile runs (its bounds are the profile's) */
  scenario: string;
  /** where the workload comes from (a seed document or kernel source), one line */
  source: string;
  bounds: Record<string, number>;
  /** rates as printed in the header, e.g. "napi_schedule 1" */
  rates: string[];
  params: WorkloadParamSpec[];
  defaultVariant: string;
  defaultAgainst?: string;
  /** a small bound set at which the exact (power iteration) answer is cheap */
  exactBounds?: Record<string, number>;
  /** what the plot shows: these groups of roads, and these gauges (shares of steps, in [0, 1]) in a sweep */
  plot: { groups: string[]; gauges: string[] };
}

export interface WorkloadRequest {
  profile: string;
  variant: string;
  /** bound overrides on top of the profile's */
  bounds?: Record<string, number>;
  params?: Record<string, number>;
  /** model config overrides (tests: a mutated mechanism) */
  config?: Record<string, unknown>;
}

/** What a model family offers to `ppcheck mix` (ModelFamily.workloads). */
export interface WorkloadFamily<S, A> {
  profiles: readonly WorkloadProfileInfo[];
  /** Throws FamilyInputError for an unknown profile/variant, bad bounds or params. */
  build(req: WorkloadRequest): Workload<S, A>;
}
