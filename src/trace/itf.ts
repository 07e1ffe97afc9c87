/**
 * Counterexamples in the Informal Trace Format (ITF, Apalache ADR-015, also
 * read and written by quint): https://apalache-mc.org/docs/adr/015adr-trace.html
 *
 * Writing: each top-level field of the model's state becomes an ITF variable
 * (when every state is a record with the same fields; otherwise the whole
 * state is the one variable `state`). The top-level `#meta` says which model,
 * model version, variant, scenario, bounds, search mode and seed produced the
 * trace, which property it violates and why. Each state's `#meta` names the
 * action that led to it (as data, as a label, and as its index among the
 * enabled actions), who ran it, what changed, and the state's 64-bit
 * fingerprint as `#bigint`. See docs/trace-format.md.
 *
 * Reading (`itfToRecorded`) validates everything it uses and throws a
 * `TraceFileError` with a one-line message naming the place, e.g.
 * `states[3].#meta.action: missing`.
 */
import { readFileSync } from 'node:fs';
import { writeFileWhole } from '../write-whole.ts';
import type { ActionActor, Culprit, Model } from '../engine/model.ts';
import type { Trace } from '../engine/result.ts';
import { fingerprintOf } from '../engine/fingerprint.ts';
import { TraceFileError } from './errors.ts';
import { locateJsonError } from './jsonpos.ts';
import { printableFromTrace } from './printable.ts';
import type { ItfType } from '../engine/model.ts';
import { fromItfValue, fromTypedItf, itfTypeProblem, toItfValue, toTypedItf, type Json } from './values.ts';
import { toolVersion } from './version.ts';
import type { Recorded, RecordedMeta, RecordedStep, TraceMeta } from './recorded.ts';

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';
export const SOURCE = 'ppcheck';
/**
 * The layout of ppcheck's trace files: 1 (no `trace-format` key) until
 * `#meta.varTypes`; 2 adds `varTypes` (enums as names, -1 pointers as None).
 * The reader takes every version.
 */
export const TRACE_FORMAT = 2;

export type { Recorded, RecordedMeta, RecordedStep, TraceMeta } from './recorded.ts';

