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
 * not supported (compileCodec throws). Two consecutive small values share a
 * 32-bit word (`pairRoles`: 113 words instead of 193 for an xdp-large state).
 * The generated functions are straight-line JavaScript (new Function), as
 * fast as hand-written ones.
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

/**
 * How generated code stores one 32-bit word (`e` is its expression) and reads one back:
 * through a StateWriter / StateReader (Model.pack / unpack), or straight into an Int32Array
 * `b` at `p` (Model.packWords / unpackWords: a store instead of a call; the generated
 * functions are too long for V8 to inline the calls). The room for packWords is checked once,
 * before the first store (the packed size from the arrays' lengths: `genSize`); out of room:
 * return -1 (the caller grows the array and packs again).
 */
interface Target {
  put(e: string): string;
  get: string;
  /** whether ints must be checked to fit in 32 bits (a StateWriter takes any safe integer) */
  words: boolean;
}
const VIA_CALLS: Target = { put: (e) => `w.int(${e});`, get: 'r.int()', words: false };
const VIA_WORDS: Target = { put: (e) => `b[p++] = ${e};`, get: 'b[p++]', words: true };

/**
 * Two values in one word. The packed values are mostly small (indices, counts, -1, booleans),
 * so two consecutive ones (within a run of fields without an array between them) share a word
 * when both are in -16384..16383: `(x << 16) | (y & 0xffff)`, whose high half is never 0x8000.
 * Otherwise the pair is the escape word INT32_MIN followed by x and y. A value without a
 * partner (the last of a run) is a word of its own. Fewer words: less to hash per successor
 * (the hash's multiplies are per word) and to store in the frontier (issue #21).
 */
const PAIR_ESCAPE = '(-2147483648)';
/** `x` fits in 15 bits signed (and is an integer): false for 1.5, 2^32 + 5, NaN. */
const small = (x: string) => `((${x} << 17) >> 17) === ${x}`;

/**
 * The pairing of the scalar values in the order the generators visit them (objects field by
 * field, an array as its length then its elements): 1 = first of a pair, 2 = second, 0 = alone.
 * Runs are cut at every array (its elements are a loop).
 */
function pairRoles(shape: Shape): number[] {
  const roles: number[] = [];
  let pending = -1;
  const cut = () => {
    if (pending >= 0) roles[pending] = 0;
    pending = -1;
  };
  const visit = (sh: Shape): void => {
    if (sh === 'int' || sh === 'bool' || 'array' in sh) {
      const i = roles.length;
      roles.push(0);
      if (pending < 0) pending = i;
      else {
        roles[pending] = 1;
        roles[i] = 2;
        pending = -1;
      }
      if (sh !== 'int' && sh !== 'bool') {
        cut();
        visit(sh.array);
        cut();
      }
    } else for (const [, f] of sh.object) visit(f);
  };
  visit(shape);
  cut();
  return roles;
}

