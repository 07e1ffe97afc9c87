/**
 * Loading a `ModelFamily`: the shipped page_pool family (model/index.ts,
 * export `pagePoolFamily`, imported lazily so that `ppcheck --help` does not
 * pay for it), or a user's module given with `--model <file.ts>` (export
 * `family`, loaded directly through tsx, then type-checked against the
 * project: src/cli/typecheck.ts). A broken user module (a syntax error, an
 * exception at its top level, a type error) is a usage error: one line naming
 * its file and line, exit 2.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ModelFamily } from '../family.ts';
import { UsageError } from './exit.ts';

export interface LoadedFamily {
  family: ModelFamily<unknown, unknown>;
  /** what to show as "model": the path the user gave, or "model/index.ts" */
  source: string;
  /** the `--model` argument, when one was given (repeated in re-run commands) */
  modelPath?: string;
}

/** The shipped family could not be loaded: not the user's fault (exit 255). */
export class FamilyLoadError extends Error {
  override name = 'FamilyLoadError';
}

const DEFAULT_MODULE = new URL('../../model/index.ts', import.meta.url);
const DEFAULT_EXPORT = 'pagePoolFamily';

export async function loadFamily(modelPath?: string): Promise<LoadedFamily> {
  if (modelPath === undefined) return loadDefault();
  return loadUserModule(modelPath);
}

async function loadDefault(): Promise<LoadedFamily> {
  const file = fileURLToPath(DEFAULT_MODULE);
  if (!existsSync(file)) {
    throw new FamilyLoadError(`the page_pool model is not available (${displayPath(file)} is missing); use --model <file.ts>`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(DEFAULT_MODULE.href)) as Record<string, unknown>;
  } catch (e) {
    throw new FamilyLoadError(`cannot load ${displayPath(file)}: ${describeModuleError(e, file)}`);
  }
  const family = mod[DEFAULT_EXPORT];
  const problem = familyProblem(family);
  if (problem) throw new FamilyLoadError(`${displayPath(file)}: export '${DEFAULT_EXPORT}' ${problem}`);
  return { family: family as ModelFamily<unknown, unknown>, source: displayPath(file) };
}

async function loadUserModule(modelPath: string): Promise<LoadedFamily> {
  const file = resolve(process.cwd(), modelPath);
  if (!existsSync(file)) throw new UsageError(`model file not found: ${modelPath}`);
  if (!statSync(file).isFile()) throw new UsageError(`model file is not a file: ${modelPath}`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`error in model file ${describeModuleError(e, file, modelPath)}`);
  }
  // types are stripped by tsx: the file is type-checked against the project before anything runs
  const { typeCheck } = await import('./typecheck.ts');
  const typeProblem = await typeCheck(file, modelPath);
  if (typeProblem) throw new UsageError(typeProblem.line);
  // a module loaded as CommonJS (no "type": "module" package around it) shows its exports under `default`
  const dflt = mod.default;
  const family = mod.family ?? (typeof dflt === 'object' && dflt !== null ? (dflt as Record<string, unknown>).family : undefined);
  const problem = familyProblem(family);
  if (problem) throw new UsageError(`model file ${modelPath}: export 'family' ${problem}`);
  return { family: family as ModelFamily<unknown, unknown>, source: modelPath, modelPath };
}

/** null when `f` looks like a ModelFamily, else what is wrong with it. */
export function familyProblem(f: unknown): string | null {
  if (f === undefined) return 'is missing';
  if (typeof f !== 'object' || f === null) return 'is not an object';
  const o = f as Record<string, unknown>;
  if (typeof o.name !== 'string') return 'has no name';
  for (const k of ['bounds', 'properties', 'scenarios', 'variants']) {
    if (!Array.isArray(o[k])) return `has no '${k}' list`;
  }
  if (typeof o.build !== 'function') return 'has no build function';
  return null;
}

/**
 * "<file>:<line>:<col>: <first line of the message>" for an error thrown while
 * importing `file` (a syntax error reported by esbuild, or an exception thrown
 * at the module's top level).
 */
export function describeModuleError(e: unknown, file: string, shown = displayPath(file)): string {
  const err = e instanceof Error ? e : new Error(String(e));
  const message = err.message;
  const where = locate(err, file);
  // esbuild: "Transform failed with 1 error:\n/abs/file.ts:3:7: ERROR: Expected ..."
  const esbuild = /^(.*?):(\d+):(\d+): ERROR: (.*)$/m.exec(message);
  if (esbuild) return `${shown}:${esbuild[2]}:${esbuild[3]}: ${esbuild[4]}`;
  // oxc/rolldown (a model file loaded through vite, as under vitest): "[PARSE_ERROR] msg ... [ file:3:7 ]", with colours
  const plain = message.replace(/\x1b\[[0-9;]*m/g, '');
  const oxc = /\[[A-Z_]+\]\s*([^\n]*)\n[\s\S]*?\[\s*\S+?:(\d+):(\d+)\s*\]/.exec(plain);
  if (oxc) return `${shown}:${oxc[2]}:${oxc[3]}: ${oxc[1].trim()}`;
  const first = message.split('\n').find((l) => l.trim() !== '') ?? err.name;
  const text = err.name && err.name !== 'Error' && !first.startsWith(err.name) ? `${err.name}: ${first}` : first;
  return where ? `${shown}:${where}: ${text}` : `${shown}: ${text}`;
}

function locate(err: Error, file: string): string | null {
  const url = pathToFileURL(file).href;
  for (const line of (err.stack ?? '').split('\n')) {
    for (const needle of [url, file]) {
      const i = line.indexOf(needle);
      if (i < 0) continue;
      const m = /^:(\d+):(\d+)/.exec(line.slice(i + needle.length));
      if (m) return `${m[1]}:${m[2]}`;
    }
  }
  return null;
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
