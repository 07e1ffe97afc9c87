/**
 * Plain-data helpers shared by the trace writers, readers and printers:
 * the ITF value encoding (Apalache ADR-015), structural equality and a
 * structural diff of two JSON-like values.
 *
 * Our states and actions are plain data: objects, arrays, numbers, strings,
 * booleans and null (see src/engine/model.ts). ITF has no null and no
 * fractions, so:
 * - integers are JSON numbers when safe (|n| < 2^53), else `{"#bigint": "n"}`;
 *   a JS bigint is always written as `{"#bigint": "n"}`;
 * - null is written as the option value quint uses for "none":
 *   `{"tag": "None", "value": {"#tup": []}}` (unambiguous, because a ppcheck
 *   value never has a field whose name starts with `#`);
 * - arrays are ITF lists, objects are ITF records.
 * Reading accepts the same forms, `#tup` and `#set` (as lists), and
 * `{"#bigint": …}` anywhere an integer may be.
 *
 * With the model's types (Model.itfTypes, written to `#meta.varTypes`), an
 * enum is written as its name and a nullable int's -1 as None, other values
 * as Some(x) (quint's option): toTypedItf / fromTypedItf.
 */
import type { ItfType } from '../engine/model.ts';
import { TraceFileError } from './errors.ts';

export type Json = null | boolean | number | string | bigint | Json[] | { [k: string]: Json };

const NONE_TAG = 'None';

/** Encode a plain-data value as an ITF expression. `where` names it in errors. */
export function toItfValue(v: unknown, where: string): unknown {
  if (v === null) return { tag: NONE_TAG, value: { '#tup': [] } };
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'bigint':
      return { '#bigint': v.toString() };
    case 'number':
      if (!Number.isInteger(v)) {
        throw new TraceFileError(`${where}: ${v} is not an integer (ITF has integers only)`);
      }
      return Number.isSafeInteger(v) ? v : { '#bigint': BigInt(v).toString() };
    case 'object': {
      if (Array.isArray(v)) return v.map((x, i) => toItfValue(x, `${where}[${i}]`));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined) continue;
        if (k.startsWith('#')) {
          throw new TraceFileError(`${where}.${k}: field names starting with '#' are reserved by ITF`);
        }
        out[k] = toItfValue(x, `${where}.${k}`);
      }
      return out;
    }
    default:
      throw new TraceFileError(`${where}: a ${typeof v} is not plain data`);
  }
}

const SOME_TAG = 'Some';

/**
 * Encode a value of the model with its declared type (Model.itfTypes): an
 * enum's int as its name, a nullable's -1 as None and any other value as
 * Some(value); a value that does not have the declared shape (e.g. a field
 * that a proposal adds) is written as is. An enum int out of range is an
 * error of the declaration (thrown, not hidden).
 */
export function toTypedItf(v: unknown, t: ItfType, where: string): unknown {
  if (typeof t === 'string') return toItfValue(v, where);
  if ('enum' in t) {
    if (typeof v !== 'number') return toItfValue(v, where);
    const name = t.enum[v];
    if (!Number.isInteger(v) || name === undefined) throw new Error(`${where}: ${v} is not one of the ${t.enum.length} values of its enum (${t.enum.join(', ')})`);
    return name;
  }
  if ('nullable' in t) return v === -1 ? { tag: NONE_TAG, value: { '#tup': [] } } : { tag: SOME_TAG, value: toTypedItf(v, t.nullable, where) };
  if ('list' in t) return Array.isArray(v) ? v.map((x, i) => toTypedItf(x, t.list, `${where}[${i}]`)) : toItfValue(v, where);
  if (!isPlainObject(v)) return toItfValue(v, where);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    const ft = t.record[k];
    out[k] = ft === undefined ? toItfValue(x, `${where}.${k}`) : toTypedItf(x, ft, `${where}.${k}`);
  }
  return out;
}

/** Decode what toTypedItf wrote (a plain value where the file has none of the typed forms, as older files). */
export function fromTypedItf(v: unknown, t: ItfType, where: string): Json {
  if (typeof t === 'string') return fromItfValue(v, where);
  if ('enum' in t) {
    if (typeof v !== 'string') return fromItfValue(v, where);
    const i = t.enum.indexOf(v);
    if (i < 0) throw new TraceFileError(`${where}: "${v}" is not one of ${t.enum.map((x) => `"${x}"`).join(', ')}`);
    return i;
  }
  if ('nullable' in t) {
    if (isPlainObject(v) && Object.keys(v).length === 2 && (v.tag === NONE_TAG || v.tag === SOME_TAG) && 'value' in v) {
      return v.tag === NONE_TAG ? -1 : fromTypedItf(v.value, t.nullable, `${where}.value`);
    }
    return fromItfValue(v, where);
  }
  if ('list' in t) return Array.isArray(v) ? v.map((x, i) => fromTypedItf(x, t.list, `${where}[${i}]`)) : fromItfValue(v, where);
  if (!isPlainObject(v) || Object.keys(v).some((k) => k.startsWith('#'))) return fromItfValue(v, where);
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) {
    const ft = t.record[k];
    out[k] = ft === undefined ? fromItfValue(x, `${where}.${k}`) : fromTypedItf(x, ft, `${where}.${k}`);
  }
  return out;
}

