/** Shared helpers for the trace tests: traces of the toy pool built by following actions. */
import type { Model } from '../../src/engine/model.ts';
import type { Trace } from '../../src/engine/result.ts';
import type { TraceMeta } from '../../src/trace/itf.ts';
import { deepEqual } from '../../src/trace/values.ts';
import { family, LOST_UPDATE, type PoolAction, type PoolState } from './fixtures/toypool.ts';

export type PoolModel = Model<PoolState, PoolAction>;

export function poolModel(variant: string, cpus = 2): PoolModel {
  return family.build({ variant, scenario: 'shared-page', bounds: { cpus } });
}

/** Follow `actions` (as data) from init()[0]; throws if one is not enabled. */
export function traceOf<S, A>(model: Model<S, A>, actions: readonly A[]): Trace<S, A> {
  let s = model.init()[0];
  const t: Trace<S, A> = { initIndex: 0, steps: [{ action: null, label: 'Initial state', actionIndex: -1, state: s }] };
  for (const a of actions) {
    const enabled = model.actions(s);
    const j = enabled.findIndex((x) => deepEqual(x, a));
    if (j < 0) throw new Error(`not enabled: ${JSON.stringify(a)}`);
    s = model.step(s, enabled[j]);
    t.steps.push({ action: enabled[j], label: model.actionLabel(enabled[j]), actionIndex: j, state: s });
  }
  return t;
}

export function metaFor(variant: string, property: string, reason: string, extra: Partial<TraceMeta> = {}): TraceMeta {
  return {
    model: family.name,
    modelVersion: family.version,
    variant,
    scenario: 'shared-page',
    bounds: { cpus: 2 },
    mode: 'bfs',
    seed: 0,
    property,
    reason,
    ...extra,
  };
}

/** The lost-update counterexample on the racy variant (violates refcount-balance at step 4). */
export function racyTrace(): { model: PoolModel; trace: Trace<PoolState, PoolAction>; meta: TraceMeta } {
  const model = poolModel('racy');
  const trace = traceOf(model, LOST_UPDATE);
  const last = trace.steps[trace.steps.length - 1].state;
  const reason = model.invariants[0].check(last);
  if (reason === null) throw new Error('fixture: the lost update should violate refcount-balance');
  return {
    model,
    trace,
    meta: metaFor('racy', 'refcount-balance', reason, {
      command: 'npx ppcheck check --model test/trace/fixtures/toypool.ts --variant racy',
    }),
  };
}

export { family, LOST_UPDATE };
