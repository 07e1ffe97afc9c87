/**
 * What the CLI needs from a family of models (page_pool is one): its
 * variants, scenarios, properties and bounds, and a way to build a `Model`.
 * Still generic: nothing here knows page_pool.
 */
import type { Model, StateField } from './engine/model.ts';
import type { WorkloadFamily } from './mix/workload.ts';

export interface BoundSpec {
  /** flag name without dashes, e.g. "cpus" → --cpus */
  name: string;
  description: string;
  min: number;
  max: number;
  /**
   * Optional: the bound's values by name: on the command line value v may be spelled
   * `names[v - min]` (the number is accepted too); results and traces print the number.
   */
  names?: readonly string[];
  /**
   * Optional: the value a trace recorded before the bound existed ran under (its `#meta.bounds`
   * lacks the bound); replay fills it in. Without it such a trace is refused (the bound is missing).
   */
  absentMeans?: number;
}

export type Bounds = Record<string, number>;


export interface PropertyInfo {
  id: string;
  description: string;
}

export interface ScenarioInfo {
  id: string;
  description: string;
  /** default bounds of this scenario (complete: every BoundSpec name) */
  bounds: Bounds;
  /**
   * Optional: bounds this scenario cannot go above, below the family's range,
   * because its driver script or workload only means what it says up to there
   * (`limitReason` says why). Building the scenario above them is an input error.
   */
  maxBounds?: Partial<Bounds>;
  limitReason?: string;
}

export type Expectation =
  | { verdict: 'ok' }
  | {
      verdict: 'violation';
      property: string;
      /** upper bound on the shortest counterexample's length (steps), if known */
      maxTraceLength?: number;
    };

export type VariantKind = 'mainline' | 'era' | 'bug' | 'fixed' | 'mutant' | 'proposal';

export interface VariantInfo {
  id: string;
  kind: VariantKind;
  description: string;
  /** the scenarios this variant is checked under by default (`npm run check`) */
  scenarios: string[];
  expect: Expectation;
  /**
   * Optional: bound defaults of this variant on top of each scenario's (a
   * proposal's `bounds`). A command-line flag still wins (`resolveBounds`).
   */
  bounds?: Partial<Bounds>;
  /** Optional: the variant this one is written against (a proposal's `base`). */
  base?: string;
  /**
   * Optional: the action kinds whose step or start this variant changes (a
   * proposal's replace, enable and add). A check or diff in which one never
   * fires did not check that change, and says so (src/diff/unexercised.ts).
   */
  changes?: readonly string[];
}

export interface BuildRequest {
  variant: string;
  scenario: string;
  bounds: Bounds;
}

export interface ModelFamily<S = unknown, A = unknown> {
  name: string;
  /** bumped when state or action shapes change; recorded in traces */
  version: string;
  bounds: BoundSpec[];
  properties: PropertyInfo[];
  scenarios: ScenarioInfo[];
  variants: VariantInfo[];
  /** Throws `FamilyInputError` for an unknown variant/scenario or bad bounds. */
  build(req: BuildRequest): Model<S, A>;
  /**
   * Optional: the variant `check`/`diff` use when none is given (default
   * "mainline"); a proposal file's family names its proposal here.
   */
  defaultVariant?: string;
  /**
   * Optional, for `ppcheck diff`: the abstract behaviours a transition shows,
   * in the model's terms and independent of entity names (e.g. "page →
   * page allocator via napi_pp_put_page"). `diff` compares the sets of
   * behaviours reachable in two variants.
   */
  behaviours?(prev: S, next: S, action: A): string[];
  /** Optional, for `ppcheck mix`: workload profiles and the roads a transition takes (src/mix/workload.ts). */
  workloads?: WorkloadFamily<S, A>;
  /**
   * Optional, for `show --step N` and the HTML report: every field of a state
   * in the model's terms (pools, pages, skbs, per-CPU contexts), given the
   * state as recorded in a trace file (plain data).
   */
  describeState?(state: unknown): StateField[];
  /**
   * Optional, for the HTML report's links from steps to actions: where the
   * family documents its actions, relative to the repository root (e.g.
   * "docs/model.md#actions-modelregistryts").
   */
  actionDocs?: string;
}

/**
 * The bounds a run uses, in one order everywhere (check, diff, suite, the
 * printed commands): a command-line flag, else the variant's default
 * (VariantInfo.bounds), else the scenario's. A flag is honoured even when it
 * equals the default it replaces. `sources` says where each value came from.
 */
export function resolveBounds(
  family: Pick<ModelFamily<unknown, unknown>, 'variants'>,
  variant: string,
  scenario: Pick<ScenarioInfo, 'bounds'>,
  flags: Partial<Bounds>,
): { bounds: Bounds; sources: Record<string, 'flag' | 'variant' | 'scenario'> } {
  const bounds: Bounds = { ...scenario.bounds };
  const sources: Record<string, 'flag' | 'variant' | 'scenario'> = {};
  for (const k of Object.keys(bounds)) sources[k] = 'scenario';
  const v = family.variants.find((x) => x.id === variant);
  for (const [k, val] of Object.entries(v?.bounds ?? {})) {
    if (val === undefined) continue;
    bounds[k] = val;
    sources[k] = 'variant';
  }
  for (const [k, val] of Object.entries(flags)) {
    if (val === undefined) continue;
    bounds[k] = val;
    sources[k] = 'flag';
  }
  return { bounds, sources };
}

/** A user error in a build request (unknown variant, bound out of range): exit 2. */
export class FamilyInputError extends Error {
  override name = 'FamilyInputError';
}
