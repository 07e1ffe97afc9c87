/**
 * The page_pool model family: bounds, the twelve properties, scenarios,
 * variants, and build(). Loaded by the CLI (src/cli/load-family.ts).
 */
import type { ModelFamily } from '../src/family.ts';
import { allProperties } from '../properties/index.ts';
import type { PpAction } from './registry.ts';
import { buildModel } from './build.ts';
import { pagePoolBehaviours } from './events.ts';
import { BOUND_SPECS } from './scenario.ts';
import { SCENARIOS } from './scenarios.ts';
import type { PagePoolState } from './state.ts';
import { VARIANTS } from './variants/index.ts';
import { LIVENESS_PROPERTIES } from './liveness-model.ts';
import { pagePoolWorkloads } from './workloads/index.ts';
import { describeState } from './views.ts';

export const pagePoolFamily: ModelFamily<PagePoolState, PpAction> = {
  name: 'page_pool',
  version: '4',
  bounds: BOUND_SPECS,
  // the safety properties, then the liveness ones (`check --liveness`) and the built-in deadlock check
  properties: [
    ...allProperties.map((p) => ({ id: p.id, description: p.description })),
    ...LIVENESS_PROPERTIES.map((p) => ({ id: p.id, description: `${p.description} (liveness: --liveness)` })),
    { id: 'deadlock', description: 'no terminal state in which some context still waits on a lock or mid-operation' },
  ],
  scenarios: SCENARIOS.map((s) => ({ id: s.id, description: s.description, bounds: { ...s.bounds }, ...(s.maxBounds ? { maxBounds: { ...s.maxBounds }, limitReason: s.limitReason } : {}) })),
  variants: VARIANTS.map(({ id, kind, description, scenarios, expect }) => ({ id, kind, description, scenarios, expect })),
  build: (req) => buildModel({ variant: req.variant, scenario: req.scenario, bounds: req.bounds }),
  // for `ppcheck diff`: which kernel exit a page takes, by whom (model/events.ts)
  behaviours: pagePoolBehaviours,
  // for `ppcheck mix`: workload profiles and the roads a page takes (model/workloads/)
  workloads: pagePoolWorkloads,
  // for `show --step N` and the HTML report (model/views.ts)
  describeState,
  // the Actions table of docs/model.md (test/trace/html.test.ts checks the anchor)
  actionDocs: 'docs/model.md#actions-modelregistryts',
};

export { buildModel } from './build.ts';
export { mainlineConfig, type ModelConfig } from './config.ts';
export type { PagePoolState } from './state.ts';
export type { PpAction } from './registry.ts';
