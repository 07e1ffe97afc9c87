import type { Model } from '../../src/engine/model.ts';
import type { Bounds, VariantInfo } from '../../src/family.ts';
import type { Fn, PpAction } from '../registry.ts';
import type { ModelConfig } from '../config.ts';
import type { StepFn } from '../env.ts';
import type { PagePoolState } from '../state.ts';

/**
 * A variant: mainline plus a few named config overrides (`config`); for what
 * a flag cannot express, kernel functions replaced by name (`replace`, the
 * action kind -> a model function of model/env.ts's StepFn shape) and a `patch`
 * hook that wraps the built model (add a property). Declared as data in
 * model/variants/*.ts and listed in model/variants/index.ts.
 */
export interface VariantDef extends VariantInfo {
  config: Partial<ModelConfig>;
  /** bound overrides applied on top of each scenario's defaults (before user flags) */
  bounds?: Partial<Bounds>;
  /** kernel functions replaced by name (model/registry.ts's kinds), e.g. `{ page_pool_put_full_page: buggyTeardown }` */
  replace?: Partial<Record<Fn, StepFn>>;
  /** optional hook: receives the built mainline-shaped model, returns the variant's model */
  patch?: (m: Model<PagePoolState, PpAction>, cfg: ModelConfig) => Model<PagePoolState, PpAction>;
}