export type ItfTrace = {
  '#meta': Record<string, unknown>;
  vars: string[];
  states: Record<string, unknown>[];
  /** ITF's optional loop index (Apalache, quint): the states from `loop` on repeat forever */
  loop?: number;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The ITF variables of a list of states, or null when they must be wrapped as one `state`. */
function fieldVars(states: readonly unknown[]): string[] | null {
  let vars: string[] | null = null;
  for (const s of states) {
    if (!isRecord(s)) return null;
    const keys = Object.keys(s).filter((k) => s[k] !== undefined);
    if (keys.some((k) => k.startsWith('#'))) return null;
    if (vars === null) vars = keys;
    else if (keys.length !== vars.length || keys.some((k) => !vars!.includes(k))) return null;
  }
  return vars;
}

/**
 * The trace as an ITF object (pure). With `model`, each state's `#meta` also
 * gets the actor, the model's description of the change and the fingerprint.
 */
export function traceToItf<S, A>(trace: Trace<S, A>, meta: TraceMeta, model?: Model<S, A>): ItfTrace {
  const states = trace.steps.map((s) => s.state);
  const vars = fieldVars(states);
  const printable = model ? printableFromTrace(model, trace, meta.property) : undefined;
  const varTypes: Record<string, ItfType> = {};
  if (vars !== null && model?.itfTypes) for (const v of vars) if (model.itfTypes[v] !== undefined) varTypes[v] = model.itfTypes[v];
  const top: Record<string, unknown> = {
    format: 'ITF',
    'format-description': ITF_FORMAT_DESCRIPTION,
    'trace-format': TRACE_FORMAT,
    source: SOURCE,
    status: 'violation',
    description: `ppcheck counterexample: ${meta.property} violated in ${meta.model} variant ${meta.variant}`,
    'tool-version': toolVersion(),
    model: meta.model,
    'model-version': meta.modelVersion,
    variant: meta.variant,
    scenario: meta.scenario,
    bounds: toItfValue(meta.bounds, '#meta.bounds'),
    property: meta.property,
    reason: meta.reason,
    terminal: meta.terminal ?? false,
    'init-index': trace.initIndex,
    'state-encoding': vars === null ? 'whole' : 'fields',
  };
  if (meta.mode !== undefined) top.mode = meta.mode;
  if (meta.seed !== undefined) top.seed = toItfValue(meta.seed, '#meta.seed');
  if (meta.command !== undefined) top.command = meta.command;
  if (Object.keys(varTypes).length > 0) top.varTypes = varTypes;
  if (meta.propertyDescription !== undefined) top['property-description'] = meta.propertyDescription;
  if (printable?.culprits && printable.culprits.length > 0) top.culprits = printable.culprits.map((c) => ({ ...c }));
  if (meta.modelPath !== undefined) top['model-path'] = meta.modelPath;
  const itfStates = trace.steps.map((st, i) => {
    const sm: Record<string, unknown> = { index: i };
    if (i > 0) {
      sm.action = toItfValue(st.action, `states[${i}].#meta.action`);
      sm['action-label'] = st.label;
      sm['action-index'] = st.actionIndex;
    } else {
      sm['action-label'] = 'init';
    }
    const p = printable?.steps[i];
    if (p?.actor) sm.actor = toItfValue(p.actor, `states[${i}].#meta.actor`);
    if (p && i > 0) sm.changes = p.changes;
    if (p?.reads && p.reads.length > 0) sm.reads = p.reads;
    if (model) sm.fingerprint = { '#bigint': fingerprintOf(model, st.state).toString() };
    const out: Record<string, unknown> = { '#meta': sm };
    if (vars === null) {
      out.state = toItfValue(st.state, `states[${i}].state`);
    } else {
      const rec = st.state as Record<string, unknown>;
      for (const v of vars) out[v] = varTypes[v] ? toTypedItf(rec[v], varTypes[v], `states[${i}].${v}`) : toItfValue(rec[v], `states[${i}].${v}`);
    }
    return out;
  });
  const out: ItfTrace = { '#meta': top, vars: vars ?? ['state'], states: itfStates };
  // ITF's lasso: the states from `loop` to the last one repeat forever; ppcheck's last state is
  // the loop start again (so that replay can check the cycle closes), the loop is states[loop..n-1]
  if (meta.loopStart !== undefined) out.loop = meta.loopStart;
  return out;
}

/** The ITF object as file text: one state per line would be unreadable for records; use 2-space JSON. */
export function itfToText(itf: ItfTrace): string {
  return JSON.stringify(itf, null, 2) + '\n';
}

// ---------------------------------------------------------------- reading

function need<T>(cond: T | undefined | null | false, where: string, what: string): asserts cond {
  if (!cond) throw new TraceFileError(`${where}: ${what}`);
}

function str(o: Record<string, unknown>, key: string, where: string): string {
  const v = o[key];
  need(v !== undefined, `${where}.${key}`, 'missing');
  need(typeof v === 'string', `${where}.${key}`, `expected a string, found ${typeName(v)}`);
  return v as string;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`.slice(0, 40);
}

function int(v: unknown, where: string, min = 0): number {
  let x: unknown = v;
  if (isRecord(v) && typeof v['#bigint'] === 'string') x = fromItfValue(v, where);
  need(v !== undefined, where, 'missing');
  need(typeof x === 'number' && Number.isInteger(x) && x >= min, where, `expected an integer ≥ ${min}, found ${typeName(v)}`);
  return x as number;
}

function parseActor(v: unknown, where: string): ActionActor | undefined {
  if (v === undefined) return undefined;
  need(isRecord(v), where, `expected an object, found ${typeName(v)}`);
  const actor = str(v, 'actor', where);
  const context = v.context === undefined ? undefined : str(v, 'context', where);
  const fn = str(v, 'fn', where);
  const args = v.args === undefined ? undefined : str(v, 'args', where);
  const state = v.state === undefined ? undefined : str(v, 'state', where);
  return {
    actor,
    ...(context !== undefined ? { context } : {}),
    fn,
    ...(args !== undefined ? { args } : {}),
    ...(state !== undefined ? { state } : {}),
  };
}

function strings(v: unknown, where: string): string[] {
  need(Array.isArray(v), where, `expected an array of strings, found ${typeName(v)}`);
  (v as unknown[]).forEach((c, j) => need(typeof c === 'string', `${where}[${j}]`, `expected a string, found ${typeName(c)}`));
  return v as string[];
}

function parseCulprits(v: unknown, where: string, steps: number): Culprit[] {
  need(Array.isArray(v), where, `expected an array, found ${typeName(v)}`);
  return (v as unknown[]).map((c, j) => {
    const w = `${where}[${j}]`;
    need(isRecord(c), w, `expected an object, found ${typeName(c)}`);
    const step = int(c.step, `${w}.step`, 1);
    need(step < steps, `${w}.step`, `is ${step}, the trace has ${steps - 1} steps`);
    const role = str(c, 'role', w);
    need(role === 'cause' || role === 'effect', `${w}.role`, `expected "cause" or "effect", found ${typeName(role)}`);
    return { step, role: role as Culprit['role'], why: str(c, 'why', w) };
  });
}

/** Validate an ITF object written by ppcheck and turn it into plain data (pure). */
export function itfToRecorded(json: unknown): Recorded {
  need(isRecord(json), 'not an ITF trace', `the top level is ${typeName(json)}, not an object`);
  need(json.states !== undefined, 'not an ITF trace', 'no "states"');
  need(json.vars !== undefined, 'not an ITF trace', 'no "vars"');
  const m = json['#meta'];
  need(m !== undefined, 'not a ppcheck trace', 'no "#meta"');
  need(isRecord(m), '#meta', `expected an object, found ${typeName(m)}`);
  need(
    m.source === SOURCE,
    'not a ppcheck trace',
    m.source === undefined ? '#meta.source is missing' : `#meta.source is ${JSON.stringify(m.source)}`,
  );
  if (m.format !== undefined) need(m.format === 'ITF', '#meta.format', `expected "ITF", found ${typeName(m.format)}`);
  const bounds = m.bounds;
  need(bounds !== undefined, '#meta.bounds', 'missing');
  need(isRecord(bounds), '#meta.bounds', `expected an object, found ${typeName(bounds)}`);
  const b: Record<string, number> = {};
  for (const [k, v] of Object.entries(bounds)) b[k] = int(v, `#meta.bounds.${k}`, Number.MIN_SAFE_INTEGER);
  const meta: RecordedMeta = {
    toolVersion: str(m, 'tool-version', '#meta'),
    model: str(m, 'model', '#meta'),
    modelVersion: str(m, 'model-version', '#meta'),
    variant: str(m, 'variant', '#meta'),
    scenario: str(m, 'scenario', '#meta'),
    bounds: b,
    property: str(m, 'property', '#meta'),
    reason: str(m, 'reason', '#meta'),
  };
  if (m.mode !== undefined) meta.mode = str(m, 'mode', '#meta');
  if (m.seed !== undefined) meta.seed = int(m.seed, '#meta.seed', Number.MIN_SAFE_INTEGER);
  if (m.command !== undefined) meta.command = str(m, 'command', '#meta');
  if (m['property-description'] !== undefined) meta.propertyDescription = str(m, 'property-description', '#meta');
  if (m['model-path'] !== undefined) meta.modelPath = str(m, 'model-path', '#meta');
  if (m.terminal !== undefined) {
    need(typeof m.terminal === 'boolean', '#meta.terminal', `expected a boolean, found ${typeName(m.terminal)}`);
    meta.terminal = m.terminal as boolean;
  }
  const initIndex = m['init-index'] === undefined ? 0 : int(m['init-index'], '#meta.init-index');
  if (m['trace-format'] !== undefined) int(m['trace-format'], '#meta.trace-format', 1);
  const varTypes = m.varTypes === undefined ? {} : m.varTypes;
  need(isRecord(varTypes), '#meta.varTypes', `expected an object, found ${typeName(varTypes)}`);
  for (const [k, t] of Object.entries(varTypes)) {
    const problem = itfTypeProblem(t, `#meta.varTypes.${k}`);
    if (problem !== null) throw new TraceFileError(problem);
  }
  const types = varTypes as Record<string, ItfType>;
  const encoding = m['state-encoding'] ?? 'fields';
  need(
    encoding === 'fields' || encoding === 'whole',
    '#meta.state-encoding',
    `expected "fields" or "whole", found ${typeName(encoding)}`,
  );

  const vars = json.vars;
  need(Array.isArray(vars), 'vars', `expected an array of names, found ${typeName(vars)}`);
  vars.forEach((v, i) => need(typeof v === 'string', `vars[${i}]`, `expected a string, found ${typeName(v)}`));
  const varNames = vars as string[];
  if (encoding === 'whole') need(varNames.length === 1 && varNames[0] === 'state', 'vars', 'expected ["state"]');

  const states = json.states;
  need(Array.isArray(states), 'states', `expected an array, found ${typeName(states)}`);
  need(states.length > 0, 'states', 'empty: a trace has at least its initial state');

  const steps: RecordedStep[] = states.map((raw, i) => {
    const w = `states[${i}]`;
    need(isRecord(raw), w, `expected an object, found ${typeName(raw)}`);
    const sm = raw['#meta'];
    need(sm !== undefined, `${w}.#meta`, 'missing');
    need(isRecord(sm), `${w}.#meta`, `expected an object, found ${typeName(sm)}`);
    const index = int(sm.index, `${w}.#meta.index`);
    need(index === i, `${w}.#meta.index`, `is ${index}, expected ${i} (states out of order?)`);
    for (const k of Object.keys(raw)) {
      if (k !== '#meta') need(varNames.includes(k), `${w}.${k}`, 'not listed in "vars"');
    }
    for (const v of varNames) need(raw[v] !== undefined, `${w}.${v}`, 'missing (listed in "vars")');
    let state: Json;
    if (encoding === 'whole') {
      state = fromItfValue(raw.state, `${w}.state`);
    } else {
      const rec: { [k: string]: Json } = {};
      for (const v of varNames) rec[v] = types[v] !== undefined ? fromTypedItf(raw[v], types[v], `${w}.${v}`) : fromItfValue(raw[v], `${w}.${v}`);
      state = rec;
    }
    let action: Json = null;
    let label = 'initial state';
    let actionIndex = initIndex;
    if (i > 0) {
      need(sm.action !== undefined, `${w}.#meta.action`, 'missing');
      action = fromItfValue(sm.action, `${w}.#meta.action`);
      label = str(sm, 'action-label', `${w}.#meta`);
      actionIndex = int(sm['action-index'], `${w}.#meta.action-index`);
    }
    const step: RecordedStep = { index: i, action, label, actionIndex, state };
    const actor = parseActor(sm.actor, `${w}.#meta.actor`);
    if (actor) step.actor = actor;
    if (sm.changes !== undefined) {
      need(Array.isArray(sm.changes), `${w}.#meta.changes`, `expected an array of strings, found ${typeName(sm.changes)}`);
      (sm.changes as unknown[]).forEach((c, j) =>
        need(typeof c === 'string', `${w}.#meta.changes[${j}]`, `expected a string, found ${typeName(c)}`),
      );
      step.changes = sm.changes as string[];
    }
    if (sm.reads !== undefined) step.reads = strings(sm.reads, `${w}.#meta.reads`);
    if (sm.fingerprint !== undefined) {
      const f = sm.fingerprint;
      need(
        isRecord(f) && typeof f['#bigint'] === 'string' && /^[0-9]+$/.test(f['#bigint']),
        `${w}.#meta.fingerprint`,
        'expected {"#bigint": "<digits>"}',
      );
      step.fingerprint = BigInt((f as Record<string, string>)['#bigint']);
    }
    return step;
  });
  if (m.culprits !== undefined) meta.culprits = parseCulprits(m.culprits, '#meta.culprits', steps.length);
  const rec: Recorded = { meta, vars: varNames, initIndex, steps };
  if (json.loop !== undefined) {
    const loop = int(json.loop, 'loop');
    need(loop < steps.length, 'loop', `is ${loop}, but the trace has states 0..${steps.length - 1}`);
    rec.loopStart = loop;
  }
  return rec;
}

