/**
 * page_pool's workloads for `ppcheck mix` (ModelFamily.workloads): a profile
 * (profiles.ts) built on a variant of the model, run as a steady stream
 * (steady.ts), its transitions classified into roads (roads.ts).
 */
import { FamilyInputError } from '../../src/family.ts';
import type { Workload, WorkloadFamily, WorkloadProfileInfo, WorkloadRequest } from '../../src/mix/workload.ts';
import type { PpAction } from '../registry.ts';
import { buildModel, resolve } from '../build.ts';
import type { ModelConfig } from '../config.ts';
import type { PagePoolState } from '../state.ts';
import { PROFILES, findProfile, rateOf } from './profiles.ts';
import { GAUGES, GROUPS, measurer, observe } from './roads.ts';
import { steadyStream } from './steady.ts';

export function buildWorkload(req: WorkloadRequest): Workload<PagePoolState, PpAction> {
  const pr = findProfile(req.profile);
  if (!pr) throw new FamilyInputError(`unknown profile '${req.profile}' (known: ${PROFILES.map((p) => p.id).join(', ')})`);
  const params: Record<string, number> = {};
  for (const spec of pr.params) {
    const v = req.params?.[spec.name] ?? spec.default;
    if (!(Number.isFinite(v) && v >= spec.min && v <= spec.max && (!spec.integer || Number.isInteger(v))))
      throw new FamilyInputError(`--param ${spec.name} must be ${spec.integer ? 'an integer' : 'a number'} in ${spec.min}..${spec.max}, got ${v}`);
    params[spec.name] = v;
  }
  for (const k of Object.keys(req.params ?? {}))
    if (!pr.params.some((s) => s.name === k)) throw new FamilyInputError(`profile '${pr.id}' has no parameter '${k}'`);
  const input = { variant: req.variant, scenario: pr.scenario, bounds: { ...pr.bounds, ...(req.bounds ?? {}) }, config: req.config as Partial<ModelConfig> | undefined };
  const { bounds } = resolve(input);
  const model = steadyStream(buildModel(input), bounds.budget);
  return {
    model,
    bounds: { ...bounds },
    rate: (s, a) => rateOf(pr, s, a, params),
    groups: GROUPS,
    gauges: GAUGES,
    observe,
    measure: measurer(bounds.descs, bounds.nodes),
  };
}

export const PROFILE_INFO: WorkloadProfileInfo[] = PROFILES.map((p) => ({
  id: p.id,
  description: p.description,
  scenario: p.scenario,
  source: p.source,
  bounds: { ...p.bounds },
  rates: p.rateText,
  params: p.params,
  defaultVariant: p.defaultVariant,
  ...(p.defaultAgainst !== undefined ? { defaultAgainst: p.defaultAgainst } : {}),
  exactBounds: { ...p.exactBounds },
  // the plot: allocations and frees by road; in a sweep also starvation and the NAPI being listed
  plot: { groups: ['alloc', 'free'], gauges: ['starved', 'listed'] },
}));

export const pagePoolWorkloads: WorkloadFamily<PagePoolState, PpAction> = {
  profiles: PROFILE_INFO,
  build: buildWorkload,
};
