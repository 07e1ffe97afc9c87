/**
 * The output contracts of docs/schemas/*.schema.json (JSON Schema draft
 * 2020-12), compiled once with ajv in strict mode. `schemaProblems(name, v)`
 * lists what is wrong with `v` (empty: it validates); `schemaForOutput(v)`
 * names the schema of a `--json` object by its `command` key.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export const SCHEMA_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'docs/schemas');
const BASE = 'https://ppcheck.invalid/schemas/';

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The schema file names without `.schema.json`, e.g. `check`, `trace`. */
export function schemaNames(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -'.schema.json'.length))
    .sort();
}

function instance(): Ajv2020 {
  if (ajv) return ajv;
  // strict: an unknown keyword or format in a schema is an error (types are left loose: if/then
  // branches name properties without repeating "type": "object")
  const a = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, allErrors: true, strictRequired: false });
  for (const name of schemaNames()) {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, `${name}.schema.json`), 'utf8')) as { $id?: string };
    if (schema.$id !== `${BASE}${name}.schema.json`) throw new Error(`docs/schemas/${name}.schema.json: $id must be ${BASE}${name}.schema.json`);
    a.addSchema(schema);
  }
  ajv = a;
  return a;
}

export function validator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    const found = instance().getSchema(`${BASE}${name}.schema.json`);
    if (!found) throw new Error(`no schema docs/schemas/${name}.schema.json`);
    compiled.set(name, found);
    return found;
  }
  return v;
}

/** What is wrong with `value` against docs/schemas/<name>.schema.json, one line each (empty: valid). */
export function schemaProblems(name: string, value: unknown): string[] {
  const v = validator(name);
  if (v(value)) return [];
  return (v.errors ?? []).map((e) => `${name}.schema.json: ${e.instancePath || '(top)'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** The schema of a ppcheck `--json` object (its `command`), or null when it is not one. */
export function schemaForOutput(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.command !== 'string' || !('format' in o)) return null;
  return o.command;
}
