/**
 * Raw options → normalized options (fast-check's style): every field set,
 * nonsense rejected with a clear `OptionsError` (the CLI maps it to exit 2).
 */
import type { ExploreOptions, Mode, RawExploreOptions } from './result.ts';

/** Depth bound used by dfs and random when none is given. */
export const DEFAULT_BOUNDED_DEPTH = 100;
export const DEFAULT_RUNS = 1000;

/** Invalid exploration options (a user error). */
export class OptionsError extends Error {
  override name = 'OptionsError';
}

const MODES: readonly Mode[] = ['bfs', 'dfs', 'random'];

function checkCount(name: string, v: number, opts: { min: number; allowInfinity: boolean }): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new OptionsError(`${name} must be a number, got ${String(v)}`);
  if (v === Infinity) {
    if (opts.allowInfinity) return v;
    throw new OptionsError(`${name} must be finite`);
  }
  if (!Number.isInteger(v)) throw new OptionsError(`${name} must be an integer, got ${v}`);
  if (v < opts.min) throw new OptionsError(`${name} must be at least ${opts.min}, got ${v}`);
  return v;
}

export function normalizeOptions(raw: RawExploreOptions = {}): ExploreOptions {
  const mode: Mode = raw.mode ?? 'bfs';
  if (!MODES.includes(mode)) throw new OptionsError(`mode must be one of ${MODES.join(', ')}, got ${String(mode)}`);

  let maxDepth: number;
  if (raw.maxDepth === undefined) {
    maxDepth = mode === 'bfs' ? Infinity : DEFAULT_BOUNDED_DEPTH;
  } else {
    maxDepth = checkCount('maxDepth', raw.maxDepth, { min: 0, allowInfinity: mode === 'bfs' });
    if (maxDepth === Infinity && mode !== 'bfs') throw new OptionsError(`maxDepth must be finite in ${mode} mode`);
  }

  const maxStates =
    raw.maxStates === undefined ? Infinity : checkCount('maxStates', raw.maxStates, { min: 1, allowInfinity: true });

  let timeLimit = Infinity;
  if (raw.timeLimit !== undefined) {
    const t = raw.timeLimit;
    if (typeof t !== 'number' || Number.isNaN(t)) throw new OptionsError(`timeLimit must be a number, got ${String(t)}`);
    if (!(t > 0)) throw new OptionsError(`timeLimit must be positive (seconds), got ${t}`);
    timeLimit = t;
  }

  const seed =
    raw.seed === undefined ? 0 : checkCount('seed', raw.seed, { min: 0, allowInfinity: false });
  if (seed > 0xffffffff) throw new OptionsError(`seed must be below 2^32, got ${seed}`);

  const runs = raw.runs === undefined ? DEFAULT_RUNS : checkCount('runs', raw.runs, { min: 1, allowInfinity: false });

  return { mode, maxDepth, maxStates, timeLimit, seed, runs, listener: raw.listener };
}
