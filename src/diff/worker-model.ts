/**
 * The model a worker thread of `diff --workers` explores: the family from its
 * module, built for (variant, scenario, bounds), checking only the properties
 * still without a verdict (`keep`), as the main thread's copy does
 * (src/diff/run.ts). Loaded by src/engine/parallel-protocol.ts's loadModel.
 */
import type { Model } from '../engine/model.ts';
import type { Bounds, ModelFamily } from '../family.ts';

export interface WorkerModelRequest {
  module: string;
  export: string;
  variant: string;
  scenario: string;
  bounds: Bounds;
  keep: string[];
}

export const diffWorkerModels = {
  async build(req: WorkerModelRequest): Promise<Model<unknown, unknown>> {
    const mod = (await import(req.module)) as Record<string, unknown>;
    const family = mod[req.export] as ModelFamily<unknown, unknown> | undefined;
    if (!family || typeof family.build !== 'function') throw new Error(`${req.module} has no family export '${req.export}'`);
    const model = family.build({ variant: req.variant, scenario: req.scenario, bounds: req.bounds });
    const keep = new Set(req.keep);
    return {
      ...model,
      invariants: model.invariants.filter((i) => keep.has(i.id)),
      terminalInvariants: (model.terminalInvariants ?? []).filter((i) => keep.has(i.id)),
    };
  },
};
