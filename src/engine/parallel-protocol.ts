/**
 * Messages between the parallel BFS coordinator (parallel.ts) and its
 * workers (parallel-worker.ts), and how a worker obtains the model.
 */
import type { Failure } from './context.ts';
import type { Model } from './model.ts';
import type { SharedSetBuffers } from './shared-set.ts';

/**
 * How a worker builds its own copy of the model (models are code, not
 * data: each worker imports the module). `module` is a file: URL or a
 * specifier; `export` names the export; if `method` is given the model is
 * `mod[export][method](...args)`, else `mod[export](...args)` when the export
 * is a function, else the export itself.
 */
export interface ModelSpec {
  module: string;
  export: string;
  method?: string;
  args?: unknown[];
}

export async function loadModel(spec: ModelSpec): Promise<Model<unknown, unknown>> {
  const mod = (await import(spec.module)) as Record<string, unknown>;
  const obj = mod[spec.export] as Record<string, unknown> | ((...a: unknown[]) => unknown) | undefined;
  if (obj === undefined) throw new Error(`${spec.module} has no export '${spec.export}'`);
  const args = spec.args ?? [];
  if (spec.method !== undefined) {
    const fn = (obj as Record<string, unknown>)[spec.method];
    if (typeof fn !== 'function') throw new Error(`${spec.export}.${spec.method} is not a function`);
    return (fn as (...a: unknown[]) => Model<unknown, unknown>).apply(obj, args);
  }
  if (typeof obj === 'function') return obj(...args) as Model<unknown, unknown>;
  return obj as unknown as Model<unknown, unknown>;
}

export type ToWorker =
  | { type: 'init'; inits: number[] }
  | { type: 'level'; depth: number; maxDepth: number }
  | { type: 'resume'; buffers: SharedSetBuffers }
  | { type: 'log' }
  | { type: 'exit' };

export interface WorkerReport {
  index: number;
  nextCount: number;
  transitions: number;
  truncated: boolean;
  kinds: string[];
  fired: number[];
  newStates: number[];
  peakHeap: number;
  /** bytes of the worker's trace log (WorkerLog) */
  logBytes: number;
}

export type FromWorker =
  | { type: 'ready'; index: number }
  | ({ type: 'done' | 'paused' | 'stopped' } & WorkerReport)
  | { type: 'violation'; index: number; failure: Failure; id: number; hi: number; lo: number }
  | { type: 'log'; index: number; parent: Int32Array; action: Uint16Array }
  | { type: 'error'; index: number; message: string };