/** Is `t` an ItfType (as read from a file's #meta.varTypes)? Returns the first problem, or null. */
export function itfTypeProblem(t: unknown, where: string): string | null {
  if (t === 'int' || t === 'bool' || t === 'str' || t === 'any') return null;
  if (!isPlainObject(t) || Object.keys(t).length !== 1) return `${where}: expected "int", "bool", "str", "any" or one of {enum}, {nullable}, {list}, {record}`;
  if (Array.isArray(t.enum)) return t.enum.every((x) => typeof x === 'string') ? null : `${where}.enum: expected names`;
  if ('nullable' in t) return itfTypeProblem(t.nullable, `${where}.nullable`);
  if ('list' in t) return itfTypeProblem(t.list, `${where}.list`);
  if (isPlainObject(t.record)) {
    for (const [k, x] of Object.entries(t.record)) {
      const p = itfTypeProblem(x, `${where}.record.${k}`);
      if (p) return p;
    }
    return null;
  }
  return `${where}: expected "int", "bool", "str", "any" or one of {enum}, {nullable}, {list}, {record}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decode an ITF expression into plain data. Throws TraceFileError naming `where`. */
export function fromItfValue(v: unknown, where: string): Json {
  if (v === null) throw new TraceFileError(`${where}: null is not an ITF value`);
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      if (!Number.isInteger(v)) throw new TraceFileError(`${where}: ${v} is not an integer`);
      return v;
    case 'object': {
      if (Array.isArray(v)) return v.map((x, i) => fromItfValue(x, `${where}[${i}]`));
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      const special = keys.filter((k) => k.startsWith('#'));
      if (special.length > 0) {
        if (keys.length !== 1) {
          throw new TraceFileError(`${where}: ${special[0]} must be the only field of its object`);
        }
        const k = special[0];
        const x = o[k];
        if (k === '#bigint') {
          if (typeof x !== 'string' || !/^-?[0-9]+$/.test(x)) {
            throw new TraceFileError(`${where}.#bigint: expected a string of digits`);
          }
          const b = BigInt(x);
          return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
        }
        if (k === '#tup' || k === '#set') {
          if (!Array.isArray(x)) throw new TraceFileError(`${where}.${k}: expected an array`);
          return x.map((y, i) => fromItfValue(y, `${where}.${k}[${i}]`));
        }
        throw new TraceFileError(`${where}: ${k} values are not used by ppcheck traces`);
      }
      if (
        keys.length === 2 &&
        o.tag === NONE_TAG &&
        isPlainObject(o.value) &&
        Array.isArray((o.value as Record<string, unknown>)['#tup']) &&
        ((o.value as Record<string, unknown>)['#tup'] as unknown[]).length === 0
      ) {
        return null;
      }
      const out: { [k: string]: Json } = {};
      for (const k of keys) out[k] = fromItfValue(o[k], `${where}.${k}`);
      return out;
    }
    default:
      throw new TraceFileError(`${where}: not an ITF value`);
  }
}

/**
 * Structural equality of plain data: object key order does not matter,
 * fields whose value is undefined count as absent, and a bigint equals the
 * number with the same value.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
      try {
        return BigInt(a) === BigInt(b);
      } catch {
        return false;
      }
    }
    return false;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (!Object.prototype.hasOwnProperty.call(bo, k) || bo[k] === undefined) return false;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  return true;
}

/** Compact one-line rendering of plain data (JSON, bigints as digits), cut at `max` characters. */
export function compact(v: unknown, max = 60): string {
  const s =
    v === undefined
      ? '(absent)'
      : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const safe = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
  return path === '' ? safe : `${path}.${safe}`;
}

export interface DiffEntry {
  /** e.g. `pages[0].refcount`; '' for the whole value */
  path: string;
  before: unknown;
  after: unknown;
}

/** The changed leaves of two plain-data values (arrays of different lengths count as one leaf). */
export function diffEntries(prev: unknown, next: unknown): DiffEntry[] {
  const out: DiffEntry[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (deepEqual(a, b)) return;
    const bothObjects =
      typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b);
    if (bothObjects && Array.isArray(a)) {
      const bb = b as unknown[];
      if (a.length === bb.length) {
        for (let i = 0; i < a.length; i++) walk(a[i], bb[i], joinPath(path, i));
        return;
      }
    } else if (bothObjects) {
      const ao = a as Record<string, unknown>;
      const bo = b as Record<string, unknown>;
      const keys = [...Object.keys(ao)];
      for (const k of Object.keys(bo)) if (!keys.includes(k)) keys.push(k);
      for (const k of keys) walk(ao[k], bo[k], joinPath(path, k));
      return;
    }
    out.push({ path, before: a, after: b });
  };
  walk(prev, next, '');
  return out;
}

function limitLines(lines: string[], limit: number): string[] {
  if (lines.length <= limit) return lines;
  const more = lines.length - limit;
  return [...lines.slice(0, limit), `… and ${more} more difference${more === 1 ? '' : 's'}`];
}

/**
 * A structural diff: one line per changed leaf, e.g. `pages[0].refcount 1→2`.
 * Arrays of different lengths are shown whole (compactly). At most `limit`
 * lines; a last line says how many more there were.
 */
export function structuralDiff(prev: unknown, next: unknown, limit = 12): string[] {
  return limitLines(
    diffEntries(prev, next).map((d) => `${d.path === '' ? '(state)' : d.path} ${compact(d.before, 40)}→${compact(d.after, 40)}`),
    limit,
  );
}

/** How a replayed value differs from a recorded one: `pages[0].refcount: recorded 1, replayed 0`. */
export function recordedVsReplayed(recorded: unknown, replayed: unknown, limit = 12): string[] {
  return limitLines(
    diffEntries(recorded, replayed).map(
      (d) => `${d.path === '' ? '(state)' : d.path}: recorded ${compact(d.before, 40)}, replayed ${compact(d.after, 40)}`,
    ),
    limit,
  );
}
