/**
 * `compileCodec(template)`: Model.pack / Model.unpack for plain-data states,
 * generated from a template state (e.g. the initial state) instead of written
 * by hand, so that a field added to the state is packed without anyone
 * remembering to.
 *
 * The template's shape is the schema: objects are packed field by field in
 * the template's key order; numbers as ints (32-bit: larger ones are refused
 * by the writer); booleans as 0/1; arrays as their length then their
 * elements, each element with the shape of the template's first element (an
 * array empty in the template holds numbers). Strings, null and undefined are
 * not supported (compileCodec throws). The generated functions are
 * straight-line JavaScript (new Function), as fast as hand-written ones.
 * unpack(pack(s)) is structurally equal to s for every s of the template's
 * shape; the BFS checks each unpacked state's fingerprint anyway.
 */
import type { StateReader, StateWriter } from './model.ts';

export interface Codec<S> {
  pack(s: S, w: StateWriter): void;
  unpack(r: StateReader): S;
  /** The same ints as `pack`, stored straight into `words` (Model.packWords). */
  packWords(s: S, words: Int32Array, at: number): number;
  /** The same as `unpack`, read straight from `words` (Model.unpackWords). */
  unpackWords(words: Int32Array, cursor: { pos: number }): S;
  /**
   * The same as `unpackWords`, into an existing state of the template's shape
   * (Model.unpackWordsInto): its objects and arrays are reused (arrays are cut
   * or extended to the packed length, a missing array element is built).
   */
  unpackWordsInto(words: Int32Array, cursor: { pos: number }, into: S): void;
}

type Shape = 'int' | 'bool' | { array: Shape } | { object: [string, Shape][] };

