import type { Model } from '../../src/engine/model.ts';
import type { Bounds, VariantInfo } from '../../src/family.ts';
import type { PpAction } from '../actions.ts';
import type { ModelConfig } from '../config.ts';
import type { PagePoolState } from '../state.ts';

/**
 * A variant: mainline plus a few named config overrides (`config`), and,
 * for what a flag cannot express, a `patch` hook that wraps the built model
 * (add actions, override a step, add a property). Declared as data in
 * model/variants/*.ts and listed in model/variants/index.ts.
 */
export interface VariantDef extends VariantInfo {
  config: Partial<ModelConfig>;
  /** bound overrides applied on top of each scenario's defaults (before user flags) */
  bounds?: Partial<Bounds>;
  /** optional hook: receives the built mainline-shaped model, returns the variant's model */
  patch?: (m: Model<PagePoolState, PpAction>, cfg: ModelConfig) => Model<PagePoolState, PpAction>;
}
