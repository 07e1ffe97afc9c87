/**
 * `explore(model, options)`: the single entry point. Normalizes the options
 * and runs one explorer (bfs, dfs or random walks); every explorer returns
 * an `ExploreResult` (data only).
 */
import { bfs } from './bfs.ts';
import { dfs } from './dfs.ts';
import { random } from './random.ts';
import { checkLiveness } from './liveness.ts';
import { RunContext } from './context.ts';
import { beginSearch, endSearch } from './control.ts';
import type { Model } from './model.ts';
import { normalizeOptions } from './options.ts';
import type { ExploreResult, RawExploreOptions } from './result.ts';

/**
 * Explore `model`. Throws `OptionsError` for invalid options; everything the
 * model does wrong (throws, is nondeterministic) is reported as a result.
 */
export function explore<S, A>(model: Model<S, A>, raw: RawExploreOptions = {}): ExploreResult<S, A> {
  const opts = normalizeOptions(raw);
  // counted as a running search: the CLI's supervisor watches its heartbeat (control.ts)
  beginSearch();
  try {
    const ctx = new RunContext(model, opts);
    switch (opts.mode) {
      case 'bfs':
        return bfs(ctx);
      case 'dfs':
        return dfs(ctx);
      case 'random':
        return random(ctx);
    }
  } finally {
    endSearch();
  }
}

/**
 * The liveness check (liveness.ts): build the whole state graph by BFS and
 * look for fair violations of `model.liveness` under `model.fairness`.
 * Safety properties are not checked here (run `explore` first). Only the
 * limits of `raw` apply (maxStates, timeLimit); the mode is always BFS.
 */
export function exploreLiveness<S, A>(model: Model<S, A>, raw: RawExploreOptions = {}): ExploreResult<S, A> {
  const opts = normalizeOptions({ ...raw, mode: 'bfs', maxDepth: undefined, seed: undefined, runs: undefined });
  return checkLiveness(new RunContext(model, opts));
}