function shapeOf(v: unknown, path: string): Shape {
  if (typeof v === 'number') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return { array: v.length === 0 ? 'int' : shapeOf(v[0], `${path}[0]`) };
  if (v !== null && typeof v === 'object') {
    return { object: Object.keys(v).map((k) => [k, shapeOf((v as Record<string, unknown>)[k], `${path}.${k}`)] as [string, Shape]) };
  }
  throw new Error(`compileCodec: unsupported value at ${path || 'the state'} (${v === null ? 'null' : typeof v})`);
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const prop = (k: string) => (IDENT.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
const key = (k: string) => (IDENT.test(k) ? k : JSON.stringify(k));

/** How generated code writes one int or boolean (`e` is its expression), and reads one back. */
interface Target {
  int(e: string): string;
  bool(e: string): string;
  readInt: string;
  readBool: string;
}

/** Through a StateWriter / StateReader (Model.pack / unpack). */
const VIA_CALLS: Target = {
  int: (e) => `w.int(${e});`,
  bool: (e) => `w.bool(${e});`,
  readInt: 'r.int()',
  readBool: 'r.bool()',
};

/**
 * Straight into an Int32Array `b` at `p` (Model.packWords / unpackWords): a checked store per
 * value instead of a call (the generated functions are too long for V8 to inline the calls).
 * The room is checked once, before the first store (the packed size is computed first from the
 * arrays' lengths: `genSize`); out of room: return -1 (the caller grows the array and packs again).
 */
const VIA_WORDS: Target = {
  int: (e) => `v = ${e}; if ((v | 0) !== v) throw new RangeError('pack: ' + v + ' does not fit in 32 bits'); b[p++] = v;`,
  bool: (e) => `v = ${e}; if (typeof v !== 'boolean') throw new RangeError('pack: ' + String(v) + ' is not a boolean'); b[p++] = v ? 1 : 0;`,
  readInt: 'b[p++]',
  readBool: '(b[p++] !== 0)',
};

/** The number of words a value of shape `sh` packs into, if it is the same for every value (no array inside). */
function fixedSize(sh: Shape): number | undefined {
  if (sh === 'int' || sh === 'bool') return 1;
  if ('array' in sh) return undefined;
  let n = 0;
  for (const [, f] of sh.object) {
    const k = fixedSize(f);
    if (k === undefined) return undefined;
    n += k;
  }
  return n;
}

export function compileCodec<S>(template: S): Codec<S> {
  const shape = shapeOf(template, '');
  let n = 0;
  const fresh = (p: string) => `${p}${n++}`;

  const genWrite = (t: Target, sh: Shape, expr: string, out: string[]): void => {
    if (sh === 'int') out.push(t.int(expr));
    else if (sh === 'bool') out.push(t.bool(expr));
    else if ('array' in sh) {
      const a = fresh('a');
      const i = fresh('i');
      out.push(`const ${a} = ${expr};`, t.int(`${a}.length`), `for (let ${i} = 0; ${i} < ${a}.length; ${i}++) {`);
      genWrite(t, sh.array, `${a}[${i}]`, out);
      out.push('}');
    } else {
      const o = fresh('o');
      out.push(`const ${o} = ${expr};`);
      for (const [k, s] of sh.object) genWrite(t, s, `${o}${prop(k)}`, out);
    }
  };

  /** Statements that read a value of shape `sh`; returns the expression that holds it. */
  const genRead = (t: Target, sh: Shape, out: string[]): string => {
    if (sh === 'int') return t.readInt;
    if (sh === 'bool') return t.readBool;
    if ('array' in sh) {
      const a = fresh('a');
      const len = fresh('n');
      const i = fresh('i');
      out.push(`const ${len} = ${t.readInt};`, `const ${a} = new Array(${len});`, `for (let ${i} = 0; ${i} < ${len}; ${i}++) {`);
      const inner: string[] = [];
      const e = genRead(t, sh.array, inner);
      out.push(...inner, `${a}[${i}] = ${e};`, '}');
      return a;
    }
    // fields in order: read each into a local (reads must happen in pack order), then build the literal
    const parts: string[] = [];
    for (const [k, s] of sh.object) {
      const v = fresh('v');
      const e = genRead(t, s, out);
      out.push(`const ${v} = ${e};`);
      parts.push(`${key(k)}: ${v}`);
    }
    return `{ ${parts.join(', ')} }`;
  };

  const w: string[] = [];
  genWrite(VIA_CALLS, shape, 's', w);
  const r: string[] = [];
  r.push(`return ${genRead(VIA_CALLS, shape, r)};`);
  const pack = new Function('s', 'w', w.join('\n')) as (s: S, w: StateWriter) => void;
  const unpack = new Function('r', r.join('\n')) as (r: StateReader) => S;

  /** Statements that add the packed size of `expr` (shape `sh`) to the local `z`. */
  const genSize = (sh: Shape, expr: string, out: string[]): void => {
    const k = fixedSize(sh);
    if (sh === 'int' || sh === 'bool' || k !== undefined) return void out.push(`z += ${k};`);
    if ('array' in sh) {
      const a = fresh('a');
      out.push(`const ${a} = ${expr};`);
      const e = fixedSize(sh.array);
      if (e !== undefined) return void out.push(`z += 1 + ${e} * ${a}.length;`);
      const i = fresh('i');
      out.push(`z += 1;`, `for (let ${i} = 0; ${i} < ${a}.length; ${i}++) {`);
      genSize(sh.array, `${a}[${i}]`, out);
      out.push('}');
      return;
    }
    const o = fresh('o');
    out.push(`const ${o} = ${expr};`);
    let fixed = 0;
    for (const [key2, f] of sh.object) {
      const fk = fixedSize(f);
      if (fk !== undefined) fixed += fk;
      else genSize(f, `${o}${prop(key2)}`, out);
    }
    if (fixed > 0) out.push(`z += ${fixed};`);
  };
  const pw = ['let v;', 'let z = 0;'];
  genSize(shape, 's', pw);
  pw.push('if (p + z > b.length) return -1;');
  genWrite(VIA_WORDS, shape, 's', pw);
  pw.push('return p;');
  const ur = ['let p = c.pos;'];
  const res = genRead(VIA_WORDS, shape, ur);
  ur.push('c.pos = p;', `return ${res};`);
  /** Statements that read a value of shape `sh` into the place `dst` (an existing object for an object shape). */
  const genReadInto = (sh: Shape, dst: string, out: string[]): void => {
    if (sh === 'int' || sh === 'bool') out.push(`${dst} = ${genRead(VIA_WORDS, sh, out)};`);
    else if ('array' in sh) {
      const a = fresh('a');
      const len = fresh('n');
      const i = fresh('i');
      out.push(`const ${a} = ${dst};`, `const ${len} = b[p++];`, `if (${a}.length > ${len}) ${a}.length = ${len};`);
      out.push(`for (let ${i} = 0; ${i} < ${len}; ${i}++) {`);
      if (sh.array === 'int' || sh.array === 'bool' || 'array' in sh.array) {
        // a number, or an array that is rebuilt (the template has none: no reuse needed)
        const inner: string[] = [];
        const e = genRead(VIA_WORDS, sh.array, inner);
        out.push(...inner, `${a}[${i}] = ${e};`);
      } else {
        // an object: filled in place if there is one, else built (appending at the end keeps the array packed)
        const fill: string[] = [];
        genReadInto(sh.array, `${a}[${i}]`, fill);
        const build: string[] = [];
        const e = genRead(VIA_WORDS, sh.array, build);
        out.push(`if (${i} < ${a}.length) {`, ...fill, '} else {', ...build, `${a}[${i}] = ${e};`, '}');
      }
      out.push('}');
    } else {
      const o = fresh('o');
      out.push(`const ${o} = ${dst};`);
      for (const [k, s] of sh.object) genReadInto(s, `${o}${prop(k)}`, out);
    }
  };
  const ui = ['let p = c.pos;'];
  genReadInto(shape, 't', ui);
  ui.push('c.pos = p;');

  const packWords = new Function('s', 'b', 'p', pw.join('\n')) as (s: S, words: Int32Array, at: number) => number;
  const unpackWords = new Function('b', 'c', ur.join('\n')) as (words: Int32Array, cursor: { pos: number }) => S;
  const unpackWordsInto = new Function('b', 'c', 't', ui.join('\n')) as (words: Int32Array, cursor: { pos: number }, into: S) => void;
  return { pack, unpack, packWords, unpackWords, unpackWordsInto };
}