/** The deepest nesting of arrays and objects a trace file may have (ppcheck's own are below 20). */
export const MAX_JSON_DEPTH = 100;

/** The position where `text` opens its (max+1)-th nested array or object, or -1 (strings skipped; linear, no recursion). */
export function nestingBeyond(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** Parse trace file text; errors name `file` and, for bad JSON, the position. */
export function parseTraceText(text: string, file: string): Recorded {
  // a byte-order mark (some editors add one) is not part of the JSON
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new TraceFileError(`${file}: empty file`);
  // readers and printers recurse over values: a crafted file nested thousands deep must not overflow the stack
  const deep = nestingBeyond(text, MAX_JSON_DEPTH);
  if (deep >= 0) throw new TraceFileError(`${file}: JSON nested more than ${MAX_JSON_DEPTH} levels deep at position ${deep}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const loc = locateJsonError(text);
    const where = loc ? ` at position ${loc.position} (line ${loc.line}, column ${loc.column}): ${loc.what}` : '';
    throw new TraceFileError(`${file}: malformed JSON${where}`);
  }
  try {
    return itfToRecorded(json);
  } catch (e) {
    if (e instanceof TraceFileError) throw new TraceFileError(`${file}: ${e.message}`);
    throw e;
  }
}

/** Read and validate a trace file. */
export function readTraceFile(file: string): Recorded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? 'error'})`;
    throw new TraceFileError(`${file}: ${why}`);
  }
  return parseTraceText(text, file);
}

/** Check that a recorded trace was written by this model family (any version). */
export function checkModelName(meta: RecordedMeta, family: { name: string }): void {
  if (meta.model !== family.name) {
    throw new TraceFileError(`written by model "${meta.model}", this is "${family.name}"`);
  }
}

/** Check that a recorded trace was written by this model family and version. */
export function checkModelVersion(meta: RecordedMeta, family: { name: string; version: string }): void {
  checkModelName(meta, family);
  if (meta.modelVersion !== family.version) {
    throw new TraceFileError(
      `written by ${meta.model} model version ${meta.modelVersion}, this is version ${family.version}`,
    );
  }
}

/** Write a counterexample as an ITF file (for `check --out FILE`), whole or not at all. */
export function writeTraceFile<S, A>(file: string, trace: Trace<S, A>, meta: TraceMeta, model?: Model<S, A>): void {
  writeFileWhole(file, itfToText(traceToItf(trace, meta, model)));
}