/** The number of scalar values of a shape, if the same for every value (no array inside). */
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
  const roles = pairRoles(shape);
  let n = 0;
  const fresh = (p: string) => `${p}${n++}`;
  /** the role cursor of the generator running (each walks the shape in the same order) */
  let at = 0;
  /** the local holding the first value of the pair being written, or the second one read */
  let held = '';

  /** Statements that write the scalar `expr` (int or bool) in its place of a pair. */
  const writeScalar = (t: Target, sh: 'int' | 'bool', expr: string, out: string[]): void => {
    const x = fresh('x');
    if (sh === 'bool')
      out.push(`const ${x} = ${expr};`, `if (typeof ${x} !== 'boolean') throw new RangeError('pack: ' + String(${x}) + ' is not a boolean');`);
    else {
      out.push(`const ${x} = ${expr};`);
      if (t.words) out.push(`if ((${x} | 0) !== ${x}) throw new RangeError('pack: ' + ${x} + ' does not fit in 32 bits');`);
    }
    const v = sh === 'bool' ? `(${x} ? 1 : 0)` : x;
    const role = roles[at++];
    if (role === 0) out.push(t.put(v));
    else if (role === 1) {
      held = fresh('h');
      out.push(`const ${held} = ${v};`);
    } else {
      const y = fresh('y');
      out.push(`const ${y} = ${v};`);
      out.push(`if (${small(held)} && ${small(y)}) ${t.put(`(${held} << 16) | (${y} & 0xffff)`)}`);
      out.push(`else { ${t.put(PAIR_ESCAPE)} ${t.put(held)} ${t.put(y)} }`);
    }
  };

  /** Statements that read the next scalar; returns the expression (a local) that holds it as an int. */
  const readScalar = (t: Target, out: string[]): string => {
    const role = roles[at++];
    if (role === 0) {
      const x = fresh('x');
      out.push(`const ${x} = ${t.get};`);
      return x;
    }
    if (role === 2) return held;
    const w = fresh('w');
    const x = fresh('x');
    held = fresh('y');
    out.push(`const ${w} = ${t.get};`, `let ${x}, ${held};`);
    out.push(`if (${w} === ${PAIR_ESCAPE}) { ${x} = ${t.get}; ${held} = ${t.get}; } else { ${x} = ${w} >> 16; ${held} = (${w} << 16) >> 16; }`);
    return x;
  };
  const asValue = (sh: 'int' | 'bool', x: string) => (sh === 'bool' ? `(${x} !== 0)` : x);

  const genWrite = (t: Target, sh: Shape, expr: string, out: string[]): void => {
    if (sh === 'int' || sh === 'bool') writeScalar(t, sh, expr, out);
    else if ('array' in sh) {
      const a = fresh('a');
      const i = fresh('i');
      out.push(`const ${a} = ${expr};`);
      writeScalar(t, 'int', `${a}.length`, out);
      out.push(`for (let ${i} = 0; ${i} < ${a}.length; ${i}++) {`);
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
    if (sh === 'int' || sh === 'bool') return asValue(sh, readScalar(t, out));
    if ('array' in sh) {
      const a = fresh('a');
      const len = readScalar(t, out);
      const i = fresh('i');
      out.push(`const ${a} = new Array(${len});`, `for (let ${i} = 0; ${i} < ${len}; ${i}++) {`);
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

  /** Statements that read a value of shape `sh` into the place `dst` (an existing object for an object shape). */
  const genReadInto = (sh: Shape, dst: string, out: string[]): void => {
    if (sh === 'int' || sh === 'bool') out.push(`${dst} = ${genRead(VIA_WORDS, sh, out)};`);
    else if ('array' in sh) {
      const a = fresh('a');
      out.push(`const ${a} = ${dst};`);
      const len = readScalar(VIA_WORDS, out);
      const i = fresh('i');
      out.push(`if (${a}.length > ${len}) ${a}.length = ${len};`);
      out.push(`for (let ${i} = 0; ${i} < ${len}; ${i}++) {`);
      if (sh.array === 'int' || sh.array === 'bool' || 'array' in sh.array) {
        // a number, or an array that is rebuilt (the template has none: no reuse needed)
        const inner: string[] = [];
        const e = genRead(VIA_WORDS, sh.array, inner);
        out.push(...inner, `${a}[${i}] = ${e};`);
      } else {
        // an object: filled in place if there is one, else built (appending at the end keeps the array packed);
        // both branches read the same values (the role cursor is rewound for the second)
        const from = at;
        const fill: string[] = [];
        genReadInto(sh.array, `${a}[${i}]`, fill);
        const to = at;
        at = from;
        const build: string[] = [];
        const e = genRead(VIA_WORDS, sh.array, build);
        if (at !== to) throw new Error('compileCodec: the two ways of reading an element read different values');
        out.push(`if (${i} < ${a}.length) {`, ...fill, '} else {', ...build, `${a}[${i}] = ${e};`, '}');
      }
      out.push('}');
    } else {
      const o = fresh('o');
      out.push(`const ${o} = ${dst};`);
      for (const [k, s] of sh.object) genReadInto(s, `${o}${prop(k)}`, out);
    }
  };

  /** Statements that add the number of scalar values of `expr` (shape `sh`) to the local `z`. */
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

  /** Generate with the role cursor at the start and check that the whole shape was walked. */
  const walk = <T>(f: () => T): T => {
    at = 0;
    const r = f();
    if (at !== roles.length) throw new Error(`compileCodec: a generator visited ${at} of ${roles.length} values`);
    return r;
  };

  const w: string[] = [];
  walk(() => genWrite(VIA_CALLS, shape, 's', w));
  const r: string[] = [];
  walk(() => r.push(`return ${genRead(VIA_CALLS, shape, r)};`));
  const pack = new Function('s', 'w', w.join('\n')) as (s: S, w: StateWriter) => void;
  const unpack = new Function('r', r.join('\n')) as (r: StateReader) => S;

  // at most 3 words per 2 values (an escaped pair), 1 per value alone
  const pw = ['let z = 0;'];
  genSize(shape, 's', pw);
  pw.push('if (p + z + (z >> 1) + 1 > b.length) return -1;');
  walk(() => genWrite(VIA_WORDS, shape, 's', pw));
  pw.push('return p;');
  const ur = ['let p = c.pos;'];
  const res = walk(() => genRead(VIA_WORDS, shape, ur));
  ur.push('c.pos = p;', `return ${res};`);
  const ui = ['let p = c.pos;'];
  walk(() => genReadInto(shape, 't', ui));
  ui.push('c.pos = p;');

  const packWords = new Function('s', 'b', 'p', pw.join('\n')) as (s: S, words: Int32Array, at: number) => number;
  const unpackWords = new Function('b', 'c', ur.join('\n')) as (words: Int32Array, cursor: { pos: number }) => S;
  const unpackWordsInto = new Function('b', 'c', 't', ui.join('\n')) as (words: Int32Array, cursor: { pos: number }, into: S) => void;
  return { pack, unpack, packWords, unpackWords, unpackWordsInto };
}
