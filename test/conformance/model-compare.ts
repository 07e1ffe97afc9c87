/**
 * The model side of the conformance check: replays model traces through the
 * model and the harness and compares the observable state after every step.
 * (Filled in once model/index.ts exports pagePoolFamily.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE_DIR } from './harness.ts';

export interface ModelRunOptions {
  harness: string;
  random: number;
  seed: number;
  log: (s: string) => void;
}

export type ModelRunResult =
  | { status: 'unavailable'; reason: string }
  | { status: 'ok'; traces: number; steps: number }
  | { status: 'mismatch'; traces: number; mismatches: number };

export function runModelConformance(_o: ModelRunOptions): ModelRunResult {
  const index = join(CONFORMANCE_DIR, '..', '..', 'model', 'index.ts');
  if (!existsSync(index)) return { status: 'unavailable', reason: 'model/index.ts does not exist yet' };
  return { status: 'unavailable', reason: 'model adapter not written yet' };
}
