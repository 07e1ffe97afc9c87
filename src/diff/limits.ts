/** The default limits of `ppcheck diff` (its own module: the CLI shows them in --help without loading the engine). */
/**
 * Every exploration of `diff` is bounded (time, states, depth), so that a
 * proposal whose bug makes a counter grow without limit still gets a report:
 * the cut exploration says `complete: no` and why. Flags override each.
 * The depth default is far above the diameter of every shipped scenario
 * (at most ~60 steps at default bounds): it cuts only runaway state spaces.
 */
export const DIFF_DEFAULT_LIMITS: DiffLimits = { maxStates: 2_000_000, timeLimit: 300, maxDepth: 400 };

export interface DiffLimits {
  /** distinct states per exploration */
  maxStates: number;
  /** seconds per exploration */
  timeLimit: number;
  /** BFS depth per exploration */
  maxDepth: number;
}

