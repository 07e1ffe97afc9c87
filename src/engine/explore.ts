/**
 * `explore(model, options)`: the single entry point. Normalizes the options
 * and runs one explorer (bfs, dfs or random walks); every explorer returns
 * an `ExploreResult` (data only).
 */
import { bfs } from './bfs.ts';
import { dfs } from './dfs.ts';
import { random } from './random.ts';
import { RunContext } from './context.ts';
import type { Model } from './model.ts';
import { normalizeOptions } from './options.ts';
import type { ExploreResult, RawExploreOptions } from './result.ts';

/**
 * Explore `model`. Throws `OptionsError` for invalid options; everything the
 * model does wrong (throws, is nondeterministic) is reported as a result.
 */
export function explore<S, A>(model: Model<S, A>, raw: RawExploreOptions = {}): ExploreResult<S, A> {
  const opts = normalizeOptions(raw);
  const ctx = new RunContext(model, opts);
  switch (opts.mode) {
    case 'bfs':
      return bfs(ctx);
    case 'dfs':
      return dfs(ctx);
    case 'random':
      return random(ctx);
  }
}
